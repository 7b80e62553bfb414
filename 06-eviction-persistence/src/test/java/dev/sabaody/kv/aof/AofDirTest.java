package dev.sabaody.kv.aof;

import static dev.sabaody.kv.aof.AofFixture.cmd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.rdb.RdbWriter;
import dev.sabaody.kv.rdb.SaveOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory: names, the manifest replaced through a temp file, history deleted, an old single
 * appendonly.aof adopted the way Redis 7.0 adopts it.
 */
class AofDirTest {

    @TempDir
    Path root;

    @Test
    void names_asRedisNamesThem() {
        assertEquals("appendonly.aof.3.base.rdb", AofDir.baseName("appendonly.aof", 3, true));
        assertEquals("appendonly.aof.3.base.aof", AofDir.baseName("appendonly.aof", 3, false));
        assertEquals("appendonly.aof.12.incr.aof", AofDir.incrName("appendonly.aof", 12));
        AofDir dir = new AofDir(root, "appendonlydir", "appendonly.aof");
        assertEquals("appendonly.aof.manifest", dir.manifestName());
        assertEquals("temp-appendonly.aof.manifest", dir.tempManifestName());
        assertEquals("temp-appendonly.aof.incr", dir.tempIncrName());
        assertEquals(root.resolve("appendonlydir").resolve("x"), dir.file("x"));
    }

    @Test
    void readManifest_noDirectoryOrNoManifest_isEmpty() throws Exception {
        AofDir dir = new AofDir(root, "appendonlydir", "appendonly.aof");
        assertTrue(dir.readManifest().isEmpty());
        dir.createIfMissing();
        assertTrue(dir.readManifest().isEmpty());
    }

    @Test
    void persist_replacesTheManifest_leavesNoTempFile() throws Exception {
        AofDir dir = new AofDir(root, "appendonlydir", "appendonly.aof");
        dir.createIfMissing();
        AofManifest first = AofManifest.empty().withNewBase("appendonly.aof", true).withNewIncr("appendonly.aof");
        dir.persist(first);
        AofManifest second = first.withNewIncr("appendonly.aof");
        dir.persist(second);
        assertArrayEquals(second.toBytes(), Files.readAllBytes(dir.file(dir.manifestName())));
        assertEquals(second, dir.readManifest());
        try (Stream<Path> files = Files.list(dir.path())) {
            assertEquals(List.of("appendonly.aof.manifest"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void deleteHistory_removesTheFiles_andPersistsWithoutThem() throws Exception {
        AofFixture f = new AofFixture(new AofDir(root, "appendonlydir", AofFixture.NAME));
        f.base(0, cmd("SET", "a", "1"));
        f.incr(0, cmd("SET", "b", "2"));
        f.incr(0, cmd("SET", "c", "3"));
        AofManifest rewritten = f.manifest.withNewBase(AofFixture.NAME, false).withRewrittenIncrsAsHistory(true);
        Files.writeString(f.dir.file(rewritten.base().name()), "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n");
        List<String> notices = new ArrayList<>();
        AofManifest after = f.dir.deleteHistory(rewritten, notices::add);

        assertEquals(List.of("Removing the history file appendonly.aof.1.incr.aof in the background",
                "Removing the history file appendonly.aof.1.base.aof in the background"), notices);
        assertFalse(Files.exists(f.dir.file("appendonly.aof.1.base.aof")));
        assertFalse(Files.exists(f.dir.file("appendonly.aof.1.incr.aof")));
        assertTrue(Files.exists(f.dir.file("appendonly.aof.2.incr.aof")));
        assertEquals("""
                file appendonly.aof.2.base.aof seq 2 type b
                file appendonly.aof.2.incr.aof seq 2 type i
                """, new String(Files.readAllBytes(f.dir.file(f.dir.manifestName())), StandardCharsets.US_ASCII));
        assertEquals(after, f.dir.readManifest());
    }

    @Test
    void adoptTempIncr_aofTurnedOnLive_tempFileBecomesTheNextIncr() throws Exception {
        AofDir dir = new AofDir(root, "appendonlydir", "appendonly.aof");
        dir.createIfMissing();
        Files.writeString(dir.file(dir.tempIncrName()), "*1\r\n$4\r\nPING\r\n");
        AofManifest m = AofManifest.empty().withNewBase("appendonly.aof", true);
        AofManifest adopted = dir.adoptTempIncr(m);
        assertEquals("""
                file appendonly.aof.1.base.rdb seq 1 type b
                file appendonly.aof.1.incr.aof seq 1 type i
                """, adopted.toString());
        assertFalse(Files.exists(dir.file(dir.tempIncrName())));
        assertEquals("*1\r\n$4\r\nPING\r\n", Files.readString(dir.file("appendonly.aof.1.incr.aof")));
    }

    /** A pre-7.0 appendonly.aof: an RDB preamble then commands, as Redis 6 wrote it with aof-use-rdb-preamble. */
    private static byte[] oldStyleAof() throws IOException {
        Keyspace keyspace = new Keyspace(new ManualClock(0));
        keyspace.db(0).add("preamble".getBytes(StandardCharsets.US_ASCII), "p".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter.write(List.of(keyspace), new SaveOptions(true, true, SaveOptions.Clocks.NONE, 0, 0), out);
        AofEncoding e = new AofEncoding();
        e.command(cmd("SET", "old", "1"));
        e.command(cmd("RPUSH", "list", "a", "b"));
        e.select(2);
        e.command(cmd("SET", "in-db-2", "x"));
        out.writeBytes(e.toByteArray());
        return out.toByteArray();
    }

    @Test
    void upgrade_oldSingleFile_adoptedAsRedisAdoptsIt() throws Exception {
        Path ours = Files.createDirectories(root.resolve("ours"));
        Path theirs = Files.createDirectories(root.resolve("theirs"));
        Files.write(ours.resolve("appendonly.aof"), oldStyleAof());
        Files.write(theirs.resolve("appendonly.aof"), oldStyleAof());

        AofDir dir = new AofDir(ours, "appendonlydir", "appendonly.aof");
        List<String> lines = new ArrayList<>();
        KeyspaceReplay replay = new KeyspaceReplay(0);
        AofLoad.Result result = AofLoad.load(dir, new AofLoad.Options(true, 16, Lines.into(lines)), replay);
        assertEquals(AofLoad.Status.OK, result.status());
        assertEquals(3 + 1, result.commands());
        assertEquals(1, result.keys(), "the preamble's key");
        assertTrue(lines.containsAll(List.of("Reading RDB preamble from AOF file...", "Reading the remaining AOF tail...")),
                lines.toString());
        assertTrue(lines.contains("Successfully migrated an old-style AOF file (appendonly.aof) into the AOF directory (appendonlydir)."),
                lines.toString());
        assertFalse(Files.exists(ours.resolve("appendonly.aof")));
        assertArrayEquals(oldStyleAof(), Files.readAllBytes(dir.file("appendonly.aof")));

        // Redis then opens a first incr file for its writes: the same step on our side gives its manifest, byte for byte
        try (AofRedis redis = AofRedis.start(theirs)) {
            redis.jedis.select(2);
            assertEquals("x", redis.jedis.get("in-db-2"));
            redis.jedis.select(0);
            assertEquals("p", redis.jedis.get("preamble"));
            assertTrue(redis.log().contains("Successfully migrated an old-style AOF file (appendonly.aof) into the AOF directory (appendonlydir)."));
        }
        byte[] redisManifest = Files.readAllBytes(theirs.resolve("appendonlydir").resolve("appendonly.aof.manifest"));
        assertArrayEquals(redisManifest, result.manifest().withNewIncr("appendonly.aof").toBytes(),
                new String(redisManifest, StandardCharsets.US_ASCII));
        assertEquals("x", new String((byte[]) replay.keyspace.db(2).peek("in-db-2".getBytes()).value));
    }

    @Test
    void upgrade_interruptedAfterTheManifest_isDoneAgain() throws Exception {
        AofDir dir = new AofDir(root, "appendonlydir", "appendonly.aof");
        dir.createIfMissing();
        dir.persist(AofManifest.upgraded("appendonly.aof")); // the crash came before the move
        Files.write(root.resolve("appendonly.aof"), oldStyleAof());
        AofManifest m = dir.upgradeIfNeeded(dir.readManifest(), line -> { });
        assertEquals("file appendonly.aof seq 1 type b\n", m.toString());
        assertTrue(Files.exists(dir.file("appendonly.aof")));
        assertFalse(Files.exists(root.resolve("appendonly.aof")));
    }

    @Test
    void upgrade_directoryAlreadyInUse_leavesTheOldFileAlone() throws Exception {
        AofFixture f = new AofFixture(new AofDir(root, "appendonlydir", AofFixture.NAME));
        f.incr(0, cmd("SET", "a", "1"));
        Files.write(root.resolve("appendonly.aof"), oldStyleAof());
        assertEquals(f.manifest, f.dir.upgradeIfNeeded(f.dir.readManifest(), line -> { }));
        assertTrue(Files.exists(root.resolve("appendonly.aof")));
    }
}
