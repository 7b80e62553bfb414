package dev.sabaody.kv.resp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;

/**
 * Numbers as Redis reads and writes them. Two rules matter for byte-exact replies:
 *
 * <ul>
 *   <li>Integers are read by Redis's {@code string2ll} (util.c): an optional minus sign, then digits
 *       with no leading zero, no plus sign, no spaces, at most 20 characters. "01", "+1", " 1" and
 *       "-0" are not integers; {@code Long.parseLong} would accept some of them.
 *   <li>Doubles are written as 7.0's {@code addReplyDouble} (networking.c) writes them: C's
 *       {@code %.17g}, so 3.14 becomes {@code 3.1400000000000001}; {@code inf} and {@code -inf}
 *       spelled out. (7.2 switched to the shortest round-trip form; we follow the 7.0 oracle.)
 * </ul>
 */
public final class Numbers {

    /** util.h LONG_STR_SIZE: "-9223372036854775808" plus the NUL; a longer string is never a long. */
    static final int LONG_STR_SIZE = 21;

    private Numbers() {
    }

    /**
     * Redis's {@code string2ll}: parses {@code length} bytes of {@code buf} at absolute index
     * {@code offset}. Returns false (and leaves {@code out} alone) when they are not a long; the
     * out-parameter keeps the hot path free of boxing.
     */
    public static boolean string2ll(ByteBuffer buf, int offset, int length, long[] out) {
        if (length == 0 || length >= LONG_STR_SIZE) {
            return false;
        }
        int p = offset;
        int end = offset + length;
        if (length == 1 && buf.get(p) == '0') {
            out[0] = 0;
            return true;
        }
        boolean negative = false;
        if (buf.get(p) == '-') {
            negative = true;
            if (++p == end) {
                return false;
            }
        }
        byte first = buf.get(p);
        if (first < '1' || first > '9') {
            return false;
        }
        // Accumulate as a negative number: its range holds Long.MIN_VALUE, the positive range does not.
        long v = -(first - '0');
        p++;
        for (; p < end; p++) {
            byte c = buf.get(p);
            if (c < '0' || c > '9') {
                return false;
            }
            if (v < Long.MIN_VALUE / 10) {
                return false;
            }
            v *= 10;
            int digit = c - '0';
            if (v < Long.MIN_VALUE + digit) {
                return false;
            }
            v -= digit;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return false;
            }
            v = -v;
        }
        out[0] = v;
        return true;
    }

    /** {@link #string2ll(ByteBuffer, int, int, long[])} over a whole array. */
    public static boolean string2ll(byte[] bytes, long[] out) {
        return string2ll(ByteBuffer.wrap(bytes), 0, bytes.length, out);
    }

    /**
     * C's {@code printf("%.17g", d)} as glibc prints it: the exact binary value rounded half-even to
     * 17 significant digits, fixed notation when the exponent is in [-4, 17), scientific otherwise,
     * trailing zeros dropped. Infinities are the caller's business (Redis writes them itself); NaN
     * prints as glibc does, "nan" or "-nan".
     */
    public static String formatDouble17g(double d) {
        if (Double.isNaN(d)) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-nan" : "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(17, RoundingMode.HALF_EVEN));
        // exponent of the leading digit: precision - scale - 1
        int exponent = rounded.precision() - rounded.scale() - 1;
        String digits = rounded.unscaledValue().abs().toString();
        // pad to 17 significant digits so the formatting below sees them all
        StringBuilder sig = new StringBuilder(digits);
        while (sig.length() < 17) {
            sig.append('0');
        }
        StringBuilder out = new StringBuilder(32);
        if (rounded.signum() < 0) {
            out.append('-');
        }
        if (exponent >= -4 && exponent < 17) {
            if (exponent >= 0) {
                out.append(sig, 0, exponent + 1);
                String fraction = stripZeros(sig.substring(exponent + 1));
                if (!fraction.isEmpty()) {
                    out.append('.').append(fraction);
                }
            } else {
                out.append("0.");
                out.repeat('0', -exponent - 1);
                out.append(stripZeros(sig.toString()));
            }
        } else {
            out.append(sig.charAt(0));
            String fraction = stripZeros(sig.substring(1));
            if (!fraction.isEmpty()) {
                out.append('.').append(fraction);
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                out.append('0');
            }
            out.append(abs);
        }
        return out.toString();
    }

    private static String stripZeros(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') {
            end--;
        }
        return s.substring(0, end);
    }
}
