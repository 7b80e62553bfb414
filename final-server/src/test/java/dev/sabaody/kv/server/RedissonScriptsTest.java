package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RMapCache;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson, whose locks, rate limiters and caches are Lua scripts, against final-server with one and
 * two shards: what an application would do with them, unchanged.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class RedissonScriptsTest {

    @Parameter
    int shards;

    private SabaodyServer server;
    private RedissonClient redisson;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(shards);
        Config config = new Config();
        config.useSingleServer().setAddress("redis://127.0.0.1:" + server.port())
                .setConnectionMinimumIdleSize(1).setConnectionPoolSize(4)
                .setSubscriptionConnectionMinimumIdleSize(0).setSubscriptionConnectionPoolSize(1)
                .setTimeout(5_000).setRetryAttempts(0);
        redisson = Redisson.create(config);
    }

    @AfterEach
    void stop() {
        if (redisson != null) {
            redisson.shutdown(0, 2, TimeUnit.SECONDS);
        }
        server.close();
    }

    @Test
    void rlock_heldByOneThread_othersTryAndFail() throws Exception {
        RLock lock = redisson.getLock("redisson:lock:a");
        lock.lock(30, TimeUnit.SECONDS);
        assertTrue(lock.isLocked());
        assertTrue(lock.isHeldByCurrentThread());
        boolean other = CompletableFuture.supplyAsync(() -> redisson.getLock("redisson:lock:a").tryLock()).get(10, TimeUnit.SECONDS);
        assertFalse(other, "a second holder while the first holds it");
        lock.lock(30, TimeUnit.SECONDS); // reentrant
        assertEquals(2, lock.getHoldCount());
    }

    @Test
    void rlock_unlock_freesTheLock() {
        RLock lock = redisson.getLock("redisson:lock:b");
        lock.lock(30, TimeUnit.SECONDS);
        lock.unlock();
        assertFalse(lock.isLocked());
        assertTrue(lock.tryLock());
        lock.unlock();
    }

    @Test
    void rlock_waiter_getsTheLockWhenTheHolderUnlocks() throws Exception {
        RLock lock = redisson.getLock("redisson:lock:c");
        lock.lock(30, TimeUnit.SECONDS);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            RLock same = redisson.getLock("redisson:lock:c");
            waiting.countDown();
            try {
                boolean got = same.tryLock(20, 30, TimeUnit.SECONDS);
                if (got) {
                    same.unlock();
                }
                return got;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        waiting.await();
        lock.unlock();
        assertTrue(waiter.get(25, TimeUnit.SECONDS));
    }

    @Test
    void rateLimiter_permitsPerInterval_thenRefuses() {
        RRateLimiter limiter = redisson.getRateLimiter("redisson:limiter");
        assertTrue(limiter.trySetRate(RateType.OVERALL, 3, java.time.Duration.ofMinutes(1)));
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire(), "a fourth permit within the minute");
        assertEquals(0, limiter.availablePermits());
    }

    @Test
    void mapCache_entriesWithTtl_putGetRemove() {
        RMapCache<String, String> cache = redisson.getMapCache("redisson:cache");
        cache.delete();
        assertNull(cache.put("a", "1", 10, TimeUnit.MINUTES));
        assertEquals("1", cache.put("a", "2", 10, TimeUnit.MINUTES));
        cache.fastPut("b", "3");
        assertEquals("2", cache.get("a"));
        assertEquals(2, cache.size());
        assertTrue(cache.containsKey("b"));
        assertEquals("3", cache.remove("b"));
        assertEquals(1, cache.size());
    }
}
