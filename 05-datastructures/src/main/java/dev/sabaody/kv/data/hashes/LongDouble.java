package dev.sabaody.kv.data.hashes;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The x87 80-bit {@code long double} that Redis's HINCRBYFLOAT and INCRBYFLOAT compute in, emulated
 * exactly, so that their replies are the same bytes as Redis's on x86-64.
 *
 * <h2>Why not a Java double</h2>
 * Redis parses both numbers with {@code strtold}, adds them in 80-bit extended precision (a 64-bit
 * significand, 15-bit exponent), and prints the sum with {@code "%.17Lf"} before trimming trailing
 * zeros ({@code ld2string}, LD_STR_HUMAN, util.c). A double has 53 bits of significand and a range
 * up to 1.8e308: {@code HINCRBYFLOAT h f 1e400} is valid in Redis and prints 401 digits;
 * {@code 1e20 + 1.5} is exactly 100000000000000000001.5 in a double but rounds to 1e20 in a long
 * double; 123456789.123456789 prints as 123456789.12345678899873747 only from the 64-bit value.
 *
 * <h2>How</h2>
 * A value is {@code ±significand * 2^exponent} with a significand below 2^64, or an infinity.
 * Every operation is done exactly on big integers and rounded once, to nearest with ties to even,
 * into that format (normal numbers down to 2^-16382, subnormals down to 2^-16445, overflow to
 * infinity): exactly what glibc's correctly rounded {@code strtold} and the FPU's addition do.
 * Printing converts the exact binary value to 17 decimals, ties to even, as glibc's printf does.
 *
 * <p>This is slow next to hardware arithmetic (microseconds, not nanoseconds), and HINCRBYFLOAT is
 * not a hot command: byte-exact replies were worth it.
 */
final class LongDouble {

    /** util.h MAX_LONG_DOUBLE_CHARS: longer strings are not numbers to string2ld (bytes). */
    static final int MAX_LONG_DOUBLE_CHARS = 5 * 1024;
    /** Bits of the x87 extended significand (explicit integer bit). */
    private static final int SIGNIFICAND_BITS = 64;
    /** LDBL_MIN_EXP - 1: the exponent of the smallest normal long double, 2^-16382. */
    private static final int MIN_EXPONENT = -16382;
    /** LDBL_MAX_EXP - 1: the largest long double is just under 2^16384. */
    private static final int MAX_EXPONENT = 16383;
    /** Decimals printed by "%.17Lf" (ld2string LD_STR_HUMAN). */
    private static final int HUMAN_DECIMALS = 17;
    private static final BigInteger TEN_POW_17 = BigInteger.TEN.pow(HUMAN_DECIMALS);

    static final LongDouble ZERO = new LongDouble(false, BigInteger.ZERO, 0, false);

    final boolean negative;
    /** Below 2^64; zero for zero. */
    private final BigInteger significand;
    private final int exponent;
    final boolean infinite;

    private LongDouble(boolean negative, BigInteger significand, int exponent, boolean infinite) {
        this.negative = negative;
        this.significand = significand;
        this.exponent = exponent;
        this.infinite = infinite;
    }

    static LongDouble of(long value) {
        return value == 0 ? ZERO : new LongDouble(value < 0, BigInteger.valueOf(value).abs(), 0, false);
    }

    boolean isZero() {
        return !infinite && significand.signum() == 0;
    }

    // ---------------------------------------------------------------- rounding

    /** The long double nearest to {@code ±num/den} (both positive), ties to even; infinity on overflow. */
    private static LongDouble round(boolean negative, BigInteger num, BigInteger den) {
        if (num.signum() == 0) {
            return new LongDouble(negative, BigInteger.ZERO, 0, false);
        }
        // e = floor(log2(num/den))
        int e = num.bitLength() - den.bitLength();
        if (compareScaled(num, den, e) < 0) {
            e--;
        }
        if (e > MAX_EXPONENT) {
            return infinity(negative);
        }
        int lsb = Math.max(e, MIN_EXPONENT) - (SIGNIFICAND_BITS - 1);
        BigInteger n = lsb < 0 ? num.shiftLeft(-lsb) : num;
        BigInteger d = lsb > 0 ? den.shiftLeft(lsb) : den;
        BigInteger[] qr = n.divideAndRemainder(d);
        BigInteger m = qr[0];
        int half = qr[1].shiftLeft(1).compareTo(d);
        if (half > 0 || (half == 0 && m.testBit(0))) {
            m = m.add(BigInteger.ONE);
        }
        if (m.bitLength() > SIGNIFICAND_BITS) {
            m = m.shiftRight(1);
            lsb++;
        }
        if (lsb + SIGNIFICAND_BITS - 1 > MAX_EXPONENT) {
            return infinity(negative);
        }
        return new LongDouble(negative, m, lsb, false);
    }

    /** Compares num/den with 2^e. */
    private static int compareScaled(BigInteger num, BigInteger den, int e) {
        return e >= 0 ? num.compareTo(den.shiftLeft(e)) : num.shiftLeft(-e).compareTo(den);
    }

    private static LongDouble infinity(boolean negative) {
        return new LongDouble(negative, BigInteger.ZERO, 0, true);
    }

    // ---------------------------------------------------------------- arithmetic

    /** The correctly rounded sum, as the FPU's {@code fadd} in extended precision gives it. */
    LongDouble add(LongDouble other) {
        if (infinite || other.infinite) {
            if (infinite && other.infinite && negative != other.negative) {
                return null; // inf - inf: NaN; callers reject NaN and infinity alike
            }
            return infinite ? this : other;
        }
        if (isZero()) {
            return other.isZero() ? new LongDouble(negative && other.negative, BigInteger.ZERO, 0, false) : other;
        }
        if (other.isZero()) {
            return this;
        }
        int low = Math.min(exponent, other.exponent);
        BigInteger a = significand.shiftLeft(exponent - low);
        BigInteger b = other.significand.shiftLeft(other.exponent - low);
        BigInteger sum = (negative ? a.negate() : a).add(other.negative ? b.negate() : b);
        // An exact zero sum is +0 in round-to-nearest.
        BigInteger num = sum.abs();
        BigInteger den = BigInteger.ONE;
        if (low < 0) {
            den = BigInteger.ONE.shiftLeft(-low);
        } else {
            num = num.shiftLeft(low);
        }
        return round(sum.signum() < 0, num, den);
    }

    // ---------------------------------------------------------------- printing

    /**
     * ld2string(LD_STR_HUMAN): {@code "%.17Lf"}, trailing zeros and a bare point removed, "-0" as "0".
     * Infinities are the caller's business (HINCRBYFLOAT refuses them before printing).
     */
    String toHumanString() {
        BigInteger scaled; // |value| * 10^17, rounded to an integer, ties to even
        if (exponent >= 0) {
            scaled = significand.shiftLeft(exponent).multiply(TEN_POW_17);
        } else {
            BigInteger n = significand.multiply(TEN_POW_17);
            BigInteger q = n.shiftRight(-exponent);
            BigInteger rem = n.subtract(q.shiftLeft(-exponent));
            int half = rem.shiftLeft(1).compareTo(BigInteger.ONE.shiftLeft(-exponent));
            if (half > 0 || (half == 0 && q.testBit(0))) {
                q = q.add(BigInteger.ONE);
            }
            scaled = q;
        }
        BigInteger[] parts = scaled.divideAndRemainder(TEN_POW_17);
        StringBuilder sb = new StringBuilder();
        if (negative) {
            sb.append('-');
        }
        sb.append(parts[0]);
        String fraction = parts[1].toString();
        int end = fraction.length();
        while (end > 0 && fraction.charAt(end - 1) == '0') {
            end--;
        }
        if (end > 0) {
            sb.append('.');
            sb.repeat('0', HUMAN_DECIMALS - fraction.length());
            sb.append(fraction, 0, end);
        }
        String s = sb.toString();
        return s.equals("-0") ? "0" : s;
    }

    byte[] toHumanBytes() {
        return toHumanString().getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Redis's {@code string2ld}: {@code strtold} over the whole string, which must not start with
     * white space and must be used up. Rejects NaN, and overflow or underflow to zero (ERANGE), but
     * accepts "inf" and subnormals. Returns null when {@code s} is not a long double. Every byte must
     * be used: 7.0 checks that strtold stopped at the end of the string, so a NUL inside is refused.
     */
    static LongDouble parse(byte[] s) {
        if (s.length == 0 || s.length >= MAX_LONG_DOUBLE_CHARS || isSpace(s[0])) {
            return null;
        }
        return new Parser(s, s.length).parse();
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /** strtold's grammar: [sign] (decimal | 0x hex | inf | infinity | nan), to the end. */
    private static final class Parser {
        /** Decimal exponents beyond these are certainly out of range (1e4933 overflows, 1e-4952 is 0). */
        private static final int DECIMAL_EXPONENT_LIMIT = 5000;
        /** The same for binary exponents (2^16384 overflows, 2^-16446 rounds to 0). */
        private static final int BINARY_EXPONENT_LIMIT = 17000;

        private final byte[] s;
        private final int end;
        private int p;

        Parser(byte[] s, int end) {
            this.s = s;
            this.end = end;
        }

        LongDouble parse() {
            boolean negative = false;
            if (s[p] == '+' || s[p] == '-') {
                negative = s[p] == '-';
                p++;
            }
            if (matchWord("infinity") || matchWord("inf")) {
                return p == end ? infinity(negative) : null;
            }
            if (matchWord("nan")) {
                return null;
            }
            if (p + 1 < end && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X') && hasHexDigitAfterPrefix()) {
                p += 2;
                return hex(negative);
            }
            return decimal(negative);
        }

        private boolean matchWord(String word) {
            if (end - p < word.length()) {
                return false;
            }
            for (int i = 0; i < word.length(); i++) {
                int c = s[p + i] | 0x20;
                if (c != word.charAt(i)) {
                    return false;
                }
            }
            p += word.length();
            return true;
        }

        private boolean hasHexDigitAfterPrefix() {
            int q = p + 2;
            if (q < end && hexDigit(s[q]) >= 0) {
                return true;
            }
            return q + 1 < end && s[q] == '.' && hexDigit(s[q + 1]) >= 0;
        }

        private LongDouble decimal(boolean negative) {
            StringBuilder digits = new StringBuilder();
            int fractionDigits = 0;
            boolean any = false;
            while (p < end && isDigit(s[p])) {
                digits.append((char) s[p++]);
                any = true;
            }
            if (p < end && s[p] == '.') {
                p++;
                while (p < end && isDigit(s[p])) {
                    digits.append((char) s[p++]);
                    fractionDigits++;
                    any = true;
                }
            }
            if (!any) {
                return null;
            }
            long exp = exponent('e', 'E');
            if (p != end) {
                return null;
            }
            BigInteger mantissa = new BigInteger(digits.toString());
            if (mantissa.signum() == 0) {
                return new LongDouble(negative, BigInteger.ZERO, 0, false);
            }
            long scale = exp - fractionDigits;
            int significantDigits = mantissa.toString().length();
            if (scale + significantDigits > DECIMAL_EXPONENT_LIMIT) {
                return null; // overflow: ERANGE with HUGE_VALL
            }
            if (scale + significantDigits < -DECIMAL_EXPONENT_LIMIT) {
                return null; // underflow to zero: ERANGE with 0
            }
            LongDouble v = scale >= 0
                    ? round(negative, mantissa.multiply(BigInteger.TEN.pow((int) scale)), BigInteger.ONE)
                    : round(negative, mantissa, BigInteger.TEN.pow((int) -scale));
            return v.infinite || v.isZero() ? null : v;
        }

        private LongDouble hex(boolean negative) {
            BigInteger mantissa = BigInteger.ZERO;
            int fractionDigits = 0;
            while (p < end && hexDigit(s[p]) >= 0) {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(hexDigit(s[p++])));
            }
            if (p < end && s[p] == '.') {
                p++;
                while (p < end && hexDigit(s[p]) >= 0) {
                    mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(hexDigit(s[p++])));
                    fractionDigits++;
                }
            }
            long exp = exponent('p', 'P');
            if (p != end) {
                return null;
            }
            if (mantissa.signum() == 0) {
                return new LongDouble(negative, BigInteger.ZERO, 0, false);
            }
            long binary = exp - 4L * fractionDigits;
            long top = binary + mantissa.bitLength();
            if (top > BINARY_EXPONENT_LIMIT || top < -BINARY_EXPONENT_LIMIT) {
                return null;
            }
            LongDouble v = binary >= 0
                    ? round(negative, mantissa.shiftLeft((int) binary), BigInteger.ONE)
                    : round(negative, mantissa, BigInteger.ONE.shiftLeft((int) -binary));
            return v.infinite || v.isZero() ? null : v;
        }

        /** An optional exponent part; leaves {@code p} before the letter when no digits follow it. */
        private long exponent(char lower, char upper) {
            if (p >= end || (s[p] != lower && s[p] != upper)) {
                return 0;
            }
            int q = p + 1;
            boolean negative = false;
            if (q < end && (s[q] == '+' || s[q] == '-')) {
                negative = s[q] == '-';
                q++;
            }
            if (q >= end || !isDigit(s[q])) {
                return 0;
            }
            long value = 0;
            while (q < end && isDigit(s[q])) {
                value = Math.min(value * 10 + (s[q] - '0'), 1_000_000_000L); // saturate: far out of range anyway
                q++;
            }
            p = q;
            return negative ? -value : value;
        }

        private static boolean isDigit(byte b) {
            return b >= '0' && b <= '9';
        }

        private static int hexDigit(byte b) {
            if (b >= '0' && b <= '9') {
                return b - '0';
            }
            int c = b | 0x20;
            return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        }
    }
}
