package dev.sabaody.kv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Dict} against {@code java.util.HashMap}: random sequences of add, put, remove, get (by array
 * and by buffer slice), replace, and bulk inserts and deletes that push the table through many grow
 * and shrink rehashes. After every operation the sizes agree; while a rehash is in progress every key
 * the model holds is found; at the end the contents are identical and the pending rehash finishes
 * within one step per bucket.
 */
class DictModelTest {

    /** A test node: the key is "key:" + id, and a value to tell a replacement from the original. */
    static final class Node extends DictNode {
        final int id;
        final int value;

        Node(int id, int value) {
            super(key(id));
            this.id = id;
            this.value = value;
        }
    }

    static byte[] key(int id) {
        return ("key:" + id).getBytes(StandardCharsets.US_ASCII);
    }

    enum Kind { ADD, PUT, REMOVE, REMOVE_SLICE, GET, GET_HEAP_SLICE, GET_DIRECT_SLICE, REPLACE, GROW, SHRINK }

    record Op(Kind kind, int key, int value, int count) {
    }

    /** Keys are drawn from a range small enough for repeats and large enough to force resizes. */
    static final int KEY_SPACE = 3000;

    @Provide
    static Arbitrary<List<Op>> operations() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(Kind.ADD)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.PUT)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.REMOVE)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.REMOVE_SLICE)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Kind.GET)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.GET_HEAP_SLICE)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.GET_DIRECT_SLICE)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.REPLACE)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.GROW)),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Kind.SHRINK)));
        Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, KEY_SPACE - 1),
                Arbitraries.integers(), Arbitraries.integers().between(1, 1500)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(120);
    }

    /** Runs the operations on a Dict and on the model, checking after each; returns the Dict. */
    static Dict<Node> runAgainstModel(List<Op> ops, Map<Integer, Node> model, SplittableRandom random) {
        Dict<Node> dict = new Dict<>();
        for (Op op : ops) {
            apply(dict, model, op, random);
            assertEquals(model.size(), dict.size(), () -> "size after " + op);
            if (dict.isRehashing()) {
                assertFindsModel(dict, model, random);
            }
        }
        return dict;
    }

    static void apply(Dict<Node> dict, Map<Integer, Node> model, Op op, SplittableRandom random) {
        int k = op.key();
        switch (op.kind()) {
            case ADD -> {
                if (model.containsKey(k)) {
                    assertSame(model.get(k), dict.get(key(k)));
                } else {
                    Node n = new Node(k, op.value());
                    dict.add(n);
                    model.put(k, n);
                }
            }
            case PUT -> {
                Node n = new Node(k, op.value());
                assertSame(model.put(k, n), dict.put(n), "put returns the node it replaced");
            }
            case REMOVE -> assertSame(model.remove(k), dict.remove(key(k)));
            case REMOVE_SLICE -> {
                byte[] bytes = key(k);
                ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 9).put(5, bytes);
                assertSame(model.remove(k), dict.remove(buffer, 5, bytes.length));
            }
            case GET -> assertSame(model.get(k), dict.get(key(k)));
            case GET_HEAP_SLICE -> {
                byte[] bytes = key(k);
                // A slice whose backing array starts before it: arrayOffset() is 3.
                ByteBuffer slice = ByteBuffer.allocate(bytes.length + 10).slice(3, bytes.length + 5).put(2, bytes);
                assertSame(model.get(k), dict.get(slice, 2, bytes.length));
                // One byte short of the key must not match it.
                if (bytes.length > 1 && model.containsKey(k)) {
                    assertTrue(dict.get(slice, 2, bytes.length - 1) != model.get(k));
                }
            }
            case GET_DIRECT_SLICE -> {
                byte[] bytes = key(k);
                ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 4).put(4, bytes);
                assertSame(model.get(k), dict.get(direct, 4, bytes.length));
            }
            case REPLACE -> {
                Node old = model.get(k);
                if (old != null) {
                    Node n = new Node(k, op.value());
                    dict.replace(old, n);
                    model.put(k, n);
                    assertSame(n, dict.get(key(k)));
                }
            }
            case GROW -> {
                for (int i = 0; i < op.count(); i++) {
                    int id = KEY_SPACE + random.nextInt(4 * KEY_SPACE);
                    if (!model.containsKey(id)) {
                        Node n = new Node(id, i);
                        dict.add(n);
                        model.put(id, n);
                    }
                }
            }
            case SHRINK -> {
                // Remove all but count % 50 keys: a table of thousands drops to a handful.
                List<Integer> keys = new ArrayList<>(model.keySet());
                int keep = op.count() % 50;
                for (int i = keep; i < keys.size(); i++) {
                    assertSame(model.remove(keys.get(i)), dict.remove(key(keys.get(i))));
                }
            }
        }
    }

    /** While rehashing: every key of the model is found (checking all of them when there are few). */
    static void assertFindsModel(Dict<Node> dict, Map<Integer, Node> model, SplittableRandom random) {
        if (model.size() <= 400) {
            for (Map.Entry<Integer, Node> e : model.entrySet()) {
                assertSame(e.getValue(), dict.get(key(e.getKey())), "lookup during rehash");
            }
        } else {
            List<Node> nodes = new ArrayList<>(model.values());
            for (int i = 0; i < 50; i++) {
                Node n = nodes.get(random.nextInt(nodes.size()));
                assertSame(n, dict.get(n.key), "lookup during rehash");
            }
        }
    }

    static void assertSameContents(Dict<Node> dict, Map<Integer, Node> model) {
        Map<Integer, Node> seen = new HashMap<>();
        dict.forEach(n -> assertNull(seen.put(n.id, n), "forEach visits each node once"));
        assertEquals(model.size(), seen.size());
        for (Map.Entry<Integer, Node> e : model.entrySet()) {
            assertSame(e.getValue(), seen.get(e.getKey()));
        }
    }

    @Property(tries = 150)
    void operations_matchHashMap_acrossRehashes(@ForAll("operations") List<Op> ops) {
        Map<Integer, Node> model = new HashMap<>();
        Dict<Node> dict = runAgainstModel(ops, model, new SplittableRandom(ops.size()));
        assertSameContents(dict, model);
        // A rehash in progress ends: every step moves at least one bucket (or skips ten empty ones).
        int limit = dict.buckets();
        int steps = 0;
        while (dict.isRehashing()) {
            dict.rehashStep();
            steps++;
            assertTrue(steps <= limit, "rehash still running after one step per bucket");
        }
        assertSameContents(dict, model);
        for (Node n : model.values()) {
            assertSame(n, dict.get(n.key));
        }
    }

    @Property(tries = 100)
    void random_returnsOnlyPresentNodes(@ForAll("operations") List<Op> ops) {
        Map<Integer, Node> model = new HashMap<>();
        SplittableRandom random = new SplittableRandom(ops.hashCode());
        Dict<Node> dict = runAgainstModel(ops, model, random);
        for (int i = 0; i < 200; i++) {
            Node n = dict.random(random);
            if (model.isEmpty()) {
                assertNull(n);
                return;
            }
            assertSame(model.get(n.id), n, "random() returned a node that is not in the table");
        }
    }
}
