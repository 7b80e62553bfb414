package dev.sabaody.kv.server.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Text to number as C reads it, which is how Redis's Lua 5.1 reads it: {@code strtod} for
 * {@code tonumber(s)} (luaO_str2d) and for lua_cjson's number tokens, {@code strtoul} for
 * {@code tonumber(s, base)}. LuaJ's own reading differs (no {@code inf}, {@code nan}, hexadecimal
 * fractions or exponents, and "1e" throws out of the VM), so Lua 5.1's {@code tonumber} is ours.
 */
final class LuaNumbers {

    private LuaNumbers() {
    }

    /**
     * The bits of a NaN read from text: a payload Java's arithmetic never makes, so that
     * {@link LuaFormat} prints it "nan" as C does, and every other NaN "-nan" as x86 arithmetic makes them.
     */
    static final long PARSED_NAN_BITS = 0x7ff8000000000001L;

    /** What {@link #strtod} read: the value, and where reading stopped ({@code from} when nothing was read). */
    record Read(double value, int end) {
    }

    /** glibc's strtod from {@code from}: leading spaces, a sign, then inf, nan, hexadecimal or decimal. */
    static Read strtod(byte[] s, int from) {
        int p = from;
        while (p < s.length && isSpace(s[p])) {
            p++;
        }
        boolean negative = false;
        if (p < s.length && (s[p] == '+' || s[p] == '-')) {
            negative = s[p] == '-';
            p++;
        }
        if (word(s, p, "infinity")) {
            return new Read(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, p + 8);
        }
        if (word(s, p, "inf")) {
            return new Read(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, p + 3);
        }
        if (word(s, p, "nan")) {
            int end = p + 3;
            if (end < s.length && s[end] == '(') { // nan(n-char-sequence)
                int close = end + 1;
                while (close < s.length && (Character.isLetterOrDigit(s[close]) || s[close] == '_')) {
                    close++;
                }
                if (close < s.length && s[close] == ')') {
                    end = close + 1;
                }
            }
            return new Read(negative ? Double.longBitsToDouble(PARSED_NAN_BITS | Long.MIN_VALUE) : Double.longBitsToDouble(PARSED_NAN_BITS), end);
        }
        if (p + 1 < s.length && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X')) {
            Read hex = hexFloat(s, p + 2, negative);
            if (hex != null) {
                return hex;
            }
            return new Read(negative ? -0.0 : 0.0, p + 1); // "0x" with no digit: the 0 alone
        }
        int start = p;
        int digits = 0;
        while (p < s.length && isDigit(s[p])) {
            p++;
            digits++;
        }
        if (p < s.length && s[p] == '.') {
            p++;
            while (p < s.length && isDigit(s[p])) {
                p++;
                digits++;
            }
        }
        if (digits == 0) {
            return new Read(0, from);
        }
        if (p < s.length && (s[p] == 'e' || s[p] == 'E')) {
            int e = p + 1;
            if (e < s.length && (s[e] == '+' || s[e] == '-')) {
                e++;
            }
            if (e < s.length && isDigit(s[e])) {
                while (e < s.length && isDigit(s[e])) {
                    e++;
                }
                p = e;
            }
        }
        double v = Double.parseDouble(new String(s, start, p - start, java.nio.charset.StandardCharsets.US_ASCII));
        return new Read(negative ? -v : v, p);
    }

    /** A C99 hexadecimal float after "0x": hex digits, a fraction, an optional binary exponent; null if no digit. */
    private static Read hexFloat(byte[] s, int p, boolean negative) {
        double v = 0;
        int digits = 0;
        int fractionDigits = 0;
        while (p < s.length && Character.digit(s[p], 16) >= 0) {
            v = v * 16 + Character.digit(s[p++], 16);
            digits++;
        }
        if (p < s.length && s[p] == '.') {
            int q = p + 1;
            while (q < s.length && Character.digit(s[q], 16) >= 0) {
                v = v * 16 + Character.digit(s[q++], 16);
                fractionDigits++;
            }
            if (digits + fractionDigits > 0) {
                p = q;
            }
        }
        if (digits + fractionDigits == 0) {
            return null;
        }
        int exponent = -4 * fractionDigits;
        if (p < s.length && (s[p] == 'p' || s[p] == 'P')) {
            int e = p + 1;
            boolean minus = false;
            if (e < s.length && (s[e] == '+' || s[e] == '-')) {
                minus = s[e] == '-';
                e++;
            }
            if (e < s.length && isDigit(s[e])) {
                int x = 0;
                while (e < s.length && isDigit(s[e])) {
                    x = Math.min(100_000, x * 10 + (s[e++] - '0'));
                }
                exponent += minus ? -x : x;
                p = e;
            }
        }
        v = v * Math.pow(2, exponent);
        return new Read(negative ? -v : v, p);
    }

    /** Lua 5.1's tonumber(e [, base]) (luaB_tonumber): nil for what does not read whole as a number. */
    static VarArgFunction tonumberFunction() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                int base = args.isnoneornil(2) ? 10 : args.checkint(2);
                LuaValue e = args.arg1();
                if (base == 10) {
                    if (args.narg() == 0) {
                        throw new LuaError("bad argument #1 to 'tonumber' (value expected)");
                    }
                    if (e.type() == LuaValue.TNUMBER) {
                        return e;
                    }
                    return e.type() == LuaValue.TSTRING ? str2d(LuaReplies.bytes(e)) : LuaValue.NIL;
                }
                byte[] s = LuaReplies.bytes(args.checkstring(1));
                if (base < 2 || base > 36) {
                    throw new LuaError("bad argument #2 to 'tonumber' (base out of range)");
                }
                return strtoul(s, base);
            }
        };
    }

    /** luaO_str2d: strtod, then nothing but spaces after it. */
    private static LuaValue str2d(byte[] s) {
        Read r = strtod(s, 0);
        if (r.end() == 0) {
            return LuaValue.NIL;
        }
        return onlySpacesFrom(s, r.end()) ? LuaValue.valueOf(r.value()) : LuaValue.NIL;
    }

    /** strtoul(s, base) with luaB_tonumber's checks: a digit at least, then only spaces; wraps as unsigned. */
    private static LuaValue strtoul(byte[] s, int base) {
        int p = 0;
        while (p < s.length && isSpace(s[p])) {
            p++;
        }
        boolean negative = false;
        if (p < s.length && (s[p] == '+' || s[p] == '-')) {
            negative = s[p] == '-';
            p++;
        }
        if (base == 16 && p + 2 < s.length && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X')
                && Character.digit(s[p + 2], 16) >= 0) {
            p += 2;
        }
        int start = p;
        java.math.BigInteger n = java.math.BigInteger.ZERO;
        java.math.BigInteger b = java.math.BigInteger.valueOf(base);
        while (p < s.length && Character.digit(s[p], base) >= 0) {
            n = n.multiply(b).add(java.math.BigInteger.valueOf(Character.digit(s[p++], base)));
        }
        if (p == start || !onlySpacesFrom(s, p)) {
            return LuaValue.NIL;
        }
        java.math.BigInteger max = java.math.BigInteger.ONE.shiftLeft(64);
        if (n.compareTo(max) >= 0) {
            n = max.subtract(java.math.BigInteger.ONE); // ULONG_MAX on overflow
        } else if (negative) {
            n = max.subtract(n).mod(max);
        }
        return LuaValue.valueOf(n.doubleValue());
    }

    private static boolean onlySpacesFrom(byte[] s, int p) {
        while (p < s.length && isSpace(s[p])) {
            p++;
        }
        return p == s.length;
    }

    private static boolean word(byte[] s, int p, String w) {
        if (p + w.length() > s.length) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            if (Character.toLowerCase(s[p + i]) != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** C's isspace in the C locale. */
    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
