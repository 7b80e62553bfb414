package dev.sabaody.kv.memory;

/**
 * The eviction settings every shard reads before each command: maxmemory and its five companions of
 * redis.conf. One instance for the whole server; CONFIG SET writes it (final-server's configuration
 * applies the directives here), the shards read it. Each field is volatile and read once per use,
 * so a change reaches every shard at its next command without a message to any loop.
 */
public final class MemoryLimits {

    /** redis.conf maxmemory-samples default (keys sampled per eviction-pool fill). */
    public static final int CONFIG_DEFAULT_MAXMEMORY_SAMPLES = 5;
    /** redis.conf maxmemory-eviction-tenacity default (0-100). */
    public static final int CONFIG_DEFAULT_EVICTION_TENACITY = 10;
    /** redis.conf lfu-log-factor default. */
    public static final int CONFIG_DEFAULT_LFU_LOG_FACTOR = 10;
    /** redis.conf lfu-decay-time default (minutes). */
    public static final int CONFIG_DEFAULT_LFU_DECAY_TIME = 1;

    /** maxmemory in bytes; 0: no limit. */
    private volatile long maxmemory;
    /**
     * Where writes stop when maxmemory is 0: what the JVM's heap can hold ({@link HeapFit}). Redis
     * without maxmemory grows until the kernel's OOM killer ends it; a JVM would die of
     * OutOfMemoryError instead. Refusing writes with -OOM first keeps the data readable.
     */
    private volatile long heapLimit;
    private volatile EvictionPolicy policy = EvictionPolicy.NOEVICTION;
    private volatile int samples = CONFIG_DEFAULT_MAXMEMORY_SAMPLES;
    private volatile int tenacity = CONFIG_DEFAULT_EVICTION_TENACITY;
    private volatile int lfuLogFactor = CONFIG_DEFAULT_LFU_LOG_FACTOR;
    private volatile int lfuDecayTime = CONFIG_DEFAULT_LFU_DECAY_TIME;

    public long maxmemory() {
        return maxmemory;
    }

    public MemoryLimits maxmemory(long bytes) {
        this.maxmemory = bytes;
        return this;
    }

    /** The limit writes are held to: maxmemory, or the heap's own limit when maxmemory is 0 (bytes; 0: none). */
    public long effectiveMaxmemory() {
        long m = maxmemory;
        return m != 0 ? m : heapLimit;
    }

    public MemoryLimits heapLimit(long bytes) {
        this.heapLimit = bytes;
        return this;
    }

    public EvictionPolicy policy() {
        return policy;
    }

    public MemoryLimits policy(EvictionPolicy policy) {
        this.policy = policy;
        return this;
    }

    public int samples() {
        return samples;
    }

    public MemoryLimits samples(int samples) {
        this.samples = samples;
        return this;
    }

    public int tenacity() {
        return tenacity;
    }

    public MemoryLimits tenacity(int tenacity) {
        this.tenacity = tenacity;
        return this;
    }

    public int lfuLogFactor() {
        return lfuLogFactor;
    }

    public MemoryLimits lfuLogFactor(int factor) {
        this.lfuLogFactor = factor;
        return this;
    }

    public int lfuDecayTime() {
        return lfuDecayTime;
    }

    public MemoryLimits lfuDecayTime(int minutes) {
        this.lfuDecayTime = minutes;
        return this;
    }

    /**
     * evict.c evictionTimeLimitUs: how long one eviction may run before it yields, from tenacity:
     * 50 us per step up to 10, then 15 % more per step, unlimited at 100 (microseconds).
     */
    public long evictionTimeLimitMicros() {
        int t = tenacity;
        if (t <= 10) {
            return 50L * t;
        }
        if (t < 100) {
            return (long) (500.0 * Math.pow(1.15, t - 10.0));
        }
        return Long.MAX_VALUE;
    }
}
