package dev.sabaody.kv.data;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.Databases;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Everything one thread's keys share: the numbered databases, the clock their expiry reads, the
 * clients blocked on them, the WATCH registry, and INFO's counters. Module 05's server has one;
 * final-server has one per shard (sharing one {@link Watches}, since a client may watch keys of
 * several shards).
 *
 * <p>Commands reach it through their database: {@code ctx.db().keyspace()}.
 */
public final class Keyspace {

    /** server.h LRU_CLOCK_MAX: the LRU clock is 24 bits of seconds. */
    public static final int LRU_CLOCK_MAX = (1 << 24) - 1;
    /** server.h LRU_CLOCK_RESOLUTION: one tick of the LRU clock (milliseconds). */
    public static final int LRU_CLOCK_RESOLUTION = 1000;

    private final Clock clock;
    private final Databases<Db> databases;
    private final Watches watches;
    private final BlockedClients blocked = new BlockedClients();
    private final ExpiryCycle expiryCycle = new ExpiryCycle(this);
    private final RandomGenerator random = new SplittableRandom();
    final KeyspaceStats stats = new KeyspaceStats();
    /** Keyspace notifications: off unless the server installs its own ({@link #setEvents}). */
    private KeyspaceEvents events = KeyspaceEvents.NONE;

    /** While >= 0, the time every expiry check sees (one instant for a whole command or EXEC). */
    private long fixedNow = -1;
    /**
     * The LRU clock as of the last cron (Redis's {@code server.lruclock}): every key lookup stamps it
     * on the entry, and reading the system clock there was 4-8 % of a pipelined GET profile. One cron
     * period (100 ms at hz 10) is well inside the clock's one-second resolution.
     */
    private int lruClock;
    /**
     * What this keyspace's keys cost, in bytes ({@link Db} keeps it as keys change): written by the
     * owning thread only, read by others (INFO, the other shards' memory check) through
     * {@link #usedBytes}, an opaque read: a figure at most a command old, never a torn one.
     */
    private long usedBytes;
    private static final VarHandle USED_BYTES;

    static {
        try {
            USED_BYTES = MethodHandles.lookup().findVarHandle(Keyspace.class, "usedBytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Which snapshot is current: entries made from now on take it ({@link Entry#snapshotParity}). */
    private boolean snapshotParity;
    /** Who hears of evicted keys (final-server's append-only file logs a DEL); nobody by default. */
    private volatile Evictions evictions = (db, key) -> { };

    /** Keys deleted by eviction, as deleteEvictedKeyAndPropagate tells replicas and the AOF. */
    @FunctionalInterface
    public interface Evictions {
        void evicted(int db, byte[] key);
    }

    public Evictions evictions() {
        return evictions;
    }

    public void evictions(Evictions listener) {
        evictions = listener;
    }

    /**
     * Who hears that FLUSHALL emptied every database (flushAllDataAndResetRDB): final-server ends a
     * background save and, when save points exist, saves the empty dataset at once; nobody by default.
     */
    private volatile Runnable flushedAll = () -> { };

    public void whenFlushedAll(Runnable listener) {
        flushedAll = listener;
    }

    /** FLUSHALL is done with every slice: once per command, on the slice that answers it. */
    public void flushedAll() {
        flushedAll.run();
    }

    /** The snapshot in progress, told before an entry it has yet to write changes; null when none. */
    private SnapshotHook snapshot;

    /** What entry clocks record: the LRU time unless module 06 sets an LFU clock. */
    private EntryClock entryClock = new LruClock();
    /** The memory limit the runner checks before each command; null: none (module 05). */
    private MemoryGuard memoryGuard;
    /** Set while blocking is not allowed (inside EXEC): blocking commands answer as on timeout. */
    private boolean blockingDenied;
    /** What a blocking command asked for while it ran; the runner takes it ({@link #takeBlockRequest}). */
    private BlockRequest pendingBlock;

    public Keyspace(Clock clock, int databases, Watches watches) {
        this.clock = clock;
        this.watches = watches;
        updateLruClock();
        int[] next = {0};
        this.databases = new Databases<>(databases, () -> new Db(this, next[0]++));
    }

    public Keyspace(Clock clock) {
        this(clock, Databases.DEFAULT_DATABASES, new Watches());
    }

    public Databases<Db> databases() {
        return databases;
    }

    public Db db(int index) {
        return databases.get(index);
    }

    public Clock clock() {
        return clock;
    }

    public Watches watches() {
        return watches;
    }

    public BlockedClients blocked() {
        return blocked;
    }

    /** The server's keyspace notifications; set once, before the keyspace serves. */
    public void setEvents(KeyspaceEvents events) {
        this.events = events;
    }

    public KeyspaceEvents events() {
        return events;
    }

    public KeyspaceStats stats() {
        return stats;
    }

    public RandomGenerator random() {
        return random;
    }

    /** Unix milliseconds as expiry sees them: fixed during EXEC, the clock's otherwise. */
    public long now() {
        return fixedNow >= 0 ? fixedNow : clock.currentTimeMillis();
    }

    /** Freezes {@link #now} (EXEC: every command of a transaction sees one instant), or thaws it with -1. */
    public void fixTime(long millis) {
        fixedNow = millis;
    }

    /** The LRU clock: seconds, 24 bits, as of the last {@link #cron} (LRU_CLOCK with hz 10). */
    public int lruClock() {
        return lruClock;
    }

    /** Reads the clock into {@link #lruClock} (getLRUClock; serverCron does this every run). */
    public void updateLruClock() {
        lruClock = (int) ((clock.currentTimeMillis() / LRU_CLOCK_RESOLUTION) & LRU_CLOCK_MAX);
    }

    // ---------------------------------------------------------------- memory

    /** Bytes of every entry, key and value of every database, as {@link HeapLayout} counts them. */
    public long usedBytes() {
        return (long) USED_BYTES.getOpaque(this);
    }

    void addUsed(long delta) {
        USED_BYTES.setOpaque(this, usedBytes + delta);
    }

    /** The bucket arrays and volatile lists of every database: what the keys cost beyond themselves. */
    public long overheadBytes() {
        long n = 0;
        for (int i = 0; i < databases.count(); i++) {
            n += db(i).overheadBytes();
        }
        return n;
    }

    public EntryClock entryClock() {
        return entryClock;
    }

    /** Sets what entry clocks record from now on (CONFIG SET maxmemory-policy switching LRU and LFU). */
    public void entryClock(EntryClock clock) {
        this.entryClock = clock;
    }

    public MemoryGuard memoryGuard() {
        return memoryGuard;
    }

    public void memoryGuard(MemoryGuard guard) {
        this.memoryGuard = guard;
    }

    /** The default entry clock: the time of the last access, in LRU clock ticks. */
    private final class LruClock implements EntryClock {
        @Override
        public int created() {
            return lruClock;
        }

        @Override
        public int accessed(int lru) {
            return lruClock;
        }

        @Override
        public boolean countsFrequency() {
            return false;
        }

        @Override
        public long frequency(int lru) {
            return 0;
        }
    }

    /** Total keys over every database. */
    public long keyCount() {
        long n = 0;
        for (int i = 0; i < databases.count(); i++) {
            n += db(i).size();
        }
        return n;
    }

    // ---------------------------------------------------------------- snapshots

    /** One database's table as a snapshot began: its number then, and the table object. */
    public record SnapshotTable(int db, Dict<Entry> table) {
    }

    /**
     * Begins a point-in-time snapshot (module 06's forkless save): flips the parity, so that every
     * entry that exists now is "not written yet" and every entry made from now on is "written";
     * installs {@code hook}, which {@link Db} calls before such an entry changes or goes. Returns the
     * tables to walk: the walk writes each entry of the old parity it meets and flips it, so every key
     * of this instant is written once, with its value of this instant. A table replaced later (FLUSHDB)
     * or moved (SWAPDB) is still walked as it was: the walk holds the objects, not the databases.
     */
    public List<SnapshotTable> beginSnapshot(SnapshotHook hook) {
        if (snapshot != null) {
            throw new IllegalStateException("a snapshot is already in progress");
        }
        snapshotParity = !snapshotParity;
        snapshot = hook;
        List<SnapshotTable> tables = new java.util.ArrayList<>(databases.count());
        for (int i = 0; i < databases.count(); i++) {
            tables.add(new SnapshotTable(i, db(i).beginSnapshot()));
        }
        return tables;
    }

    /** Ends the snapshot once its walk is complete: every entry has the current parity again. */
    public void endSnapshot() {
        snapshot = null;
    }

    /** The current snapshot parity. */
    public boolean snapshotParity() {
        return snapshotParity;
    }

    /**
     * Before {@code e}, which belonged to database {@code db} when the snapshot began, changes or
     * goes: the snapshot writes it first if it has not yet. Costs a field read when none runs.
     */
    void beforeChange(int db, Entry e) {
        SnapshotHook s = snapshot;
        if (s != null && e.snapshotParity() != snapshotParity) {
            s.write(db, e);
            e.snapshotParity(snapshotParity);
        }
    }

    // ---------------------------------------------------------------- cron

    /** expire.c: a cycle may use 25 % of the time between two cron runs (ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC). */
    public static final int ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC = 25;

    /**
     * What Redis's serverCron does for the keyspace, {@code hz} times a second: the LRU clock read once,
     * an active expiry cycle within its share of the period, and a millisecond of rehashing for each
     * database mid-resize.
     */
    public void cron(int hz) {
        long periodNanos = 1_000_000_000L / hz;
        updateLruClock();
        expiryCycle.run(periodNanos * ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC / 100);
        for (int i = 0; i < databases.count(); i++) {
            db(i).rehashFor(1_000_000);
        }
    }

    /** One active expiry cycle with the given budget; returns the keys deleted (tests call it directly). */
    public long activeExpireCycle(long budgetNanos) {
        return expiryCycle.run(budgetNanos);
    }

    // ---------------------------------------------------------------- blocking

    /** A blocking command's request to wait: its database, keys, and timeout (0: for ever). */
    public record BlockRequest(int db, List<byte[]> keys, long timeoutMillis, Blocking.TimeoutReply onTimeout) {
    }

    /** A key clients may block on was created (Db.add does this; final-server after moving keys). */
    public void signalReady(Db db, byte[] key) {
        blocked.signalReady(db.index(), key);
    }

    /**
     * Serves the clients blocked on keys that became ready since the last call, in arrival order
     * (handleClientsBlockedOnKeys). Every runner calls it after a command, a whole EXEC or a batch:
     * never in the middle of a transaction, so a blocked client sees the transaction whole.
     */
    public void serveBlocked() {
        if (blocked.hasReady()) {
            blocked.serveReady(this);
        }
    }

    /** A key clients may block on was deleted or overwritten (Db does this; see BlockedClients#signalDeleted). */
    public void signalDeleted(Db db, byte[] key) {
        blocked.signalDeleted(db.index(), key);
    }

    /** SWAPDB: keys that clients wait on may exist now. */
    public void signalAllWaitedOn() {
        blocked.signalAllWaitedOn(this);
    }

    public boolean blockingDenied() {
        return blockingDenied;
    }

    public void denyBlocking(boolean deny) {
        blockingDenied = deny;
    }

    void requestBlock(BlockRequest request) {
        pendingBlock = request;
    }

    /** The block a command just asked for, or null; clears it. */
    public BlockRequest takeBlockRequest() {
        BlockRequest r = pendingBlock;
        pendingBlock = null;
        return r;
    }
}
