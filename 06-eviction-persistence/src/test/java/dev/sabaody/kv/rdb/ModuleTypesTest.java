package dev.sabaody.kv.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * Bloom filters and Count-Min sketches in RDB as RedisBloom 2.x writes them: the bytes of the layout
 * (rebloom.c BFRdbSave, rm_cms.c CMSRdbSave, module.c's opcodes), and BF.* / CMS.* answering the
 * same after a save and a load.
 */
class ModuleTypesTest {

    @Test
    void moduleId_redisBloomTypes_nameAndEncodingVersionRoundTrip() {
        assertEquals("MBbloom--", ModuleTypes.nameOf(ModuleTypes.BF_MODULE_ID));
        assertEquals(4, ModuleTypes.BF_MODULE_ID & 1023);
        assertEquals("CMSk-TYPE", ModuleTypes.nameOf(ModuleTypes.CMS_MODULE_ID));
        assertEquals(0, ModuleTypes.CMS_MODULE_ID & 1023);
        // 'M' is the 13th character of the set: the top six bits hold 12
        assertEquals(12, ModuleTypes.BF_MODULE_ID >>> 58);
        assertEquals("MBbloomCF", ModuleTypes.nameOf(ModuleTypes.encodeId("MBbloomCF", 4)));
    }

    @Test
    void dump_emptyReservedFilter_isBfRdbSaveByteForByte() {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        new Commands(keyspace).run("BF.RESERVE", "bf", "0.01", "100");
        byte[] payload = Dump.serialize(keyspace.db(0).peek("bf".getBytes()).value, false);

        double error = 0.005; // the first link gets half the budget (SB_NewChain)
        double bpe = -Math.log(error) / 0.480453013918201;
        Bytes expected = new Bytes().b(7).moduleId(ModuleTypes.BF_MODULE_ID)
                .uint(0).uint(1).uint(1 | 4).uint(2) // size, nfilters, options NOROUND|FORCE64, growth
                .b(2, 0x40, 100).dbl(error).uint(8).dbl(bpe) // entries (14-bit length), error, hashes, bpe
                .b(2, 0x44, 0x80).uint(0) // bits 1152 (14-bit length), n2
                .b(5, 0x40, 0x90).zeros(144) // the bit array: 144 bytes, plain
                .uint(0).b(0); // link size, RDB_MODULE_OPCODE_EOF
        assertArrayEquals(expected.bytes(), java.util.Arrays.copyOf(payload, payload.length - 10));
    }

    @Test
    void dump_emptySketch_isCmsRdbSaveByteForByte() {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        new Commands(keyspace).run("CMS.INITBYDIM", "c", "4", "2");
        byte[] payload = Dump.serialize(keyspace.db(0).peek("c".getBytes()).value, false);
        Bytes expected = new Bytes().b(7).moduleId(ModuleTypes.CMS_MODULE_ID)
                .uint(4).uint(2).uint(0).b(5, 32).zeros(32).b(0);
        assertArrayEquals(expected.bytes(), java.util.Arrays.copyOf(payload, payload.length - 10));
    }

    @Test
    void dump_sketchWithCounts_countersLittleEndianRowMajor() {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        new Commands(keyspace).run("CMS.INITBYDIM", "c", "4", "2");
        new Commands(keyspace).run("CMS.INCRBY", "c", "a", "70000");
        var sketch = (dev.sabaody.kv.data.cms.CountMinSketch) keyspace.db(0).peek("c".getBytes()).value;
        byte[] payload = Dump.serialize(sketch, false);
        int at = payload.length - 10 - 1 - 32; // before EOF: the 32 bytes of counters
        int[] counters = new int[8];
        ByteBuffer.wrap(payload, at, 32).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(counters);
        assertArrayEquals(sketch.saved().counters(), counters);
        assertEquals(2, java.util.Arrays.stream(counters).filter(c -> c == 70000).count());
    }

    /** BF.* and CMS.* answer the same, byte for byte, before a save and after the load. */
    @Property(tries = 60)
    void saveThenLoad_filtersAndSketches_sameAnswers(@ForAll @Size(max = 300) List<@StringLength(max = 12) String> items,
                                                     @ForAll @IntRange(min = 1, max = 60) int capacity,
                                                     @ForAll @IntRange(min = 1, max = 4) int expansion,
                                                     @ForAll boolean compression) throws Exception {
        Keyspace before = new Keyspace(new ManualClock(Datasets.NOW));
        Commands in = new Commands(before);
        assertEquals("+OK\r\n", in.run("BF.RESERVE", "scaling", "0.02", Integer.toString(capacity), "EXPANSION",
                Integer.toString(expansion)));
        assertEquals("+OK\r\n", in.run("BF.RESERVE", "fixed", "0.1", Integer.toString(capacity * 4), "NONSCALING"));
        assertEquals("+OK\r\n", in.run("CMS.INITBYDIM", "sketch", "50", "4"));
        assertEquals("+OK\r\n", in.run("CMS.INITBYPROB", "prob", "0.01", "0.01"));
        for (String item : items) {
            in.run("BF.ADD", "scaling", item);
            in.run("BF.ADD", "fixed", item);
            in.run("CMS.INCRBY", "sketch", item, "1");
            in.run("CMS.INCRBY", "prob", item, Integer.toString(item.length() + 1));
        }
        byte[] file = RdbRoundTripTest.save(List.of(before), compression, true);
        Keyspace after = new Keyspace(new ManualClock(Datasets.NOW));
        RdbFile.install(RdbRoundTripTest.load(file), after, k -> true, SaveOptions.Clocks.NONE, Datasets.NOW);
        Commands out = new Commands(after);
        List<String[]> questions = new ArrayList<>();
        for (String key : new String[] {"scaling", "fixed"}) {
            questions.add(new String[] {"BF.INFO", key});
            questions.add(new String[] {"BF.CARD", key});
            questions.add(new String[] {"TYPE", key});
        }
        for (String key : new String[] {"sketch", "prob"}) {
            questions.add(new String[] {"CMS.INFO", key});
        }
        List<String> probes = new ArrayList<>(items);
        for (int i = 0; i < 50; i++) {
            probes.add("absent-" + i);
        }
        for (String p : probes) {
            questions.add(new String[] {"BF.EXISTS", "scaling", p});
            questions.add(new String[] {"BF.EXISTS", "fixed", p});
            questions.add(new String[] {"CMS.QUERY", "sketch", p});
            questions.add(new String[] {"CMS.QUERY", "prob", p});
        }
        for (String[] q : questions) {
            assertEquals(in.run(q), out.run(q), String.join(" ", q));
        }
        // and the filters keep growing as they would have
        for (String p : new String[] {"x1", "x2", "x3"}) {
            assertEquals(in.run("BF.ADD", "scaling", p), out.run("BF.ADD", "scaling", p));
            assertEquals(in.run("BF.INFO", "scaling"), out.run("BF.INFO", "scaling"));
        }
        assertEquals(Snapshot.of(before), Snapshot.of(after));
    }

    @Test
    void restore_dumpOfFilter_sameFilter() {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        Commands c = new Commands(keyspace);
        for (int i = 0; i < 500; i++) {
            c.run("BF.ADD", "bf", "item" + i);
        }
        Object value = keyspace.db(0).peek("bf".getBytes()).value;
        Object restored = Dump.deserialize(Dump.serialize(value, true));
        assertEquals(Snapshot.contents(value), Snapshot.contents(restored));
    }

    @Test
    void load_unknownModuleType_refusedWithRedisText() throws Exception {
        byte[] file = fileWith(ModuleTypes.encodeId("MBbloomCF", 4));
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbRoundTripTest.load(file));
        assertTrue(e.getMessage().endsWith(
                "The RDB file contains module data I can't load: no matching module type 'MBbloomCF'"), e.getMessage());
    }

    @Test
    void load_newerBloomEncoding_refusedAsTheModuleRefusesIt() throws Exception {
        byte[] file = fileWith(ModuleTypes.encodeId("MBbloom--", 5));
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbRoundTripTest.load(file));
        assertTrue(e.getMessage().contains("module type 'MBbloom--', that the responsible module is not able to load"),
                e.getMessage());
    }

    @Test
    void load_preReleaseModuleType_refused() throws Exception {
        byte[] file = RdbRoundTripTest.save(List.of(new Keyspace(new ManualClock(Datasets.NOW))), false, false);
        byte[] withKey = new Bytes().raw(java.util.Arrays.copyOf(file, file.length - 9))
                .b(6, 1, 'k').moduleId(ModuleTypes.BF_MODULE_ID).b(255).zeros(8).bytes();
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbRoundTripTest.load(withKey));
        assertTrue(e.getMessage().endsWith("Pre-release module format not supported"), e.getMessage());
    }

    @Test
    void load_filterWithRoundedSizes_refusedByName() throws Exception {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        new Commands(keyspace).run("BF.RESERVE", "bf", "0.01", "100");
        byte[] file = RdbRoundTripTest.save(List.of(keyspace), false, false);
        int at = indexOf(file, new byte[] {2, 0, 2, 1, 2, 5, 2, 2}); // size, nfilters, options 5, growth
        file[at + 5] = 4; // FORCE64 without NOROUND: a power-of-two filter
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbRoundTripTest.load(file));
        assertTrue(e.getMessage().contains("only NOROUND|FORCE64 filters"), e.getMessage());
    }

    @Test
    void load_missingModuleEof_refusedWithRedisText() throws Exception {
        Keyspace keyspace = new Keyspace(new ManualClock(Datasets.NOW));
        new Commands(keyspace).run("CMS.INITBYDIM", "c", "1", "1");
        byte[] file = RdbRoundTripTest.save(List.of(keyspace), false, false);
        int eof = file.length - 10; // ... EOF(module) 0xff(file EOF) 8 bytes
        file[eof] = 2; // a UINT opcode where the module's EOF should be
        RdbFormatException e = assertThrows(RdbFormatException.class, () -> RdbRoundTripTest.load(file));
        assertTrue(e.getMessage().contains("not terminated by the proper module value EOF marker"), e.getMessage());
        assertEquals(eof, e.offset());
    }

    private static byte[] fileWith(long moduleId) {
        return new Bytes().raw("REDIS0010".getBytes()).b(7, 1, 'k').moduleId(moduleId).uint(1).b(0, 255).zeros(8).bytes();
    }

    static int indexOf(byte[] hay, byte[] needle) {
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

    /** Expected bytes written out by hand, independent of {@link RdbOutput}. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes b(int... bytes) {
            for (int x : bytes) {
                out.write(x);
            }
            return this;
        }

        Bytes raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Bytes zeros(int n) {
            out.writeBytes(new byte[n]);
            return this;
        }

        /** A module id: RDB_64BITLEN and eight bytes, big-endian (rdbSaveLen of a value past 32 bits). */
        Bytes moduleId(long id) {
            b(0x81);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b((int) (id >>> shift) & 0xff);
            }
            return this;
        }

        /** RDB_MODULE_OPCODE_UINT and a 6-bit length (every value used here is under 64). */
        Bytes uint(int v) {
            return b(2, v);
        }

        Bytes dbl(double d) {
            b(4);
            long bits = Double.doubleToRawLongBits(d);
            for (int i = 0; i < 8; i++) {
                b((int) (bits >>> (8 * i)) & 0xff);
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
