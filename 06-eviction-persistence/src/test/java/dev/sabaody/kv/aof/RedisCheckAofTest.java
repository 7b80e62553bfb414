package dev.sabaody.kv.aof;

import static dev.sabaody.kv.aof.AofFixture.cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.lists.ListValue;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.rdb.RdbWriter;
import dev.sabaody.kv.rdb.SaveOptions;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory written with {@link AofDir} and {@link AofEncoding} (an RDB base by module 06's writer,
 * two incr files with timestamps, databases, a transaction and absolute expiries) is what Redis 7.0
 * calls valid: redis-check-aof accepts it through its manifest, and redis-server loads from it the
 * dataset Sabaody-KV loads.
 */
class RedisCheckAofTest {

    @TempDir
    Path root;

    @Test
    void sabaodyDirectory_acceptedByRedisCheckAof_andLoadedByRedisAsByUs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-check-aof")), "redis-check-aof is not installed");
        long now = System.currentTimeMillis();
        long later = now + 3_600_000;
        AofDir dir = new AofDir(root, "appendonlydir", AofFixture.NAME);
        dir.createIfMissing();

        Keyspace keyspace = new Keyspace(new ManualClock(now));
        keyspace.db(0).add(bytes("base:string"), bytes("from the base"));
        ListValue list = new ListValue();
        list.addLast(bytes("x"));
        list.addLast(bytes("y"));
        keyspace.db(0).add(bytes("base:list"), list);
        keyspace.db(0).setExpire(keyspace.db(0).add(bytes("base:ttl"), bytes("t")), later);
        keyspace.db(5).add(bytes("base:db5"), bytes("five"));
        AofManifest manifest = AofManifest.empty().withNewBase(AofFixture.NAME, true);
        try (var out = Files.newOutputStream(dir.file(manifest.base().name()))) {
            RdbWriter.write(List.of(keyspace), new SaveOptions(true, true, SaveOptions.Clocks.NONE, now / 1000, 0), out);
        }

        AofEncoding log = new AofEncoding();
        manifest = manifest.withNewIncr(AofFixture.NAME);
        log.timestampIfLater(now / 1000);
        log.select(0);
        log.command(cmd("SET", "incr:a", "1"));
        log.command(new byte[][] {bytes("SET"), new byte[] {0, '\r', '\n', (byte) 0xfe}, bytes("*1\r\n$1\r\n")});
        log.command(cmd("PEXPIREAT", "incr:a", Long.toString(later)));
        log.timestampIfLater(now / 1000 + 1);
        log.command(cmd("MULTI"));
        log.command(cmd("RPUSH", "base:list", "z"));
        log.command(cmd("INCR", "counter"));
        log.command(cmd("EXEC"));
        append(dir, manifest.lastIncr().name(), log);

        manifest = manifest.withNewIncr(AofFixture.NAME);
        log.forgetTimestamp();
        log.timestampIfLater(now / 1000 + 2);
        log.select(5);
        log.command(cmd("DEL", "base:db5"));
        log.command(cmd("SET", "incr:db5", "v", "PXAT", Long.toString(later)));
        append(dir, manifest.lastIncr().name(), log);
        dir.persist(manifest);

        Process check = new ProcessBuilder("redis-check-aof", dir.file(dir.manifestName()).toString())
                .redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), report);
        assertTrue(report.contains("All AOF files and manifest are valid"), report);
        assertTrue(report.contains("RDB looks OK"), report);

        KeyspaceReplay ours = new KeyspaceReplay(now);
        AofLoad.Result result = AofLoad.load(dir, new AofLoad.Options(false, 16, Lines.into(new ArrayList<>())), ours);
        assertEquals(AofLoad.Status.OK, result.status());
        Map<Integer, Map<String, String>> loaded = Contents.of(ours.keyspace);
        assertEquals(4, result.keys());
        assertTrue(loaded.get(0).size() >= 5, loaded.toString());
        try (AofRedis redis = AofRedis.start(root)) {
            assertEquals(loaded, Contents.of(redis.jedis));
        }
    }

    private static void append(AofDir dir, String name, AofEncoding log) throws Exception {
        try (FileChannel channel = dir.openForAppend(name)) {
            log.drainTo(channel);
            channel.force(true);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
