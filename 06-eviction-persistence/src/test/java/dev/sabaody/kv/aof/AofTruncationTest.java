package dev.sabaody.kv.aof;

import static dev.sabaody.kv.aof.AofFixture.cmd;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log cut short by a crash, at every byte of its last command: with aof-load-truncated yes the
 * load logs Redis's warnings, cuts the file after the last whole command and goes on; with no it
 * stops with Redis's advice. Redis 7.0, given the same cut directory, does the same.
 */
class AofTruncationTest {

    @TempDir
    Path root;

    private AofFixture fixture;
    private AofFixture.Written incr;
    private static final String INCR = "appendonly.aof.1.incr.aof";

    @BeforeEach
    void writeLog() throws Exception {
        fixture = new AofFixture(new AofDir(root, "appendonlydir", AofFixture.NAME));
        fixture.base(0, cmd("SET", "a", "1"), cmd("RPUSH", "l", "x", "y"));
        incr = fixture.incr(1_796_677_252L, cmd("SELECT", "0"), cmd("SET", "b", "2"),
                cmd("SET", "c", "\r\n*1\r\n$1\r\n"), cmd("SET", "last", "0123456789"));
    }

    @Test
    void load_everyCutOfTheLastCommand_truncatedYes_cutsAfterTheLastWholeCommand() throws Exception {
        long lastStart = incr.lastStart();
        for (long cut = lastStart + 1; cut < incr.bytes().length; cut++) {
            cut(cut);
            KeyspaceReplay replay = new KeyspaceReplay(0);
            List<String> lines = new ArrayList<>();
            AofLoad.Result result = AofLoad.load(fixture.dir, new AofLoad.Options(true, 16, Lines.into(lines)), replay);

            assertEquals(AofLoad.Status.TRUNCATED, result.status(), "cut at " + cut);
            assertEquals(lastStart, Files.size(fixture.dir.file(INCR)), "cut at " + cut);
            assertEquals(fixture.files.getFirst().bytes().length + lastStart, result.totalBytes());
            assertEquals(5, replay.commands.size(), "every whole command, cut at " + cut);
            assertEquals(List.of(
                    "!!! Warning: short read while loading the AOF file " + INCR + "!!!",
                    "!!! Truncating the AOF " + INCR + " at offset " + lastStart + " !!!",
                    "AOF " + INCR + " loaded anyway because aof-load-truncated is enabled"),
                    lines.stream().filter(l -> l.contains("!!!") || l.contains("anyway")).toList(), "cut at " + cut);
            assertTrue(lines.getLast().startsWith("DB loaded from incr file " + INCR + ": "), lines.toString());
            fixture.restore(incr);
        }
    }

    @Test
    void load_everyCutOfTheLastCommand_truncatedNo_stopsWithRedisAdvice_fileUntouched() throws Exception {
        long lastStart = incr.lastStart();
        for (long cut = lastStart + 1; cut < incr.bytes().length; cut++) {
            cut(cut);
            AofFormatException e = assertThrows(AofFormatException.class, () -> AofLoad.load(fixture.dir,
                    new AofLoad.Options(false, 16, Lines.into(new ArrayList<>())), new KeyspaceReplay(0)));
            assertEquals(INCR, e.file());
            assertEquals(lastStart, e.offset());
            assertEquals("Unexpected end of file reading the append only file " + INCR + ". You can: "
                    + "1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. "
                    + "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.",
                    e.redisLine());
            assertEquals(cut, Files.size(fixture.dir.file(INCR)), "nothing cut when the load stops");
            fixture.restore(incr);
        }
    }

    @Test
    void load_cutBetweenCommands_isAWholeLog() throws Exception {
        cut(incr.lastStart());
        AofLoad.Result result = AofLoad.load(fixture.dir, new AofLoad.Options(false, 16, Lines.into(new ArrayList<>())),
                new KeyspaceReplay(0));
        assertEquals(AofLoad.Status.OK, result.status());
        assertEquals(5, result.commands());
    }

    @Test
    void load_cutFileThatIsNotTheLast_isFatal_andLeftAsItWas() throws Exception {
        AofFixture.Written base = fixture.files.getFirst();
        long size = base.bytes().length - 3;
        try (FileChannel c = FileChannel.open(fixture.dir.file(base.name()), StandardOpenOption.WRITE)) {
            c.truncate(size);
        }
        AofFormatException e = assertThrows(AofFormatException.class, () -> AofLoad.load(fixture.dir,
                new AofLoad.Options(true, 16, Lines.into(new ArrayList<>())), new KeyspaceReplay(0)));
        assertEquals("Fatal error: the truncated file is not the last file", e.redisLine());
        assertEquals(base.name(), e.file());
        assertEquals(size, Files.size(fixture.dir.file(base.name())));
    }

    @Test
    void load_transactionOpenAtTheEnd_revertedToBeforeItsMulti() throws Exception {
        AofFixture.Written last = fixture.incr(0, cmd("SET", "d", "4"), cmd("MULTI"), cmd("SET", "e", "5"),
                cmd("INCR", "d"));
        KeyspaceReplay replay = new KeyspaceReplay(0);
        List<String> lines = new ArrayList<>();
        AofLoad.Result result = AofLoad.load(fixture.dir, new AofLoad.Options(true, 16, Lines.into(lines)), replay);

        assertEquals(AofLoad.Status.TRUNCATED, result.status());
        assertEquals(last.ends()[0], Files.size(fixture.dir.file(last.name())));
        assertTrue(lines.contains("Revert incomplete MULTI/EXEC transaction in AOF file " + last.name()), lines.toString());
        assertEquals(null, replay.keyspace.db(0).peek("e".getBytes()));
        assertArrayEquals("4".getBytes(), (byte[]) replay.keyspace.db(0).peek("d".getBytes()).value);
    }

    @Test
    void redis_transactionOpenAtTheEnd_revertedToTheSameOffset() throws Exception {
        AofFixture.Written last = fixture.incr(0, cmd("SET", "d", "4"), cmd("MULTI"), cmd("SET", "e", "5"));
        try (AofRedis redis = AofRedis.start(root, "--aof-load-truncated", "yes")) {
            assertTrue(redis.log().contains("Revert incomplete MULTI/EXEC transaction in AOF file " + last.name()));
            assertEquals(null, redis.jedis.get("e"));
        }
        long redisSize = Files.size(fixture.dir.file(last.name()));
        fixture.restore(last);
        AofLoad.load(fixture.dir, new AofLoad.Options(true, 16, Lines.into(new ArrayList<>())), new KeyspaceReplay(0));
        assertEquals(redisSize, Files.size(fixture.dir.file(last.name())));
        assertEquals(last.ends()[0], redisSize);
    }

    @Test
    void redis_sameCut_sameLinesAndSameTruncation() throws Exception {
        long cut = incr.lastStart() + 7;
        cut(cut);
        try (AofRedis redis = AofRedis.start(root, "--aof-load-truncated", "yes")) {
            String log = redis.log();
            assertTrue(log.contains("!!! Warning: short read while loading the AOF file " + INCR + "!!!"), log);
            assertTrue(log.contains("!!! Truncating the AOF " + INCR + " at offset " + incr.lastStart() + " !!!"), log);
            assertTrue(log.contains("AOF " + INCR + " loaded anyway because aof-load-truncated is enabled"), log);
            assertEquals(incr.lastStart(), Files.size(fixture.dir.file(INCR)));
            assertEquals("2", redis.jedis.get("b"));
        }
        fixture.restore(incr);
        cut(cut);
        String log = AofRedis.failedStart(root, "--aof-load-truncated", "no");
        assertTrue(log.contains("Unexpected end of file reading the append only file " + INCR + ". You can: "), log);
    }

    private void cut(long size) throws Exception {
        try (FileChannel c = FileChannel.open(fixture.dir.file(INCR), StandardOpenOption.WRITE)) {
            c.truncate(size);
        }
    }
}
