package dev.sabaody.kv.data;

/**
 * A point-in-time snapshot in progress, as the keyspace sees it: {@link Db} calls {@link #write}
 * before an entry the snapshot has not written yet changes in any way (a write command's lookup, an
 * overwrite, a TTL change, a deletion, an expiry, an eviction, a move to another shard). The
 * snapshot writes the entry as it is at that moment, which is still its value of the instant the
 * snapshot began. Module 06's forkless save implements it.
 */
public interface SnapshotHook {

    /**
     * Writes {@code e}, which belonged to database {@code db} when the snapshot began. Called on the
     * thread that owns the keyspace; must not change the keyspace.
     */
    void write(int db, Entry e);
}
