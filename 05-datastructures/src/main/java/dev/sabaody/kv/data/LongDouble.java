package dev.sabaody.kv.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * The x87 80-bit {@code long double} that Redis's INCRBYFLOAT (and HINCRBYFLOAT) computes in, done
 * exactly in Java, so that our replies are Redis's to the last digit.
 *
 * <h2>Why not a double</h2>
 * Redis parses both operands with {@code strtold}, adds them as {@code long double} (64 significant
 * bits, 15-bit exponent on x86-64 Linux) and prints the sum with {@code "%.17Lf"}, then trims the
 * trailing zeros (util.c ld2string, LD_STR_HUMAN). With 64 bits the sum 1.1 + 2.2 rounds to a value
 * that prints "3.3"; a 53-bit double would print "3.3000000000000003". The range differs too: 1e4000
 * is a valid long double and an infinite double.
 *
 * <h2>How</h2>
 * A value is held as its exact {@link BigDecimal} (every binary fraction has a finite decimal
 * expansion). Parsing and adding compute the exact result, then round it to the nearest value with a
 * 64-bit significand and an exponent in the long double's range, ties to even, as the FPU does:
 * subnormals keep the fixed exponent 2^-16445, results at or beyond 2^16384 are infinite. Printing
 * is BigDecimal's exact decimal expansion rounded half-even to 17 places, what glibc's printf does
 * with an exact binary value. Slow next to one FPU instruction, and only INCRBYFLOAT pays it.
 *
 * <h2>What strtold accepts (util.c string2ld)</h2>
 * An optional sign, then decimal digits with an optional point and exponent, or a hexadecimal float
 * ({@code 0x1.8p1}), or {@code inf}/{@code infinity}; nothing before (a leading space is refused) or
 * after it, not even after a NUL (string2ld checks that strtold read every byte). NaN, overflow and
 * an underflow to zero are refused; a subnormal is not.
 */
public final class LongDouble {

    /** util.h MAX_LONG_DOUBLE_CHARS: string2ld refuses a string this long or longer. */
    static final int MAX_LONG_DOUBLE_CHARS = 5 * 1024;
    /** The significand of the x87 extended format, explicit integer bit included. */
    private static final int SIGNIFICAND_BITS = 64;
    /** Exponent of the smallest subnormal: 2^-16445 (min normal exponent -16382, minus 63). */
    private static final int MIN_EXPONENT = -16382 - (SIGNIFICAND_BITS - 1);
    /** A value whose leading bit is at 2^16384 or above is infinite. */
    private static final int MAX_LEADING_BIT = 16383;
    /** Decimal exponents beyond these are infinite or zero for sure (|x| < 1.2e4932, > 3.6e-4951). */
    private static final int MAX_DECIMAL_EXPONENT = 4933;
    private static final int MIN_DECIMAL_EXPONENT = -4952;

    /** A finite value, exactly; null when {@link #infinity} is not 0. */
    private final BigDecimal value;
    /** +1 or -1 for an infinity, 0 for a finite value. */
    private final int infinity;

    private LongDouble(BigDecimal value, int infinity) {
        this.value = value;
        this.infinity = infinity;
    }

    public static final LongDouble ZERO = new LongDouble(BigDecimal.ZERO, 0);

    public boolean isFinite() {
        return infinity == 0;
    }

    /** string2ld: the long double {@code s} denotes, or null when Redis would refuse it. */
    public static LongDouble parse(byte[] s) {
        int length = s.length;
        // A NUL would end strtold's C string early; the parser below refuses it as a stray byte.
        if (length == 0 || length >= MAX_LONG_DOUBLE_CHARS || isSpace(s[0])) {
            return null;
        }
        String text = new String(s, 0, length, StandardCharsets.ISO_8859_1);
        return new Parser(text).parse();
    }

    /** The sum, rounded as the FPU rounds it (either operand infinite gives an infinite or NaN sum: not finite). */
    public LongDouble add(LongDouble other) {
        if (infinity != 0 || other.infinity != 0) {
            return new LongDouble(null, infinity != 0 ? infinity : other.infinity);
        }
        return round(value.add(other.value));
    }

    /** ld2string(LD_STR_HUMAN): {@code "%.17Lf"}, trailing zeros and point dropped, "-0" as "0". */
    public byte[] toHumanBytes() {
        if (infinity != 0) {
            return (infinity > 0 ? "inf" : "-inf").getBytes(StandardCharsets.US_ASCII);
        }
        String s = value.setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        if (s.indexOf('.') >= 0) {
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
        }
        s = s.substring(0, end);
        if (s.equals("-0")) {
            s = "0";
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return new String(toHumanBytes(), StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- rounding

    /** The long double nearest to {@code exact} (ties to even), or an infinity past the range. */
    static LongDouble round(BigDecimal exact) {
        int sign = exact.signum();
        if (sign == 0) {
            return ZERO;
        }
        BigDecimal a = exact.abs();
        // a = num / den, both integers
        BigInteger num;
        BigInteger den;
        if (a.scale() <= 0) {
            num = a.unscaledValue().multiply(BigInteger.TEN.pow(-a.scale()));
            den = BigInteger.ONE;
        } else {
            num = a.unscaledValue();
            den = BigInteger.TEN.pow(a.scale());
        }
        // floor(log2(a))
        int k = num.bitLength() - den.bitLength();
        if (compareScaled(num, den, k) < 0) {
            k--;
        }
        int e = Math.max(k - (SIGNIFICAND_BITS - 1), MIN_EXPONENT);
        // m = round(a / 2^e)
        BigInteger n = e < 0 ? num.shiftLeft(-e) : num;
        BigInteger d = e > 0 ? den.shiftLeft(e) : den;
        BigInteger[] qr = n.divideAndRemainder(d);
        BigInteger m = qr[0];
        int half = qr[1].shiftLeft(1).compareTo(d);
        if (half > 0 || (half == 0 && m.testBit(0))) {
            m = m.add(BigInteger.ONE);
        }
        if (m.signum() == 0) {
            return ZERO;
        }
        if (m.bitLength() - 1 + e > MAX_LEADING_BIT) {
            return new LongDouble(null, sign);
        }
        BigDecimal rounded = e >= 0
                ? new BigDecimal(m.shiftLeft(e))
                : new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-e)), -e); // 2^-n = 5^n / 10^n
        return new LongDouble(sign < 0 ? rounded.negate() : rounded, 0);
    }

    /** Compares num with den * 2^k (k may be negative). */
    private static int compareScaled(BigInteger num, BigInteger den, int k) {
        return k >= 0 ? num.compareTo(den.shiftLeft(k)) : num.shiftLeft(-k).compareTo(den);
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    // ---------------------------------------------------------------- strtold

    /** glibc strtold's grammar over the whole string; null for anything else. */
    private static final class Parser {
        private final String s;
        private int p;

        Parser(String s) {
            this.s = s;
        }

        LongDouble parse() {
            int sign = 1;
            if (p < s.length() && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
                sign = s.charAt(p) == '-' ? -1 : 1;
                p++;
            }
            String rest = s.substring(p).toLowerCase(java.util.Locale.ROOT);
            if (rest.startsWith("inf")) {
                boolean whole = rest.equals("inf") || rest.equals("infinity");
                return whole ? new LongDouble(null, sign) : null;
            }
            if (rest.startsWith("nan")) {
                return null; // NaN in any spelling is refused (string2ld's isnan)
            }
            LongDouble v;
            if (rest.startsWith("0x") && isHexMantissa(rest, 2)) {
                p += 2;
                v = hex();
            } else {
                v = decimal();
            }
            if (v == null || p != s.length()) {
                return null;
            }
            return sign < 0 && v.value != null ? new LongDouble(v.value.negate(), 0) : v;
        }

        private static boolean isHexMantissa(String r, int at) {
            if (at < r.length() && Character.digit(r.charAt(at), 16) >= 0) {
                return true;
            }
            return at + 1 < r.length() && r.charAt(at) == '.' && Character.digit(r.charAt(at + 1), 16) >= 0;
        }

        private LongDouble decimal() {
            StringBuilder digits = new StringBuilder();
            int fractionDigits = 0;
            boolean any = false;
            while (p < s.length() && isDigit(s.charAt(p))) {
                digits.append(s.charAt(p++));
                any = true;
            }
            if (p < s.length() && s.charAt(p) == '.') {
                p++;
                while (p < s.length() && isDigit(s.charAt(p))) {
                    digits.append(s.charAt(p++));
                    fractionDigits++;
                    any = true;
                }
            }
            if (!any) {
                return null;
            }
            long exponent = exponent('e');
            BigInteger unscaled = new BigInteger(digits.toString());
            if (unscaled.signum() == 0) {
                return ZERO;
            }
            // decimal exponent of the leading digit, to refuse huge exponents before computing 10^them
            long leading = exponent - fractionDigits + unscaled.toString().length() - 1;
            if (leading > MAX_DECIMAL_EXPONENT) {
                return null; // overflow: HUGE_VALL with ERANGE
            }
            if (leading < MIN_DECIMAL_EXPONENT) {
                return null; // underflow to zero with ERANGE
            }
            LongDouble v = round(new BigDecimal(unscaled, Math.toIntExact(fractionDigits - exponent)));
            return refuseRangeErrors(v);
        }

        private LongDouble hex() {
            BigInteger mantissa = BigInteger.ZERO;
            long binaryExponent = 0;
            while (p < s.length() && Character.digit(s.charAt(p), 16) >= 0) {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s.charAt(p++), 16)));
            }
            if (p < s.length() && s.charAt(p) == '.') {
                p++;
                while (p < s.length() && Character.digit(s.charAt(p), 16) >= 0) {
                    mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s.charAt(p++), 16)));
                    binaryExponent -= 4;
                }
            }
            binaryExponent += exponent('p');
            if (mantissa.signum() == 0) {
                return ZERO;
            }
            long leading = mantissa.bitLength() - 1 + binaryExponent;
            if (leading > MAX_LEADING_BIT) {
                return null;
            }
            if (leading < MIN_EXPONENT - 1) {
                return null;
            }
            BigDecimal exact = binaryExponent >= 0
                    ? new BigDecimal(mantissa.shiftLeft((int) binaryExponent))
                    : new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow((int) -binaryExponent)),
                            (int) -binaryExponent);
            return refuseRangeErrors(round(exact));
        }

        /** strtold's ERANGE cases that string2ld refuses: an infinite or a zero result. */
        private static LongDouble refuseRangeErrors(LongDouble v) {
            return !v.isFinite() || v.value.signum() == 0 ? null : v;
        }

        /**
         * An exponent part ({@code e} or {@code p}, optional sign, digits), or 0 when there is none;
         * a marker without digits is left unread, as strtold leaves it. Saturates far beyond any
         * meaningful exponent instead of overflowing.
         */
        private long exponent(char marker) {
            if (p >= s.length() || Character.toLowerCase(s.charAt(p)) != marker) {
                return 0;
            }
            int q = p + 1;
            int sign = 1;
            if (q < s.length() && (s.charAt(q) == '+' || s.charAt(q) == '-')) {
                sign = s.charAt(q) == '-' ? -1 : 1;
                q++;
            }
            if (q >= s.length() || !isDigit(s.charAt(q))) {
                return 0;
            }
            long e = 0;
            while (q < s.length() && isDigit(s.charAt(q))) {
                e = Math.min(e * 10 + (s.charAt(q++) - '0'), 1_000_000_000L);
            }
            p = q;
            return sign * e;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
