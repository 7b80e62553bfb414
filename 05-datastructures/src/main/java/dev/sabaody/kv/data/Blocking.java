package dev.sabaody.kv.data;

import dev.sabaody.kv.resp.CommandContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;

/**
 * What a blocking command (BLPOP, BLMOVE, BZPOPMIN, ...) calls when it finds nothing to serve:
 * {@link #block} writes no reply and asks the runner to park the client on its keys. The runner
 * then retries the whole command when one of the keys is created, and answers the timeout reply
 * when the time runs out (see {@link BlockedClients}).
 *
 * <p>Inside MULTI/EXEC a command must not block (blocked.c: CLIENT_DENY_BLOCKING): {@link #block}
 * then answers at once as if the timeout had passed.
 */
public final class Blocking {

    /** What a timed-out blocking command answers. */
    public enum TimeoutReply {
        /** BLPOP, BRPOP, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP: {@code *-1} (RESP3 {@code _}). */
        NULL_ARRAY,
        /** BLMOVE, BRPOPLPUSH: {@code $-1} (RESP3 {@code _}). */
        NULL_BULK
    }

    private Blocking() {
    }

    /**
     * Parks the client on {@code keys} (of its selected database) for {@code timeoutMillis}
     * milliseconds, 0 meaning for ever. The command writes no reply of its own.
     */
    public static void block(CommandContext<? extends Db> ctx, List<byte[]> keys, long timeoutMillis,
                             TimeoutReply onTimeout) {
        Keyspace keyspace = ctx.db().keyspace();
        if (keyspace.blockingDenied()) {
            writeTimeoutReply(ctx, onTimeout);
            return;
        }
        keyspace.requestBlock(new Keyspace.BlockRequest(ctx.client().db(), keys, timeoutMillis, onTimeout));
        ctx.blocking();
    }

    /**
     * When the command is being retried because one of its keys became ready, the index (among
     * {@code first..last} of its arguments) of that key; otherwise -1. A blocking command then serves
     * from that key only, or blocks again if it does not hold the type it pops (Redis 7.0 serves a
     * woken client from the key that became ready, never from another of its keys).
     */
    public static int servingIndex(CommandContext<? extends Db> ctx, int first, int last) {
        byte[] key = ctx.db().keyspace().blocked().servingKey(ctx.client().db());
        if (key == null) {
            return -1;
        }
        for (int i = first; i <= last; i++) {
            if (ctx.argv().length(i) == key.length && java.util.Arrays.equals(ctx.argv().copy(i), key)) {
                return i;
            }
        }
        return -1;
    }

    public static void writeTimeoutReply(CommandContext<?> ctx, TimeoutReply onTimeout) {
        if (onTimeout == TimeoutReply.NULL_ARRAY) {
            ctx.reply().nullArray();
        } else {
            ctx.reply().nullBulk();
        }
    }

    /** Errors of getTimeoutFromObjectOrReply (timeout.c). */
    static final String TIMEOUT_NOT_A_FLOAT = "timeout is not a float or out of range";
    static final String TIMEOUT_NEGATIVE = "timeout is negative";

    /**
     * Past this many milliseconds (about ten years) a timeout waits for ever. Redis adds the timeout
     * to the clock and even lets that sum overflow; the loop's timers count nanoseconds, which a
     * timeout of centuries would overflow. No client can tell ten years from for ever.
     */
    static final long FOREVER_BEYOND_MILLIS = 10L * 365 * 24 * 3600 * 1000;

    /**
     * The timeout argument {@code i}, in seconds with decimals, as milliseconds; 0 means for ever.
     * Returns -1 after writing Redis's error when it is not valid.
     *
     * <p>Redis 7.0.15 (getTimeoutFromObjectOrReply, timeout.c) reads the text as a C long double
     * ({@link TimeoutText}: strtold's grammar, hexadecimal and "inf" included), multiplies by 1000,
     * rounds up ({@code ceill}: 0.0001 waits 1 ms) and converts to a 64-bit integer. So a tiny
     * negative such as -0.0001 rounds up to 0 and waits for ever, and a value whose milliseconds do
     * not fit in 64 bits, infinity included, becomes LLONG_MIN on x86-64 and is "timeout is negative".
     */
    public static long parseTimeoutSeconds(CommandContext<?> ctx, int i) {
        long millis = TimeoutText.millis(ctx.argv().copy(i));
        if (millis == TimeoutText.NOT_A_FLOAT) {
            ctx.reply().error(TIMEOUT_NOT_A_FLOAT);
            return -1;
        }
        if (millis < 0) {
            ctx.reply().error(TIMEOUT_NEGATIVE);
            return -1;
        }
        return millis > FOREVER_BEYOND_MILLIS ? 0 : millis;
    }

    /**
     * The text of a timeout as Redis 7.0.15 reads it: string2ld (util.c), then {@code ceill(x * 1000)}
     * converted to long long. string2ld takes what strtold(3) takes in the C locale, whole:
     * <pre>
     *   [+-] ( digits [. digits] [e [+-] digits]        decimal, at least one digit
     *        | 0x hexdigits [. hexdigits] [p [+-] digits]  hexadecimal, p is a power of two
     *        | inf | infinity | nan [( chars )] )      any case
     * </pre>
     * and refuses leading white space, anything left over (a NUL byte included), NaN, overflow past
     * the long double range and underflow to zero.
     *
     * <h2>Why emulate 80-bit arithmetic</h2>
     * The rounding shows: strtold("0.001") is a hair below 0.001, and times 1000 it stays below 1 in
     * the x87's 64-bit mantissa. So "-0.001" becomes ceil(-0.99999...) = 0, a timeout of for ever,
     * while "-0.0019" is -1 and an error; exact decimal arithmetic would call both negative. The value
     * is therefore rounded as the x87 rounds (to nearest, ties to even, 64 significant bits) after
     * parsing and again after the product, then ceiled.
     */
    static final class TimeoutText {

        /** util.h MAX_LONG_DOUBLE_CHARS: string2ld refuses a text this long or longer (bytes). */
        static final int MAX_LONG_DOUBLE_CHARS = 5 * 1024;
        /** What {@link #millis} answers when the text is not a valid long double. */
        static final long NOT_A_FLOAT = Long.MIN_VALUE + 1;
        /** (long long) of a value out of range, and of infinity, on x86-64: the "integer indefinite". */
        static final long LLONG_INDEFINITE = Long.MIN_VALUE;
        /** Significant bits of an x87 long double. */
        static final int LDBL_MANT_DIG = 64;

        /** strtold overflows at LDBL_MAX plus half an ulp: (2^65 - 1) * 2^16319. */
        private static final int LDBL_OVERFLOW_EXP2 = 16319;
        /** strtold underflows to zero at half the smallest subnormal and below: 2^-16446. */
        private static final int LDBL_UNDERFLOW_EXP2 = -16446;

        private TimeoutText() {
        }

        static long millis(byte[] text) {
            if (text.length == 0 || text.length >= MAX_LONG_DOUBLE_CHARS || isSpace(text[0])) {
                return NOT_A_FLOAT;
            }
            for (byte b : text) {
                if (b == 0) {
                    return NOT_A_FLOAT;
                }
            }
            String s = new String(text, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .toLowerCase(java.util.Locale.ROOT);
            int p = 0;
            boolean negative = false;
            if (s.charAt(0) == '+' || s.charAt(0) == '-') {
                negative = s.charAt(0) == '-';
                p++;
            }
            String rest = s.substring(p);
            if (rest.equals("inf") || rest.equals("infinity")) {
                return LLONG_INDEFINITE;
            }
            BigDecimal magnitude = rest.startsWith("0x") && rest.length() > 2 && startsHexDigits(rest, 2)
                    ? hex(rest)
                    : decimal(rest);
            if (magnitude == null) {
                return NOT_A_FLOAT; // "nan" lands here too: Redis refuses NaN
            }
            if (magnitude.signum() == 0) {
                return 0;
            }
            if (outOfLongDoubleRange(magnitude)) {
                return NOT_A_FLOAT;
            }
            long order = (long) magnitude.precision() - magnitude.scale() - 1;
            if (order >= 20) {
                return LLONG_INDEFINITE; // over 1e23 ms: no rounding brings it back under 2^63
            }
            if (order <= -30) {
                return negative ? 0 : 1; // a sliver of a millisecond: ceil gives 1, or -0
            }
            // The x87: round the parsed value, multiply by 1000, round again, then ceill.
            BigInteger[] parsed = roundToLongDouble(magnitude);
            BigInteger[] product = roundBits(parsed[0].multiply(BigInteger.valueOf(1000)), parsed[1].intValueExact());
            BigInteger mantissa = product[0];
            int exp2 = product[1].intValueExact();
            BigInteger ceiled;
            if (exp2 >= 0) {
                BigInteger whole = mantissa.shiftLeft(exp2);
                ceiled = negative ? whole.negate() : whole;
            } else {
                BigInteger whole = mantissa.shiftRight(-exp2);
                boolean fraction = mantissa.getLowestSetBit() < -exp2;
                ceiled = negative ? whole.negate() : (fraction ? whole.add(BigInteger.ONE) : whole);
            }
            return ceiled.bitLength() > 63 ? LLONG_INDEFINITE : ceiled.longValue();
        }

        /** {mantissa, exponent}: {@code v} (positive) rounded to 64 significant bits, as strtold does. */
        private static BigInteger[] roundToLongDouble(BigDecimal v) {
            int e = Math.getExponent(v.doubleValue()); // floor(log2 v), give or take one
            BigDecimal low = new BigDecimal(BigInteger.ONE.shiftLeft(LDBL_MANT_DIG - 1));
            BigDecimal high = new BigDecimal(BigInteger.ONE.shiftLeft(LDBL_MANT_DIG));
            BigDecimal scaled = timesPowerOfTwo(v, LDBL_MANT_DIG - 1 - e);
            while (scaled.compareTo(low) < 0) {
                scaled = scaled.multiply(BigDecimal.TWO);
                e--;
            }
            while (scaled.compareTo(high) >= 0) {
                scaled = scaled.divide(BigDecimal.TWO);
                e++;
            }
            BigInteger m = scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
            int exp2 = e - (LDBL_MANT_DIG - 1);
            if (m.bitLength() > LDBL_MANT_DIG) {
                m = m.shiftRight(1);
                exp2++;
            }
            return new BigInteger[] {m, BigInteger.valueOf(exp2)};
        }

        /** {mantissa, exponent}: {@code m * 2^exp2} rounded to 64 significant bits, ties to even. */
        private static BigInteger[] roundBits(BigInteger m, int exp2) {
            int shift = m.bitLength() - LDBL_MANT_DIG;
            if (shift <= 0) {
                return new BigInteger[] {m, BigInteger.valueOf(exp2)};
            }
            BigInteger q = m.shiftRight(shift);
            BigInteger r = m.subtract(q.shiftLeft(shift));
            int cmp = r.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
            if (cmp > 0 || (cmp == 0 && q.testBit(0))) {
                q = q.add(BigInteger.ONE);
            }
            exp2 += shift;
            if (q.bitLength() > LDBL_MANT_DIG) {
                q = q.shiftRight(1);
                exp2++;
            }
            return new BigInteger[] {q, BigInteger.valueOf(exp2)};
        }

        private static BigDecimal timesPowerOfTwo(BigDecimal v, int k) {
            BigDecimal power = new BigDecimal(BigInteger.ONE.shiftLeft(Math.abs(k)));
            return k >= 0 ? v.multiply(power) : v.divide(power);
        }

        /** digits [. digits] [e [+-] digits], nothing after; null if not exactly that. */
        private static BigDecimal decimal(String s) {
            int p = 0;
            StringBuilder digits = new StringBuilder();
            int fraction = 0;
            while (p < s.length() && isDigit(s.charAt(p))) {
                digits.append(s.charAt(p++));
            }
            if (p < s.length() && s.charAt(p) == '.') {
                p++;
                while (p < s.length() && isDigit(s.charAt(p))) {
                    digits.append(s.charAt(p++));
                    fraction++;
                }
            }
            if (digits.isEmpty()) {
                return null;
            }
            long exponent = 0;
            if (p < s.length() && s.charAt(p) == 'e') {
                int[] at = {p + 1};
                Long e = exponent(s, at);
                if (e == null) {
                    return null; // "1e" or "1e+": strtold stops before the 'e', leaving it over
                }
                exponent = e;
                p = at[0];
            }
            if (p != s.length()) {
                return null;
            }
            return scale(new BigDecimal(new BigInteger(digits.toString())), exponent - fraction, 10);
        }

        /** 0x hexdigits [. hexdigits] [p [+-] digits]; null if not exactly that. */
        private static BigDecimal hex(String s) {
            int p = 2;
            StringBuilder digits = new StringBuilder();
            int fraction = 0;
            while (p < s.length() && isHexDigit(s.charAt(p))) {
                digits.append(s.charAt(p++));
            }
            if (p < s.length() && s.charAt(p) == '.') {
                p++;
                while (p < s.length() && isHexDigit(s.charAt(p))) {
                    digits.append(s.charAt(p++));
                    fraction++;
                }
            }
            long exponent = 0;
            if (p < s.length() && s.charAt(p) == 'p') {
                int[] at = {p + 1};
                Long e = exponent(s, at);
                if (e == null) {
                    return null;
                }
                exponent = e;
                p = at[0];
            }
            if (p != s.length()) {
                return null;
            }
            return scale(new BigDecimal(new BigInteger(digits.toString(), 16)), exponent - 4L * fraction, 2);
        }

        /** [+-] digits from at[0], saturated far beyond any long double; null when there is no digit. */
        private static Long exponent(String s, int[] at) {
            int p = at[0];
            boolean negative = false;
            if (p < s.length() && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
                negative = s.charAt(p) == '-';
                p++;
            }
            if (p >= s.length() || !isDigit(s.charAt(p))) {
                return null;
            }
            long e = 0;
            while (p < s.length() && isDigit(s.charAt(p))) {
                e = Math.min(1_000_000, e * 10 + (s.charAt(p++) - '0'));
            }
            at[0] = p;
            return negative ? -e : e;
        }

        /** mantissa * base^exponent, exactly; far out of range collapses to a value still out of range. */
        private static BigDecimal scale(BigDecimal mantissa, long exponent, int base) {
            if (mantissa.signum() == 0) {
                return mantissa;
            }
            long bound = base == 10 ? 10_000 : 40_000;
            int e = (int) Math.max(-bound, Math.min(bound, exponent));
            return base == 10 ? mantissa.scaleByPowerOfTen(e) : timesPowerOfTwo(mantissa, e);
        }

        private static boolean outOfLongDoubleRange(BigDecimal magnitude) {
            // Cheap decimal order first; the exact powers of two only near the edges.
            long order = (long) magnitude.precision() - magnitude.scale() - 1;
            if (order > 4950 || order < -4970) {
                return true;
            }
            if (order < 4920 && order > -4940) {
                return false;
            }
            BigDecimal overflow = new BigDecimal(
                    BigInteger.TWO.pow(65).subtract(BigInteger.ONE).shiftLeft(LDBL_OVERFLOW_EXP2));
            if (magnitude.compareTo(overflow) >= 0) {
                return true;
            }
            return magnitude.compareTo(timesPowerOfTwo(BigDecimal.ONE, LDBL_UNDERFLOW_EXP2)) <= 0;
        }

        private static boolean startsHexDigits(String s, int at) {
            return isHexDigit(s.charAt(at))
                    || (s.charAt(at) == '.' && at + 1 < s.length() && isHexDigit(s.charAt(at + 1)));
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isHexDigit(char c) {
            return isDigit(c) || (c >= 'a' && c <= 'f');
        }

        /** C's isspace in the C locale. */
        private static boolean isSpace(byte b) {
            return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
        }
    }
}
