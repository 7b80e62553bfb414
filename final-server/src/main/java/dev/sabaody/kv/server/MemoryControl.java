package dev.sabaody.kv.server;

import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.memory.EvictionPolicy;
import dev.sabaody.kv.memory.Evictor;
import dev.sabaody.kv.memory.HeapFit;
import dev.sabaody.kv.memory.MemoryAccounting;
import dev.sabaody.kv.memory.MemoryInfo;
import dev.sabaody.kv.memory.MemoryLimits;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ConfigException;
import dev.sabaody.kv.server.config.LiveConfig;
import dev.sabaody.kv.server.config.ServerConfig;
import dev.sabaody.kv.server.config.ValueType.BadValue;
import java.util.function.IntSupplier;

/**
 * Module 06's memory limit in the product: the six redis.conf directives (maxmemory,
 * maxmemory-policy, maxmemory-samples, maxmemory-eviction-tenacity, lfu-log-factor,
 * lfu-decay-time) applied to one {@link MemoryLimits} that every shard's {@link Evictor} reads,
 * live through CONFIG SET; one {@link MemoryAccounting} summing every shard; INFO's memory section.
 *
 * <p>The JVM's limit is checked here: a maxmemory the heap cannot hold is refused at start (the
 * server does not start) and by CONFIG SET (Redis would take it; a JVM would die of
 * OutOfMemoryError before reaching it). With maxmemory 0, writes stop at what the heap can hold
 * ({@link HeapFit#maxmemoryFor}), so the server answers -OOM rather than dying.
 */
final class MemoryControl {

    /**
     * What one client holds that INFO counts (mem_clients_normal): its session, parser and the
     * buffers a client keeps between requests (bytes; an estimate, not a count).
     */
    static final long CLIENT_BYTES = 2048;

    private final MemoryLimits limits = new MemoryLimits();
    private final MemoryAccounting memory = new MemoryAccounting();
    private final Clock clock;
    private final long maxHeap = Runtime.getRuntime().maxMemory();

    MemoryControl(LiveConfig live, Clock clock, IntSupplier connectedClients) {
        this.clock = clock;
        ServerConfig config = live.current();
        String refusal = HeapFit.check(maxmemory(config), maxHeap);
        if (refusal != null) {
            throw new ConfigException("maxmemory " + config.get("maxmemory"), refusal);
        }
        apply(config);
        limits.heapLimit(HeapFit.maxmemoryFor(maxHeap));
        memory.clientBytes(() -> connectedClients.getAsInt() * CLIENT_BYTES);
        live.onChange("maxmemory", now -> {
            String why = HeapFit.check(maxmemory(now), maxHeap);
            if (why != null) {
                throw new BadValue(why);
            }
            apply(now);
        });
        for (String name : new String[] {"maxmemory-policy", "maxmemory-samples", "maxmemory-eviction-tenacity",
                "lfu-log-factor", "lfu-decay-time"}) {
            live.onChange(name, this::apply);
        }
    }

    private static long maxmemory(ServerConfig config) {
        return Long.parseUnsignedLong(config.get("maxmemory"));
    }

    private void apply(ServerConfig config) {
        limits.maxmemory(maxmemory(config))
                .policy(EvictionPolicy.of(config.get("maxmemory-policy")))
                .samples(Integer.parseInt(config.get("maxmemory-samples")))
                .tenacity(Integer.parseInt(config.get("maxmemory-eviction-tenacity")))
                .lfuLogFactor(Integer.parseInt(config.get("lfu-log-factor")))
                .lfuDecayTime(Integer.parseInt(config.get("lfu-decay-time")));
    }

    /** Puts a shard's keyspace under the limit; on the shard's thread, as it starts. */
    Evictor install(Keyspace keyspace) {
        return Evictor.install(keyspace, limits, memory, clock);
    }

    /** INFO's # Memory section, with what the scripts hold. */
    String info(int connectedClients, MemoryInfo.Scripts scripts) {
        return MemoryInfo.section(memory, limits, connectedClients * CLIENT_BYTES, scripts);
    }

    /** CONFIG RESETSTAT: used_memory_peak starts again. */
    void resetPeak() {
        memory.resetPeak();
    }
}
