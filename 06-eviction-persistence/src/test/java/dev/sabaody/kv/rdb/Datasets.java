package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.hashes.HashValue;
import dev.sabaody.kv.data.lists.ListValue;
import dev.sabaody.kv.data.sets.SetValue;
import dev.sabaody.kv.data.zsets.SortedSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random datasets of every type module 05 saves: binary and integer-looking keys and elements,
 * small values (packed in Redis) and big ones (past every listpack limit), TTLs on some keys.
 */
final class Datasets {

    /** The clock the datasets' TTLs are relative to: far in the future, so no key is expired when read. */
    static final long NOW = 1_700_000_000_000L;

    record KeySpec(int db, byte[] key, int type, List<byte[]> elements, List<Double> scores, long ttl) {
    }

    private Datasets() {
    }

    static Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> binary = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> integer = Arbitraries.longs().map(v -> Long.toString(v).getBytes(StandardCharsets.US_ASCII));
        Arbitrary<byte[]> small = Arbitraries.integers().between(-200, 70000)
                .map(v -> Integer.toString(v).getBytes(StandardCharsets.US_ASCII));
        Arbitrary<byte[]> repetitive = Arbitraries.strings().withChars("ab").ofMinLength(21).ofMaxLength(300)
                .map(s -> s.getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, binary), net.jqwik.api.Tuple.of(2, integer),
                net.jqwik.api.Tuple.of(2, small), net.jqwik.api.Tuple.of(1, repetitive));
    }

    static Arbitrary<KeySpec> keys() {
        Arbitrary<Integer> db = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 15)));
        Arbitrary<byte[]> key = bytes().filter(b -> b.length > 0);
        Arbitrary<Integer> type = Arbitraries.integers().between(0, 4);
        Arbitrary<List<byte[]>> elements = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, bytes().list().ofMinSize(1).ofMaxSize(12)),
                net.jqwik.api.Tuple.of(1, bytes().list().ofMinSize(130).ofMaxSize(600)));
        Arbitrary<List<Double>> scores = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(-1000, 1000).map(i -> (double) i)),
                net.jqwik.api.Tuple.of(3, Arbitraries.doubles()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0)))
                .list().ofSize(600);
        Arbitrary<Long> ttl = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(-1L)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 10L * 365 * 86_400_000)));
        return Combinators.combine(db, key, type, elements, scores, ttl).as(KeySpec::new);
    }

    static Arbitrary<List<KeySpec>> datasets() {
        return keys().list().ofMaxSize(40);
    }

    /** Puts every spec into {@code keyspace} (a later spec for the same key replaces the earlier one). */
    static void fill(Keyspace keyspace, List<KeySpec> specs) {
        for (KeySpec s : specs) {
            Db db = keyspace.db(s.db());
            Entry e = db.set(s.key(), value(s), false);
            if (s.ttl() > 0) {
                db.setExpire(e, NOW + s.ttl());
            }
        }
    }

    static Object value(KeySpec s) {
        List<byte[]> el = s.elements();
        switch (s.type()) {
            case 0:
                return el.getFirst();
            case 1: {
                ListValue l = new ListValue();
                el.forEach(l::addLast);
                return l;
            }
            case 2: {
                SetValue set = new SetValue();
                el.forEach(set::add);
                return set;
            }
            case 3: {
                SortedSet z = new SortedSet();
                for (int i = 0; i < el.size(); i++) {
                    z.add(el.get(i), s.scores().get(i), 0);
                }
                return z;
            }
            default: {
                HashValue h = new HashValue();
                for (int i = 0; i < el.size(); i++) {
                    h.set(el.get(i), el.get((i * 7 + 3) % el.size()));
                }
                return h;
            }
        }
    }
}
