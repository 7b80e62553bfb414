package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.bloom.SavedChain;
import dev.sabaody.kv.data.bloom.ScalableBloomFilter;
import dev.sabaody.kv.data.cms.CountMinSketch;
import dev.sabaody.kv.data.cms.SavedSketch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Module values in an RDB file, and the two that Sabaody-KV has: RedisBloom's Bloom filters
 * ("MBbloom--") and Count-Min sketches ("CMSk-TYPE"), written byte for byte as RedisBloom 2.x
 * writes them, so that a Redis with RedisBloom loaded reads Sabaody-KV's file, and the reverse.
 *
 * <h2>How Redis frames a module value (RDB_TYPE_MODULE_2, rdb.c rdbSaveObject)</h2>
 * <pre>
 *   07  key  module-id  { opcode value }*  00
 *
 *   module-id   a length (rdbSaveLen) holding 64 bits: the type's 9-character name, 6 bits a
 *               character (A-Z a-z 0-9 - _), then its 10-bit encoding version (moduleTypeEncodeId)
 *   opcode      RDB_MODULE_OPCODE_UINT 2 + a length | DOUBLE 4 + 8 bytes little-endian
 *               | STRING 5 + an RDB string (integer- and LZF-encoded as any other) | SINT 1 | FLOAT 3
 *   00          RDB_MODULE_OPCODE_EOF
 * </pre>
 * The opcodes make a module value walkable without the module: redis-check-rdb checks one that way
 * (rdbLoadCheckModuleValue), while a redis-server without the module refuses the whole file with
 * "no matching module type" (there is nowhere to put the value).
 *
 * <h2>What RedisBloom writes inside</h2>
 * <pre>
 *   MBbloom--, encoding version 4 (rebloom.c BFRdbSave, BF_MIN_GROWTH_ENC):
 *     UINT size, UINT nfilters, UINT options, UINT growth,
 *     per link: UINT entries, DOUBLE error, UINT hashes, DOUBLE bpe, UINT bits, UINT n2,
 *               STRING bit array, UINT link size
 *   CMSk-TYPE, encoding version 0 (rm_cms.c CMSRdbSave):
 *     UINT width, UINT depth, UINT counter, STRING width*depth 32-bit counters (little-endian)
 * </pre>
 * A filter's options are always NOROUND | FORCE64 (| NO_SCALING) when BF.RESERVE, BF.ADD or
 * BF.INSERT made it, and n2 is then 0: that is the one kind of filter module 05 implements (exact
 * bit counts, 64-bit double hashing). A filter saved with other options (older RedisBloom defaults,
 * power-of-two sizes) hashes differently and is refused by name rather than loaded wrong.
 * Older encoding versions of "MBbloom--" are read as BFRdbLoad reads them (no growth before 4: 2;
 * no options before 2), which in practice refuses them for their options.
 */
final class ModuleTypes {

    // module.h / rdb.h
    static final int RDB_MODULE_OPCODE_EOF = 0;
    static final int RDB_MODULE_OPCODE_SINT = 1;
    static final int RDB_MODULE_OPCODE_UINT = 2;
    static final int RDB_MODULE_OPCODE_FLOAT = 3;
    static final int RDB_MODULE_OPCODE_DOUBLE = 4;
    static final int RDB_MODULE_OPCODE_STRING = 5;

    /** module.c ModuleTypeNameCharSet: a character's index is its 6-bit code. */
    static final String MODULE_TYPE_NAME_CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** RedisBloom's type names and the encoding versions its 2.x releases write. */
    static final String BF_TYPE = "MBbloom--";
    /** rebloom.c BF_MIN_GROWTH_ENC: the version BFRdbSave writes and the newest BFRdbLoad reads. */
    static final int BF_ENCODING_VERSION = 4;
    /** rebloom.c BF_MIN_OPTIONS_ENC: options are saved from this version on. */
    static final int BF_MIN_OPTIONS_ENC = 2;
    static final String CMS_TYPE = "CMSk-TYPE";
    /** rm_cms.h CMS_ENC_VER. */
    static final int CMS_ENCODING_VERSION = 0;
    /** The module name RedisBloom registers (RedisModule_Init "bf"): Redis's EOF-marker error names it. */
    static final String REDISBLOOM_MODULE = "bf";

    // deps/bloom/bloom.h
    static final int BLOOM_OPT_NOROUND = 1;
    static final int BLOOM_OPT_ENTS_IS_BITS = 2;
    static final int BLOOM_OPT_FORCE64 = 4;
    static final int BLOOM_OPT_NO_SCALING = 8;

    static final long BF_MODULE_ID = encodeId(BF_TYPE, BF_ENCODING_VERSION);
    static final long CMS_MODULE_ID = encodeId(CMS_TYPE, CMS_ENCODING_VERSION);

    private ModuleTypes() {
    }

    /** moduleTypeEncodeId: 9 six-bit characters, then the 10-bit encoding version. */
    static long encodeId(String name, int encver) {
        long id = 0;
        for (int i = 0; i < 9; i++) {
            id = (id << 6) | MODULE_TYPE_NAME_CHARSET.indexOf(name.charAt(i));
        }
        return (id << 10) | encver;
    }

    /** moduleTypeNameByID. */
    static String nameOf(long id) {
        char[] name = new char[9];
        long bits = id >>> 10;
        for (int i = 8; i >= 0; i--) {
            name[i] = MODULE_TYPE_NAME_CHARSET.charAt((int) (bits & 63));
            bits >>>= 6;
        }
        return new String(name);
    }

    static boolean isModuleValue(Object value) {
        return value instanceof ScalableBloomFilter || value instanceof CountMinSketch;
    }

    // ------------------------------------------------------------------ writing

    /** The module id, the module's own fields and the EOF opcode: everything after the key. */
    static void write(RdbOutput out, Object value) throws IOException {
        switch (value) {
            case ScalableBloomFilter filter -> writeBloom(out, filter.saved());
            case CountMinSketch sketch -> writeSketch(out, sketch.saved());
            default -> throw new IllegalArgumentException(value.getClass().getName() + " is not a module value");
        }
        out.writeLength(RDB_MODULE_OPCODE_EOF);
    }

    /** BFRdbSave. */
    private static void writeBloom(RdbOutput out, SavedChain chain) throws IOException {
        out.writeLength(BF_MODULE_ID);
        unsigned(out, chain.size());
        unsigned(out, chain.links().size());
        unsigned(out, BLOOM_OPT_NOROUND | BLOOM_OPT_FORCE64 | (chain.nonScaling() ? BLOOM_OPT_NO_SCALING : 0));
        unsigned(out, chain.growth());
        for (SavedChain.Link link : chain.links()) {
            unsigned(out, link.entries());
            dbl(out, link.error());
            unsigned(out, link.hashes());
            dbl(out, link.bpe());
            unsigned(out, link.bits());
            unsigned(out, 0); // n2: no power-of-two rounding (NOROUND)
            string(out, link.bitArray());
            unsigned(out, link.size());
        }
    }

    /** CMSRdbSave. */
    private static void writeSketch(RdbOutput out, SavedSketch sketch) throws IOException {
        out.writeLength(CMS_MODULE_ID);
        unsigned(out, sketch.width());
        unsigned(out, sketch.depth());
        unsigned(out, sketch.count());
        byte[] counters = new byte[sketch.counters().length * 4];
        ByteBuffer.wrap(counters).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(sketch.counters());
        string(out, counters);
    }

    /** RM_SaveUnsigned. */
    private static void unsigned(RdbOutput out, long v) throws IOException {
        out.writeLength(RDB_MODULE_OPCODE_UINT);
        out.writeLength(v);
    }

    /** RM_SaveDouble. */
    private static void dbl(RdbOutput out, double d) throws IOException {
        out.writeLength(RDB_MODULE_OPCODE_DOUBLE);
        out.writeBinaryDouble(d);
    }

    /** RM_SaveStringBuffer: rdbSaveRawString, so integer-looking and compressible buffers are encoded. */
    private static void string(RdbOutput out, byte[] s) throws IOException {
        out.writeLength(RDB_MODULE_OPCODE_STRING);
        out.writeString(s);
    }

    // ------------------------------------------------------------------ reading

    /** rdbLoadObject for RDB_TYPE_MODULE_2: the module id, the value, the EOF opcode. */
    static Object read(RdbInput in) throws IOException, RdbFormatException {
        long at = in.offset();
        long id = in.readUnsigned();
        String name = nameOf(id);
        int encver = (int) (id & 1023);
        Object value;
        if (name.equals(BF_TYPE) && encver <= BF_ENCODING_VERSION) {
            value = readBloom(in, encver, at);
        } else if (name.equals(CMS_TYPE) && encver <= CMS_ENCODING_VERSION) {
            value = readSketch(in, at);
        } else if (name.equals(BF_TYPE) || name.equals(CMS_TYPE)) {
            // RedisBloom's rdb_load returns NULL for a version newer than its own
            throw new RdbFormatException(at, "The RDB file contains module data for the module type '" + name
                    + "', that the responsible module is not able to load. Check for modules log above for additional clues.");
        } else {
            throw new RdbFormatException(at, "The RDB file contains module data I can't load: no matching module type '"
                    + name + "'");
        }
        long eofAt = in.offset();
        if (in.readLength() != RDB_MODULE_OPCODE_EOF) {
            throw new RdbFormatException(eofAt, "The RDB file contains module data for the module '" + REDISBLOOM_MODULE
                    + "' that is not terminated by the proper module value EOF marker");
        }
        return value;
    }

    /** BFRdbLoad, then the checks module 05 makes before it builds the filter. */
    private static ScalableBloomFilter readBloom(RdbInput in, int encver, long at) throws IOException, RdbFormatException {
        long size = unsigned(in);
        long nfilters = unsigned(in);
        long options = encver >= BF_MIN_OPTIONS_ENC ? unsigned(in) : 0;
        long growth = encver >= BF_ENCODING_VERSION ? unsigned(in) : 2;
        if (nfilters < 1 || nfilters >= 1000) { // BFRdbLoad asserts nfilters < 1000
            throw new RdbFormatException(at, "Bloom filter with " + Long.toUnsignedString(nfilters) + " links");
        }
        List<SavedChain.Link> links = new ArrayList<>((int) nfilters);
        long n2 = 0;
        for (long i = 0; i < nfilters; i++) {
            long entries = unsigned(in);
            double error = dbl(in);
            long hashes = unsigned(in);
            double bpe = dbl(in);
            long bits = encver == 0 ? (long) (entries * bpe) : unsigned(in);
            n2 |= encver == 0 ? 0 : unsigned(in);
            byte[] bitArray = string(in);
            long linkSize = unsigned(in);
            links.add(new SavedChain.Link(entries, error, (int) Math.min(hashes, Integer.MAX_VALUE), bpe, bits,
                    bitArray, linkSize));
        }
        int required = BLOOM_OPT_NOROUND | BLOOM_OPT_FORCE64;
        if ((options & required) != required || (options & ~(required | BLOOM_OPT_NO_SCALING)) != 0 || n2 != 0) {
            throw new RdbFormatException(at, "The RDB file contains a '" + BF_TYPE + "' filter saved with options "
                    + options + (n2 != 0 ? " and power-of-two sizes" : "")
                    + ": only NOROUND|FORCE64 filters (BF.RESERVE, BF.ADD, BF.INSERT of RedisBloom 2.x) can be loaded");
        }
        if (growth > Integer.MAX_VALUE) {
            throw new RdbFormatException(at, "Bloom filter with expansion " + Long.toUnsignedString(growth));
        }
        try {
            return new SavedChain(size, (int) growth, (options & BLOOM_OPT_NO_SCALING) != 0, links).restore();
        } catch (IllegalArgumentException e) {
            throw new RdbFormatException(at, "corrupt " + BF_TYPE + " value: " + e.getMessage());
        }
    }

    /** CMSRdbLoad, with the length check it leaves out. */
    private static CountMinSketch readSketch(RdbInput in, long at) throws IOException, RdbFormatException {
        long width = unsigned(in);
        long depth = unsigned(in);
        long count = unsigned(in);
        byte[] bytes = string(in);
        if (width < 1 || depth < 1 || width > Integer.MAX_VALUE || depth > Integer.MAX_VALUE
                || width * depth * 4 != bytes.length) {
            throw new RdbFormatException(at, "corrupt " + CMS_TYPE + " value: " + Long.toUnsignedString(width) + " x "
                    + Long.toUnsignedString(depth) + " counters in " + bytes.length + " bytes");
        }
        int[] counters = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(counters);
        try {
            return new SavedSketch(width, depth, count, counters).restore();
        } catch (IllegalArgumentException e) {
            throw new RdbFormatException(at, "corrupt " + CMS_TYPE + " value: " + e.getMessage());
        }
    }

    /** RM_LoadUnsigned: the UINT opcode, then 64 unsigned bits. */
    private static long unsigned(RdbInput in) throws IOException, RdbFormatException {
        expect(in, RDB_MODULE_OPCODE_UINT);
        return in.readUnsigned();
    }

    /** RM_LoadDouble. */
    private static double dbl(RdbInput in) throws IOException, RdbFormatException {
        expect(in, RDB_MODULE_OPCODE_DOUBLE);
        return in.readBinaryDouble();
    }

    /** RM_LoadStringBuffer. */
    private static byte[] string(RdbInput in) throws IOException, RdbFormatException {
        expect(in, RDB_MODULE_OPCODE_STRING);
        return in.readString();
    }

    /** moduleLoad*'s opcode check: a value of another kind than the module asks for is a corrupt file. */
    private static void expect(RdbInput in, int opcode) throws IOException, RdbFormatException {
        long at = in.offset();
        long found = in.readLength();
        if (found != opcode) {
            throw new RdbFormatException(at, "module value opcode " + found + " where " + opcode + " was expected");
        }
    }
}
