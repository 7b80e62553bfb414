package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * INFO, SLOWLOG, LATENCY, WAIT and LOLWUT side by side with a private redis-server 7.0 (its counters
 * must start where ours do), with one and two shards. Fields whose values differ by nature (times,
 * ids, addresses) are compared by name and type; counts are compared as numbers.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class AdminDifferentialTest extends BesideRedis {

    @Parameter
    int shards;

    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)),
                Clock.system());
        for (int port : ports()) {
            try (Resp c = new Resp(port)) {
                c.call("FLUSHALL");
                c.call("CONFIG", "RESETSTAT");
                c.call("SLOWLOG", "RESET");
                c.call("LATENCY", "RESET");
                c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            }
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int[] ports() {
        return new int[] {redis.port(), server.port()};
    }

    /** Runs {@code body} against Redis, then against us, on a connection each. */
    private <T> List<T> both(IoFunction<Resp, T> body) throws IOException {
        List<T> out = new ArrayList<>();
        for (int port : ports()) {
            try (Resp c = new Resp(port)) {
                out.add(body.apply(c));
            }
        }
        return out;
    }

    interface IoFunction<A, B> {
        B apply(A a) throws IOException;
    }

    @Test
    void info_everySectionAndFieldName_asRedis() throws IOException {
        for (String[] asked : new String[][] {{}, {"default"}, {"all"}, {"everything"}, {"server"}, {"CLIENTS"},
                {"memory"}, {"persistence"}, {"stats"}, {"replication"}, {"cpu"}, {"modules"}, {"cluster"}, {"keyspace"},
                {"commandstats", "server"}, {"errorstats"}, {"latencystats"}, {"nosuchsection"}}) {
            List<Map<String, Map<String, String>>> info = both(c -> {
                c.call("SET", "k", "v");
                String[] args = new String[asked.length + 1];
                args[0] = "INFO";
                System.arraycopy(asked, 0, args, 1, asked.length);
                return Resp.sections(c.text(args));
            });
            Map<String, Map<String, String>> redisInfo = info.get(0);
            Map<String, Map<String, String>> ours = info.get(1);
            String label = "INFO " + String.join(" ", asked);
            assertEquals(List.copyOf(redisInfo.keySet()), List.copyOf(ours.keySet()), label + ": sections");
            redisInfo.forEach((section, fields) -> {
                if (section.equals("Commandstats") || section.equals("Latencystats")) {
                    return; // the per-command ones are compared below
                }
                List<String> ourNames = List.copyOf(ours.get(section).keySet());
                int previous = -1;
                for (Map.Entry<String, String> f : fields.entrySet()) {
                    String value = ours.get(section).get(f.getKey());
                    assertTrue(value != null, label + ": " + section + " lacks " + f.getKey());
                    assertEquals(kind(f.getValue()), kind(value), label + ": type of " + f.getKey() + " (Redis "
                            + f.getValue() + ", ours " + value + ")");
                    int at = ourNames.indexOf(f.getKey());
                    assertTrue(at > previous, label + ": " + f.getKey() + " out of Redis's order in " + section);
                    previous = at;
                }
            });
        }
    }

    /**
     * Client eviction (Redis 7.0's maxmemory-clients): a client that asks for 20 MB of replies and
     * reads none passes a 4 MB total and is closed, once, as Redis closes it, and INFO counts it;
     * the client that asks for INFO holds little and stays. A client flagged CLIENT NO-EVICT is
     * never chosen for another (03's NioServerTest shows it).
     */
    @Test
    void info_clientPastMaxmemoryClients_evictedAndCounted_asRedis() throws Exception {
        List<String> figures = both(c -> {
            c.call("CONFIG", "SET", "maxmemory-clients", "4mb");
            c.call("SET", "big", "x".repeat(100_000));
            String evicted;
            try (java.net.Socket greedy = new java.net.Socket()) {
                greedy.setReceiveBufferSize(4096);
                greedy.connect(new java.net.InetSocketAddress("127.0.0.1", c.port()));
                greedy.getOutputStream().write("GET big\r\n".repeat(200).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                long deadline = System.nanoTime() + 20_000_000_000L; // a bound for a server that never evicts
                do {
                    evicted = Resp.sections(c.text("INFO", "stats")).get("Stats").get("evicted_clients");
                } while (evicted.equals("0") && System.nanoTime() < deadline);
            }
            c.call("CONFIG", "SET", "maxmemory-clients", "0");
            return "evicted_clients=" + evicted + " ping=" + c.call("PING");
        });
        assertEquals("evicted_clients=1 ping=PONG", figures.get(0));
        assertEquals(figures.get(0), figures.get(1));
    }

    /**
     * reply_buffer_expands and _shrinks count this server's own resizes (Redis's come from its cron
     * and its 16 KB buffer, so the figures are not compared): a 200 KB reply grows the connection's
     * array at once to hold it, and once it is sent that array, larger than the 64 KB a connection
     * keeps, is let go; nothing before it had resized anything.
     */
    @Test
    void info_bigReplyGrowsThenLetsGoOfItsArray_countedAsReplyBufferExpandsAndShrinks() throws Exception {
        try (Resp c = new Resp(server.port())) {
            c.call("SET", "big", "x".repeat(200_000));
            Map<String, String> before = Resp.sections(c.text("INFO", "stats")).get("Stats");
            assertEquals(200_000, ((String) c.call("GET", "big")).length());
            Map<String, String> stats = Resp.sections(c.text("INFO", "stats")).get("Stats");
            assertEquals("0", before.get("reply_buffer_shrinks"));
            assertTrue(Long.parseLong(stats.get("reply_buffer_expands"))
                    > Long.parseLong(before.get("reply_buffer_expands")), stats.toString());
            assertEquals("1", stats.get("reply_buffer_shrinks"), stats.toString());
        }
    }

    /** What a field's value is, as a parser sees it: integer, decimal or text. */
    private static String kind(String value) {
        if (value.matches("-?\\d+")) {
            return "integer";
        }
        if (value.matches("-?\\d+\\.\\d+")) {
            return "decimal";
        }
        return "text";
    }

    @Test
    void info_fixedValuesOfAMasterWithoutReplicas_asRedis() throws IOException {
        List<Map<String, Map<String, String>>> info = both(c -> Resp.sections(c.text("INFO", "everything")));
        for (String[] field : new String[][] {{"Replication", "role"}, {"Replication", "connected_slaves"},
                {"Replication", "master_failover_state"}, {"Replication", "master_replid2"},
                {"Replication", "master_repl_offset"}, {"Replication", "second_repl_offset"},
                {"Replication", "repl_backlog_active"}, {"Replication", "repl_backlog_size"},
                {"Persistence", "loading"}, {"Persistence", "aof_enabled"}, {"Persistence", "rdb_bgsave_in_progress"},
                {"Persistence", "rdb_last_bgsave_status"}, {"Server", "redis_version"}, {"Server", "redis_mode"},
                {"Server", "hz"}, {"Server", "configured_hz"}, {"Cluster", "cluster_enabled"}, {"Clients", "maxclients"}}) {
            assertEquals(info.get(0).get(field[0]).get(field[1]), info.get(1).get(field[0]).get(field[1]),
                    field[0] + " " + field[1]);
        }
    }

    /**
     * avg_ttl is the expiry cycle's running estimate, not 0: with 40 keys living 1,000 s and 40 without
     * a TTL, both servers' cron soon estimate just under 1,000,000 ms; the stale share reads 0.00
     * with nothing due, and the cycles' time is a count of milliseconds.
     */
    @Test
    void info_avgTtlAndExpiryCycleFigures_asRedis() throws Exception {
        List<Map<String, Map<String, String>>> info = both(c -> {
            for (int i = 0; i < 40; i++) {
                c.call("SET", "ttl:" + i, "v", "EX", "1000");
                c.call("SET", "plain:" + i, "v");
            }
            Map<String, Map<String, String>> sections;
            do { // until the cron's cycle has sampled the keys (hz 10: a tenth of a second)
                sections = Resp.sections(c.text("INFO", "keyspace", "stats"));
            } while (sections.get("Keyspace").get("db0").endsWith("avg_ttl=0"));
            return sections;
        });
        for (Map<String, Map<String, String>> sections : info) {
            String db0 = sections.get("Keyspace").get("db0");
            assertTrue(db0.matches("keys=80,expires=40,avg_ttl=9\\d{5}"), db0);
            assertEquals("0.00", sections.get("Stats").get("expired_stale_perc"));
            assertTrue(sections.get("Stats").get("expire_cycle_cpu_milliseconds").matches("\\d+"));
        }
    }

    /** INFO's Pub/Sub counts and the blocked clients waiting with a timeout, from the live state. */
    @Test
    void info_pubsubCountsAndClientsInTimeoutTable_asRedis() throws Exception {
        List<List<String>> figures = both(c -> {
            try (Resp sub = new Resp(c.port()); Resp forever = new Resp(c.port()); Resp timed = new Resp(c.port())) {
                sub.call("SUBSCRIBE", "news", "sport");
                sub.reply();
                sub.call("PSUBSCRIBE", "n*");
                sub.call("SSUBSCRIBE", "{s}a");
                forever.send("BLPOP", "nothing", "0");
                timed.send("BLPOP", "nothing", "100");
                Map<String, Map<String, String>> info;
                do {
                    info = Resp.sections(c.text("INFO", "clients", "stats"));
                } while (!info.get("Clients").get("blocked_clients").equals("2"));
                List<String> out = new ArrayList<>();
                for (String field : new String[] {"pubsub_channels", "pubsub_patterns", "pubsubshard_channels"}) {
                    out.add(field + "=" + info.get("Stats").get(field));
                }
                out.add("clients_in_timeout_table=" + info.get("Clients").get("clients_in_timeout_table"));
                c.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
                return out;
            }
        });
        assertEquals(figures.get(0), figures.get(1));
        assertEquals("clients_in_timeout_table=1", figures.get(1).get(3));
    }

    @Test
    void commandstatsAndErrorstats_callsRejectedFailedPerCommand_asRedis() throws IOException {
        List<Map<String, Map<String, String>>> info = both(c -> {
            c.call("SET", "k", "v");
            c.call("GET", "k");
            c.call("GET", "k");
            c.call("INCR", "k");            // failed: not an integer
            c.call("LPUSH", "k", "x");      // failed: WRONGTYPE
            c.call("GET");                  // rejected: arity
            c.call("NOSUCHCOMMAND", "a");   // rejected, no command to count it on
            c.call("CLIENT", "NOSUCH");     // rejected: unknown subcommand
            c.call("MULTI");
            c.call("SET", "a", "1");
            c.call("INCR", "k");
            c.call("EXEC");                 // EXEC does not fail for what it ran
            c.call("MULTI");
            c.call("GET");                  // rejected inside MULTI, then EXEC is rejected too
            c.call("EXEC");
            c.call("DBSIZE");
            c.call("CLIENT", "ID");
            return Resp.sections(c.text("INFO", "commandstats", "errorstats", "stats"));
        });
        assertEquals(counts(info.get(0).get("Commandstats")), counts(info.get(1).get("Commandstats")));
        assertEquals(info.get(0).get("Errorstats"), info.get(1).get("Errorstats"));
        assertEquals(info.get(0).get("Stats").get("total_error_replies"), info.get(1).get("Stats").get("total_error_replies"));
    }

    /** cmdstat lines without their timings: calls, rejected_calls, failed_calls by command. */
    private static Map<String, String> counts(Map<String, String> commandstats) {
        Map<String, String> out = new TreeMap<>();
        commandstats.forEach((name, value) -> out.put(name,
                value.replaceAll(",usec=\\d+,usec_per_call=[\\d.]+", "")));
        out.remove("cmdstat_config|resetstat");
        out.remove("cmdstat_slowlog|reset");
        out.remove("cmdstat_latency|reset");
        out.remove("cmdstat_flushall");
        out.remove("cmdstat_config|set");
        return out;
    }

    @Test
    void configResetstat_zeroesTheCommandFigures() throws IOException {
        List<Map<String, Map<String, String>>> info = both(c -> {
            c.call("SET", "k", "v");
            c.call("GET");
            c.call("CONFIG", "RESETSTAT");
            return Resp.sections(c.text("INFO", "commandstats", "errorstats"));
        });
        assertEquals(counts(info.get(0).get("Commandstats")), counts(info.get(1).get("Commandstats")));
        assertEquals(Map.of(), info.get(1).get("Errorstats"));
    }

    @Test
    void latencystats_percentilesPerCommandThatRan_asRedisNames() throws IOException {
        List<Map<String, Map<String, String>>> info = both(c -> {
            c.call("SET", "k", "v");
            c.call("GET", "k");
            return Resp.sections(c.text("INFO", "latencystats"));
        });
        Set<String> names = info.get(0).get("Latencystats").keySet();
        assertTrue(names.contains("latency_percentiles_usec_set"), names::toString);
        assertEquals(names, info.get(1).get("Latencystats").keySet());
        for (String value : info.get(1).get("Latencystats").values()) {
            assertTrue(value.matches("p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}"), value);
        }
    }

    @Test
    void slowlog_everyCommandLoggedWithItsArgumentsShortened_asRedis() throws IOException {
        String big = "x".repeat(200);
        List<Object> manyArgs = new ArrayList<>();
        List<List<Object>> replies = both(c -> {
            List<Object> out = new ArrayList<>();
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "0");
            c.call("SLOWLOG", "RESET");
            c.call("CLIENT", "SETNAME", "tester");
            c.call("SET", "k", big);
            String[] many = new String[40];
            many[0] = "DEL";
            for (int i = 1; i < many.length; i++) {
                many[i] = "key" + i;
            }
            c.call(many);
            c.call("AUTH", "secret");
            out.add(c.call("SLOWLOG", "LEN"));
            out.add(entries(c.call("SLOWLOG", "GET")));
            out.add(entries(c.call("SLOWLOG", "GET", "2")));
            out.add(c.call("SLOWLOG", "GET", "-2"));
            out.add(c.call("SLOWLOG", "GET", "x"));
            out.add(c.call("SLOWLOG", "GET", "1", "2"));
            out.add(c.call("SLOWLOG", "HELP"));
            out.add(c.call("SLOWLOG"));
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "10000");
            return out;
        });
        assertEquals(replies.get(0), replies.get(1));
        assertFalse(manyArgs.size() > 0);
    }

    /** SLOWLOG entries with what differs by nature (id base, time, duration, port) replaced by its type. */
    @SuppressWarnings("unchecked")
    private static Object entries(Object reply) {
        List<Object> out = new ArrayList<>();
        for (Object e : (List<Object>) reply) {
            List<Object> entry = (List<Object>) e;
            assertInstanceOf(Long.class, entry.get(0));
            assertInstanceOf(Long.class, entry.get(1));
            assertInstanceOf(Long.class, entry.get(2));
            assertTrue(((String) entry.get(4)).startsWith("127.0.0.1:"), entry.toString());
            out.add(List.of(entry.get(3), entry.get(5)));
        }
        return out;
    }

    @Test
    void latency_withoutSpikes_answersAsRedis() throws IOException {
        List<List<Object>> replies = both(c -> {
            List<Object> out = new ArrayList<>();
            c.call("CONFIG", "SET", "latency-monitor-threshold", "0");
            out.add(c.call("LATENCY", "DOCTOR"));
            c.call("CONFIG", "SET", "latency-monitor-threshold", "100");
            out.add(c.call("LATENCY", "DOCTOR"));
            out.add(c.call("LATENCY", "LATEST"));
            out.add(c.call("LATENCY", "HISTORY", "command"));
            out.add(c.call("LATENCY", "GRAPH", "command"));
            out.add(c.call("LATENCY", "RESET"));
            out.add(c.call("LATENCY", "RESET", "command", "fast-command"));
            out.add(c.call("LATENCY", "HELP"));
            out.add(c.call("LATENCY", "HISTOGRAM", "nosuch", "get"));
            out.add(c.call("LATENCY", "NOSUCH"));
            c.call("CONFIG", "SET", "latency-monitor-threshold", "0");
            return out;
        });
        assertEquals(replies.get(0), replies.get(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void latencyHistogram_callsAndCumulativeBuckets_asRedis() throws IOException {
        List<Object> replies = both(c -> {
            c.call("HELLO", "3");
            for (int i = 0; i < 5; i++) {
                c.call("SET", "k" + i, "v");
            }
            c.call("CLIENT", "ID");
            return c.call("LATENCY", "HISTOGRAM", "set", "client", "nosuch");
        });
        Function<Object, Map<Object, Object>> shape = reply -> {
            Map<Object, Object> out = new TreeMap<>();
            ((Map<Object, Object>) reply).forEach((name, body) -> {
                Map<Object, Object> m = (Map<Object, Object>) body;
                Map<Object, Object> buckets = (Map<Object, Object>) m.get("histogram_usec");
                assertFalse(buckets.isEmpty());
                long last = 0;
                for (Object count : buckets.values()) {
                    assertTrue((Long) count > last, "cumulative counts grow: " + buckets);
                    last = (Long) count;
                }
                assertEquals(m.get("calls"), last);
                out.put(name, m.get("calls"));
            });
            return out;
        };
        assertEquals(shape.apply(replies.get(0)), shape.apply(replies.get(1)));
    }

    @Test
    void waitAndLolwut_asRedis() throws IOException {
        List<List<Object>> replies = both(c -> {
            List<Object> out = new ArrayList<>();
            out.add(c.call("WAIT", "0", "0"));
            out.add(c.call("WAIT", "1", "10"));
            out.add(c.call("WAIT", "x", "0"));
            out.add(c.call("WAIT", "0", "x"));
            out.add(c.call("WAIT", "0", "-1"));
            out.add(c.call("LOLWUT"));
            out.add(c.call("LOLWUT", "VERSION", "x"));
            out.add(c.call("LOLWUT", "foo"));
            return out;
        });
        assertEquals(replies.get(0), replies.get(1));
    }

    @Test
    @SuppressWarnings("unchecked")
    void memory_statsFieldsAndSubcommands_asRedis() throws IOException {
        List<List<Object>> replies = both(c -> {
            List<Object> out = new ArrayList<>();
            out.add(c.call("MEMORY", "DOCTOR"));     // an empty instance: nothing to diagnose
            c.call("SET", "m", "v");
            List<Object> stats = (List<Object>) c.call("MEMORY", "STATS");
            List<Object> shape = new ArrayList<>();
            for (int i = 0; i < stats.size(); i += 2) {
                if (!((String) stats.get(i)).startsWith("db.")) { // per-database overheads: not accounted here
                    shape.add(stats.get(i) + ":" + (stats.get(i + 1) instanceof Long ? "integer" : "decimal"));
                }
            }
            out.add(shape);
            out.add(c.call("MEMORY", "PURGE"));
            out.add(c.call("MEMORY", "HELP"));
            out.add(c.call("MEMORY", "STATS", "x"));
            out.add(c.call("MEMORY", "NOSUCH"));
            out.add(((String) c.call("MEMORY", "MALLOC-STATS")).startsWith("___ Begin"));
            return out;
        });
        assertEquals(replies.get(0), replies.get(1));
    }

    /** COMMAND INFO and COMMAND DOCS of every command and subcommand added here, byte for byte. */
    @Test
    void commandInfoAndDocs_ofTheOperatorsCommands_asRedis() {
        List<dev.sabaody.kv.resp.DifferentialHarness.Case> cases = new ArrayList<>();
        for (String name : new String[] {"slowlog|get", "slowlog|len", "slowlog|reset", "slowlog|help", "latency|latest",
                "latency|history", "latency|reset", "latency|graph", "latency|doctor", "latency|histogram", "latency|help",
                "memory|stats", "memory|doctor", "memory|malloc-stats", "memory|purge", "memory|help", "lolwut", "wait",
                "debug", "reset", "info", "client|list", "client|info", "client|kill", "client|pause", "client|unpause",
                "client|reply", "client|unblock", "client|no-evict", "command|getkeysandflags"}) {
            cases.add(dev.sabaody.kv.resp.DifferentialHarness.Case.commands(name,
                    new String[] {"COMMAND", "INFO", name}, new String[] {"COMMAND", "DOCS", name}));
        }
        dev.sabaody.kv.resp.DifferentialHarness.assertSameAsRedis(server.port(), cases);
    }
}
