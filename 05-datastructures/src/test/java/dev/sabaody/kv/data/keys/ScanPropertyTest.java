package dev.sabaody.kv.data.keys;

import dev.sabaody.kv.data.ScanArgs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * SCAN's guarantee, for every sequence of changes: a key present from the first call to the last is
 * returned at least once, and nothing is returned that was never there. Between SCAN calls keys are
 * added and deleted in batches large enough to grow the table several times over and to shrink it
 * again, so the cursor crosses resizes in both directions and incremental rehashing in between.
 *
 * <p>The calls are SCAN's own steps ({@link Scan#collect}, {@link Scan#filter}) on a {@link Db} of a
 * {@link Keyspace} with a manual clock, with no server in between.
 */
class ScanPropertyTest {

    /** More calls than any scan here can need: a scan that has not ended by then is a bug. */
    private static final int MAX_CALLS = 100_000;

    private static byte[] key(String prefix, int i) {
        return (prefix + i).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    /**
     * One change between two SCAN calls, from {@code code}: add a batch (growth), delete most of the
     * transient keys (shrink), delete a few, or nothing.
     */
    private static void change(Db db, List<byte[]> transients, Set<String> everSeen, int code, int[] next) {
        int size = code / 4;
        switch (code % 4) {
            case 0 -> {
                for (int i = 0; i < size * 4; i++) {
                    byte[] k = key("t", next[0]++);
                    db.add(k, k);
                    transients.add(k);
                    everSeen.add(text(k));
                }
            }
            case 1 -> {
                int keep = transients.size() / 20;
                while (transients.size() > keep) {
                    db.delete(transients.removeLast());
                }
            }
            case 2 -> {
                for (int i = 0; i < size && !transients.isEmpty(); i++) {
                    db.delete(transients.remove((i * 7919) % transients.size()));
                }
            }
            default -> {
            }
        }
    }

    @Property(tries = 300)
    void scan_changesBetweenCalls_returnEveryKeyPresentThroughout(
            @ForAll @IntRange(min = 0, max = 300) int stable,
            @ForAll @IntRange(min = 0, max = 300) int initialTransient,
            @ForAll @IntRange(min = 1, max = 40) int count,
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 999) Integer> changes) {
        Db db = new Keyspace(new ManualClock()).db(0);
        Set<String> everSeen = new HashSet<>();
        Set<String> stableKeys = new HashSet<>();
        for (int i = 0; i < stable; i++) {
            byte[] k = key("s", i);
            db.add(k, k);
            stableKeys.add(text(k));
        }
        everSeen.addAll(stableKeys);
        List<byte[]> transients = new ArrayList<>();
        int[] next = {0};
        change(db, transients, everSeen, initialTransient * 4, next);

        Set<String> returned = new HashSet<>();
        long cursor = 0;
        int calls = 0;
        do {
            List<byte[]> keys = new ArrayList<>();
            cursor = Scan.collect(db, cursor, count, keys);
            for (byte[] k : Scan.filter(db, keys, null, null)) {
                returned.add(text(k));
            }
            if (calls < changes.size()) {
                change(db, transients, everSeen, changes.get(calls), next);
            }
            calls++;
        } while (cursor != 0 && calls < MAX_CALLS);

        assertEquals(0, cursor, "the scan ends");
        assertTrue(returned.containsAll(stableKeys), () -> "missed " + missing(stableKeys, returned));
        assertTrue(everSeen.containsAll(returned), "returned a key that never existed");
    }

    @Property(tries = 100)
    void scan_noChanges_returnsEveryKeyOnceWithMatchAndExpiry(
            @ForAll @IntRange(min = 0, max = 500) int keys,
            @ForAll @IntRange(min = 1, max = 50) int count) {
        ManualClock clock = new ManualClock();
        Db db = new Keyspace(clock).db(0);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < keys; i++) {
            byte[] k = key(i % 3 == 0 ? "user:" : "item:", i);
            var e = db.add(k, k);
            if (i % 5 == 0) {
                db.setExpire(e, clock.currentTimeMillis() + 10); // expired by the time of the scan
            } else if (i % 3 == 0) {
                expected.add(text(k));
            }
        }
        clock.advance(java.time.Duration.ofMillis(11));
        List<String> returned = new ArrayList<>();
        long cursor = 0;
        do {
            List<byte[]> collected = new ArrayList<>();
            cursor = Scan.collect(db, cursor, count, collected);
            Scan.filter(db, collected, "user:*".getBytes(StandardCharsets.UTF_8), null)
                    .forEach(k -> returned.add(text(k)));
        } while (cursor != 0);
        assertEquals(expected, new HashSet<>(returned));
        assertEquals(expected.size(), returned.size(), "a table that does not change returns each key once");
    }

    @Example
    void collect_bigTable_stopsOnceCountKeysAreCollected() {
        Db db = new Keyspace(new ManualClock()).db(0);
        for (int i = 0; i < 4096; i++) {
            db.add(key("k", i), key("k", i));
        }
        List<byte[]> keys = new ArrayList<>();
        long cursor = Scan.collect(db, 0, 10, keys);
        assertTrue(cursor != 0, "one call does not walk the whole table");
        assertTrue(keys.size() >= 10 && keys.size() < 30, "collected " + keys.size() + " for COUNT 10");
    }

    @Example
    void parseCursor_strtoulRules() {
        long[] out = new long[1];
        assertTrue(ScanArgs.parseCursor("".getBytes(), out) && out[0] == 0);
        assertTrue(ScanArgs.parseCursor("+12".getBytes(), out) && out[0] == 12);
        assertTrue(ScanArgs.parseCursor("-1".getBytes(), out) && out[0] == -1L);
        assertTrue(ScanArgs.parseCursor("18446744073709551615".getBytes(), out) && out[0] == -1L);
        assertTrue(ScanArgs.parseCursor("7\u0000junk".getBytes(), out) && out[0] == 7);
        for (String bad : List.of(" 1", "1 ", "x", "+", "-", "0x1", "18446744073709551616", "99999999999999999999")) {
            assertTrue(!ScanArgs.parseCursor(bad.getBytes(), out), bad);
        }
    }

    private static Set<String> missing(Set<String> expected, Set<String> got) {
        Set<String> m = new HashSet<>(expected);
        m.removeAll(got);
        return m;
    }
}
