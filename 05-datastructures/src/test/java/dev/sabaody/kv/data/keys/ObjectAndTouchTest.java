package dev.sabaody.kv.data.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.KeyspaceStats;
import dev.sabaody.kv.nio.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The LRU clock and the keyspace statistics: OBJECT IDLETIME counts seconds since the last access;
 * asking about a key (EXISTS, TYPE, TTL, OBJECT) is not an access, reading or TOUCHing it is.
 */
class ObjectAndTouchTest {

    private final ManualClock clock = new ManualClock();
    private DataServer server;
    private Jedis jedis;

    @BeforeEach
    void start() {
        server = DataTests.start(clock);
        jedis = new Jedis("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        jedis.close();
        server.close();
    }

    private void advanceSeconds(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
        server.loop().runTimersNow().join(); // the cron refreshes the LRU clock, as serverCron does
    }

    @Test
    void idletime_questionsAboutAKey_doNotTouchIt() {
        jedis.set("k", "v");
        advanceSeconds(5);
        assertEquals(5, jedis.objectIdletime("k"));
        jedis.exists("k");
        jedis.type("k");
        jedis.ttl("k");
        jedis.pttl("k");
        jedis.objectEncoding("k");
        jedis.objectRefcount("k");
        jedis.sendCommand(redis.clients.jedis.Protocol.Command.EXPIRETIME, "k");
        jedis.scan("0");
        jedis.keys("*");
        assertEquals(5, jedis.objectIdletime("k"), "EXISTS, TYPE, TTL, OBJECT, SCAN, KEYS leave the clock alone");
    }

    @Test
    void idletime_touchAndGet_resetIt() {
        jedis.set("k", "v");
        advanceSeconds(7);
        assertEquals(1, jedis.touch("k", "missing"));
        assertEquals(0, jedis.objectIdletime("k"));
        advanceSeconds(3);
        jedis.get("k");
        assertEquals(0, jedis.objectIdletime("k"));
    }

    @Test
    void idletime_renameAndMove_keepTheAccessTime() {
        jedis.set("k", "v");
        advanceSeconds(4);
        jedis.objectIdletime("k");
        jedis.rename("k", "r");
        advanceSeconds(2);
        assertEquals(2, jedis.objectIdletime("r"), "RENAME looked the key up (an access) and kept that time");
    }

    @Test
    void idleMillis_lruClockWrapped_countsOnceRound() {
        assertEquals(5_000, ObjectCommand.idleMillis(105, 100));
        assertEquals((10L + Keyspace.LRU_CLOCK_MAX - (Keyspace.LRU_CLOCK_MAX - 5)) * 1000,
                ObjectCommand.idleMillis(10, Keyspace.LRU_CLOCK_MAX - 5));
    }

    @Test
    void stats_readsCountHitsAndMisses_writesDoNot() {
        jedis.set("k", "v");
        long[] before = stats();
        jedis.exists("k", "missing");
        jedis.type("k");
        jedis.ttl("missing");
        jedis.objectEncoding("k");
        jedis.touch("k");
        long[] after = stats();
        assertEquals(4, after[0] - before[0], "hits: EXISTS k, TYPE k, OBJECT k, TOUCH k");
        assertEquals(2, after[1] - before[1], "misses: EXISTS missing, TTL missing");
        jedis.expire("k", 100);
        jedis.persist("k");
        jedis.del("k", "missing");
        assertArrayEquals(after, stats(), "EXPIRE, PERSIST and DEL look keys up for writing: no statistics");
    }

    /** {hits, misses}, read on the server's loop thread, which owns the keyspace. */
    private long[] stats() {
        return CompletableFuture.supplyAsync(() -> {
            KeyspaceStats s = server.keyspace().stats();
            return new long[] {s.keyspaceHits, s.keyspaceMisses};
        }, server.loop()::execute).join();
    }
}
