package dev.sabaody.kv.data.bitmaps;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.StringOrigin;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.RequestParser;
import java.util.Arrays;

/**
 * A bitmap is a string read as bits (bitops.c): bit 0 is the most significant bit of byte 0, bit 7
 * its least significant, bit 8 the top bit of byte 1. Writing a bit past the end grows the string
 * with zero bytes; reading past the end reads zeros. So a bitmap has no type of its own: SETBIT
 * works on "hello", GET returns the bytes SETBIT made.
 *
 * <pre>
 *   bit:    0 1 2 3 4 5 6 7   8 9 ...
 *   byte 0: 1 0 0 0 0 0 0 0 | byte 1 ...     SETBIT k 0 1  gives  "\x80"
 * </pre>
 *
 * Offsets are limited as Redis limits them: the byte they address must lie below proto-max-bulk-len
 * (512 MB), so a bit offset is below 2^32.
 */
final class Bits {

    /** config.c proto-max-bulk-len (bytes): the highest addressable byte is one below it. */
    static final long PROTO_MAX_BULK_LEN = RequestParser.PROTO_MAX_BULK_LEN;

    static final String BAD_OFFSET = "bit offset is not an integer or out of range";

    private Bits() {
    }

    /**
     * getBitOffsetFromArgument: argument {@code i} as a bit offset, or -1 after answering the error.
     * With {@code bits > 0} (BITFIELD) an offset written {@code #n} means n * bits.
     */
    static long offset(CommandContext<? extends Db> ctx, int i, int bits) {
        Argv argv = ctx.argv();
        boolean hash = bits > 0 && argv.length(i) > 0 && argv.byteAt(i, 0) == '#';
        long[] out = new long[1];
        boolean ok = dev.sabaody.kv.resp.Numbers.string2ll(argv.buffer(), argv.offset(i) + (hash ? 1 : 0),
                argv.length(i) - (hash ? 1 : 0), out);
        long offset = out[0];
        if (ok && hash) {
            offset *= bits; // may wrap negative, as the C multiplication does: refused just below
        }
        if (!ok || offset < 0 || (offset >> 3) >= PROTO_MAX_BULK_LEN) {
            ctx.reply().error(BAD_OFFSET);
            return -1;
        }
        return offset;
    }

    /**
     * lookupStringForBitCommand: the entry of argument 1, created or grown with zero bytes so that
     * bit {@code maxBit} exists; null after answering WRONGTYPE.
     */
    static Entry stringForWrite(CommandContext<? extends Db> ctx, long maxBit) {
        Db db = ctx.db();
        int needed = (int) (maxBit >> 3) + 1;
        Entry e = db.lookup(ctx.argv(), 1);
        if (e == null) {
            e = db.add(ctx.argv().copy(1), new byte[needed]);
            e.origin(StringOrigin.RAW); // createObject(OBJ_STRING, sds)
            return e;
        }
        if (!(e.value instanceof byte[] s)) {
            ctx.reply().error(Values.WRONGTYPE);
            return null;
        }
        e.origin(StringOrigin.RAW); // dbUnshareStringValue, whether or not the string grows
        if (s.length < needed) {
            db.replaceValue(e, Arrays.copyOf(s, needed));
        }
        return e;
    }

    static int bit(byte[] s, long offset) {
        long index = offset >> 3;
        if (index >= s.length) {
            return 0;
        }
        return (s[(int) index] >> (7 - (int) (offset & 7))) & 1;
    }

    /** redisPopcount over s[from..to], inclusive byte indexes. */
    static long popcount(byte[] s, int from, int to) {
        long count = 0;
        int i = from;
        for (; i + 8 <= to + 1; i += 8) {
            count += Long.bitCount(word(s, i));
        }
        for (; i <= to; i++) {
            count += Integer.bitCount(s[i] & 0xff);
        }
        return count;
    }

    /** Eight bytes from {@code i}, big-endian (only their bit count matters to the caller). */
    private static long word(byte[] s, int i) {
        return (long) WORD.get(s, i);
    }

    private static final java.lang.invoke.VarHandle WORD =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /**
     * The first bit equal to {@code bit} among bits [fromBit, toBit] of {@code s}, or -1 when there
     * is none. Skips whole 64-bit words of the wrong kind, as redisBitpos does.
     */
    static long firstBit(byte[] s, long fromBit, long toBit, int bit) {
        long pos = fromBit;
        while (pos <= toBit) {
            if ((pos & 63) == 0 && pos + 63 <= toBit && (pos >> 3) + 8 <= s.length) {
                long w = word(s, (int) (pos >> 3));
                long interesting = bit == 1 ? w : ~w;
                if (interesting == 0) {
                    pos += 64;
                    continue;
                }
                return pos + Long.numberOfLeadingZeros(interesting);
            }
            if (bit(s, pos) == bit) {
                return pos;
            }
            pos++;
        }
        return -1;
    }

    // ---------------------------------------------------------------- bitfields

    /** getUnsignedBitfield: {@code bits} bits (1..64) from bit {@code offset}, big-endian; past the end reads 0. */
    static long getUnsigned(byte[] s, long offset, int bits) {
        long value = 0;
        for (int j = 0; j < bits; j++) {
            value = (value << 1) | bit(s, offset + j);
        }
        return value;
    }

    /** getSignedBitfield: the same bits, sign-extended from the top one. */
    static long getSigned(byte[] s, long offset, int bits) {
        long value = getUnsigned(s, offset, bits);
        if (bits < 64 && (value & (1L << (bits - 1))) != 0) {
            value |= -1L << bits;
        }
        return value;
    }

    /** setUnsignedBitfield: writes the low {@code bits} bits of {@code value}; the bytes must exist. */
    static void set(byte[] s, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++) {
            long bitValue = (value >>> (bits - 1 - j)) & 1;
            long o = offset + j;
            int index = (int) (o >> 3);
            int shift = 7 - (int) (o & 7);
            s[index] = (byte) ((s[index] & ~(1 << shift)) | (bitValue << shift));
        }
    }
}
