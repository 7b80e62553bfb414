package dev.sabaody.kv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The active expiry cycle ({@link ExpiryCycle} through {@link Keyspace#activeExpireCycle}) and the
 * lazy expiry of lookups, on a {@link ManualClock}: time only moves when the test says so.
 */
class ExpiryCycleTest {

    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[] VALUE = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /**
     * 2,000 keys that expire within a second, 1,000 that live an hour, 1,000 without a TTL. After a
     * second, each cycle only removes keys whose time has passed, the table shrinks by what the cycle
     * reports, and repeated cycles bring the share of expired keys among the volatile ones under 25 %.
     */
    @Test
    void cycles_afterTtlsPass_reclaimExpiredKeysOnly() {
        ManualClock clock = new ManualClock();
        Keyspace keyspace = new Keyspace(clock);
        Db db = keyspace.db(0);
        SplittableRandom random = new SplittableRandom(7);
        Map<Integer, Long> expiry = new HashMap<>();
        long start = keyspace.now();
        for (int i = 0; i < 4000; i++) {
            Entry e = db.add(key(i), VALUE);
            if (i < 2000) {
                long at = start + 1 + random.nextInt(1000);
                db.setExpire(e, at);
                expiry.put(i, at);
            } else if (i < 3000) {
                db.setExpire(e, start + 3_600_000);
                expiry.put(i, start + 3_600_000L);
            }
        }
        assertEquals(3000, db.expires());
        assertEquals(0, keyspace.activeExpireCycle(Long.MAX_VALUE), "nothing is due yet");

        clock.advance(Duration.ofMillis(1001));
        long now = keyspace.now();
        int size = db.size();
        long total = 0;
        for (int cycle = 0; cycle < 300; cycle++) {
            long deleted = keyspace.activeExpireCycle(Long.MAX_VALUE);
            assertEquals(size - deleted, db.size(), "the cycle reports what it removed");
            assertTrue(db.size() <= size);
            size = db.size();
            total += deleted;
            if (cycle == 0) {
                // Two thirds of the volatile keys are due: a loop stops only on a sample with at most 5 of
                // 20 expired (p < 0.001 for the first), and one sample deletes 20 at most, so more than
                // 20 deletions means the cycle looped on. (How far it goes is chance: the cycle's
                // random draws are not seeded, and a bound of 200 deletions was seen to fail.)
                assertTrue(deleted > ExpiryCycle.ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP,
                        "a first cycle with two thirds of the keys due keeps looping: " + deleted);
            }
        }
        // No live key was touched.
        for (int i = 2000; i < 4000; i++) {
            assertNotNull(db.peek(key(i)), "live key " + i + " deleted");
        }
        assertEquals(total, keyspace.stats().expiredKeys);
        assertEquals(4000 - total, db.size());
        // Among the volatile keys left, fewer than a quarter are garbage.
        int expired = 0;
        for (int slot = 0; slot < db.expires(); slot++) {
            if (db.volatileAt(slot).expireAt() <= now) {
                expired++;
            }
        }
        assertTrue(expired * 4 < db.expires(), expired + " of " + db.expires() + " volatile keys are expired");
        ExpiryModelTest.assertConsistent(db);
        assertTrue(keyspace.stats().expiredStalePercent > 0);
    }

    @Test
    void cycle_keysInSeveralDatabases_visitsEachOfThem() {
        ManualClock clock = new ManualClock();
        Keyspace keyspace = new Keyspace(clock);
        for (int d : new int[] {0, 3, 15}) {
            for (int i = 0; i < 10; i++) {
                Db db = keyspace.db(d);
                db.setExpire(db.add(key(i), VALUE), keyspace.now() + 10);
            }
        }
        clock.advance(Duration.ofMillis(11)); // past their time: due on the millisecond after it, as in Redis
        assertEquals(30, keyspace.activeExpireCycle(Long.MAX_VALUE));
        assertEquals(0, keyspace.keyCount());
    }

    /** A clock whose nanoTime moves a millisecond per read, so that a cycle's budget runs out. */
    private static final class RunningClock implements Clock {
        long nanos;

        @Override
        public long nanoTime() {
            return nanos += 1_000_000;
        }

        @Override
        public long currentTimeMillis() {
            return 1_700_000_000_000L;
        }
    }

    @Test
    void cycle_budgetSpent_stopsAndCountsTheTimeCap() {
        RunningClock clock = new RunningClock();
        Keyspace keyspace = new Keyspace(clock);
        Db db = keyspace.db(0);
        for (int i = 0; i < 100_000; i++) {
            db.setExpire(db.add(key(i), VALUE), 1_699_999_999_000L);
        }
        long deleted = keyspace.activeExpireCycle(0);
        // The clock is read every 16 loops of 20 keys: the budget stops the cycle at the first check.
        assertEquals(16 * ExpiryCycle.ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP, deleted);
        assertEquals(1, keyspace.stats().expiredTimeCapReached);
        assertEquals(100_000 - deleted, db.size());
    }

    @Test
    void lookup_ofAnExpiredKey_deletesItAndCountsIt() {
        ManualClock clock = new ManualClock();
        Keyspace keyspace = new Keyspace(clock);
        Db db = keyspace.db(0);
        db.setExpire(db.add(key(1), VALUE), keyspace.now() + 100);
        clock.advance(Duration.ofMillis(99));
        assertNotNull(db.lookup(key(1)), "one millisecond to go");
        clock.advance(Duration.ofMillis(1));
        assertNotNull(db.lookup(key(1)), "on its very millisecond the key still lives (keyIsExpired: now > when)");
        clock.advance(Duration.ofMillis(1));
        assertNotNull(db.peek(key(1)), "peek does not expire");
        assertTrue(db.isExpired(db.peek(key(1))));
        assertNull(db.lookup(key(1)), "expireAt < now: gone");
        assertNull(db.peek(key(1)));
        assertEquals(0, db.size());
        assertEquals(0, db.expires());
        assertEquals(1, keyspace.stats().expiredKeys);
    }

    @Test
    void fixTime_duringExec_holdsExpiryStill() {
        ManualClock clock = new ManualClock();
        Keyspace keyspace = new Keyspace(clock);
        Db db = keyspace.db(0);
        db.setExpire(db.add(key(1), VALUE), keyspace.now() + 100);
        keyspace.fixTime(keyspace.now());
        clock.advance(Duration.ofMillis(500));
        assertNotNull(db.lookup(key(1)), "time is frozen");
        keyspace.fixTime(-1);
        assertNull(db.lookup(key(1)));
    }

    @Test
    void setExpireAndPersist_midScan_keepTheKeysPlaceInTheScan() {
        Keyspace keyspace = new Keyspace(new ManualClock());
        Db db = keyspace.db(0);
        for (int i = 0; i < 3000; i++) {
            db.add(key(i), VALUE);
        }
        Map<String, Integer> counts = new HashMap<>();
        long cursor = 0;
        int calls = 0;
        do {
            cursor = db.scan(cursor, e -> counts.merge(new String(e.key, StandardCharsets.US_ASCII), 1, Integer::sum));
            // Every key changes class (TTL on, TTL off) between calls: the entry object is replaced.
            int i = calls++ % 3000;
            Entry e = db.persist(db.lookup(key(i)));
            Entry x = db.setExpire(e, keyspace.now() + 60_000);
            assertTrue(x != e, "a first TTL replaces the entry");
            assertSame(x, db.setExpire(x, keyspace.now() + 120_000), "a new TTL keeps it");
            if (i % 2 == 0) {
                db.persist(x);
            }
        } while (cursor != 0);
        assertEquals(3000, counts.size());
        assertTrue(counts.values().stream().allMatch(c -> c == 1), "a key changing class was seen twice or never");
        ExpiryModelTest.assertConsistent(db);
    }

    @Test
    void randomEntry_everyKeyExpired_givesUpWithNull() {
        ManualClock clock = new ManualClock();
        Keyspace keyspace = new Keyspace(clock);
        Db db = keyspace.db(0);
        for (int i = 0; i < 500; i++) {
            db.setExpire(db.add(key(i), VALUE), keyspace.now() + 1);
        }
        db.add(key(9999), VALUE);
        clock.advance(Duration.ofMillis(2));
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            Entry e = db.randomEntry();
            if (e != null) {
                got.add(new String(e.key, StandardCharsets.US_ASCII));
            }
        }
        assertTrue(got.isEmpty() || got.equals(Set.of("key:9999")), "only the live key: " + got);
        ExpiryModelTest.assertConsistent(db);
    }

    /**
     * avg_ttl as activeExpireCycle keeps it: the first loop over a database takes its sample's mean
     * TTL, later loops weigh theirs at 2 % in integer arithmetic; a database left without keys with a
     * TTL reads 0. Every key here has the same TTL, so each loop's mean is known exactly.
     */
    @Test
    void cycles_keysWithTtl_avgTtlIsTheRunningEstimateOfExpireC() {
        ManualClock clock = new ManualClock();
        Keyspace keyspace = new Keyspace(clock);
        Db db = keyspace.db(0);
        long start = keyspace.now();
        for (int i = 0; i < 100; i++) {
            db.setExpire(db.add(key(i), VALUE), start + 100_000);
        }
        assertEquals(0, keyspace.stats().avgTtl(0), "no cycle has run");
        keyspace.activeExpireCycle(Long.MAX_VALUE);
        assertEquals(100_000, keyspace.stats().avgTtl(0)); // (100000/50)*49 + 100000/50
        clock.advance(Duration.ofMillis(40_000));
        keyspace.activeExpireCycle(Long.MAX_VALUE); // one loop: nothing due, so no second
        assertEquals(100_000 / 50 * 49 + 60_000 / 50, keyspace.stats().avgTtl(0));
        assertEquals(0, keyspace.stats().avgTtl(1), "a database without keys with a TTL");
        clock.advance(Duration.ofMillis(60_001));
        while (db.expires() > 0) {
            keyspace.activeExpireCycle(Long.MAX_VALUE);
        }
        keyspace.activeExpireCycle(Long.MAX_VALUE);
        assertEquals(0, keyspace.stats().avgTtl(0), "every key with a TTL is gone");
    }

    /** expired_stale_perc fades towards 0 by 5 % a cycle once the cycles find nothing due. */
    @Test
    void cycles_nothingDue_staleEstimateFades() {
        ManualClock clock = new ManualClock();
        Keyspace keyspace = new Keyspace(clock);
        keyspace.stats().expiredStalePercent = 40;
        keyspace.activeExpireCycle(Long.MAX_VALUE);
        assertEquals(38.0, keyspace.stats().expiredStalePercent, 1e-9);
    }
}
