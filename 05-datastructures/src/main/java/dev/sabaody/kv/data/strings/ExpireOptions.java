package dev.sabaody.kv.data.strings;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;

/**
 * The options SET and GETEX share, parsed as t_string.c's parseExtendedStringArgumentsOrReply does,
 * and the time they name turned into an absolute Unix millisecond as getExpireMillisecondsOrReply
 * turns it.
 *
 * <h2>Conflicts are syntax errors, decided left to right</h2>
 * Redis accepts an option only if no option it conflicts with came before it: {@code SET k v NX XX}
 * is a syntax error because XX is refused after NX, {@code SET k v EX 1 EX 2} too (EX after EX), and
 * so is an EX with no argument after it. The table of who excludes whom below is Redis's, clause
 * for clause. GET and KEEPTTL may repeat; NX and XX may repeat themselves.
 *
 * <h2>Packed result</h2>
 * {@link #parse} returns the option bits and the index of the time argument in one {@code long}
 * ({@link #flags}, {@link #timeIndex}), or -1 after answering the error: SET is the hottest write
 * and parsing it allocates nothing.
 */
final class ExpireOptions {

    // t_string.c OBJ_* flags (the values are ours; only their combinations matter)
    static final int NX = 1;
    static final int XX = 1 << 1;
    static final int EX = 1 << 2;
    static final int PX = 1 << 3;
    static final int KEEPTTL = 1 << 4;
    static final int GET = 1 << 5;
    static final int EXAT = 1 << 6;
    static final int PXAT = 1 << 7;
    static final int PERSIST = 1 << 8;

    static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;

    private ExpireOptions() {
    }

    /**
     * Parses the options from argument {@code first} on (3 for SET, 2 for GETEX). {@code forSet}
     * allows NX, XX, GET, KEEPTTL; otherwise PERSIST. Returns the packed result, or -1 after
     * answering "syntax error".
     */
    static long parse(CommandContext<? extends Db> ctx, int first, boolean forSet) {
        Argv argv = ctx.argv();
        int flags = 0;
        int timeIndex = 0;
        for (int j = first; j < argv.argc(); j++) {
            boolean hasNext = j < argv.argc() - 1;
            if (forSet && argv.equalsIgnoreCase(j, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (forSet && argv.equalsIgnoreCase(j, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (forSet && argv.equalsIgnoreCase(j, "get")) {
                flags |= GET;
            } else if (forSet && argv.equalsIgnoreCase(j, "keepttl") && (flags & (PERSIST | ANY_EXPIRE)) == 0) {
                flags |= KEEPTTL;
            } else if (!forSet && argv.equalsIgnoreCase(j, "persist") && (flags & (ANY_EXPIRE | KEEPTTL)) == 0) {
                flags |= PERSIST;
            } else if (argv.equalsIgnoreCase(j, "ex") && hasNext
                    && (flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT)) == 0) {
                flags |= EX;
                timeIndex = ++j;
            } else if (argv.equalsIgnoreCase(j, "px") && hasNext
                    && (flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT)) == 0) {
                flags |= PX;
                timeIndex = ++j;
            } else if (argv.equalsIgnoreCase(j, "exat") && hasNext
                    && (flags & (KEEPTTL | PERSIST | EX | PX | PXAT)) == 0) {
                flags |= EXAT;
                timeIndex = ++j;
            } else if (argv.equalsIgnoreCase(j, "pxat") && hasNext
                    && (flags & (KEEPTTL | PERSIST | EX | EXAT | PX)) == 0) {
                flags |= PXAT;
                timeIndex = ++j;
            } else {
                ctx.replySyntaxError();
                return -1;
            }
        }
        return ((long) timeIndex << 32) | flags;
    }

    static int flags(long parsed) {
        return (int) parsed;
    }

    /** Index of the EX/PX/EXAT/PXAT argument, 0 when there is none. */
    static int timeIndex(long parsed) {
        return (int) (parsed >>> 32);
    }

    /**
     * getExpireMillisecondsOrReply: argument {@code i} as an absolute Unix time in milliseconds, or
     * -1 after answering the error. {@code seconds} multiplies by 1000 (EX, EXAT, SETEX);
     * {@code relative} adds the keyspace's now (EX, PX, SETEX, PSETEX). Zero, negatives and any
     * overflow (EX 9223372036854775 overflows once now is added) are "invalid expire time in
     * '<command>' command", as in Redis, rather than a key that expires in the past or never.
     */
    static long absoluteMillis(CommandContext<? extends Db> ctx, int i, boolean seconds, boolean relative) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(i)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return -1;
        }
        long millis = argv.parsedLong();
        if (millis <= 0 || (seconds && millis > Long.MAX_VALUE / 1000)) {
            replyInvalid(ctx);
            return -1;
        }
        if (seconds) {
            millis *= 1000;
        }
        if (relative) {
            millis += ctx.db().keyspace().now(); // may wrap negative: caught just below, as in Redis
        }
        if (millis <= 0) {
            replyInvalid(ctx);
            return -1;
        }
        return millis;
    }

    /** {@link #absoluteMillis} for the time option found by {@link #parse}. */
    static long absoluteMillis(CommandContext<? extends Db> ctx, long parsed) {
        int flags = flags(parsed);
        return absoluteMillis(ctx, timeIndex(parsed), (flags & (EX | EXAT)) != 0, (flags & (EX | PX)) != 0);
    }

    private static void replyInvalid(CommandContext<? extends Db> ctx) {
        ctx.reply().error("invalid expire time in '" + ctx.command().fullName() + "' command");
    }
}
