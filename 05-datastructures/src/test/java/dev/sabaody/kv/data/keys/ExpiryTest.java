package dev.sabaody.kv.data.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Expiry on a manual clock: the countdown of TTL and PTTL, keys whose time has passed being
 * invisible to every reader (and counted by DBSIZE until reclaimed, as in Redis), and the active
 * cycle reclaiming keys nobody reads. No test sleeps: time moves when the test moves it.
 *
 * <p>The server's cron runs every 100 ms of the manual clock, when the loop next wakes. Tests that
 * must see keys not yet reclaimed keep their clock under that.
 */
class ExpiryTest {

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

    private void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    @Test
    void ttl_clockMoves_countsDownRoundingToTheNearestSecond() {
        jedis.set("k", "v");
        jedis.expire("k", 10);
        assertEquals(10, jedis.ttl("k"));
        assertEquals(10_000, jedis.pttl("k"));
        advance(2_400);
        assertEquals(7_600, jedis.pttl("k"));
        assertEquals(8, jedis.ttl("k"), "7.6 s rounds up");
        advance(2_200);
        assertEquals(5_400, jedis.pttl("k"));
        assertEquals(5, jedis.ttl("k"), "5.4 s rounds down");
        advance(5_399);
        assertEquals(1, jedis.pttl("k"));
        assertEquals(0, jedis.ttl("k"), "a millisecond left is 0 seconds, not yet -2");
        advance(2);
        assertEquals(-2, jedis.pttl("k"));
        assertEquals(-2, jedis.ttl("k"));
        assertEquals(0, jedis.dbSize(), "the lookup deleted it");
    }

    @Test
    void expireTime_isAbsoluteOnTheServerClock() {
        long now = clock.currentTimeMillis();
        jedis.set("k", "v");
        jedis.pexpire("k", 1_234);
        assertEquals(now + 1_234, jedis.pexpireTime("k"));
        assertEquals((now + 1_234 + 500) / 1000, jedis.expireTime("k"));
        advance(1_000);
        assertEquals(now + 1_234, jedis.pexpireTime("k"), "the absolute time does not move with the clock");
        jedis.expireAt("k", now / 1000 + 100);
        assertEquals(100 - 1, jedis.ttl("k"), "EXPIREAT is read against the server's clock, 1 s later");
    }

    @Test
    void pexpireat_theCurrentMillisecond_deletesAtOnce() {
        jedis.set("k", "v");
        assertEquals(1, jedis.pexpireAt("k", clock.currentTimeMillis()));
        assertEquals(0, jedis.dbSize());
        jedis.set("k", "v");
        assertEquals(1, jedis.pexpireAt("k", clock.currentTimeMillis() + 1));
        assertEquals(1, jedis.exists("k") ? 1 : 0);
    }

    @Test
    void expiredKeys_invisibleToReaders_butCountedByDbsizeUntilReclaimed() {
        jedis.set("a", "1");
        jedis.set("b", "2");
        jedis.set("c", "3");
        jedis.pexpire("a", 10);
        jedis.pexpire("b", 10);
        advance(11); // the cron (every 100 ms of this clock) has not run: nothing reclaimed the keys
        assertEquals(3, jedis.dbSize(), "DBSIZE counts keys not yet reclaimed, as Redis does");
        assertEquals(Set.of("c"), jedis.keys("*"));
        assertEquals(3, jedis.dbSize(), "KEYS skips expired keys without deleting them");
        ScanResult<String> scan = jedis.scan("0", new ScanParams().count(100));
        assertEquals("0", scan.getCursor());
        assertEquals(List.of("c"), scan.getResult());
        assertEquals(1, jedis.dbSize(), "SCAN deletes the expired keys it meets, as expireIfNeeded does");
        for (int i = 0; i < 20; i++) {
            assertEquals("c", jedis.randomKey());
        }
    }

    @Test
    void expiredKey_everyLookup_seesNothing() {
        for (String k : List.of("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8")) {
            jedis.set(k, "v");
            jedis.pexpire(k, 50);
        }
        advance(51); // due once the clock is past the expiry time, as Redis's keyIsExpired
        assertEquals(0, jedis.exists("e1", "e1"));
        assertEquals("none", jedis.type("e2"));
        assertEquals(-2, jedis.ttl("e3"));
        assertNull(jedis.objectEncoding("e4"));
        assertEquals(0, jedis.touch("e5"));
        assertEquals(0, jedis.persist("e6"));
        assertEquals(0, jedis.copy("e7", "x", false) ? 1 : 0);
        assertEquals(0, jedis.move("e8", 1));
        assertEquals(0, jedis.dbSize(), "every lookup deleted the key it found expired");
        assertEquals(Set.of(), jedis.keys("*"));
    }

    @Test
    void randomkey_mostKeysExpired_stillFindsTheLiveOne() {
        // With 500 expired keys, 100 expired draws in a row (where Db.randomEntry gives up) are likely.
        for (int i = 0; i < 500; i++) {
            jedis.set("gone:" + i, "v");
            jedis.pexpire("gone:" + i, 10);
        }
        jedis.set("live", "v");
        advance(11);
        assertEquals("live", jedis.randomKey());
        assertEquals("live", jedis.randomKey());
        advance(1);
        jedis.del("live");
        assertNull(jedis.randomKey());
    }

    @Test
    void activeCycle_keysNobodyReads_areReclaimedByTheCron() {
        for (int i = 0; i < 200; i++) {
            jedis.set("t:" + i, "v");
            jedis.pexpire("t:" + i, 100);
        }
        for (int i = 0; i < 10; i++) {
            jedis.set("p:" + i, "v");
        }
        assertEquals(210, jedis.dbSize());
        advance(1_000);
        server.loop().runTimersNow().join();
        long left = jedis.dbSize();
        // The cycle samples 20 volatile keys at a time and stops once a sample is at most a quarter
        // expired, so up to 5 expired keys may be left for lazy expiry.
        assertTrue(left >= 10 && left <= 15, "left " + left);
        Set<String> live = new HashSet<>(jedis.keys("*"));
        assertEquals(10, live.size());
    }

    @Test
    void activeExpireCycle_onAKeyspace_deletesDueKeysOnly() {
        Keyspace keyspace = new Keyspace(clock);
        var db = keyspace.db(0);
        long now = keyspace.now();
        for (int i = 0; i < 100; i++) {
            db.setExpire(db.add(("due:" + i).getBytes(), "v".getBytes()), now + 10);
            db.setExpire(db.add(("later:" + i).getBytes(), "v".getBytes()), now + 10_000);
        }
        advance(11);
        long deleted = keyspace.activeExpireCycle(Long.MAX_VALUE);
        assertTrue(deleted > 0 && deleted <= 100, "deleted " + deleted);
        assertEquals(deleted, keyspace.stats().expiredKeys);
        db.forEach(e -> assertTrue(!db.isExpired(e) || new String(e.key).startsWith("due:")));
        assertEquals(200 - deleted, db.size());
    }
}
