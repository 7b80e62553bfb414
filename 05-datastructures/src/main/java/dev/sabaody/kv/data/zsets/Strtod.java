package dev.sabaody.kv.data.zsets;

import java.nio.charset.StandardCharsets;

/**
 * Doubles read the way Redis reads them, with C's {@code strtod}: which inputs are numbers decides
 * which replies are errors, so the rules must be C's, not {@code Double.parseDouble}'s (which trims
 * spaces, accepts "NaN", "Infinity" only in that case, a trailing 'd', and rejects "inf" and "0x10").
 *
 * <ul>
 *   <li>{@link #parse}: getDoubleFromObject (object.c), for scores, increments, weights, coordinates:
 *       the whole argument must be a number, no leading space, no NaN, and an overflow to infinity
 *       or an underflow to zero ({@code ERANGE}) is an error.
 *   <li>{@link #prefix}: bare {@code strtod}, for score ranges (zslParseRange), which only ask that
 *       the number run to the end: leading spaces, the empty string (0) and overflow are accepted.
 *   <li>{@link #sortWeight}: SORT's weights, strtod over a C string with errno checked.
 * </ul>
 */
public final class Strtod {

    /** What {@link #prefix} read: the value and the index just after the number (start if none). */
    record Parsed(double value, int end, boolean rangeError) {
    }

    private Strtod() {
    }

    /**
     * getDoubleFromObject: the double {@code text} spells, or NaN when Redis would answer "is not a
     * valid float" (NaN is never a valid result, so it can mark failure).
     */
    public static double parse(byte[] text) {
        if (text.length == 0 || isSpace(text[0])) {
            return Double.NaN;
        }
        Parsed p = prefix(text, 0);
        if (p.end != text.length || p.rangeError || Double.isNaN(p.value)) {
            return Double.NaN;
        }
        return p.value;
    }

    /**
     * SORT's reading of a weight (sortCommandGeneric): {@code strtod} over the value as a C string,
     * which must be read to its end (its first NUL byte, if any), and neither NaN nor out of range.
     * Unlike {@link #parse}, leading white space is skipped and the empty string reads as 0. NaN when
     * SORT would answer "One or more scores can't be converted into double".
     */
    public static double sortWeight(byte[] value) {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        byte[] text = end == value.length ? value : java.util.Arrays.copyOf(value, end);
        Parsed p = prefix(text, 0);
        if (p.end != text.length || p.rangeError || Double.isNaN(p.value)) {
            return Double.NaN;
        }
        // glibc also sets ERANGE for a result below the normal range that is inexact, which a decimal
        // one always is in practice: "1e-310" fails SORT (getDoubleFromObject, which ZADD uses,
        // forgives that case). A hexadecimal subnormal such as 0x1p-1074 is exact and passes.
        if (p.value != 0 && Math.abs(p.value) < Double.MIN_NORMAL && !spellsHex(text)) {
            return Double.NaN;
        }
        return p.value;
    }

    /** Whether {@code text} spells a hexadecimal float (after white space and a sign). */
    private static boolean spellsHex(byte[] text) {
        int i = 0;
        while (i < text.length && isSpace(text[i])) {
            i++;
        }
        if (i < text.length && (text[i] == '+' || text[i] == '-')) {
            i++;
        }
        return i + 1 < text.length && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X');
    }

    /** C's strtod from {@code from}: skips white space, reads the longest number it can. */
    static Parsed prefix(byte[] s, int from) {
        int i = from;
        while (i < s.length && isSpace(s[i])) {
            i++;
        }
        int start = i;
        boolean negative = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (matchesWord(s, i, "inf")) {
            int end = matchesWord(s, i, "infinity") ? i + 8 : i + 3;
            return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, end, false);
        }
        if (matchesWord(s, i, "nan")) {
            int end = i + 3;
            if (end < s.length && s[end] == '(') {
                int j = end + 1;
                while (j < s.length && (isAlnum(s[j]) || s[j] == '_')) {
                    j++;
                }
                if (j < s.length && s[j] == ')') {
                    end = j + 1;
                }
            }
            return new Parsed(Double.NaN, end, false);
        }
        if (i + 1 < s.length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            Parsed hex = hex(s, start, i + 2, negative);
            if (hex != null) {
                return hex;
            }
            // "0x" with no hex digit after it: strtod reads the "0" alone.
            return new Parsed(negative ? -0.0 : 0.0, i + 1, false);
        }
        int digitsStart = i;
        boolean nonZero = false;
        int digits = 0;
        while (i < s.length && isDigit(s[i])) {
            nonZero |= s[i] != '0';
            i++;
            digits++;
        }
        if (i < s.length && s[i] == '.') {
            i++;
            while (i < s.length && isDigit(s[i])) {
                nonZero |= s[i] != '0';
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return new Parsed(0, from, false);
        }
        if (i < s.length && (s[i] == 'e' || s[i] == 'E')) {
            int j = i + 1;
            if (j < s.length && (s[j] == '+' || s[j] == '-')) {
                j++;
            }
            if (j < s.length && isDigit(s[j])) {
                while (j < s.length && isDigit(s[j])) {
                    j++;
                }
                i = j;
            }
        }
        String number = new String(s, digitsStart, i - digitsStart, StandardCharsets.ISO_8859_1);
        double v = Double.parseDouble(number);
        boolean rangeError = Double.isInfinite(v) || (v == 0 && nonZero);
        return new Parsed(negative ? -v : v, i, rangeError);
    }

    /** A hexadecimal float after "0x" at {@code i}; null when no hex digit follows. */
    private static Parsed hex(byte[] s, int start, int i, boolean negative) {
        int begin = i;
        int digits = 0;
        while (i < s.length && isHex(s[i])) {
            i++;
            digits++;
        }
        if (i < s.length && s[i] == '.') {
            i++;
            while (i < s.length && isHex(s[i])) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        String mantissa = new String(s, begin, i - begin, StandardCharsets.ISO_8859_1);
        String exponent = "0";
        if (i < s.length && (s[i] == 'p' || s[i] == 'P')) {
            int j = i + 1;
            if (j < s.length && (s[j] == '+' || s[j] == '-')) {
                j++;
            }
            if (j < s.length && isDigit(s[j])) {
                while (j < s.length && isDigit(s[j])) {
                    j++;
                }
                exponent = new String(s, i + 1, j - i - 1, StandardCharsets.ISO_8859_1);
                i = j;
            }
        }
        double v;
        try {
            v = Double.parseDouble("0x" + (mantissa.startsWith(".") ? "0" : "") + mantissa + "p" + exponent);
        } catch (NumberFormatException e) {
            v = Double.POSITIVE_INFINITY; // an exponent too long for Java: far out of range either way
        }
        boolean rangeError = Double.isInfinite(v) || (v == 0 && mantissa.chars().anyMatch(c -> c != '0' && c != '.'));
        return new Parsed(negative ? -v : v, i, rangeError);
    }

    private static boolean matchesWord(byte[] s, int i, String word) {
        if (i + word.length() > s.length) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (Character.toLowerCase((char) s[i + k]) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** C's isspace in the "C" locale. */
    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isHex(byte b) {
        return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static boolean isAlnum(byte b) {
        return isDigit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }
}
