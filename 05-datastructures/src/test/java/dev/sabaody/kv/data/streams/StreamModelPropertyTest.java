package dev.sabaody.kv.data.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * {@link StreamValue} against a plain sorted map of ID to fields under random XADD, XDEL, XTRIM
 * (exact and approximate, MAXLEN and MINID, with LIMIT) and XRANGE/XREVRANGE. Fields are drawn so
 * that entries share the master's fields or not, hold integers of every listpack width, and strings
 * of each length class, so node splits by count and by bytes both happen. After every operation the
 * whole stream, read forwards and backwards, equals the model, and the nodes keep their invariants.
 *
 * <p>An approximate trim may stop early (it removes whole nodes only): the property is that it
 * removes a prefix, never more than the exact trim would, and reports what it removed.
 */
class StreamModelPropertyTest {

    enum Kind { ADD, ADD_SAME_MS, DELETE, TRIM_MAXLEN, TRIM_MINID, RANGE }

    record Op(Kind kind, int a, int b, boolean flag, int fieldsShape) {
    }

    @Provide
    static Arbitrary<List<Op>> operations() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(Kind.ADD)),
                Tuple.of(4, Arbitraries.just(Kind.ADD_SAME_MS)),
                Tuple.of(3, Arbitraries.just(Kind.DELETE)),
                Tuple.of(1, Arbitraries.just(Kind.TRIM_MAXLEN)),
                Tuple.of(1, Arbitraries.just(Kind.TRIM_MINID)),
                Tuple.of(3, Arbitraries.just(Kind.RANGE)));
        Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, 400), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 9)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(600);
    }

    /** Field-value pairs of a few shapes: the usual ones, integers of each width, long strings. */
    static byte[][] fields(int shape, int n) {
        String[] kv = switch (shape) {
            case 0, 1, 2, 3 -> new String[] {"type", "click", "user", Integer.toString(n), "page", "/home"};
            case 4 -> new String[] {"type", "view"};
            case 5 -> new String[] {"n", Long.toString(n * 1_000_003L - 200_000L), "m", Long.toString(-n * 7919L),
                "big", Long.toString(Long.MIN_VALUE + n), "w", Long.toString(n * 70_000_000L)};
            case 6 -> new String[] {"text", "x".repeat(70 + n % 50), "more", "y".repeat(5000 + n)};
            case 7 -> new String[] {"", "", "007", "-0", "1.5", "9223372036854775808"};
            case 8 -> new String[] {"type", "click", "user", "u" + n};
            default -> new String[] {"f" + (n % 3), "v"};
        };
        byte[][] out = new byte[kv.length][];
        for (int i = 0; i < kv.length; i++) {
            out[i] = kv[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    @Property(tries = 300)
    void stream_randomOperations_agreeWithSortedMap(@ForAll("operations") List<Op> ops) {
        StreamValue s = new StreamValue();
        TreeMap<StreamId, List<String>> model = new TreeMap<>();
        long ms = 1;
        long added = 0;
        for (Op op : ops) {
            switch (op.kind()) {
                case ADD, ADD_SAME_MS -> {
                    if (op.kind() == Kind.ADD) {
                        ms += 1 + op.a() % 3;
                    }
                    byte[][] f = fields(op.fieldsShape(), op.a());
                    StreamId last = s.lastId;
                    StreamId expected = last.ms() == ms ? new StreamId(ms, last.seq() + 1) : new StreamId(ms, 0);
                    Object id = s.append(f, 0, f.length / 2, new StreamId(ms, 0), false, 0); // "ms-*"
                    assertEquals(expected, id);
                    model.put((StreamId) id, asStrings(f));
                    added++;
                }
                case DELETE -> {
                    StreamId id = pick(model, op.a(), op.flag());
                    assertEquals(model.remove(id) != null, s.delete(id), "delete " + id);
                }
                case TRIM_MAXLEN -> {
                    long maxlen = op.b() % (model.size() + 5);
                    long limit = op.flag() ? 0 : op.a() % 300;
                    boolean approx = op.flag() || limit > 0;
                    trimAndCheck(s, model, new StreamValue.Trim(true, maxlen, null, approx, limit));
                }
                case TRIM_MINID -> {
                    StreamId minId = pick(model, op.b(), op.a() % 2 == 0);
                    trimAndCheck(s, model, new StreamValue.Trim(false, 0, minId, op.flag(), 0));
                }
                case RANGE -> {
                    StreamId a = pick(model, op.a(), op.flag());
                    StreamId b = pick(model, op.b(), !op.flag());
                    StreamId lo = a.compareTo(b) <= 0 ? a : b;
                    StreamId hi = a.compareTo(b) <= 0 ? b : a;
                    List<StreamId> want = new ArrayList<>(model.subMap(lo, true, hi, true).keySet());
                    assertEquals(want, ids(s, lo, hi, false));
                    Collections.reverse(want);
                    assertEquals(want, ids(s, lo, hi, true));
                }
                default -> throw new IllegalStateException();
            }
            checkWhole(s, model, added);
        }
    }

    private static void trimAndCheck(StreamValue s, TreeMap<StreamId, List<String>> model, StreamValue.Trim t) {
        int before = model.size();
        long exact = t.maxlen() ? Math.max(0, before - t.maxLength())
                : model.headMap(t.minId(), false).size();
        long removed = s.trim(t);
        if (!t.approx()) {
            assertEquals(exact, removed, "exact trim " + t);
        } else {
            assertTrue(removed <= exact, "approximate trim removes no more than exact: " + removed + " > " + exact);
            if (t.limit() > 0) {
                assertTrue(removed <= t.limit(), "limit " + t.limit() + " but removed " + removed);
            }
        }
        for (int i = 0; i < removed; i++) {
            model.pollFirstEntry(); // a trim removes a prefix
        }
    }

    private static void checkWhole(StreamValue s, TreeMap<StreamId, List<String>> model, long added) {
        assertEquals(model.size(), s.length, "length");
        assertEquals(added, s.entriesAdded, "entries added");
        List<StreamId> forward = new ArrayList<>();
        StreamIterator it = new StreamIterator(s, StreamId.MIN, StreamId.MAX, false);
        while (it.next()) {
            forward.add(it.id());
            assertEquals(model.get(it.id()), fieldsOf(it), "fields of " + it.id());
        }
        assertEquals(new ArrayList<>(model.keySet()), forward);
        List<StreamId> backward = ids(s, StreamId.MIN, StreamId.MAX, true);
        Collections.reverse(backward);
        assertEquals(forward, backward);
        long live = 0;
        StreamId previousMaster = null;
        for (Map.Entry<StreamId, StreamNode> e : s.nodes.entrySet()) {
            StreamNode node = e.getValue();
            live += node.count;
            assertTrue(node.entryCount() <= StreamValue.STREAM_NODE_MAX_ENTRIES, "entries per node");
            assertEquals(e.getKey(), node.masterId());
            assertTrue(previousMaster == null || previousMaster.compareTo(e.getKey()) < 0);
            previousMaster = e.getKey();
        }
        assertEquals(s.length, live, "live counts of the nodes");
        if (!model.isEmpty()) {
            assertTrue(s.lastId.compareTo(model.lastKey()) >= 0, "last id");
        }
    }

    private static List<StreamId> ids(StreamValue s, StreamId lo, StreamId hi, boolean reverse) {
        List<StreamId> out = new ArrayList<>();
        StreamIterator it = new StreamIterator(s, lo, hi, reverse);
        while (it.next()) {
            out.add(it.id());
        }
        return out;
    }

    private static List<String> fieldsOf(StreamIterator it) {
        List<String> out = new ArrayList<>();
        it.node().forEachFieldValue(it.cursor(), new StreamNode.ElementSink() {
            @Override
            public void string(byte[] bytes, int offset, int length) {
                out.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
            }

            @Override
            public void integer(long value) {
                out.add(Long.toString(value));
            }
        });
        return out;
    }

    private static List<String> asStrings(byte[][] f) {
        List<String> out = new ArrayList<>();
        for (byte[] b : f) {
            out.add(new String(b, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** An ID present in the model (when asked and there is one), else one that may fall between. */
    private static StreamId pick(TreeMap<StreamId, List<String>> model, int n, boolean present) {
        if (present && !model.isEmpty()) {
            List<StreamId> keys = new ArrayList<>(model.keySet());
            return keys.get(n % keys.size());
        }
        return new StreamId(n % 700, n % 3);
    }
}
