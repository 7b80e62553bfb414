package dev.sabaody.kv.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.KeyspaceStats;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * INFO's total_eviction_exceeded_time and current_eviction_exceeded_time, as evict.c's
 * update_metrics keeps them: a spell begins when performEvictions cannot bring memory under
 * maxmemory (FAIL, or RUNNING out of time) and ends at the next OK; on a manual clock.
 */
class EvictionExceededTimeTest {

    @Test
    void noeviction_overTheLimitThenRaised_spellTimedFromFailToOk() {
        long max = MemoryAccounting.USED_MEMORY_BASE + 16 * 1024;
        MemoryLimits limits = new MemoryLimits().maxmemory(max).policy(EvictionPolicy.NOEVICTION);
        InProcess server = new InProcess(limits);
        KeyspaceStats stats = server.keyspace.stats();
        assertTrue(server.evictor.makeRoom());
        assertEquals(0, stats.evictionExceededNanos(server.clock.nanoTime()), "under the limit: no spell");
        for (int i = 0; server.memory.used() <= max; i++) {
            server.run("SET", "key:" + i, "x".repeat(100));
        }
        assertTrue(server.run("SET", "one", "more").startsWith("-OOM"));
        server.clock.advance(Duration.ofMillis(1500));
        long now = server.clock.nanoTime();
        assertEquals(1_500_000_000L, stats.currentEvictionExceededNanos(now));
        assertEquals(1_500_000_000L, stats.evictionExceededNanos(now));
        server.evictor.makeRoom(); // still over: the same spell goes on
        server.clock.advance(Duration.ofMillis(500));
        limits.maxmemory(max * 4);
        assertTrue(server.evictor.makeRoom()); // OK: the spell ends
        server.clock.advance(Duration.ofMillis(700));
        now = server.clock.nanoTime();
        assertEquals(0, stats.currentEvictionExceededNanos(now));
        assertEquals(2_000_000_000L, stats.evictionExceededNanos(now));
    }
}
