package dev.sabaody.kv.data;

import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.Glob;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongUnaryOperator;

/**
 * What SCAN, HSCAN, SSCAN and ZSCAN share, as Redis's one {@code scanGenericCommand} (db.c): the
 * cursor, the MATCH, COUNT (and for SCAN, TYPE) options, and the reply {@code [cursor, [elements...]]},
 * an array of two in RESP2 and RESP3 alike, the cursor a bulk string.
 *
 * <p>Redis parses the cursor before it looks the key up, but the options only after: so
 * {@code HSCAN missing 0 BOGUS} answers an empty scan, not a syntax error. Commands call
 * {@link #parseCursor} first and {@link #parseOptions} once they hold the value.
 */
public final class ScanArgs {

    /** db.c scanGenericCommand: elements asked for per call when COUNT is not given. */
    static final long DEFAULT_COUNT = 10;
    /** db.c scanGenericCommand: buckets one call may visit, per unit of COUNT ("maxiterations"). */
    static final long MAX_ITERATIONS_PER_COUNT = 10;

    /** The MATCH pattern, or null when there is none or it is "*" (which matches everything). */
    public final byte[] pattern;
    public final long count;
    /** SCAN's TYPE, as the C string Redis compares; null when not given. */
    public final String type;

    private ScanArgs(byte[] pattern, long count, String type) {
        this.pattern = pattern;
        this.count = count;
        this.type = type;
    }

    /**
     * Redis's parseScanCursorOrReply: {@code strtoul(s, 10)} over the whole argument (a leading
     * sign is allowed and "-1" wraps to 2^64 - 1, the empty string is 0, white space first is not).
     * Returns false after replying "invalid cursor".
     */
    public static boolean parseCursor(CommandContext<? extends Db> ctx, int i, long[] out) {
        if (!parseCursor(ctx.argv().copy(i), out)) {
            ctx.reply().error("invalid cursor");
            return false;
        }
        return true;
    }

    /** {@link #parseCursor(CommandContext, int, long[])} without the reply: false when invalid. */
    public static boolean parseCursor(byte[] s, long[] out) {
        int end = 0;
        while (end < s.length && s[end] != 0) {
            end++; // strtoul stops at the NUL that the C string ends with
        }
        if (s.length > 0 && (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))) {
            return false;
        }
        if (end == 0) {
            out[0] = 0;
            return true;
        }
        int p = 0;
        boolean negative = false;
        if (s[p] == '+' || s[p] == '-') {
            negative = s[p] == '-';
            p++;
        }
        if (p == end) {
            return false;
        }
        long value = 0;
        for (; p < end; p++) {
            int digit = s[p] - '0';
            if (digit < 0 || digit > 9
                    || Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0
                    || Long.compareUnsigned(value * 10 + digit, value * 10) < 0) {
                return false; // a stray byte, or ERANGE
            }
            value = value * 10 + digit;
        }
        out[0] = negative ? -value : value;
        return true;
    }

    /** Parses {@code [MATCH pattern] [COUNT n]} from argument {@code from}; null after replying an error. */
    public static ScanArgs parseOptions(CommandContext<? extends Db> ctx, int from) {
        return parseOptions(ctx, from, false);
    }

    /** {@link #parseOptions(CommandContext, int)}, accepting SCAN's {@code [TYPE type]} when {@code withType}. */
    public static ScanArgs parseOptions(CommandContext<? extends Db> ctx, int from, boolean withType) {
        Argv argv = ctx.argv();
        byte[] pattern = null;
        long count = DEFAULT_COUNT;
        String type = null;
        for (int i = from; i < argv.argc(); i += 2) {
            boolean hasValue = argv.argc() - i >= 2;
            if (hasValue && argv.equalsIgnoreCase(i, "count")) {
                if (!argv.parseLong(i + 1)) {
                    ctx.reply().error("value is not an integer or out of range");
                    return null;
                }
                count = argv.parsedLong();
                if (count < 1) {
                    ctx.replySyntaxError();
                    return null;
                }
            } else if (hasValue && argv.equalsIgnoreCase(i, "match")) {
                pattern = argv.copy(i + 1);
                if (pattern.length == 1 && pattern[0] == '*') {
                    pattern = null;
                }
            } else if (withType && hasValue && argv.equalsIgnoreCase(i, "type")) {
                type = cString(argv.copy(i + 1));
            } else {
                ctx.replySyntaxError();
                return null;
            }
        }
        return new ScanArgs(pattern, count, type);
    }

    /** C's view of an argument: its bytes up to the first NUL, one char per byte. */
    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * scanGenericCommand's walk: {@code step} visits the bucket(s) under a cursor, collecting what it
     * finds, and returns the next cursor; the walk stops once {@code count} elements are collected
     * ({@code collected} says how many), the scan wraps to 0, or ten times {@code count} steps were
     * taken, so a sparse table cannot make one call long. Returns the cursor to give back.
     */
    public static long walk(long cursor, long count, IntSupplier collected, LongUnaryOperator step) {
        long maxIterations = count * MAX_ITERATIONS_PER_COUNT;
        do {
            cursor = step.applyAsLong(cursor);
        } while (cursor != 0 && maxIterations-- != 0 && collected.getAsInt() < count);
        return cursor;
    }

    /** {@link #walk(long, long, IntSupplier, LongUnaryOperator)} with this call's COUNT. */
    /** A key scan under way: its cursor, the value it walks, and its options. */
    public record KeyScan<V>(long cursor, V value, ScanArgs args) {
    }

    /**
     * How HSCAN, SSCAN and ZSCAN begin (hscanCommand and its siblings, then scanGenericCommand): the
     * cursor, the key, its type, then the options. Null once a reply is written: an error, or the
     * empty scan of a missing key.
     */
    public static <V> KeyScan<V> startKeyScan(CommandContext<? extends Db> ctx, Class<V> type) {
        long[] cursor = new long[1];
        if (!parseCursor(ctx, 2, cursor)) {
            return null;
        }
        Entry e = ctx.db().lookupRead(ctx.argv(), 1);
        if (e == null) {
            reply(ctx.reply(), 0, List.of());
            return null;
        }
        if (!type.isInstance(e.value)) {
            ctx.reply().error(Values.WRONGTYPE);
            return null;
        }
        ScanArgs args = parseOptions(ctx, 3);
        return args == null ? null : new KeyScan<>(cursor[0], type.cast(e.value), args);
    }

    public long walk(long cursor, IntSupplier collected, LongUnaryOperator step) {
        return walk(cursor, count, collected, step);
    }

    public boolean matches(byte[] element) {
        return pattern == null || Glob.matches(pattern, element, false);
    }

    /**
     * {@code *2 $cursor *n elements...}: the same shape in RESP2 and RESP3. The cursor is printed as
     * addReplyBulkLongLong prints it: the unsigned cursor, as a signed number.
     */
    public static void reply(RespEncoder reply, long cursor, List<byte[]> elements) {
        replyHeader(reply, cursor, elements.size());
        for (byte[] e : elements) {
            reply.bulk(e);
        }
    }

    /** The reply's cursor and the header of its {@code elements} array; the caller writes them. */
    public static void replyHeader(RespEncoder reply, long cursor, long elements) {
        reply.arrayHeader(2);
        reply.bulkAscii(Long.toString(cursor));
        reply.arrayHeader(elements);
    }

}
