package dev.sabaody.kv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link Db}'s expiry against a model of absolute expiry times, with a {@link ManualClock} moved
 * forward in random steps: a lookup never returns a key whose time has passed, the active cycle
 * deletes only keys whose time has passed, and the dense list of volatile keys always holds exactly
 * the entries that have a TTL, each knowing its slot.
 */
class ExpiryModelTest {

    enum Kind { ADD, SET, SET_KEEPTTL, EXPIRE, PERSIST, DELETE, LOOKUP, ADVANCE, CYCLE, RANDOM }

    record Op(Kind kind, int key, int millis) {
    }

    static byte[] key(int k) {
        return ("key:" + k).getBytes(StandardCharsets.US_ASCII);
    }

    @Provide
    static Arbitrary<List<Op>> operations() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(Kind.ADD)),
                Tuple.of(2, Arbitraries.just(Kind.SET)),
                Tuple.of(2, Arbitraries.just(Kind.SET_KEEPTTL)),
                Tuple.of(5, Arbitraries.just(Kind.EXPIRE)),
                Tuple.of(2, Arbitraries.just(Kind.PERSIST)),
                Tuple.of(2, Arbitraries.just(Kind.DELETE)),
                Tuple.of(4, Arbitraries.just(Kind.LOOKUP)),
                Tuple.of(3, Arbitraries.just(Kind.ADVANCE)),
                Tuple.of(1, Arbitraries.just(Kind.CYCLE)),
                Tuple.of(1, Arbitraries.just(Kind.RANDOM)));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 59), Arbitraries.integers().between(1, 500))
                .as(Op::new).list().ofMinSize(1).ofMaxSize(200);
    }

    /** The model: every key the Db holds (expired ones not yet reclaimed included) and its expiry, -1 for none. */
    private final Map<Integer, Long> model = new HashMap<>();
    private ManualClock clock;
    private Keyspace keyspace;
    private Db db;

    private boolean live(int k) {
        Long at = model.get(k);
        return at != null && (at == -1 || at >= keyspace.now()); // keyIsExpired: now > when
    }

    @Property(tries = 150)
    void operations_matchModel_andNeverShowAnExpiredKey(@ForAll("operations") List<Op> ops) {
        model.clear();
        clock = new ManualClock();
        keyspace = new Keyspace(clock);
        db = keyspace.db(0);
        for (Op op : ops) {
            apply(op);
            sync();
            assertConsistent(db);
        }
        // Finally every key is read: only live ones come back, and the rest are gone afterwards.
        for (int k = 0; k < 60; k++) {
            boolean expected = live(k);
            Entry e = db.lookup(key(k));
            assertEquals(expected, e != null, "key " + k);
            if (e != null) {
                assertEquals((long) model.get(k), e.expireAt());
            }
        }
        sync();
        assertEquals(model.size(), db.size());
        assertConsistent(db);
    }

    private void apply(Op op) {
        int k = op.key();
        long now = keyspace.now();
        switch (op.kind()) {
            case ADD -> {
                if (db.lookup(key(k)) == null) {
                    assertTrue(!live(k));
                    db.add(key(k), "v".getBytes(StandardCharsets.US_ASCII));
                    model.put(k, -1L);
                }
            }
            case SET, SET_KEEPTTL -> {
                boolean keep = op.kind() == Kind.SET_KEEPTTL;
                long was = live(k) ? model.get(k) : -1;
                Entry e = db.set(key(k), new byte[] {1}, keep);
                assertSame(e, db.peek(key(k)), "set returns the entry now in the table");
                model.put(k, keep ? was : -1L);
                assertEquals((long) model.get(k), e.expireAt());
            }
            case EXPIRE -> {
                Entry e = db.lookup(key(k));
                assertEquals(live(k), e != null);
                if (e != null) {
                    Entry now2 = db.setExpire(e, now + op.millis());
                    assertSame(now2, db.peek(key(k)), "setExpire returns the entry now in the table");
                    assertEquals(now + op.millis(), now2.expireAt());
                    model.put(k, now + op.millis());
                }
            }
            case PERSIST -> {
                Entry e = db.lookup(key(k));
                assertEquals(live(k), e != null);
                if (e != null) {
                    Entry plain = db.persist(e);
                    assertSame(plain, db.peek(key(k)));
                    assertEquals(-1, plain.expireAt());
                    model.put(k, -1L);
                }
            }
            case DELETE -> {
                assertEquals(live(k), db.delete(key(k)));
                model.remove(k);
            }
            case LOOKUP -> {
                Entry e = db.lookup(key(k));
                assertEquals(live(k), e != null, "lookup of key " + k);
                if (e != null) {
                    assertTrue(e.expireAt() == -1 || e.expireAt() >= now, "a lookup returned an expired key");
                }
            }
            case ADVANCE -> clock.advance(Duration.ofMillis(op.millis()));
            case CYCLE -> {
                int before = db.size();
                long deleted = keyspace.activeExpireCycle(Long.MAX_VALUE);
                assertEquals(before - deleted, db.size(), "the cycle's count is what left the table");
                for (Map.Entry<Integer, Long> m : model.entrySet()) {
                    if (live(m.getKey())) {
                        assertNotNull(db.peek(key(m.getKey())), "the cycle deleted live key " + m.getKey());
                    }
                }
            }
            case RANDOM -> {
                Entry e = db.randomEntry();
                if (e != null) {
                    assertTrue(!db.isExpired(e), "randomEntry returned an expired key");
                }
            }
        }
    }

    /** Drops from the model the expired keys the Db has reclaimed, then compares key sets. */
    private void sync() {
        for (Iterator<Map.Entry<Integer, Long>> it = model.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Long> m = it.next();
            if (!live(m.getKey()) && db.peek(key(m.getKey())) == null) {
                it.remove();
            }
        }
        Set<String> inDb = new HashSet<>();
        db.forEach(e -> inDb.add(new String(e.key, StandardCharsets.US_ASCII)));
        Set<String> inModel = new HashSet<>();
        model.keySet().forEach(k -> inModel.add("key:" + k));
        assertEquals(inModel, inDb);
        for (Map.Entry<Integer, Long> m : model.entrySet()) {
            assertEquals((long) m.getValue(), db.peek(key(m.getKey())).expireAt());
        }
    }

    /**
     * Db.expires() counts exactly the entries with a TTL, and the volatile list holds each of them
     * once, in the slot the entry records, and it is the very object in the table.
     */
    static void assertConsistent(Db db) {
        int[] withTtl = {0};
        db.forEach(e -> {
            if (e.expireAt() != -1) {
                withTtl[0]++;
                assertTrue(e instanceof ExpiringEntry);
            } else {
                assertTrue(!(e instanceof ExpiringEntry), "an ExpiringEntry without expiry");
            }
        });
        assertEquals(withTtl[0], db.expires(), "expires() against entries with a TTL");
        Set<ExpiringEntry> seen = new HashSet<>();
        for (int slot = 0; slot < db.expires(); slot++) {
            ExpiringEntry x = db.volatileAt(slot);
            assertNotNull(x, "hole in the volatile list at " + slot);
            assertEquals(slot, x.slot, "entry's slot");
            assertSame(x, db.peek(x.key), "volatile entry is the one in the table");
            assertTrue(seen.add(x), "entry listed twice");
        }
    }

    @Property(tries = 50)
    void detachAttachSwapFlush_keepVolatilesConsistent(@ForAll("operations") List<Op> ops) {
        model.clear();
        clock = new ManualClock();
        keyspace = new Keyspace(clock);
        db = keyspace.db(0);
        for (Op op : ops) {
            apply(op);
        }
        Db other = keyspace.db(1);
        // Move every key with a TTL to db 1 and back: both lists stay consistent.
        java.util.ArrayList<byte[]> keys = new java.util.ArrayList<>();
        db.forEach(e -> keys.add(e.key));
        int expires = db.expires();
        for (byte[] k : keys) {
            other.attach(db.detach(k));
        }
        assertEquals(0, db.expires());
        assertEquals(expires, other.expires());
        assertConsistent(db);
        assertConsistent(other);
        db.swapWith(other);
        assertEquals(expires, db.expires());
        assertEquals(0, other.expires());
        assertConsistent(db);
        assertConsistent(other);
        assertEquals(keys.size(), db.flush());
        assertEquals(0, db.expires());
        assertEquals(0, db.size());
        assertNull(db.randomEntry());
        assertConsistent(db);
    }
}
