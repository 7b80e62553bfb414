package dev.sabaody.kv.rdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Corrupt input is refused with an {@link RdbFormatException} naming an offset, never another
 * exception, a hang or an allocation the size of a corrupt length; and the reader hands over no key
 * of a file it refuses (the caller installs keys only after a successful read). The small file holds
 * every section: plain and packed values, expiries, LZF, RedisBloom's module values and a function
 * library.
 */
class CorruptFileTest {

    private static byte[] smallFile(boolean checksum) throws Exception {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        var db = keyspace.db(0);
        db.set("s".getBytes(), "hello".getBytes(), false);
        db.setExpire(db.set("n".getBytes(), "12345".getBytes(), false), Datasets.NOW + 1000);
        db.set("lz".getBytes(), "xyzxyzxyzxyzxyzxyzxyzxyzxyzxyz".getBytes(), false);
        List<Datasets.KeySpec> specs = new ArrayList<>();
        for (int type = 1; type <= 4; type++) {
            specs.add(new Datasets.KeySpec(type % 2, ("k" + type).getBytes(), type,
                    List.of("a".getBytes(), "7".getBytes(), "bb".getBytes()), List.of(1.0, 2.5, -3.0), -1));
        }
        Datasets.fill(keyspace, specs);
        // RedisBloom's two types (a chain of three links) and a function library: the newer sections
        Commands c = new Commands(keyspace);
        c.run("BF.RESERVE", "bf", "0.01", "2");
        for (String item : new String[] {"a", "b", "c", "d", "e"}) {
            c.run("BF.ADD", "bf", item);
        }
        c.run("CMS.INITBYDIM", "cms", "4", "2");
        c.run("CMS.INCRBY", "cms", "x", "300");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        RdbWriter.write(List.of(keyspace), new SaveOptions(true, checksum, SaveOptions.Clocks.NONE, Datasets.NOW / 1000, 0)
                .withFunctions(List.of("#!lua name=lib\nredis.register_function('f', function() return 1 end)".getBytes())), out);
        return out.toByteArray();
    }

    @Test
    void truncated_atEveryOffset_refusedNamingTheOffset() throws Exception {
        byte[] file = smallFile(true);
        assertEquals(9, RdbRoundTripTest.load(file).size());
        for (int cut = 0; cut < file.length; cut++) {
            byte[] part = Arrays.copyOf(file, cut);
            RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbRoundTripTest.load(part), "cut " + cut);
            assertTrue(e.offset() <= cut, "offset " + e.offset() + " within the " + cut + " bytes");
        }
    }

    /** What start-up calls: a refused file gives no keys at all to install, wherever it was cut. */
    @Test
    void rdbFileRead_truncatedAnywhere_nothingToInstall(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        byte[] file = smallFile(true);
        java.nio.file.Path path = dir.resolve("dump.rdb");
        for (int cut = 9; cut < file.length; cut += 7) {
            java.nio.file.Files.write(path, Arrays.copyOf(file, cut));
            assertThrows(RdbFormatException.class, () -> RdbFile.read(path, 16), "cut " + cut);
        }
        java.nio.file.Files.write(path, file);
        RdbFile.Loaded loaded = RdbFile.read(path, 16);
        assertEquals(9, loaded.keys().size());
        assertEquals(1, loaded.summary().functions().size());
    }

    /** A cut anywhere and flips anywhere after it: refused with an offset inside what is left, or loaded. */
    @Property(tries = 1000)
    void truncatedAndFlipped_withoutChecksum_loadOrRefuseCleanly(@ForAll @IntRange(min = 0, max = 100_000) int seed)
            throws Exception {
        byte[] full = smallFile(false);
        java.util.Random random = new java.util.Random(seed);
        byte[] file = Arrays.copyOf(full, 10 + random.nextInt(full.length - 10));
        for (int i = 0, flips = 1 + random.nextInt(4); i < flips; i++) {
            int bit = 72 + random.nextInt(file.length * 8 - 72);
            file[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        try {
            RdbRoundTripTest.load(file);
        } catch (RdbFormatException refused) {
            assertTrue(refused.offset() <= file.length, refused.getMessage());
        }
    }

    @Test
    void bitFlip_everyBitWithChecksum_refused() throws Exception {
        byte[] file = smallFile(true);
        for (int bit = 0; bit < file.length * 8; bit++) {
            byte[] bad = file.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(RdbFormatException.class, () -> RdbRoundTripTest.load(bad), "bit " + bit);
        }
    }

    @Test
    void badChecksum_messageSaysWrongChecksum() throws Exception {
        byte[] file = smallFile(true);
        file[file.length - 1] ^= 1;
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbRoundTripTest.load(file));
        assertTrue(e.getMessage().contains("wrong RDB checksum"), e.getMessage());
        assertEquals(file.length - 8, e.offset());
    }

    @Test
    void unknownType_refusedAtItsByte() throws Exception {
        byte[] file = smallFile(false);
        int at = indexOf(file, new byte[] {0, 1, 's'}); // type 0, key "s"
        file[at] = 42;
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbRoundTripTest.load(file));
        assertEquals(at, e.offset());
        assertTrue(e.getMessage().contains("unknown RDB value type 42"), e.getMessage());
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        return net.jqwik.api.Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }

    /** Without a checksum the parser itself must hold: random flips load or are refused, nothing else. */
    @Property(tries = 2000)
    void bitFlips_withoutChecksum_loadOrRefuseCleanly(@ForAll @IntRange(min = 0, max = 100_000) int seed,
                                                       @ForAll @IntRange(min = 1, max = 8) int flips) throws Exception {
        byte[] file = smallFile(false);
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < flips; i++) {
            int bit = 72 + random.nextInt(file.length * 8 - 72 - 64); // past the header, before the trailer
            file[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        try {
            RdbRoundTripTest.load(file);
        } catch (RdbFormatException refused) {
            // fine: refused with an offset
        }
    }

    @Property(tries = 1000)
    void garbageAfterHeader_refusedOrLoaded_neverCrashes(@ForAll("garbage") byte[] tail) throws Exception {
        byte[] file = new byte[9 + tail.length];
        System.arraycopy("REDIS0010".getBytes(), 0, file, 0, 9);
        System.arraycopy(tail, 0, file, 9, tail.length);
        try {
            RdbRoundTripTest.load(file);
        } catch (RdbFormatException refused) {
            // fine
        }
    }

    @Test
    void dumpPayload_anyBitFlipped_failsVerification() {
        byte[] payload = Dump.serialize("a value long enough to matter".getBytes(), true);
        for (int bit = 0; bit < payload.length * 8; bit++) {
            byte[] bad = payload.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(Dump.verify(bad), "bit " + bit);
        }
        assertFalse(Dump.verify(new byte[9]));
    }

    @Test
    void dumpPayload_trailingBytes_badDataFormat() {
        byte[] payload = Dump.serialize("v".getBytes(), false);
        byte[] longer = new byte[payload.length + 1];
        System.arraycopy(payload, 0, longer, 0, payload.length - 10);
        longer[payload.length - 10] = 'x';
        System.arraycopy(payload, payload.length - 10, longer, payload.length - 9, 10);
        assertNull(Dump.deserialize(longer));
    }

    @Test
    void hugeLength_refusedWithoutAllocating() throws Exception {
        // a string claiming 2^40 bytes: refused at its length, not an OutOfMemoryError
        byte[] file = {'R', 'E', 'D', 'I', 'S', '0', '0', '1', '0', 0, 1, 'k', (byte) 0x81, 0, 0, 1, 0, 0, 0, 0, 0};
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbRoundTripTest.load(file));
        assertTrue(e.getMessage().contains("too long") && e.offset() == 12, e.getMessage());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
