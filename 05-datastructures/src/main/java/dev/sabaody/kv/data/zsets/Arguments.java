package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.CommandContext;

/** Argument parsing shared by the sorted-set and geo commands, with Redis's error texts. */
public final class Arguments {

    /** getPositiveLongFromObjectOrReply's default message. */
    static final String NOT_POSITIVE = "value is out of range, must be positive";

    private Arguments() {
    }

    /**
     * getDoubleFromObjectOrReply: argument {@code i} as a double, or NaN after writing
     * {@code message} ("value is not a valid float" when null).
     */
    public static double parseDouble(CommandContext<?> ctx, int i, String message) {
        double d = Strtod.parse(ctx.argv().copy(i));
        if (Double.isNaN(d)) {
            ctx.reply().error(message == null ? Values.NOT_FLOAT : message);
        }
        return d;
    }

    /**
     * getLongFromObjectOrReply: argument {@code i} into {@code out[0]}; false after writing
     * {@code message} ("value is not an integer or out of range" when null).
     */
    public static boolean parseLong(CommandContext<?> ctx, int i, long[] out, String message) {
        if (!ctx.argv().parseLong(i)) {
            ctx.reply().error(message == null ? Values.NOT_INTEGER : message);
            return false;
        }
        out[0] = ctx.argv().parsedLong();
        return true;
    }

    /** getRangeLongFromObjectOrReply. */
    static boolean parseRangeLong(CommandContext<?> ctx, int i, long min, long max, long[] out, String message) {
        if (!parseLong(ctx, i, out, message)) {
            return false;
        }
        if (out[0] < min || out[0] > max) {
            ctx.reply().error(message != null ? message
                    : "value is out of range, value must between " + min + " and " + max);
            return false;
        }
        return true;
    }

    /** getPositiveLongFromObjectOrReply. */
    static boolean parsePositiveLong(CommandContext<?> ctx, int i, long[] out, String message) {
        return parseRangeLong(ctx, i, 0, Long.MAX_VALUE, out, message == null ? NOT_POSITIVE : message);
    }
}
