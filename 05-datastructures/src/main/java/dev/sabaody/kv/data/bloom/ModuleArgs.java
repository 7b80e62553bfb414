package dev.sabaody.kv.data.bloom;

import dev.sabaody.kv.resp.Argv;
import java.nio.charset.StandardCharsets;

/**
 * Argument parsing as RedisBloom sees it through the module API: {@code RedisModule_StringToDouble}
 * (strtod over the whole argument, no spaces, no NaN, no overflow or underflow) and
 * {@code RMUtil_ArgIndex} (the first argument equal to a word, ignoring case). Shared by the Bloom,
 * Count-Min and Top-K commands.
 */
public final class ModuleArgs {

    private ModuleArgs() {
    }

    /**
     * Argument {@code i} as a double with strtod's grammar (decimal, exponent, hex, inf/infinity);
     * NaN when the argument is not a number or would overflow or underflow, as string2d refuses it
     * (the caller tests with {@link Double#isNaN}). "inf" is a number to strtod, so it is returned.
     */
    public static double parseDouble(Argv argv, int i) {
        int length = argv.length(i);
        if (length == 0 || length > 256) {
            return Double.NaN;
        }
        String s = new String(argv.copy(i), StandardCharsets.ISO_8859_1);
        char first = s.charAt(0);
        char last = s.charAt(length - 1);
        if (Character.isWhitespace(first) || Character.isWhitespace(last)) {
            return Double.NaN; // strtod skips leading space but Redis refuses it; trailing space stops strtod early
        }
        String body = (first == '+' || first == '-') ? s.substring(1) : s;
        if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
            return first == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY; // strtod takes these
        }
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F' || body.isEmpty()
                || body.equalsIgnoreCase("nan")) {
            return Double.NaN; // Java accepts type suffixes; strtod's nan is refused as isnan
        }
        double value;
        try {
            value = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        if (Double.isInfinite(value)) {
            return Double.NaN; // overflow: strtod sets ERANGE
        }
        if (value == 0 && hasNonZeroDigit(body)) {
            return Double.NaN; // underflow to zero: ERANGE
        }
        return value;
    }

    private static boolean hasNonZeroDigit(String number) {
        boolean hex = number.startsWith("0x") || number.startsWith("0X");
        for (int k = hex ? 2 : 0; k < number.length(); k++) {
            char c = number.charAt(k);
            if (c == 'e' || c == 'E' && !hex || c == 'p' || c == 'P') {
                return false;
            }
            if (c >= '1' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return true;
            }
        }
        return false;
    }

    /** RMUtil_ArgIndex: the index of the first argument (the command name included) equal to {@code word}, or -1. */
    public static int argIndex(Argv argv, String word) {
        for (int i = 0; i < argv.argc(); i++) {
            if (argv.equalsIgnoreCase(i, word)) {
                return i;
            }
        }
        return -1;
    }
}
