package dev.sabaody.kv.aof;

import static dev.sabaody.kv.aof.AofFixture.cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A byte no writer puts there, in the middle of a file: the load stops, naming the file, the offset
 * of the line that holds it and the reason, whatever aof-load-truncated says; Redis refuses the
 * same file with its "Bad file format" line.
 */
class AofCorruptionTest {

    @TempDir
    Path root;

    private AofFixture fixture;
    private AofFixture.Written incr;

    @BeforeEach
    void writeLog() throws Exception {
        fixture = new AofFixture(new AofDir(root, "appendonlydir", AofFixture.NAME));
        fixture.base(0, cmd("SET", "a", "1"));
        incr = fixture.incr(1_796_677_252L, cmd("SELECT", "0"), cmd("SET", "b", "2"), cmd("SET", "c", "3"),
                cmd("SET", "d", "4"));
    }

    @Test
    void load_plusWhereAStarIsDue_namesTheCommandsOffset() throws Exception {
        long at = incr.starts()[2];
        AofFormatException e = spoil(at, (byte) '+');
        assertEquals("appendonly.aof.1.incr.aof", e.file());
        assertEquals(at, e.offset());
        assertEquals("expected '*', got '+'", e.reason());
        assertEquals("Bad file format reading the append only file appendonly.aof.1.incr.aof: make a backup of "
                + "your AOF file, then use ./redis-check-aof --fix <filename.manifest>", e.redisLine());
        assertTrue(e.getMessage().contains("appendonly.aof.1.incr.aof") && e.getMessage().contains("offset " + at),
                e.getMessage());
    }

    @Test
    void load_badArgumentPrefix_namesTheArgumentsLine() throws Exception {
        long at = incr.starts()[2] + "*3\r\n".length();
        AofFormatException e = spoil(at, (byte) 'x');
        assertEquals(at, e.offset());
        assertEquals("expected '$', got 'x'", e.reason());
    }

    @Test
    void load_zeroCount_isBadFormat() throws Exception {
        long at = incr.starts()[1];
        AofFormatException e = spoil(at + 1, (byte) '0');
        assertEquals(at, e.offset());
        assertEquals("invalid multibulk count '*0'", e.reason());
    }

    @Test
    void load_countPastAnInt_isBadFormat_lengthPastTheFile_isACut() throws Exception {
        AofFixture.Written hugeCount = fixture.incr(0, cmd("SET", "e", "5"));
        Files.writeString(fixture.dir.file(hugeCount.name()), "*99999999999999999999\r\n$3\r\nSET\r\n");
        AofFormatException e = assertThrows(AofFormatException.class, () -> AofLoad.load(fixture.dir,
                new AofLoad.Options(true, 16, Lines.into(new ArrayList<>())), new KeyspaceReplay(0)));
        assertEquals("invalid multibulk count '*99999999999999999999'", e.reason());

        Files.writeString(fixture.dir.file(hugeCount.name()), "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2147483000\r\nv\r\n");
        AofLoad.Result result = AofLoad.load(fixture.dir, new AofLoad.Options(true, 16, Lines.into(new ArrayList<>())),
                new KeyspaceReplay(0));
        assertEquals(AofLoad.Status.TRUNCATED, result.status());
        assertEquals(0, Files.size(fixture.dir.file(hugeCount.name())));
    }

    @Test
    void load_corruptBaseFile_namesTheBase() throws Exception {
        AofFixture.Written base = fixture.files.getFirst();
        byte[] bytes = base.bytes().clone();
        bytes[0] = '?';
        Files.write(fixture.dir.file(base.name()), bytes);
        AofFormatException e = assertThrows(AofFormatException.class, () -> AofLoad.load(fixture.dir,
                new AofLoad.Options(true, 16, Lines.into(new ArrayList<>())), new KeyspaceReplay(0)));
        assertEquals(base.name(), e.file());
        assertEquals(0, e.offset());
    }

    @Test
    void load_unknownCommand_stopsWithRedisText() throws Exception {
        fixture.incr(0, cmd("NOSUCHCOMMAND", "x"));
        AofFormatException e = assertThrows(AofFormatException.class, () -> AofLoad.load(fixture.dir,
                new AofLoad.Options(true, 16, Lines.into(new ArrayList<>())), new KeyspaceReplay(0)));
        assertEquals("Unknown command 'NOSUCHCOMMAND' reading the append only file appendonly.aof.2.incr.aof",
                e.redisLine());
        assertEquals(0, e.offset());
    }

    @Test
    void load_fileNamedInTheManifestMissing_stopsWithRedisText_asRedisDoes() throws Exception {
        Files.delete(fixture.dir.file(incr.name()));
        AofFormatException e = assertThrows(AofFormatException.class, () -> AofLoad.load(fixture.dir,
                new AofLoad.Options(true, 16, Lines.into(new ArrayList<>())), new KeyspaceReplay(0)));
        assertEquals(incr.name(), e.file());
        assertEquals("Unable to obtain the AOF file appendonly.aof.1.incr.aof length. stat: No such file or directory",
                e.redisLine());
        String log = AofRedis.failedStart(root);
        assertTrue(log.contains(e.redisLine()), log);
    }

    @Test
    void redis_sameSpoiledFile_refusesWithBadFileFormat() throws Exception {
        spoil(incr.starts()[2], (byte) '+');
        String log = AofRedis.failedStart(root, "--aof-load-truncated", "yes");
        assertTrue(log.contains("Bad file format reading the append only file appendonly.aof.1.incr.aof: make a backup"
                + " of your AOF file, then use ./redis-check-aof --fix <filename.manifest>"), log);
    }

    /** Replaces one byte of the incr file and loads, with aof-load-truncated yes: it must stop anyway. */
    private AofFormatException spoil(long at, byte b) throws Exception {
        byte[] bytes = incr.bytes().clone();
        bytes[(int) at] = b;
        Files.write(fixture.dir.file(incr.name()), bytes);
        return assertThrows(AofFormatException.class, () -> AofLoad.load(fixture.dir,
                new AofLoad.Options(true, 16, Lines.into(new ArrayList<>())), new KeyspaceReplay(0)));
    }
}
