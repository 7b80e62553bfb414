package dev.sabaody.kv.data;

import dev.sabaody.kv.resp.Argv;

/**
 * The destination key of a command that stores its result instead of replying it (SUNIONSTORE,
 * SINTERSTORE, SDIFFSTORE, ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE, ZRANGESTORE, GEORADIUS STORE,
 * GEOSEARCHSTORE, SORT ... STORE, BITOP). Every one of them follows the same rule in Redis, so it
 * lives here once:
 *
 * <ul>
 *   <li>a non-empty result overwrites the key whatever it held (its TTL goes too), then the
 *       command's own keyspace event is notified ("sunionstore", "sortstore", "set" for BITOP...);
 *   <li>an empty result deletes the key, and "del" is notified only if there was a key to delete
 *       ({@code if (dbDelete(c->db,dstkey)) notifyKeyspaceEvent(NOTIFY_GENERIC,"del",...)} in
 *       t_set.c, t_zset.c, geo.c, sort.c, bitops.c).
 * </ul>
 */
public final class Destination {

    private Destination() {
    }

    /** Stores {@code value} at {@code key}, then notifies {@code event} of class {@code type}; returns the entry. */
    public static Entry store(Db db, byte[] key, Object value, int type, String event) {
        Entry e = db.set(key, value, false);
        db.notify(type, event, key);
        return e;
    }

    /** The result was empty: deletes {@code key}, notifying "del" if it existed. */
    public static void clear(Db db, byte[] key) {
        if (db.delete(key)) {
            db.notify(KeyspaceEvents.GENERIC, "del", key);
        }
    }

    /** {@link #clear} for argument {@code i} of the command. */
    public static void clear(Db db, Argv argv, int i) {
        if (db.delete(argv, i)) {
            db.notify(KeyspaceEvents.GENERIC, "del", argv, i);
        }
    }
}
