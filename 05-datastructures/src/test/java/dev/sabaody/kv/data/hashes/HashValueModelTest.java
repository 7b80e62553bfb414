package dev.sabaody.kv.data.hashes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.resp.Argv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

/**
 * {@link HashValue} against {@link LinkedHashMap}, whose order rules are a listpack's: a new key
 * goes last, a re-put keeps its place, a removal closes the gap. While the hash is a listpack the
 * iteration order must be the map's; after conversion only the contents must match. The encoding
 * must follow Redis's thresholds and never come back.
 */
class HashValueModelTest {

    record Op(boolean remove, String field, int valueLength) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<String> fields = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 600).map(i -> "f" + i),
                Arbitraries.integers().between(60, 70).map(n -> "k".repeat(n)));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9), fields,
                        Arbitraries.frequency(Tuple.of(20, 3), Tuple.of(1, 66)))
                .as((kind, field, length) -> new Op(kind < 3, field, length));
        return op.list().ofMinSize(1).ofMaxSize(1500);
    }

    @Property(tries = 150)
    void operations_matchLinkedHashMap_andEncodingFollowsRedis(@ForAll("ops") List<Op> ops) {
        HashValue hash = new HashValue();
        Map<String, String> model = new LinkedHashMap<>();
        boolean converted = false;
        int serial = 0;
        for (Op op : ops) {
            if (op.remove()) {
                boolean had = model.remove(op.field()) != null;
                assertEquals(had, hash.remove(argv(op.field()), 1));
            } else {
                String value = Integer.toString(serial++);
                value = value + "v".repeat(Math.max(0, op.valueLength() - value.length()));
                boolean isNew = model.put(op.field(), value) == null;
                assertEquals(isNew, hash.set(bytes(op.field()), bytes(value)));
                if (op.field().length() > HashValue.HASH_MAX_LISTPACK_VALUE
                        || value.length() > HashValue.HASH_MAX_LISTPACK_VALUE) {
                    converted = true;
                }
            }
            if (model.size() > HashValue.HASH_MAX_LISTPACK_ENTRIES) {
                converted = true;
            }
            assertEquals(converted ? "hashtable" : "listpack", hash.encoding());
            assertEquals(model.size(), hash.size());
        }
        List<String> seen = new ArrayList<>();
        hash.forEach((f, v) -> {
            seen.add(string(f));
            assertEquals(model.get(string(f)), string(v));
        });
        if (converted) {
            assertEquals(new java.util.TreeSet<>(model.keySet()), new java.util.TreeSet<>(seen));
        } else {
            assertEquals(new ArrayList<>(model.keySet()), seen);
        }
        for (String f : model.keySet()) {
            assertArrayEquals(bytes(model.get(f)), hash.get(bytes(f)));
            assertArrayEquals(bytes(model.get(f)), hash.get(argv(f), 1));
        }
    }

    @Test
    void set_513thField_convertsToHashtable() {
        HashValue hash = new HashValue();
        for (int i = 0; i < 512; i++) {
            hash.set(bytes("f" + i), bytes("v"));
        }
        assertEquals("listpack", hash.encoding());
        hash.set(bytes("f0"), bytes("again"));
        assertEquals("listpack", hash.encoding());
        hash.set(bytes("f512"), bytes("v"));
        assertEquals("hashtable", hash.encoding());
        hash.remove(argv("f512"), 1);
        assertEquals("hashtable", hash.encoding(), "a hash never goes back to a listpack");
    }

    @Test
    void set_64And65ByteStrings_convertOnlyAbove64() {
        HashValue hash = new HashValue();
        hash.set(bytes("x".repeat(64)), bytes("y".repeat(64)));
        assertEquals("listpack", hash.encoding());
        hash.set(bytes("a"), bytes("y".repeat(65)));
        assertEquals("hashtable", hash.encoding());
        HashValue byField = new HashValue();
        byField.set(bytes("x".repeat(65)), bytes("1"));
        assertEquals("hashtable", byField.encoding());
    }

    @Test
    void copy_isIndependent() {
        HashValue hash = new HashValue();
        hash.set(bytes("a"), bytes("1"));
        HashValue copy = hash.copy();
        copy.set(bytes("b"), bytes("2"));
        hash.remove(argv("a"), 1);
        assertNull(hash.get(bytes("b")));
        assertArrayEquals(bytes("1"), copy.get(bytes("a")));
        assertEquals("hash", copy.typeName());
        for (int i = 0; i < 600; i++) {
            hash.set(bytes("f" + i), bytes("v"));
        }
        HashValue big = hash.copy();
        assertEquals("hashtable", big.encoding());
        big.remove(argv("f1"), 1);
        assertTrue(hash.get(bytes("f1")) != null);
        assertFalse(big.get(bytes("f1")) != null);
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

    static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
