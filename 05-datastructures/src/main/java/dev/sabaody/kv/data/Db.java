package dev.sabaody.kv.data;

import dev.sabaody.kv.resp.Argv;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One numbered database (SELECT 0..15): a {@link Dict} of {@link Entry}s, and the volatile keys
 * (those with a TTL) in a dense array for the active expiry cycle.
 *
 * <h2>Every read goes through expiry</h2>
 * A key whose time has passed must never be seen, whether or not the active cycle has reached it
 * yet. So every lookup checks the entry's expiry against {@link Keyspace#now} and deletes it on the
 * spot when it is due ("lazy" expiry, Redis's expireIfNeeded in db.c). The active cycle
 * ({@link ExpiryCycle}) only reclaims memory of keys nobody asks for.
 *
 * <h2>The volatile keys</h2>
 * Redis keeps a second dict, {@code db->expires}, of the keys with a TTL. Here the entries with a
 * TTL are {@link ExpiringEntry}s, listed in {@code volatiles}: add is an append, remove swaps the
 * last one into the hole (each entry knows its slot), and the active cycle samples random slots. No
 * second hash table, and no cost at all for keys without a TTL.
 *
 * <h2>What commands must do</h2>
 * Look keys up with {@link #lookup} (or {@link #lookupRead} for read commands: it counts hits and
 * misses for INFO). Create with {@link #add}, overwrite with {@link #set}, delete with {@link #delete}
 * or {@link #deleteEntry}. A command that changes a value in place (HSET on an existing hash) calls
 * {@link #signalModified}, as Redis's commands call signalModifiedKey, so WATCH sees it. A command
 * that puts another string in an entry it looked up calls {@link #replaceValue}.
 *
 * <h2>Memory</h2>
 * The keyspace keeps the sum of what its keys cost ({@link Keyspace#usedBytes}): every entry, key and
 * value, as {@link HeapLayout} counts them. Each change here adjusts it by the difference, so it is
 * never recomputed by walking: adding or removing a key adds or subtracts its bytes; a value changed
 * in place (HSET on an existing hash) knows its own new size ({@link RedisValue#bytes}), and
 * {@link #signalModified}, which every such command calls anyway, brings the sum up to it.
 */
public final class Db {

    private final Keyspace keyspace;
    private final int index;
    private Dict<Entry> dict = new Dict<>();
    private ExpiringEntry[] volatiles = new ExpiringEntry[0];
    private int volatileCount;
    /**
     * The number this database's table had when the snapshot in progress began: its own, unless
     * SWAPDB has moved the table here since (the number travels with the table).
     */
    private int snapshotDb;

    Db(Keyspace keyspace, int index) {
        this.keyspace = keyspace;
        this.index = index;
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    /** This database's number. */
    public int index() {
        return index;
    }

    /** Keys, expired ones not yet reclaimed included (DBSIZE counts them too, as Redis's does). */
    public int size() {
        return dict.size();
    }

    /** Keys with a TTL (INFO keyspace's "expires"). */
    public int expires() {
        return volatileCount;
    }

    // ---------------------------------------------------------------- lookup

    /** The live entry for argument {@code i} of {@code argv}, or null; touches its LRU clock. */
    public Entry lookup(Argv argv, int i) {
        Entry e = dict.get(argv.buffer(), argv.offset(i), argv.length(i));
        return live(e, true);
    }

    /** {@link #lookup}, counting a keyspace hit or miss and notifying a miss as "keymiss" (lookupKeyRead). */
    public Entry lookupRead(Argv argv, int i) {
        Entry e = lookup(argv, i);
        if (e == null) {
            keyspace.stats.keyspaceMisses++;
            notify(KeyspaceEvents.KEY_MISS, "keymiss", argv, i);
        } else {
            keyspace.stats.keyspaceHits++;
        }
        return e;
    }

    public Entry lookup(byte[] key) {
        return live(dict.get(key), true);
    }

    /** A lookup that leaves the LRU clock alone (OBJECT, TYPE's LOOKUP_NOTOUCH); still expires. */
    public Entry lookupNoTouch(byte[] key) {
        return live(dict.get(key), false);
    }

    private Entry live(Entry e, boolean touch) {
        e = liveOrGrowing(e, touch);
        if (e != null && e.value instanceof GrowingString g) {
            replaceValue(e, g.toBytes()); // every reader but APPEND and STRLEN sees an exact byte[]
        }
        return e;
    }

    private Entry liveOrGrowing(Entry e, boolean touch) {
        if (e == null) {
            return null;
        }
        keyspace.beforeChange(snapshotDb, e); // any lookup may precede a change: a snapshot writes the key first
        if (e instanceof ExpiringEntry x && x.expireAt < keyspace.now()) {
            expire(x);
            return null;
        }
        if (touch) {
            e.touch(keyspace.entryClock().accessed(e.lru()));
        }
        return e;
    }

    /**
     * {@link #lookup}, leaving a string that is being appended to as a {@link GrowingString}: for
     * APPEND and STRLEN only, so that a run of appends does not copy the string each time.
     */
    public Entry lookupForAppend(Argv argv, int i) {
        return liveOrGrowing(dict.get(argv.buffer(), argv.offset(i), argv.length(i)), true);
    }

    /** The entry as stored, expired or not, touching nothing (WATCH's keyIsExpired, tests). */
    public Entry peek(byte[] key) {
        return dict.get(key);
    }

    /** Whether {@code e} is past its time (for readers that must not delete: KEYS, SCAN, RANDOMKEY). */
    public boolean isExpired(Entry e) {
        return e instanceof ExpiringEntry x && x.expireAt < keyspace.now();
    }

    /** Deletes a key whose time has come, counting it (expired_keys) and waking WATCH. */
    void expire(ExpiringEntry e) {
        removeEntry(e);
        keyspace.stats.expiredKeys++;
        notify(KeyspaceEvents.EXPIRED, "expired", e.key); // deleteExpiredKeyAndPropagate
        keyspace.watches().touch(index, e.key); // signalModifiedKey, but no server.dirty: not a command's change
        signalDeleted(e);
    }

    /**
     * A command changed {@code key}: the keyspace notification of class {@code type} (a
     * {@link KeyspaceEvents} constant) named {@code event}, published if enabled. Costs a volatile
     * read when notifications are off.
     */
    public void notify(int type, String event, byte[] key) {
        keyspace.events().notify(type, event, key, index);
    }

    /** {@link #notify} for argument {@code i} of the command. */
    public void notify(int type, String event, Argv argv, int i) {
        KeyspaceEvents events = keyspace.events();
        if (events.enabled(type)) {
            events.notify(type, event, argv.copy(i), index);
        }
    }

    /** A value that may be waited on is gone (dbGenericDelete's signalDeletedKeyAsReady). */
    private void signalDeleted(Entry e) {
        if (!(e.value instanceof byte[]) && !(e.value instanceof GrowingString)) {
            keyspace.signalDeleted(this, e.key);
        }
    }

    // ---------------------------------------------------------------- change

    /** Creates a key that does not exist (dbAdd). Returns its entry. */
    public Entry add(byte[] key, Object value) {
        return add(key, value, KeyHash.hash(key));
    }

    private Entry add(byte[] key, Object value, long hash) {
        Entry e = new Entry(key, value);
        e.touch(keyspace.entryClock().created());
        e.snapshotParity(keyspace.snapshotParity()); // made after the snapshot began: not part of it
        dict.add(e, hash);
        keyspace.addUsed(HeapLayout.entry(e) + account(value));
        notify(KeyspaceEvents.NEW, "new", key); // dbAdd
        touched(key);
        if (!(value instanceof byte[])) {
            keyspace.signalReady(this, key);
        }
        return e;
    }

    /**
     * Sets a key to {@code value}, creating or overwriting it (setKey). An overwrite drops the TTL
     * unless {@code keepTtl}. Returns the entry that now holds it.
     */
    public Entry set(byte[] key, Object value, boolean keepTtl) {
        long hash = KeyHash.hash(key); // once, for the lookup and the insert
        Entry e = live(dict.get(key, hash), false);
        if (e == null) {
            return add(key, value, hash);
        }
        signalDeleted(e); // dbOverwrite: the old value is gone even if the key stays
        keyspace.addUsed(account(value) - accounted(e.value));
        e.value = value;
        // dbOverwrite keeps an LFU counter for the new value; an LRU clock reads now: both are an access
        e.touch(keyspace.entryClock().accessed(e.lru()));
        e.origin(StringOrigin.ARGUMENT); // a new object: what the old value went through no longer counts
        if (!keepTtl && e instanceof ExpiringEntry x) {
            e = persist(x);
        }
        touched(key);
        return e;
    }

    /** Deletes the key if it exists; returns whether it did. */
    public boolean delete(byte[] key) {
        Entry e = lookupNoTouch(key);
        if (e == null) {
            return false;
        }
        deleteEntry(e);
        return true;
    }

    /** Deletes argument {@code i}; returns whether it existed. */
    public boolean delete(Argv argv, int i) {
        Entry e = live(dict.get(argv.buffer(), argv.offset(i), argv.length(i)), false);
        if (e == null) {
            return false;
        }
        deleteEntry(e);
        return true;
    }

    /** Deletes a live entry found by a lookup. */
    public void deleteEntry(Entry e) {
        removeEntry(e);
        touched(e.key);
        signalDeleted(e);
    }

    private void removeEntry(Entry e) {
        keyspace.beforeChange(snapshotDb, e);
        dict.removeNode(e);
        keyspace.addUsed(-HeapLayout.entry(e) - accounted(e.value));
        if (e instanceof ExpiringEntry x) {
            removeVolatile(x);
        }
    }

    /**
     * Gives {@code e} an absolute expiry time in Unix milliseconds. Returns the entry that now holds
     * the key: a different object when the key had no TTL before, so use the returned one.
     */
    public Entry setExpire(Entry e, long whenMillis) {
        keyspace.beforeChange(snapshotDb, e);
        if (e instanceof ExpiringEntry x) {
            x.expireAt = whenMillis;
            touched(e.key);
            return x;
        }
        ExpiringEntry x = new ExpiringEntry(e, whenMillis);
        dict.replace(e, x);
        addVolatile(x);
        keyspace.addUsed(HeapLayout.EXPIRING_ENTRY - HeapLayout.ENTRY);
        touched(e.key);
        return x;
    }

    /** Removes the TTL of {@code e}; returns the entry that now holds the key. */
    public Entry persist(Entry e) {
        if (!(e instanceof ExpiringEntry x)) {
            return e;
        }
        keyspace.beforeChange(snapshotDb, e);
        Entry plain = new Entry(x.key, x.value);
        plain.inherit(x);
        dict.replace(x, plain);
        removeVolatile(x);
        keyspace.addUsed(HeapLayout.ENTRY - HeapLayout.EXPIRING_ENTRY);
        touched(e.key);
        return plain;
    }

    private void addVolatile(ExpiringEntry x) {
        if (volatileCount == volatiles.length) {
            volatiles = Arrays.copyOf(volatiles, Math.max(16, volatileCount * 2));
        }
        x.slot = volatileCount;
        volatiles[volatileCount++] = x;
    }

    private void removeVolatile(ExpiringEntry x) {
        int last = --volatileCount;
        ExpiringEntry moved = volatiles[last];
        volatiles[x.slot] = moved;
        moved.slot = x.slot;
        volatiles[last] = null;
        if (volatiles.length > 64 && volatileCount < volatiles.length / 4) {
            volatiles = Arrays.copyOf(volatiles, volatiles.length / 2);
        }
    }

    /** The volatile key at {@code slot} (0 to {@link #expires()} - 1), for the expiry cycle's sampling. */
    ExpiringEntry volatileAt(int slot) {
        return volatiles[slot];
    }

    /** A key drawn at random, expired or not, or null when empty (eviction's sampling: dictGetSomeKeys). */
    public Entry sample(RandomGenerator random) {
        return dict.size() == 0 ? null : dict.random(random);
    }

    /** A key with a TTL drawn at random, or null when there is none (the volatile-* policies' sampling). */
    public Entry sampleVolatile(RandomGenerator random) {
        return volatileCount == 0 ? null : volatiles[random.nextInt(volatileCount)];
    }

    /** Buckets and the volatile list of this database: what its keys cost beyond themselves (bytes). */
    public long overheadBytes() {
        return dict.tableBytes() + HeapLayout.refs(volatiles.length);
    }

    /**
     * Deletes a key chosen by eviction (deleteEvictedKeyAndPropagate's dbGenericDelete): WATCH and
     * blocked clients see a deletion; INFO counts it as evicted, not expired.
     */
    public void evict(Entry e) {
        long mark = changeMark();
        deleteEntry(e);
        countChanges(mark, 0); // performEvictions counts no server.dirty: no command changed the key
        keyspace.stats.evictedKeys++;
        keyspace.evictions().evicted(index, e.key); // propagated as DEL, so that a replay does not bring it back
    }

    /**
     * Tells WATCH that {@code key} changed (signalModifiedKey), and brings the memory total up to the
     * value's size when the command changed it in place.
     */
    public void signalModified(byte[] key) {
        touched(key);
        Entry e = dict.get(key);
        if (e != null) {
            Object v = e.value;
            long was = accounted(v);
            keyspace.addUsed(account(v) - was);
        }
    }

    /** Puts another value in an entry a command looked up (a string grown, shrunk or rewritten). */
    public void replaceValue(Entry e, Object value) {
        keyspace.beforeChange(snapshotDb, e);
        keyspace.addUsed(account(value) - accounted(e.value));
        e.value = value;
    }

    private void touched(byte[] key) {
        keyspace.stats.dirty++;
        keyspace.watches().touch(index, key);
    }

    /**
     * The change count (Redis's server.dirty) before a command that Redis counts its own way: pass it
     * to {@link #countChanges} when the command is done.
     */
    public long changeMark() {
        return keyspace.stats.dirty;
    }

    /**
     * Counts the command that began at {@code mark} as {@code changes} changes, whatever keys it
     * touched on the way. Each key a command changes counts one by default; Redis counts some
     * commands per element (HSET's pairs, LPUSH's values, SADD's new members: {@code server.dirty
     * += added}) and others once although they touch two keys (RENAME, LMOVE, SETEX). The save
     * points and the log read this count, so it follows Redis's command by command.
     */
    public void countChanges(long mark, long changes) {
        keyspace.stats.dirty = mark + changes;
    }

    /** What the memory total holds for {@code value}. */
    private static long accounted(Object value) {
        return switch (value) {
            case byte[] s -> HeapLayout.bytes(s.length);
            case GrowingString g -> g.accounted;
            case RedisValue v -> v.accounted;
            default -> 0;
        };
    }

    /** The bytes {@code value} costs now, recorded as what the total holds for it. */
    private static long account(Object value) {
        return switch (value) {
            case byte[] s -> HeapLayout.bytes(s.length);
            case GrowingString g -> g.accounted = g.bytes();
            case RedisValue v -> v.accounted = v.bytes();
            default -> 0;
        };
    }

    /** Heap bytes of a key: its entry, key and value as they are now (MEMORY USAGE). */
    public static long bytesOf(Entry e) {
        Object v = e.value;
        long value = switch (v) {
            case byte[] s -> HeapLayout.bytes(s.length);
            case GrowingString g -> g.bytes();
            case RedisValue r -> r.bytes();
            default -> 0;
        };
        return HeapLayout.entry(e) + value;
    }

    // ---------------------------------------------------------------- whole database

    /** A random live key's entry, or null when there is none (RANDOMKEY, dbRandomKey). */
    public Entry randomEntry() {
        // dbRandomKey: if every key it draws is expired, give up after 100 draws rather than loop.
        for (int tries = 0; tries < 100 && dict.size() > 0; tries++) {
            Entry e = dict.random(keyspace.random());
            if (!isExpired(e)) {
                return e;
            }
            expire((ExpiringEntry) e);
        }
        return null;
    }

    /**
     * One SCAN step over the keys (expired ones included: the caller filters them with
     * {@link #isExpired}, and must not change the database inside {@code action}).
     */
    public long scan(long cursor, Consumer<Entry> action) {
        return dict.scan(cursor, action);
    }

    /** Visits every entry (KEYS); {@code action} must not change the database. */
    public void forEach(Consumer<Entry> action) {
        dict.forEach(action);
    }

    /** Deletes every key (FLUSHDB), waking the WATCHers of keys that existed. Returns how many there were. */
    public int flush() {
        int removed = dict.size();
        long[] freed = {0};
        dict.forEach(e -> freed[0] += HeapLayout.entry(e) + accounted(e.value));
        keyspace.addUsed(-freed[0]);
        if (keyspace.watches().any()) {
            dict.forEach(e -> keyspace.watches().touch(index, e.key)); // counted dirty once below
        }
        keyspace.blocked().signalFlushed(this);
        keyspace.stats.dirty += removed;
        dict = new Dict<>(); // a snapshot in progress still walks the old table: its keys are as they were
        volatiles = new ExpiringEntry[0];
        volatileCount = 0;
        return removed;
    }

    /** Exchanges the contents of two databases (SWAPDB); watchers of both are woken by the caller. */
    public void swapWith(Db other) {
        Dict<Entry> d = dict;
        dict = other.dict;
        other.dict = d;
        ExpiringEntry[] v = volatiles;
        volatiles = other.volatiles;
        other.volatiles = v;
        int c = volatileCount;
        volatileCount = other.volatileCount;
        other.volatileCount = c;
        int s = snapshotDb;
        snapshotDb = other.snapshotDb;
        other.snapshotDb = s;
    }

    /** A snapshot begins ({@link Keyspace#beginSnapshot}): the table it will walk for this database. */
    Dict<Entry> beginSnapshot() {
        snapshotDb = index;
        return dict;
    }

    /** One step of incremental rehash for the cron, within {@code budgetNanos}. */
    void rehashFor(long budgetNanos) {
        dict.rehashFor(budgetNanos);
    }

    // ---------------------------------------------------------------- moving entries (final-server)

    /**
     * Takes a key's entry out of this database as it is (value, TTL, LRU clock), without counting it
     * deleted or waking anyone: the entry is only moving to another database (final-server gathers
     * the keys of a command spanning shards in one place, runs it, and puts them back).
     */
    public Entry detach(byte[] key) {
        Entry e = dict.get(key);
        if (e != null) {
            removeEntry(e);
        }
        return e;
    }

    /** Puts back an entry taken by {@link #detach}; the key must not exist here. */
    public void attach(Entry e) {
        e.snapshotParity(keyspace.snapshotParity()); // written when detached, or made since: either way done
        dict.add(e);
        keyspace.addUsed(HeapLayout.entry(e) + account(e.value));
        if (e instanceof ExpiringEntry x) {
            addVolatile(x);
        }
    }
}
