package dev.sabaody.kv.data.lists;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * {@link ListValue} against {@code java.util.ArrayList} under random operations at both ends, by
 * index, in the middle, and in bulk, with elements drawn from a small alphabet so that LREM and
 * indexOf find repeats. Bulk pushes and trims drive the ring through many grow and shrink resizes
 * while its head wraps around the array's end. After every operation the contents agree, and the
 * capacity stays a power of two that is neither too small nor more than four times too large.
 */
class ListValueModelTest {

    enum Kind {
        ADD_FIRST, ADD_LAST, REMOVE_FIRST, REMOVE_LAST, GET, SET, INSERT, REMOVE_AT, REMOVE_MATCHING,
        TRIM_FIRST, TRIM_LAST, PUSH_MANY, INDEX_OF
    }

    record Op(Kind kind, int position, int value, int count) {
    }

    @Provide
    static Arbitrary<List<Op>> operations() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.just(Kind.ADD_FIRST)),
                Tuple.of(5, Arbitraries.just(Kind.ADD_LAST)),
                Tuple.of(4, Arbitraries.just(Kind.REMOVE_FIRST)),
                Tuple.of(4, Arbitraries.just(Kind.REMOVE_LAST)),
                Tuple.of(2, Arbitraries.just(Kind.GET)),
                Tuple.of(2, Arbitraries.just(Kind.SET)),
                Tuple.of(3, Arbitraries.just(Kind.INSERT)),
                Tuple.of(3, Arbitraries.just(Kind.REMOVE_AT)),
                Tuple.of(2, Arbitraries.just(Kind.REMOVE_MATCHING)),
                Tuple.of(1, Arbitraries.just(Kind.TRIM_FIRST)),
                Tuple.of(1, Arbitraries.just(Kind.TRIM_LAST)),
                Tuple.of(2, Arbitraries.just(Kind.PUSH_MANY)),
                Tuple.of(1, Arbitraries.just(Kind.INDEX_OF)));
        Arbitrary<Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 5), Arbitraries.integers().between(-3, 300)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 400)
    void listValue_randomOperations_behavesLikeArrayList(@ForAll("operations") List<Op> ops) {
        ListValue list = new ListValue();
        List<String> model = new ArrayList<>();
        int serial = 0;
        for (Op op : ops) {
            String value = "v" + op.value();
            int n = model.size();
            switch (op.kind()) {
                case ADD_FIRST -> {
                    list.addFirst(bytes(value));
                    model.addFirst(value);
                }
                case ADD_LAST -> {
                    list.addLast(bytes(value));
                    model.addLast(value);
                }
                case REMOVE_FIRST -> {
                    if (n > 0) {
                        assertEquals(model.removeFirst(), text(list.removeFirst()), op::toString);
                    }
                }
                case REMOVE_LAST -> {
                    if (n > 0) {
                        assertEquals(model.removeLast(), text(list.removeLast()), op::toString);
                    }
                }
                case GET -> {
                    if (n > 0) {
                        int i = op.position() % n;
                        assertEquals(model.get(i), text(list.get(i)), op::toString);
                    }
                }
                case SET -> {
                    if (n > 0) {
                        int i = op.position() % n;
                        String fresh = "s" + serial++;
                        list.set(i, bytes(fresh));
                        model.set(i, fresh);
                    }
                }
                case INSERT -> {
                    int i = op.position() % (n + 1);
                    list.insert(i, bytes(value));
                    model.add(i, value);
                }
                case REMOVE_AT -> {
                    if (n > 0) {
                        int i = op.position() % n;
                        assertEquals(model.remove(i), text(list.removeAt(i)), op::toString);
                    }
                }
                case REMOVE_MATCHING -> {
                    long limit = Math.abs(op.count()) % 4; // 0 means all
                    boolean fromTail = op.count() < 0;
                    int expected = removeMatching(model, value, limit, fromTail);
                    assertEquals(expected, list.removeMatching(bytes(value), limit, fromTail), op::toString);
                }
                case TRIM_FIRST -> {
                    int k = n == 0 ? 0 : op.position() % (n + 1);
                    list.removeFirst(k);
                    model.subList(0, k).clear();
                }
                case TRIM_LAST -> {
                    int k = n == 0 ? 0 : op.position() % (n + 1);
                    list.removeLast(k);
                    model.subList(n - k, n).clear();
                }
                case PUSH_MANY -> {
                    for (int i = 0; i < Math.max(0, op.count()); i++) {
                        String v = "m" + (i % 6);
                        if ((op.position() & 1) == 0) {
                            list.addLast(bytes(v));
                            model.addLast(v);
                        } else {
                            list.addFirst(bytes(v));
                            model.addFirst(v);
                        }
                    }
                }
                case INDEX_OF -> assertEquals(model.indexOf(value), list.indexOf(bytes(value)), op::toString);
            }
            assertSameContents(model, list, op);
        }
        ListValue copy = list.copy();
        assertSameContents(model, copy, null);
        for (int i = 0; i < copy.size(); i++) {
            assertNotSame(list.get(i), copy.get(i), "a copy shares no element");
        }
    }

    private static int removeMatching(List<String> model, String value, long limit, boolean fromTail) {
        int removed = 0;
        if (!fromTail) {
            for (int i = 0; i < model.size() && (limit == 0 || removed < limit); ) {
                if (model.get(i).equals(value)) {
                    model.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = model.size() - 1; i >= 0 && (limit == 0 || removed < limit); i--) {
                if (model.get(i).equals(value)) {
                    model.remove(i);
                    removed++;
                }
            }
        }
        return removed;
    }

    private static void assertSameContents(List<String> model, ListValue list, Op after) {
        assertEquals(model.size(), list.size(), () -> "size after " + after);
        for (int i = 0; i < model.size(); i++) {
            int at = i;
            assertEquals(model.get(i), text(list.get(i)), () -> "index " + at + " after " + after);
        }
        int capacity = list.capacity();
        assertEquals(0, capacity & (capacity - 1), "capacity is a power of two");
        assertTrue(capacity >= ListValue.MIN_CAPACITY && capacity >= list.size());
        assertTrue(capacity <= ListValue.MIN_CAPACITY || list.size() >= capacity / 4,
                () -> "capacity " + capacity + " for " + list.size() + " elements after " + after);
    }

    @Test
    void removeFirst_wholeLargeList_shrinksBackToMinimum() {
        ListValue list = new ListValue();
        for (int i = 0; i < 100_000; i++) {
            list.addLast(bytes("x"));
        }
        assertEquals(131_072, list.capacity());
        while (!list.isEmpty()) {
            list.removeFirst();
        }
        assertEquals(ListValue.MIN_CAPACITY, list.capacity());
    }

    @Test
    void copy_thenChangeOriginal_copyUnchanged() {
        ListValue list = new ListValue();
        list.addLast(bytes("a"));
        list.addFirst(bytes("b"));
        ListValue copy = list.copy();
        list.get(0)[0] = 'z';
        list.removeLast();
        assertEquals(2, copy.size());
        assertArrayEquals(bytes("b"), copy.get(0));
        assertArrayEquals(bytes("a"), copy.get(1));
        assertEquals("list", copy.typeName());
        assertEquals("quicklist", copy.encoding());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unused")
    private static String show(ListValue list) {
        String[] out = new String[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = text(list.get(i));
        }
        return Arrays.toString(out);
    }
}
