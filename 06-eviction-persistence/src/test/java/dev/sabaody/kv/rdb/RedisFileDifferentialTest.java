package dev.sabaody.kv.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files cross both ways with Redis 7.0: what Sabaody-KV writes, redis-check-rdb accepts and
 * redis-server loads with the same keys, values and TTLs; what redis-server writes (every type in its
 * small and big encodings) Sabaody-KV loads the same.
 */
class RedisFileDifferentialTest {


    /** Now, for real: Redis drops keys whose expiry has passed, so TTLs are set in the future of the wall clock. */
    private final long now = System.currentTimeMillis();

    @Provide
    Arbitrary<List<Datasets.KeySpec>> datasets() {
        return Datasets.keys().list().ofMinSize(50).ofMaxSize(150);
    }

    @Property(tries = 3)
    void sabaodyFile_loadsIntoRedis_sameKeysValuesAndTtls(@ForAll("datasets") List<Datasets.KeySpec> specs) throws Exception {
        Path dir = Files.createTempDirectory("rdb-diff");
        Keyspace keyspace = new Keyspace(new ManualClock(now));
        fillRelativeToNow(keyspace, specs);
        for (boolean compression : new boolean[] {true, false}) {
            Path file = dir.resolve("sabaody-" + compression + ".rdb");
            try (var out = Files.newOutputStream(file)) {
                RdbWriter.write(List.of(keyspace), new SaveOptions(compression, true, SaveOptions.Clocks.NONE, now / 1000, 0), out);
            }
            Process check = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
            String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, check.waitFor(), report);
            assertTrue(report.contains("RDB looks OK"), report);
            try (RealRedis redis = RealRedis.start(dir, file.getFileName().toString())) {
                assertEquals(Snapshot.of(keyspace), redis.snapshot());
            }
        }
    }

    private void fillRelativeToNow(Keyspace keyspace, List<Datasets.KeySpec> specs) {
        for (Datasets.KeySpec s : specs) {
            var db = keyspace.db(s.db());
            var e = db.set(s.key(), Datasets.value(s), false);
            if (s.ttl() > 0) {
                db.setExpire(e, now + 86_400_000L + s.ttl()); // a day ahead: nothing expires while the test runs
            }
        }
    }

    @Test
    void redisFile_everyTypeSmallAndBig_loadsTheSame(@TempDir Path dir) throws Exception {
        Map<Integer, Map<String, String>> expected;
        try (RealRedis redis = RealRedis.start(dir, "redis.rdb")) {
            populate(redis);
            redis.jedis.save();
            expected = redis.snapshot();
        }
        Path file = dir.resolve("redis.rdb");
        List<LoadedKey> keys = new ArrayList<>();
        RdbReader.Summary summary;
        try (InputStream in = Files.newInputStream(file)) {
            summary = RdbReader.read(in, Files.size(file), 16, keys::add);
        }
        assertEquals(10, summary.version());
        assertEquals("7.0.15", summary.aux().get("redis-ver"));
        assertEquals(expected, Snapshot.of(keys));
        Map<Integer, Integer> types = new HashMap<>();
        assertTrue(Files.size(file) > 10_000);
        assertTrue(expected.get(0).size() > 20, "the populated keys are there: " + types);
    }

    /** Every type in each encoding Redis 7.0 chooses: listpack, intset, quicklist, hashtable, skiplist, int, LZF. */
    static void populate(RealRedis redis) {
        var j = redis.jedis;
        byte[] binary = {0, 1, (byte) 0xff, '\r', '\n'};
        j.set("int:small".getBytes(), "12".getBytes());
        j.set("int:16".getBytes(), "-1000".getBytes());
        j.set("int:32".getBytes(), "1000000".getBytes());
        j.set("int:64".getBytes(), "9223372036854775807".getBytes());
        j.set("str:lzf".getBytes(), "abcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabcabc".repeat(20).getBytes());
        j.set(binary, binary);
        j.set("str:empty".getBytes(), new byte[0]);
        j.psetex("str:ttl", 3_600_000L, "soon");
        j.rpush("list:small", "a", "1", "-5", "300", "70000", "-9999999999", "");
        for (int i = 0; i < 2000; i++) {
            j.rpush("list:big", "element-" + i + "-".repeat(i % 50));
        }
        j.rpush("list:longelem".getBytes(), "x".repeat(20_000).getBytes());
        j.sadd("set:intset", "1", "2", "-3", "40000", "5000000000");
        j.sadd("set:strings", "a", "b", "c");
        for (int i = 0; i < 600; i++) {
            j.sadd("set:bigints", Integer.toString(i * 7));
        }
        j.zadd("zset:small", Map.of("a", 1.0, "b", -2.5, "c", 0.0, "d", 1e300, "e", Double.POSITIVE_INFINITY));
        for (int i = 0; i < 300; i++) {
            j.zadd("zset:big", i / 3.0, "member-" + i);
        }
        j.zadd("zset:longmember", 1.5, "m".repeat(100));
        j.hset("hash:small", Map.of("f1", "v1", "f2", "2", "n", "-12345678"));
        for (int i = 0; i < 700; i++) {
            j.hset("hash:big", "field-" + i, "value-" + i);
        }
        j.hset("hash:longvalue", "f", "v".repeat(100));
        j.pfadd("hll:sparse", "a", "b", "c");
        for (int i = 0; i < 5000; i++) {
            j.pfadd("hll:dense", "e" + i);
        }
        j.pexpire("hash:small", 7_200_000L);
        j.pexpire("list:big", 7_200_000L);
        j.select(5);
        j.set("db5", "five");
        j.zadd("db5:zset", 3, "x");
        j.select(0);
    }
}
