package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import dev.sabaody.kv.server.config.Directive;
import dev.sabaody.kv.server.config.Directives;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The configuration against a real redis-server 7.0.15, started for this test alone (CONFIG SET
 * changes it): every directive name and default, CONFIG SET's values and errors for every type,
 * CONFIG GET after SET, RESETSTAT and REWRITE.
 */
class ConfigDifferentialTest {

    /**
     * Values that differ by nature, and why. Everything else CONFIG GET * shows must be equal.
     */
    private static final Map<String, String> DIFFER_BY_NATURE = Map.of(
            "port", "each server listens on its own free port",
            "dir", "each process has its own working directory",
            "bind", "Sabaody-KV listens on 127.0.0.1 by default, Redis on \"* -::*\" behind protected mode, "
                    + "which Sabaody-KV does not enforce yet");

    /** Sabaody-KV's own directives, which Redis does not know. */
    private static final Set<String> SABAODY_ONLY = Set.of("shards");

    @TempDir
    static Path dir;

    private static RedisProcess redis;
    private static SabaodyServer server;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisProcess.start(dir, null);
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2"), Clock.system());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void configGetStar_everyNameAndDefault_asRedis() {
        Map<String, String> theirs = getAll(redis.port(), "*");
        Map<String, String> ours = getAll(server.port(), "*");
        Set<String> ourNames = new TreeSet<>(ours.keySet());
        ourNames.removeAll(SABAODY_ONLY);
        assertEquals(new TreeSet<>(theirs.keySet()), ourNames, "CONFIG GET * names");
        List<String> differences = new ArrayList<>();
        theirs.forEach((name, value) -> {
            if (!DIFFER_BY_NATURE.containsKey(name) && !value.equals(ours.get(name))) {
                differences.add(name + ": Redis '" + value + "', Sabaody-KV '" + ours.get(name) + "'");
            }
        });
        assertEquals(List.of(), differences);
    }

    @Test
    void configGet_hiddenDirectives_onlyByExactNameAsRedis() {
        for (Directive d : Directives.all()) {
            if (d.has(Directive.Flag.HIDDEN)) {
                assertEquals(getAll(redis.port(), d.name()), getAll(server.port(), d.name()), d.name());
                assertEquals(Map.of(), getAll(server.port(), d.name() + "*"), d.name());
            }
        }
    }

    @Test
    void configGet_aliasesAndPatterns_asRedis() {
        for (String[] patterns : List.of(new String[] {"slave-*"}, new String[] {"*ziplist*"},
                new String[] {"maxmemory*", "timeout", "TIMEOUT"}, new String[] {"Hz"}, new String[] {"nosuch"},
                new String[] {"*max*", "*max*"}, new String[] {"[hz]*"})) {
            assertEquals(getAll(redis.port(), patterns), getAll(server.port(), patterns), String.join(" ", patterns));
        }
    }

    /** Redis's flags, name by name: each directive set to the value it has shows immutable, protected or OK alike. */
    @Test
    void configSet_everyDirectiveToItsOwnValue_sameReplyAsRedis() {
        Map<String, String> names = new TreeMap<>(getAll(redis.port(), "*"));
        for (Directive d : Directives.all()) {
            if (d.has(Directive.Flag.HIDDEN)) {
                names.putAll(getAll(redis.port(), d.name()));
            }
        }
        List<String> differences = new ArrayList<>();
        names.forEach((name, value) -> {
            Case c = Case.commands("CONFIG SET " + name, new String[] {"CONFIG", "SET", name, value});
            String theirs = escaped(DifferentialHarness.ask(redis.port(), c), c);
            String ours = escaped(DifferentialHarness.ask(server.port(), c), c);
            if (!theirs.equals(ours)) {
                differences.add(name + ": Redis " + theirs + ", Sabaody-KV " + ours);
            }
        });
        assertEquals(List.of(), differences);
        assertEquals(197, names.size(), "Redis 7.0.15's names, aliases and hidden directives included");
    }

    @Test
    void configSet_valuesAndErrorsOfEveryType_asRedis() {
        List<Case> cases = new ArrayList<>();
        String[][] sets = {
                // yes/no
                {"activerehashing", "no"}, {"activerehashing", "YES"}, {"activerehashing", "maybe"},
                {"appendonly", "maybe"},
                // integers, signed and unsigned, and hz's clamp
                {"timeout", "30"}, {"timeout", "-1"}, {"timeout", "abc"}, {"timeout", "01"}, {"timeout", "+5"},
                {"timeout", "2147483648"}, {"timeout", "0"}, {"list-max-listpack-size", "-5"},
                {"list-max-ziplist-size", "-2"}, {"hz", "1000"}, {"hz", "0"}, {"hz", "10"},
                {"maxclients", "-1"}, {"maxclients", "0"}, {"maxclients", "5000"}, {"maxclients", "10000"},
                {"hash-max-listpack-entries", "-1"}, {"slowlog-log-slower-than", "-2"},
                // memory, percent, octal
                {"maxmemory", "1GB"}, {"maxmemory", "1.5gb"}, {"maxmemory", "-1"}, {"maxmemory", "100k"},
                {"maxmemory", "18446744073709551615"}, {"maxmemory", "0"}, {"proto-max-bulk-len", "1000"},
                {"proto-max-bulk-len", "512mb"}, {"client-query-buffer-limit", "2mb"},
                {"client-query-buffer-limit", "1gb"}, {"maxmemory-clients", "5%"}, {"maxmemory-clients", "200%"},
                {"maxmemory-clients", "-1"}, {"maxmemory-clients", "0"}, {"unixsocketperm", "700"},
                // enums
                {"loglevel", "LOUD"}, {"loglevel", "WARNING"}, {"loglevel", "notice"},
                {"maxmemory-policy", "allkeys-lru"}, {"maxmemory-policy", "noeviction"}, {"appendfsync", "ALWAYS"},
                {"appendfsync", "everysec"}, {"shutdown-on-sigint", "now nosave"}, {"shutdown-on-sigint", "save nosave"},
                {"shutdown-on-sigint", "bad"}, {"shutdown-on-sigint", "default"},
                // strings
                {"dbfilename", "x.rdb"}, {"cluster-announce-hostname", "a_b"}, {"proc-title-template", "{bad}"},
                {"ignore-warnings", "ARM64-COW-BUG"}, {"ignore-warnings", ""}, {"masteruser", ""},
                // special
                {"save", "10 20 30"}, {"save", "100 10 50 1"}, {"save", ""},
                {"client-output-buffer-limit", "normal 1mb 2mb 3"}, {"client-output-buffer-limit", "master 0 0 0"},
                {"client-output-buffer-limit", "normal 0 0"}, {"client-output-buffer-limit", "normal 0 0 0"},
                {"oom-score-adj-values", "1 2"}, {"oom-score-adj-values", "1 2 3000"},
                {"notify-keyspace-events", "KEA"}, {"notify-keyspace-events", "Kx"},
                {"notify-keyspace-events", "q"}, {"notify-keyspace-events", ""},
                {"latency-tracking-info-percentiles", "50 101"}, {"latency-tracking-info-percentiles", "x"},
                {"latency-tracking-info-percentiles", "50.0 99 99.90"}, {"latency-tracking-info-percentiles", "50 99 99.9"},
                // immutable, protected, unknown
                {"daemonize", "no"}, {"databases", "16"}, {"replicaof", "no one"}, {"dir", "/tmp"},
                {"enable-protected-configs", "yes"}, {"nosuch", "1"}, {"SLAVE-READ-ONLY", "x"},
                {"slave-read-only", "no"}, {"replica-read-only", "yes"},
        };
        for (String[] set : sets) {
            cases.add(DIFFER_BY_NATURE.containsKey(set[0])
                    ? Case.commands("CONFIG SET " + set[0], new String[] {"CONFIG", "SET", set[0], set[1]})
                    : Case.commands("CONFIG SET " + set[0] + " '" + set[1] + "'",
                            new String[] {"CONFIG", "SET", set[0], set[1]}, new String[] {"CONFIG", "GET", set[0]}));
        }
        cases.add(Case.commands("several pairs at once: all or none",
                new String[] {"CONFIG", "SET", "timeout", "5", "port", "x"},
                new String[] {"CONFIG", "GET", "timeout"},
                new String[] {"CONFIG", "SET", "timeout", "7", "hz", "20"},
                new String[] {"CONFIG", "GET", "timeout"}, new String[] {"CONFIG", "GET", "hz"},
                new String[] {"CONFIG", "SET", "timeout", "0", "hz", "10"}));
        cases.add(Case.commands("duplicate, unknown after a bad value, odd count, too few",
                new String[] {"CONFIG", "SET", "timeout", "1", "timeout", "2"},
                new String[] {"CONFIG", "SET", "timeout", "5", "nosuch", "1", "port", "x"},
                new String[] {"CONFIG", "SET", "port", "x", "nosuch", "1"},
                new String[] {"CONFIG", "SET", "daemonize", "no", "nosuch", "1"},
                new String[] {"CONFIG", "SET", "timeout", "1", "hz"},
                new String[] {"CONFIG", "SET", "timeout"}));
        cases.add(Case.commands("CONFIG HELP, bad subcommand, arity",
                new String[] {"CONFIG", "HELP"}, new String[] {"CONFIG", "foo"}, new String[] {"CONFIG"},
                new String[] {"CONFIG", "GET"}, new String[] {"CONFIG", "RESETSTAT", "x"}));
        cases.add(Case.commands("CONFIG REWRITE without a config file", new String[] {"CONFIG", "REWRITE"}));
        cases.add(Case.of("CONFIG GET in RESP3 is a map",
                "HELLO 3\r\nCONFIG GET maxmemory-policy\r\nCONFIG GET nosuch\r\nHELLO 2\r\n").replies(4)
                .ignoring("(?s)^.*?(?=%1)").ignoring("(?s)(?<=%0\\\\r\\\\n).*$"));
        for (Case c : cases) {
            DifferentialHarness.Answer theirs = DifferentialHarness.ask(redis.port(), c);
            DifferentialHarness.Answer ours = DifferentialHarness.ask(server.port(), c);
            assertEquals(escaped(theirs, c), escaped(ours, c), c.name());
        }
    }

    @Test
    void configResetstat_countersFromZero_asRedis() {
        Case c = Case.commands("RESETSTAT, then INFO's counters",
                new String[] {"SET", "k", "v"}, new String[] {"GET", "k"}, new String[] {"GET", "nope"},
                new String[] {"CONFIG", "RESETSTAT"}, new String[] {"GET", "k"}, new String[] {"GET", "nope2"},
                new String[] {"GET", "nope3"}, new String[] {"INFO", "stats"}, new String[] {"DEL", "k"});
        Map<String, String> theirs = stats(DifferentialHarness.ask(redis.port(), c));
        Map<String, String> ours = stats(DifferentialHarness.ask(server.port(), c));
        for (String field : List.of("total_connections_received", "total_commands_processed", "rejected_connections",
                "expired_keys", "evicted_keys", "keyspace_hits", "keyspace_misses")) {
            assertEquals(theirs.get(field), ours.get(field), field);
        }
        assertEquals("1", ours.get("keyspace_hits"));
        assertEquals("2", ours.get("keyspace_misses"));
    }

    @Test
    void configRewrite_sameFileSameSets_sameFileAsRedis() throws Exception {
        String original = """
                # Redis and Sabaody-KV read and rewrite this file alike
                port 0
                slave-read-only yes
                hash-max-ziplist-entries 100
                save 900 1
                save 300 10


                # limits
                timeout 5
                timeout 6
                maxmemory-policy allkeys-lru
                requirepass ""
                logfile ""
                """;
        Path theirsDir = Files.createDirectories(dir.resolve("rewrite-redis"));
        Path oursDir = Files.createDirectories(dir.resolve("rewrite-ours"));
        Path theirsFile = Files.writeString(theirsDir.resolve("redis.conf"), original);
        Path oursFile = Files.writeString(oursDir.resolve("redis.conf"), original);
        String[][] sets = {{"maxmemory", "1gb"}, {"hz", "20"}, {"replica-read-only", "no"}, {"timeout", "0"},
                {"maxmemory-policy", "noeviction"}, {"client-output-buffer-limit", "pubsub 64mb 16mb 90"},
                {"notify-keyspace-events", "Ex"}, {"save", "60 1000"}};
        try (RedisProcess theirs = RedisProcess.start(theirsDir, theirsFile.toString());
             SabaodyServer ours = TestServers.start(ServerConfig.fromArgs(new String[] {oursFile.toString(),
                     "--port", "0", "--dir", oursDir.toString()}), Clock.system())) {
            for (String[] set : sets) {
                Case c = Case.commands("set " + set[0], new String[] {"CONFIG", "SET", set[0], set[1]});
                assertEquals(escaped(DifferentialHarness.ask(theirs.port(), c), c),
                        escaped(DifferentialHarness.ask(ours.port(), c), c));
            }
            Case rewrite = Case.commands("rewrite", new String[] {"CONFIG", "REWRITE"});
            assertEquals("+OK\\r\\n", escaped(DifferentialHarness.ask(theirs.port(), rewrite), rewrite));
            assertEquals("+OK\\r\\n", escaped(DifferentialHarness.ask(ours.port(), rewrite), rewrite));
        }
        String[] theirs = Files.readString(theirsFile).split("# Generated by CONFIG REWRITE\n", -1);
        String[] ours = Files.readString(oursFile).split("# Generated by CONFIG REWRITE\n", -1);
        assertEquals(2, ours.length, "one signature");
        assertEquals(theirs[0].replaceAll("(?m)^port \\d+$", "port"), ours[0].replaceAll("(?m)^port \\d+$", "port"),
                "the lines in place");
        // Redis appends in its hash table's order, Sabaody-KV in its table's: compare the lines as sets.
        assertEquals(appended(theirs[1]), appended(ours[1]), "the lines appended");
    }

    private static Set<String> appended(String text) {
        Set<String> lines = new TreeSet<>(List.of(text.split("\n")));
        lines.removeIf(line -> line.startsWith("dir ") || line.startsWith("shards ") || line.isEmpty());
        return lines;
    }

    private static Map<String, String> getAll(int port, String... patterns) {
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            return new TreeMap<>(jedis.configGet(patterns));
        }
    }

    private static Map<String, String> stats(DifferentialHarness.Answer answer) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : new String(answer.bytes(), StandardCharsets.UTF_8).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    private static String escaped(DifferentialHarness.Answer answer, Case c) {
        String text = new String(answer.bytes(), StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n");
        for (var pattern : c.ignore()) {
            text = pattern.matcher(text).replaceAll("…");
        }
        return text + (answer.closed() ? " (closed)" : "") + (answer.timedOut() ? " (timed out)" : "");
    }
}
