package dev.sabaody.kv.data.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.resp.Argv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * {@link SetValue} against a {@link TreeSet}: same members after any sequence of adds and removes;
 * an intset iterates in ascending numeric order; the encoding follows Redis 7.0's rules (intset
 * while every member is a canonical integer and there are at most 512, then hashtable for good).
 */
class SetValueModelTest {

    record Op(boolean remove, String member) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<String> ints = Arbitraries.integers().between(-400, 400).map(Object::toString);
        Arbitrary<String> odd = Arbitraries.of("a", "b", "01", "+1", "-0", "1.5", "9223372036854775808", " 1",
                "9223372036854775807", "-9223372036854775808");
        Arbitrary<String> member = Arbitraries.frequencyOf(Tuple.of(60, ints), Tuple.of(1, odd));
        return Combinators.combine(Arbitraries.integers().between(0, 9), member)
                .as((kind, m) -> new Op(kind < 3, m)).list().ofMinSize(1).ofMaxSize(1200);
    }

    @Property(tries = 100)
    void operations_matchTreeSet_andEncodingFollowsRedis(@ForAll("ops") List<Op> ops) {
        SetValue set = new SetValue();
        TreeSet<String> model = new TreeSet<>();
        boolean converted = false;
        for (Op op : ops) {
            if (op.remove()) {
                assertEquals(model.remove(op.member()), set.remove(argv(op.member()), 1));
            } else {
                assertEquals(model.add(op.member()), set.add(argv(op.member()), 1));
                if (!isCanonicalLong(op.member())) {
                    converted = true;
                }
            }
            if (model.size() > SetValue.SET_MAX_INTSET_ENTRIES) {
                converted = true;
            }
            assertEquals(converted ? "hashtable" : "intset", set.encoding());
            assertEquals(model.size(), set.size());
        }
        List<String> seen = new ArrayList<>();
        set.forEach(m -> seen.add(new String(m, StandardCharsets.UTF_8)));
        if (set.isIntset()) {
            List<String> ascending = new ArrayList<>(model);
            ascending.sort(Comparator.comparingLong(Long::parseLong));
            assertEquals(ascending, seen, "an intset iterates in ascending order");
        } else {
            assertEquals(model, new TreeSet<>(seen));
        }
        for (String m : model) {
            assertTrue(set.contains(bytes(m)));
            assertTrue(set.contains(argv(m), 1));
        }
        assertFalse(set.contains(bytes("not-a-member")));
    }

    private static boolean isCanonicalLong(String s) {
        try {
            return Long.toString(Long.parseLong(s)).equals(s);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Test
    void add_513thInteger_convertsToHashtableForGood() {
        SetValue set = new SetValue();
        for (int i = 0; i < 512; i++) {
            set.add(bytes(Integer.toString(i * 3)));
        }
        assertEquals("intset", set.encoding());
        set.add(bytes("1"));
        assertEquals("hashtable", set.encoding());
        set.remove(bytes("1"));
        assertEquals("hashtable", set.encoding());
    }

    @Test
    void copy_isIndependent() {
        SetValue set = new SetValue();
        set.add(bytes("1"));
        SetValue copy = set.copy();
        copy.add(bytes("a"));
        assertEquals("intset", set.encoding());
        assertEquals("hashtable", copy.encoding());
        set.remove(bytes("1"));
        assertTrue(copy.contains(bytes("1")));
        assertEquals("set", copy.typeName());
    }

    static Argv argv(String... args) {
        List<byte[]> list = new ArrayList<>();
        list.add(bytes("CMD"));
        for (String a : args) {
            list.add(bytes(a));
        }
        return Argv.of(list);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
