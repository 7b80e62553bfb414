package dev.sabaody.kv.aof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Transaction;

/**
 * Redis 7.0 writes an AOF directory (a base by BGREWRITEAOF, then writes into the incr file it opens),
 * and Sabaody-KV reads it: the manifest parses and serializes back byte for byte, and the whole log
 * replayed gives the dataset Redis holds, TTLs, databases and transactions included. For the same
 * writes, {@link AofEncoding} writes the bytes Redis's incr file holds.
 */
class RedisAofDirTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rdb-preamble", "aof-base", "timestamps"})
    void redisAppendonlydir_loadedWhole_sameDatasetAsRedis(String variant) throws Exception {
        String[] config = switch (variant) {
            case "rdb-preamble" -> new String[] {"--aof-use-rdb-preamble", "yes"};
            case "aof-base" -> new String[] {"--aof-use-rdb-preamble", "no"};
            default -> new String[] {"--aof-use-rdb-preamble", "yes", "--aof-timestamp-enabled", "yes"};
        };
        Map<Integer, Map<String, String>> expected;
        long now;
        try (AofRedis redis = AofRedis.start(dir, config)) {
            Random random = new Random(variant.hashCode());
            write(redis, random, "before");
            redis.rewrite();
            write(redis, random, "after");
            expected = Contents.of(redis.jedis);
            now = System.currentTimeMillis();
        }
        AofDir aof = new AofDir(dir, "appendonlydir", "appendonly.aof");
        byte[] manifestBytes = Files.readAllBytes(aof.file(aof.manifestName()));
        AofManifest manifest = aof.readManifest();
        assertArrayEquals(manifestBytes, manifest.toBytes(), "serialized back byte for byte");
        assertEquals(variant.equals("aof-base") ? "appendonly.aof.2.base.aof" : "appendonly.aof.2.base.rdb",
                manifest.base().name());
        assertEquals(List.of(new AofManifest.File("appendonly.aof.2.incr.aof", 2, AofManifest.Type.INCR)), manifest.incrs());

        KeyspaceReplay replay = new KeyspaceReplay(now);
        List<String> lines = new ArrayList<>();
        AofLoad.Result result = AofLoad.load(aof, new AofLoad.Options(true, 16, Lines.into(lines)), replay);

        assertEquals(AofLoad.Status.OK, result.status());
        assertEquals(expected, Contents.of(replay.keyspace));
        assertEquals(List.of("appendonly.aof.2.base." + (variant.equals("aof-base") ? "aof" : "rdb"),
                "appendonly.aof.2.incr.aof"), replay.files);
        assertTrue(replay.commands.size() > 10, "the incr file holds the writes after the rewrite");
        assertEquals(variant.equals("aof-base") ? 0 : result.keys(), replay.keys.size());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("DB loaded from base file appendonly.aof.2.base.")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("DB loaded from incr file appendonly.aof.2.incr.aof: ")), lines.toString());
        assertEquals(Files.size(aof.file(manifest.base().name())) + Files.size(aof.file("appendonly.aof.2.incr.aof")),
                result.totalBytes());
    }

    @Test
    void sameWrites_ourEncodingIsRedisIncrFile_byteForByte() throws Exception {
        try (AofRedis redis = AofRedis.start(dir)) {
            var j = redis.jedis;
            j.set("k", "v");
            j.rpush("l", "a", "b");
            j.select(2);
            j.set("bin".getBytes(StandardCharsets.UTF_8), new byte[] {0, '\r', '\n', (byte) 0xff});
            j.del("bin");
        }
        AofEncoding ours = new AofEncoding();
        ours.select(0);
        ours.command(AofFixture.cmd("SET", "k", "v"));
        ours.command(AofFixture.cmd("RPUSH", "l", "a", "b"));
        ours.select(2);
        ours.command(new byte[][] {"SET".getBytes(StandardCharsets.UTF_8), "bin".getBytes(StandardCharsets.UTF_8),
                new byte[] {0, '\r', '\n', (byte) 0xff}});
        ours.command(AofFixture.cmd("DEL", "bin"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof")),
                ours.toByteArray());
    }

    /** Writes of every logged shape: plain, relative TTLs (logged as PEXPIREAT), other databases, MULTI/EXEC, binary. */
    private static void write(AofRedis redis, Random random, String tag) {
        var j = redis.jedis;
        for (int i = 0; i < 40; i++) {
            String k = tag + ":" + i;
            switch (random.nextInt(6)) {
                case 0 -> j.set(k, Integer.toString(random.nextInt()));
                case 1 -> j.rpush(k, "a", "b", Integer.toString(i));
                case 2 -> j.hset(k, Map.of("f", "v" + i, "g", "w"));
                case 3 -> j.sadd(k, "x", "y", Integer.toString(i));
                case 4 -> j.zadd(k, random.nextDouble(), "m" + i);
                default -> j.set(k.getBytes(StandardCharsets.UTF_8), new byte[] {0, '\r', '\n', (byte) 0xff, '*', '$'});
            }
            if (random.nextInt(4) == 0) {
                j.expire(k, 1000 + random.nextInt(1000));
            }
        }
        j.set("counter", "0");
        for (int i = 0; i < 5; i++) {
            j.incr("counter");
        }
        j.del(tag + ":0", tag + ":1");
        j.select(3);
        j.set(tag + ":in-db-3", "v");
        j.psetex(tag + ":psetex", 500_000, "v");
        j.select(0);
        Transaction tx = j.multi();
        tx.set(tag + ":tx", "1");
        tx.lpush(tag + ":txlist", "z");
        tx.exec();
    }
}
