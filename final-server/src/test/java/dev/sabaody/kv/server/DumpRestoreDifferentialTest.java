package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.params.RestoreParams;

/**
 * DUMP payloads cross both ways with Redis 7.0 (every type, small and big, compressible strings),
 * and RESTORE's errors and options answer byte for byte as Redis's, with one shard and two.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class DumpRestoreDifferentialTest {

    @Parameter
    int shards;

    @TempDir
    Path dir;

    private SabaodyServer server;
    private RedisProcess redis;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(shards);
        redis = RedisProcess.start(dir, null, "--save", "", "--appendonly", "no");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        redis.close();
    }

    /** Fills a server with one key of each type and encoding; returns the keys. */
    private static List<String> populate(Jedis j) {
        j.set("str", "hello");
        j.set("int", "12345");
        j.set("lzf", "abcdefgh".repeat(40));
        j.rpush("list", "a", "1", "b");
        for (int i = 0; i < 300; i++) {
            j.rpush("biglist", "e" + i);
            j.sadd("bigset", "m" + i);
            j.zadd("bigzset", i * 1.5, "z" + i);
            j.hset("bighash", "f" + i, "v" + i);
        }
        j.sadd("intset", "1", "2", "300");
        j.sadd("set", "x", "y");
        j.zadd("zset", Map.of("a", 1.0, "b", 2.5, "c", -1e10));
        j.hset("hash", Map.of("f", "v", "n", "7"));
        j.pfadd("hll", "a", "b", "c");
        return List.of("str", "int", "lzf", "list", "biglist", "bigset", "bigzset", "bighash", "intset", "set", "zset",
                "hash", "hll");
    }

    private static String read(Jedis j, String key) {
        return switch (j.type(key)) {
            case "string" -> j.get(key);
            case "list" -> j.lrange(key, 0, -1).toString();
            case "set" -> new java.util.TreeSet<>(j.smembers(key)).toString();
            case "zset" -> j.zrangeWithScores(key, 0, -1).toString();
            case "hash" -> new java.util.TreeMap<>(j.hgetAll(key)).toString();
            default -> j.type(key);
        };
    }

    @Test
    void dump_fromRedis_restoresHereTheSame() {
        try (Jedis r = new Jedis("127.0.0.1", redis.port()); Jedis s = new Jedis("127.0.0.1", server.port())) {
            for (String key : populate(r)) {
                byte[] payload = r.dump(key);
                assertEquals("OK", s.restore(key, 0, payload));
                assertEquals(r.type(key), s.type(key), key);
                assertEquals(read(r, key), read(s, key), key);
            }
        }
    }

    @Test
    void dump_fromHere_restoresInRedisTheSame() {
        try (Jedis r = new Jedis("127.0.0.1", redis.port()); Jedis s = new Jedis("127.0.0.1", server.port())) {
            for (String key : populate(s)) {
                byte[] payload = s.dump(key);
                assertEquals("OK", r.restore(key, 0, payload), key);
                assertEquals(read(s, key), read(r, key), key);
            }
        }
    }

    @Test
    void dump_smallString_sameBytesAsRedis() {
        try (Jedis r = new Jedis("127.0.0.1", redis.port()); Jedis s = new Jedis("127.0.0.1", server.port())) {
            for (String v : new String[] {"hello", "12", "-1000", "1000000", "12345678901", "abc".repeat(30), ""}) {
                r.set("k", v);
                s.set("k", v);
                assertArrayEquals(r.dump("k"), s.dump("k"), v);
            }
        }
    }

    @Test
    void dump_smallAggregates_sameBytesAsRedis() {
        try (Jedis r = new Jedis("127.0.0.1", redis.port()); Jedis s = new Jedis("127.0.0.1", server.port())) {
            for (Jedis j : List.of(r, s)) {
                j.hset("h", Map.of("field", "value"));
                j.hset("h", "n", "-12345");
                j.rpush("l", "a", "1", "-300", "70000", "x".repeat(100), "5000000000");
                j.sadd("i", "1", "-2", "300", "70000");
                j.sadd("i64", "1", "5000000000");
                j.zadd("z", 1, "one");
                j.zadd("z", -2500, "neg");
                j.zadd("z", 3e9, "big");
            }
            for (String key : List.of("h", "l", "i", "i64", "z")) {
                assertArrayEquals(r.dump(key), s.dump(key), key);
            }
        }
    }

    @Test
    void restore_ttlAndAbsTtl_sameTtlAsRedis() {
        try (Jedis r = new Jedis("127.0.0.1", redis.port()); Jedis s = new Jedis("127.0.0.1", server.port())) {
            r.set("k", "v");
            byte[] payload = r.dump("k");
            long at = System.currentTimeMillis() + 3_600_000;
            for (Jedis j : List.of(r, s)) {
                j.restore("abs", 0, payload, RestoreParams.restoreParams().absTtl());
                j.del("abs");
                j.restore("abs".getBytes(), at, payload, RestoreParams.restoreParams().absTtl());
            }
            assertEquals(r.pexpireTime("abs"), s.pexpireTime("abs"));
        }
    }

    @Test
    void restore_errorsAndOptions_sameRepliesAsRedis() {
        byte[] good;
        try (Jedis r = new Jedis("127.0.0.1", redis.port())) {
            r.set("src", "value");
            good = r.dump("src");
        }
        byte[] bad = good.clone();
        bad[1] ^= 1;
        byte[] newer = good.clone();
        newer[newer.length - 10] = 11;
        Object[][] script = {
                {"SET", "busy", "x"},
                {"RESTORE", "busy", "0", good},
                {"RESTORE", "busy", "0", good, "REPLACE"},
                {"GET", "busy"},
                {"RESTORE", "k1", "-1", good},
                {"RESTORE", "k1", "abc", good},
                {"RESTORE", "k1", "0", bad},
                {"RESTORE", "k1", "0", newer},
                {"RESTORE", "k1", "0", "short"},
                {"RESTORE", "k1", "0", good, "BOGUS"},
                {"RESTORE", "k1", "0", good, "IDLETIME", "-1"},
                {"RESTORE", "k1", "0", good, "IDLETIME", "x"},
                {"RESTORE", "k1", "0", good, "FREQ", "256"},
                {"RESTORE", "k1", "0", good, "FREQ", "1", "IDLETIME", "1"},
                {"RESTORE", "k1", "0", good, "IDLETIME"},
                {"RESTORE", "k1", "0", good, "IDLETIME", "100", "REPLACE"},
                {"EXISTS", "k1"},
                {"RESTORE", "k2", "1", good, "ABSTTL"},
                {"EXISTS", "k2"},
                {"RESTORE", "busy", "1", good, "ABSTTL", "REPLACE"},
                {"EXISTS", "busy"},
                {"DUMP", "nosuchkey"},
                {"RESTORE", "k3", "0", good, "FREQ", "10"},
                {"GET", "k3"},
                {"RESTORE", "k4", "0", "not a payload at all"},
                {"CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"},
                {"RESTORE", "k5", "0", good, "FREQ", "100"},
                {"OBJECT", "FREQ", "k5"},
                {"CONFIG", "SET", "maxmemory-policy", "allkeys-lru"},
                {"RESTORE", "k6", "0", good, "IDLETIME", "1000"},
                {"OBJECT", "IDLETIME", "k6"},
                {"CONFIG", "SET", "maxmemory-policy", "noeviction"},
        };
        assertEquals(run(redis.port(), script), run(server.port(), script));
    }

    /** Runs each command with binary arguments; one line per reply, errors as their text. */
    private static List<String> run(int port, Object[][] script) {
        List<String> out = new java.util.ArrayList<>();
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            for (Object[] command : script) {
                byte[][] args = new byte[command.length - 1][];
                for (int i = 1; i < command.length; i++) {
                    args[i - 1] = command[i] instanceof byte[] b ? b : ((String) command[i]).getBytes(StandardCharsets.UTF_8);
                }
                try {
                    Object reply = j.sendCommand(Protocol.Command.valueOf((String) command[0]), args);
                    out.add(reply instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(reply));
                } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                    out.add("error: " + e.getMessage());
                }
            }
        }
        return out;
    }

}
