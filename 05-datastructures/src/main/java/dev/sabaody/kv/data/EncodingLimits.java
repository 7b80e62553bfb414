package dev.sabaody.kv.data;

import dev.sabaody.kv.data.hashes.HashValue;
import dev.sabaody.kv.data.sets.SetValue;
import dev.sabaody.kv.data.zsets.SortedSet;

/**
 * The sizes at which a small value leaves its compact encoding, as redis.conf sets them
 * ({@code hash-max-listpack-entries}, {@code hash-max-listpack-value}, {@code set-max-intset-entries},
 * {@code zset-max-listpack-entries}, {@code zset-max-listpack-value}): what OBJECT ENCODING then
 * reports, and how the value is laid out. CONFIG SET changes them for values from then on; a value
 * already converted stays converted, as in Redis.
 *
 * <p>Process-wide, as Redis's {@code server.*} fields are: every shard reads the same numbers, and
 * a shard reads each field once per conversion check (a volatile read, no lock).
 */
public final class EncodingLimits {

    private static volatile int hashMaxListpackEntries = HashValue.HASH_MAX_LISTPACK_ENTRIES;
    private static volatile int hashMaxListpackValue = HashValue.HASH_MAX_LISTPACK_VALUE;
    private static volatile int setMaxIntsetEntries = SetValue.SET_MAX_INTSET_ENTRIES;
    private static volatile int zsetMaxListpackEntries = SortedSet.ZSET_MAX_LISTPACK_ENTRIES;
    private static volatile int zsetMaxListpackValue = SortedSet.ZSET_MAX_LISTPACK_VALUE;

    private EncodingLimits() {
    }

    public static int hashMaxListpackEntries() {
        return hashMaxListpackEntries;
    }

    public static int hashMaxListpackValue() {
        return hashMaxListpackValue;
    }

    public static int setMaxIntsetEntries() {
        return setMaxIntsetEntries;
    }

    public static int zsetMaxListpackEntries() {
        return zsetMaxListpackEntries;
    }

    public static int zsetMaxListpackValue() {
        return zsetMaxListpackValue;
    }

    /** Sets the five limits (values above int's range are clamped: no value gets that big anyway). */
    public static void set(long hashEntries, long hashValue, long setEntries, long zsetEntries, long zsetValue) {
        hashMaxListpackEntries = clamp(hashEntries);
        hashMaxListpackValue = clamp(hashValue);
        setMaxIntsetEntries = clamp(setEntries);
        zsetMaxListpackEntries = clamp(zsetEntries);
        zsetMaxListpackValue = clamp(zsetValue);
    }

    private static int clamp(long v) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, v));
    }
}
