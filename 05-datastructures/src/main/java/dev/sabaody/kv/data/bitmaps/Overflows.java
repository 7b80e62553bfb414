package dev.sabaody.kv.data.bitmaps;

/**
 * Whether {@code value + increment} fits a bitfield of {@code bits} bits, and what to store when it
 * does not: bitops.c checkSignedBitfieldOverflow and checkUnsignedBitfieldOverflow, in Java's signed
 * longs (unsigned values are compared as such where C compares uint64_t).
 *
 * <p>Each returns 0 when the sum fits, 1 on overflow, -1 on underflow; on either, {@code limit[0]}
 * receives the value to store: the wrapped sum for WRAP, the nearest limit for SAT (FAIL stores
 * nothing).
 */
final class Overflows {

    private Overflows() {
    }

    static int unsigned(long value, long increment, int bits, BitField.Overflow type, long[] limit) {
        long max = bits == 64 ? -1L : (1L << bits) - 1;
        long maxIncrement = max - value;
        long minIncrement = -value;
        if (Long.compareUnsigned(value, max) > 0 || (increment > 0 && increment > maxIncrement)) {
            if (type == BitField.Overflow.WRAP) {
                limit[0] = wrapUnsigned(value, increment, bits);
            } else if (type == BitField.Overflow.SAT) {
                limit[0] = max;
            }
            return 1;
        }
        if (increment < 0 && increment < minIncrement) {
            if (type == BitField.Overflow.WRAP) {
                limit[0] = wrapUnsigned(value, increment, bits);
            } else if (type == BitField.Overflow.SAT) {
                limit[0] = 0;
            }
            return -1;
        }
        return 0;
    }

    private static long wrapUnsigned(long value, long increment, int bits) {
        long mask = bits == 64 ? 0 : -1L << bits;
        return (value + increment) & ~mask;
    }

    static int signed(long value, long increment, int bits, BitField.Overflow type, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        // These may wrap, but are used only once value is known to be in range, when they cannot.
        long maxIncrement = max - value;
        long minIncrement = min - value;
        if (value > max || (bits != 64 && increment > maxIncrement)
                || (value >= 0 && increment > 0 && increment > maxIncrement)) {
            if (type == BitField.Overflow.WRAP) {
                limit[0] = wrapSigned(value, increment, bits);
            } else if (type == BitField.Overflow.SAT) {
                limit[0] = max;
            }
            return 1;
        }
        if (value < min || (bits != 64 && increment < minIncrement)
                || (value < 0 && increment < 0 && increment < minIncrement)) {
            if (type == BitField.Overflow.WRAP) {
                limit[0] = wrapSigned(value, increment, bits);
            } else if (type == BitField.Overflow.SAT) {
                limit[0] = min;
            }
            return -1;
        }
        return 0;
    }

    /** The sum modulo 2^bits, sign-extended from its top bit. */
    private static long wrapSigned(long value, long increment, int bits) {
        long c = value + increment;
        if (bits < 64) {
            long mask = -1L << bits;
            c = (c & (1L << (bits - 1))) != 0 ? c | mask : c & ~mask;
        }
        return c;
    }
}
