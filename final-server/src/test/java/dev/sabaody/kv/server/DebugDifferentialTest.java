package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DEBUG against redis-server 7.0 with enable-debug-command yes, with one and two shards: the same
 * dataset gives the same DIGEST (keys spread over shards or not), POPULATE makes the same keys, and
 * the refusal without the option is Redis's.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class DebugDifferentialTest extends BesideRedis {

    @Parameter
    int shards;

    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards))
                .with("enable-debug-command", "yes"), Clock.system());
        try (Resp c = new Resp(redis.port())) {
            c.call("FLUSHALL");
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<List<Object>> both(IoBody body) throws IOException {
        List<List<Object>> out = new ArrayList<>();
        for (int port : new int[] {redis.port(), server.port()}) {
            try (Resp c = new Resp(port)) {
                List<Object> replies = new ArrayList<>();
                body.run(c, replies);
                out.add(replies);
            }
        }
        return out;
    }

    interface IoBody {
        void run(Resp c, List<Object> replies) throws IOException;
    }

    @Test
    void digest_sameDatasetSameDigest_asRedis() throws IOException {
        List<List<Object>> replies = both((c, out) -> {
            out.add(c.call("DEBUG", "DIGEST"));
            c.call("SET", "s", "hello");
            c.call("SET", "n", "12345");
            c.call("APPEND", "g", "grown");
            c.call("RPUSH", "l", "a", "b", "3");
            c.call("SADD", "set", "x", "y", "7");
            c.call("ZADD", "z", "1.5", "m", "0.1", "n", "-inf", "o");
            c.call("HSET", "h", "f", "v", "g", "1");
            c.call("SET", "ttl", "v", "EX", "1000");
            c.call("SELECT", "3");
            c.call("SET", "s", "in db 3");
            c.call("SELECT", "0");
            out.add(c.call("DEBUG", "DIGEST"));
            out.add(c.call("DEBUG", "DIGEST-VALUE", "s", "n", "g", "l", "set", "z", "h", "ttl", "missing"));
            out.add(c.call("DEBUG", "DIGEST-VALUE"));
        });
        assertEquals(replies.get(0), replies.get(1));
    }

    /**
     * A stream's digest is its live entries' IDs, fields and values in order, as Redis's: entries
     * that share the master fields or not, integers stored as integers, deleted and trimmed entries
     * left out, consumer groups not counted; over one or two shards.
     */
    @Test
    void digest_streams_asRedis() throws IOException {
        List<List<Object>> replies = both((c, out) -> {
            c.call("XADD", "s1", "1-1", "name", "ann", "age", "42");
            c.call("XADD", "s1", "1-2", "name", "bob", "age", "-7");
            c.call("XADD", "s1", "2-0", "other", "fields", "n", "12345678901");
            c.call("XADD", "s1", "18446744073709551614-5", "big", "id");
            out.add(c.call("DEBUG", "DIGEST-VALUE", "s1"));
            c.call("XGROUP", "CREATE", "s1", "g", "0");
            c.call("XREADGROUP", "GROUP", "g", "alice", "COUNT", "2", "STREAMS", "s1", ">");
            out.add(c.call("DEBUG", "DIGEST-VALUE", "s1"));
            c.call("XDEL", "s1", "1-2");
            out.add(c.call("DEBUG", "DIGEST-VALUE", "s1"));
            for (int i = 1; i <= 250; i++) {
                c.call("XADD", "s2", i + "-0", "f", "v" + i, "i", Integer.toString(i));
            }
            c.call("XTRIM", "s2", "MAXLEN", "120");
            c.call("XADD", "empty", "5-5", "x", "y");
            c.call("XDEL", "empty", "5-5");
            out.add(c.call("DEBUG", "DIGEST-VALUE", "s1", "s2", "empty"));
            out.add(c.call("DEBUG", "DIGEST"));
        });
        assertEquals(replies.get(0), replies.get(1));
    }

    @Test
    void populateObjectAndErrors_asRedis() throws IOException {
        List<List<Object>> replies = both((c, out) -> {
            out.add(c.call("DEBUG", "POPULATE", "100"));
            out.add(c.call("DBSIZE"));
            out.add(c.call("GET", "key:42"));
            out.add(c.call("SET", "p:1", "kept"));
            out.add(c.call("DEBUG", "POPULATE", "3", "p", "10"));
            out.add(c.call("MGET", "p:0", "p:1", "p:2"));
            out.add(c.call("DEBUG", "POPULATE", "2", "q", "3"));
            out.add(c.call("MGET", "q:0", "q:1"));
            out.add(c.call("DEBUG", "DIGEST"));
            out.add(c.call("DEBUG", "POPULATE", "-1"));
            out.add(c.call("DEBUG", "POPULATE", "x"));
            out.add(c.call("DEBUG", "POPULATE", "1", "p", "-3"));
            out.add(c.call("DEBUG", "POPULATE"));
            out.add(String.valueOf(c.call("DEBUG", "OBJECT", "key:7")).replaceAll("at:0x[0-9a-f]+|lru:\\d+|lru_seconds_idle:\\d+", ""));
            out.add(c.call("DEBUG", "OBJECT", "missing"));
            out.add(c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
            out.add(c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1"));
            out.add(c.call("DEBUG", "SLEEP", "0"));
            out.add(c.call("DEBUG", "SLEEP", "x"));
            out.add(c.call("DEBUG", "NOSUCH"));
            out.add(c.call("DEBUG", "object"));
        });
        assertEquals(replies.get(0), replies.get(1));
    }

    @Test
    void notEnabled_refusedWithRedisWords() throws Exception {
        try (SabaodyServer plain = TestServers.start(shards); Resp c = new Resp(plain.port())) {
            assertEquals(new Resp.Error("ERR DEBUG command not allowed. If the enable-debug-command option is set to"
                    + " \"local\", you can run it from a local connection, otherwise you need to set this option in"
                    + " the configuration file, and then restart the server."), c.call("DEBUG", "DIGEST"));
        }
    }

    /**
     * DEBUG OBJECT of every kind of value: the encoding, the refcount of a shared small integer, and
     * serializedlength, the value's RDB encoding (LZF-compressed where rdbcompression applies),
     * equal to Redis's. Where the value sits in memory and its clock differ by nature.
     */
    @Test
    void object_refcountEncodingAndSerializedLength_asRedis() throws IOException {
        List<List<Object>> replies = both((c, out) -> {
            c.call("SET", "small", "1");
            c.call("SET", "large", "12345");
            c.call("SET", "negative", "-5");
            c.call("SET", "short", "world");
            c.call("SET", "long", "ab".repeat(100));
            c.call("SET", "text", "the quick brown fox jumps over the lazy dog, twice over: the quick brown fox");
            c.call("INCR", "counter");
            c.call("RPUSH", "list", "a", "b", "c");
            c.call("SADD", "ints", "1", "2", "3");
            c.call("SADD", "words", "x", "y");
            c.call("HSET", "hash", "f", "v");
            c.call("ZADD", "zset", "1", "m", "2.5", "n");
            for (String key : new String[] {"small", "large", "negative", "short", "long", "text", "counter", "list",
                    "ints", "words", "hash", "zset"}) {
                out.add(String.valueOf(c.call("DEBUG", "OBJECT", key))
                        .replaceAll("at:0x[0-9a-f]+ | lru:\\d+ lru_seconds_idle:\\d+.*", ""));
            }
        });
        assertEquals(replies.get(0), replies.get(1));
    }

    /**
     * DEBUG OBJECT of a list ends with Redis's quicklist details: the listpack nodes the elements fill
     * under list-max-listpack-size (a size fill or a count fill), their average, the fill, and their
     * listpacks' bytes. Lists grown at either end, of integers, strings and elements past a node's size.
     */
    @Test
    void object_listQuicklistDetails_asRedis() throws IOException {
        List<List<Object>> replies = both((c, out) -> {
            String hundred = "v".repeat(100);
            for (String fill : new String[] {"-2", "-1", "-5", "5", "128"}) {
                c.call("CONFIG", "SET", "list-max-listpack-size", fill);
                c.call("DEL", "tail", "head", "ints", "big", "one");
                c.call("RPUSH", "one", "a");
                for (int i = 0; i < 500; i++) {
                    c.call("RPUSH", "tail", hundred + i);
                    c.call("LPUSH", "head", hundred);
                    c.call("RPUSH", "ints", Integer.toString(i * 1000));
                }
                for (int i = 0; i < 3; i++) {
                    c.call("RPUSH", "big", "b".repeat(10_000));
                }
                for (String key : new String[] {"one", "tail", "head", "ints", "big"}) {
                    out.add(fill + " " + key + String.valueOf(c.call("DEBUG", "OBJECT", key))
                            .replaceAll(".* lru_seconds_idle:\\d+", ""));
                }
            }
            c.call("CONFIG", "SET", "list-max-listpack-size", "-2");
        });
        assertEquals(replies.get(0), replies.get(1));
    }

    @Test
    void insideMulti_queuedThenRunByExec_asRedis() throws IOException {
        List<List<Object>> replies = both((c, out) -> {
            c.call("SET", "a", "hello");
            out.add(c.call("MULTI"));
            out.add(c.call("SET", "b", "world"));
            out.add(c.call("DEBUG", "SLEEP", "0"));
            out.add(c.call("DEBUG", "OBJECT", "b"));
            out.add(c.call("DEBUG", "DIGEST-VALUE", "a", "b"));
            out.add(c.call("DEBUG", "POPULATE", "5"));
            out.add(c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1"));
            out.add(c.call("DEBUG", "NOSUCH"));
            // refcount: Redis's value is still shared with the queued SET's argument
            out.add(String.valueOf(c.call("EXEC"))
                    .replaceAll("at:0x[0-9a-f]+|lru:\\d+|lru_seconds_idle:\\d+|refcount:\\d+", ""));
            out.add(c.call("DEBUG", "DIGEST"));
            out.add(c.call("MULTI"));
            out.add(c.call("DEBUG"));
            out.add(c.call("EXEC"));
        });
        assertEquals(replies.get(0), replies.get(1));
    }

    /**
     * DEBUG is protected (CMD_PROTECTED): when the configuration does not allow it, processCommand
     * refuses it right after the arity check, so before AUTH and ACLs, and inside MULTI at queueing
     * time, which aborts the transaction.
     */
    @Test
    void notEnabled_refusedBeforeAuthAclAndQueueing_asRedis(@TempDir Path other) throws Exception {
        try (RedisProcess plainRedis = RedisProcess.start(other, null, "--save", "", "--appendonly", "no");
                SabaodyServer plain = TestServers.start(shards)) {
            List<List<Object>> replies = new ArrayList<>();
            for (int port : new int[] {plainRedis.port(), plain.port()}) {
                List<Object> out = new ArrayList<>();
                try (Resp c = new Resp(port)) {
                    out.add(c.call("MULTI"));
                    out.add(c.call("SET", "k", "v"));
                    out.add(c.call("DEBUG", "SLEEP", "0"));
                    out.add(c.call("EXEC"));
                    out.add(c.call("GET", "k"));
                    out.add(c.call("DEBUG"));
                    out.add(c.call("ACL", "SETUSER", "limited", "on", "nopass", "-@all", "+get", "+auth"));
                    out.add(c.call("AUTH", "limited", "x"));
                    out.add(c.call("DEBUG", "HELP"));
                    out.add(c.call("NOSUCH"));
                }
                try (Resp c = new Resp(port)) {
                    c.call("CONFIG", "SET", "requirepass", "pw");
                }
                try (Resp c = new Resp(port)) {
                    out.add(c.call("DEBUG", "HELP"));
                    out.add(c.call("GET", "k"));
                    c.call("AUTH", "pw");
                    c.call("CONFIG", "SET", "requirepass", "");
                }
                replies.add(out);
            }
            assertEquals(replies.get(0), replies.get(1));
        }
    }

    @Test
    void sleep_slowerThanTheThresholds_inSlowlogAndLatencyMonitor() throws IOException {
        try (Resp c = new Resp(server.port())) {
            c.call("CONFIG", "SET", "latency-monitor-threshold", "10");
            c.call("CONFIG", "SET", "slowlog-log-slower-than", "20000");
            c.call("SLOWLOG", "RESET");
            c.call("LATENCY", "RESET");
            assertEquals("OK", c.call("DEBUG", "SLEEP", "0.03"));
            @SuppressWarnings("unchecked")
            List<Object> latest = (List<Object>) ((List<Object>) c.call("LATENCY", "LATEST")).getFirst();
            assertEquals("command", latest.get(0));
            assertEquals(true, (Long) latest.get(2) >= 30, latest.toString());
            @SuppressWarnings("unchecked")
            List<Object> entry = (List<Object>) ((List<Object>) c.call("SLOWLOG", "GET")).getFirst();
            assertEquals(List.of("DEBUG", "SLEEP", "0.03"), entry.get(3));
            assertEquals(true, (Long) entry.get(2) >= 30_000, entry.toString());
            String graph = (String) c.call("LATENCY", "GRAPH", "command");
            assertEquals(true, graph.startsWith("command - high "), graph);
            c.call("CONFIG", "SET", "latency-monitor-threshold", "0");
        }
    }
}
