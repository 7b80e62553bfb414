package dev.sabaody.kv.data.keys;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.KeyspaceStats;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import java.nio.charset.StandardCharsets;

/**
 * What several keys commands share: the read lookup that leaves the LRU clock alone, Redis's
 * {@code getIntFromObjectOrReply} for database indexes, and arguments seen as C strings in error
 * messages.
 */
final class KeyArgs {

    /** object.c getRangeLongFromObjectOrReply's message for a value outside an int. */
    static final String NOT_AN_INT = "value is out of range, value must between -2147483648 and 2147483647";
    /** server.c shared.sameobjecterr (MOVE, COPY). */
    static final String SAME_OBJECT = "source and destination objects are the same";
    /** db.c selectDb's failure, as MOVE, COPY and SWAPDB word it. */
    static final String DB_OUT_OF_RANGE = "DB index is out of range";

    private KeyArgs() {
    }

    /**
     * Redis's {@code lookupKeyReadWithFlags(LOOKUP_NOTOUCH)}: expires the key if due, counts a
     * keyspace hit or miss (a miss is notified as "keymiss"), and leaves the LRU clock where it was. EXISTS, TYPE, TTL and OBJECT use
     * it, so that asking about a key does not make it look recently used to the eviction of module 06.
     */
    static Entry lookupReadNoTouch(Db db, byte[] key) {
        return lookupReadNoTouch(db, key, true);
    }

    /** {@link #lookupReadNoTouch} without "keymiss" (objectCommandLookup's LOOKUP_NONOTIFY). */
    static Entry lookupReadNoTouchQuiet(Db db, Argv argv, int i) {
        return lookupReadNoTouch(db, argv.copy(i), false);
    }

    private static Entry lookupReadNoTouch(Db db, byte[] key, boolean notifyMiss) {
        Entry e = db.lookupNoTouch(key);
        KeyspaceStats stats = db.keyspace().stats();
        if (e == null) {
            stats.keyspaceMisses++;
            if (notifyMiss) {
                db.notify(KeyspaceEvents.KEY_MISS, "keymiss", key);
            }
        } else {
            stats.keyspaceHits++;
        }
        return e;
    }

    static Entry lookupReadNoTouch(Db db, Argv argv, int i) {
        return lookupReadNoTouch(db, argv.copy(i));
    }

    /**
     * Argument {@code i} as an int (getIntFromObjectOrReply), or {@code null} after writing the error:
     * {@code message} when one is given (SWAPDB's "invalid first DB index"), else Redis's own two.
     */
    static Integer parseInt(CommandContext<?> ctx, int i, String message) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(i)) {
            ctx.reply().error(message != null ? message : Values.NOT_INTEGER);
            return null;
        }
        long value = argv.parsedLong();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            ctx.reply().error(message != null ? message : NOT_AN_INT);
            return null;
        }
        return (int) value;
    }

    /**
     * Argument {@code i} as C's {@code %s} would print it: up to its first NUL byte, one char per
     * byte (the reply encoder writes each char back as that byte).
     */
    static String cString(Argv argv, int i) {
        byte[] bytes = argv.copy(i);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }
}
