package dev.sabaody.kv.memory;

import dev.sabaody.kv.data.Keyspace;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The server's memory, as {@code maxmemory} and INFO count it: Redis's {@code used_memory}, built
 * from what the server holds rather than from what the heap happens to hold.
 *
 * <pre>
 *   used_memory = dataset                  every key, value and entry ({@link Keyspace#usedBytes})
 *               + overhead                 hash-table buckets and volatile lists of every database,
 *                                          client buffers, and a fixed base
 * </pre>
 *
 * <h2>Why not the heap's own figure</h2>
 * {@code Runtime.totalMemory() - freeMemory()} counts garbage not yet collected: it saws up and down
 * with every young collection, and a server that evicted on it would evict in bursts, then not at
 * all. The sums here move only when the data does, exactly, and cost nothing to read. What they
 * leave out (garbage, the collector's headroom) is what the launcher sizes the heap for
 * ({@link HeapFit}), as Redis leaves allocator fragmentation to the operator.
 *
 * <h2>Several shards</h2>
 * Every shard's keyspace keeps its own sum, written by its own thread only; this class adds them
 * up (opaque reads: at most a command old). The bucket arrays are counted at each shard's cron
 * ({@link #refreshOverhead}), since a table resize is rare and walking sixteen databases per command
 * is not free.
 */
public final class MemoryAccounting {

    /**
     * A fixed base for what an empty server holds: the command table and its documentation, the
     * loops and their buffers (bytes). Redis 7.0 reports about 860 kB of used_memory at start;
     * an empty Sabaody-KV heap after a full collection holds about as much of its own objects.
     */
    public static final long USED_MEMORY_BASE = 1L << 20;

    /** Every shard's keyspace; replaced whole as shards start, read on every command (no iterator). */
    private volatile Keyspace[] keyspaces = new Keyspace[0];
    /** Overhead of each keyspace as last counted, same order as {@link #keyspaces}. */
    private volatile long[] overhead = new long[0];
    /** What clients hold in buffers (bytes); final-server supplies it, module 06 alone has no estimate. */
    private volatile LongSupplier clientBytes = () -> 0;
    private volatile long peak;

    /** Counts {@code keyspace} from now on (each shard's, once, as it starts). */
    public synchronized void add(Keyspace keyspace) {
        Keyspace[] grown = Arrays.copyOf(keyspaces, keyspaces.length + 1);
        grown[grown.length - 1] = keyspace;
        overhead = Arrays.copyOf(overhead, grown.length);
        keyspaces = grown;
        refreshOverhead(keyspace);
    }

    public void clientBytes(LongSupplier supplier) {
        this.clientBytes = supplier;
    }

    /** Recounts {@code keyspace}'s tables; on its own thread (its cron, its eviction). */
    public void refreshOverhead(Keyspace keyspace) {
        Keyspace[] all = keyspaces;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == keyspace) {
                overhead[i] = keyspace.overheadBytes();
                return;
            }
        }
    }

    /** used_memory_dataset: every key, value and entry of every shard (bytes). */
    public long dataset() {
        long n = 0;
        for (Keyspace k : keyspaces) {
            n += k.usedBytes();
        }
        return n;
    }

    /** used_memory_overhead: the tables, client buffers and the base (bytes). */
    public long overhead() {
        long n = USED_MEMORY_BASE + clientBytes.getAsLong();
        for (long o : overhead) {
            n += o;
        }
        return n;
    }

    /** used_memory: what maxmemory is compared with (bytes). Read before every command: no writes here. */
    public long used() {
        return dataset() + overhead();
    }

    /**
     * used_memory_peak (bytes), sampled as Redis's serverCron samples it: at each shard's cron and
     * when INFO asks, so the hot path never writes a shared field. A race between shards may lose a
     * sample; the next one catches up.
     */
    public long peak() {
        long used = used();
        if (used > peak) {
            peak = used;
        }
        return peak;
    }

    /** CONFIG RESETSTAT: the peak starts again from now. */
    public void resetPeak() {
        peak = 0;
    }
}
