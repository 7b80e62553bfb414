package dev.sabaody.kv.data.hashes;

import dev.sabaody.kv.data.LongDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.RedisOracle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * What cannot be compared byte for byte because it is random or in hash order: HRANDFIELD's
 * answers checked by properties (fields of the hash, right count, distinct for a positive count,
 * insertion order kept for a small hash), HSCAN's full iteration, big hashes against Redis after
 * sorting, and the encoding against Redis's OBJECT ENCODING for the same commands.
 */
class HashRandomAndScanTest {

    private static DataServer server;
    private static Jedis ours;

    @BeforeContainer
    static void start() {
        server = DataTests.start();
        ours = new Jedis("127.0.0.1", server.port());
    }

    @AfterContainer
    static void stop() {
        ours.close();
        server.close();
    }

    static Object call(Jedis jedis, String command, String... args) {
        return jedis.sendCommand(Protocol.Command.valueOf(command), args);
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Object reply) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) reply) {
            out.add(new String((byte[]) o, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<String> fill(Jedis jedis, String key, int fields, int valueLength) {
        call(jedis, "FLUSHALL");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < fields; i++) {
            String f = "f" + ((i * 7919) % 2000);
            order.add(f);
            call(jedis, "HSET", key, f, ("v" + f + "x".repeat(valueLength)));
        }
        return order;
    }

    @Property(tries = 60)
    void hrandfield_anyCount_answersFieldsOfTheHash(@ForAll @IntRange(min = 1, max = 700) int size,
                                                      @ForAll @IntRange(min = -800, max = 800) int count,
                                                      @ForAll boolean withValues) {
        List<String> order = fill(ours, "h", size, 0);
        boolean small = size <= HashValue.HASH_MAX_LISTPACK_ENTRIES;
        List<String> reply = withValues
                ? strings(call(ours, "HRANDFIELD", "h", Integer.toString(count), "WITHVALUES"))
                : strings(call(ours, "HRANDFIELD", "h", Integer.toString(count)));
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < reply.size(); i += withValues ? 2 : 1) {
            fields.add(reply.get(i));
            if (withValues) {
                assertEquals("v" + reply.get(i), reply.get(i + 1));
            }
        }
        assertTrue(order.containsAll(fields), "every answer is a field of the hash");
        if (count >= 0) {
            assertEquals(Math.min(count, size), fields.size());
            assertEquals(fields.size(), new HashSet<>(fields).size(), "a positive count never repeats");
            if (small) {
                List<String> inOrder = new ArrayList<>(order);
                inOrder.retainAll(new HashSet<>(fields));
                assertEquals(inOrder, fields, "a small hash answers in insertion order");
            }
        } else {
            assertEquals(-count, fields.size(), "a negative count answers exactly that many, repeats allowed");
        }
    }

    @Property(tries = 20)
    void hscan_fullIteration_returnsEveryFieldOnce(@ForAll @IntRange(min = 1, max = 2000) int size,
                                                   @ForAll @IntRange(min = 1, max = 50) int count) {
        List<String> order = fill(ours, "h", size, 0);
        Map<String, Integer> seen = new HashMap<>();
        String cursor = "0";
        int calls = 0;
        do {
            @SuppressWarnings("unchecked")
            List<Object> reply = (List<Object>) call(ours, "HSCAN", "h", cursor, "COUNT", Integer.toString(count));
            cursor = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
            List<String> items = strings(reply.get(1));
            for (int i = 0; i < items.size(); i += 2) {
                seen.merge(items.get(i), 1, Integer::sum);
                assertEquals("v" + items.get(i), items.get(i + 1));
            }
            calls++;
        } while (!cursor.equals("0"));
        assertEquals(new HashSet<>(order), seen.keySet());
        assertTrue(seen.values().stream().allMatch(n -> n == 1), "no resize happened, so no field comes twice");
        if (size <= HashValue.HASH_MAX_LISTPACK_ENTRIES) {
            assertEquals(1, calls, "a listpack hash is scanned in one call");
        }
    }

    @Property(tries = 5)
    void bigHash_sortedReplies_sameAsRedis(@ForAll @IntRange(min = 513, max = 1500) int size) {
        try (Jedis redis = new Jedis("127.0.0.1", RedisOracle.port())) {
            fill(redis, "big", size, 70);
            fill(ours, "big", size, 70);
            for (String cmd : List.of("HGETALL", "HKEYS", "HVALS")) {
                List<String> a = strings(call(redis, cmd, "big"));
                List<String> b = strings(call(ours, cmd, "big"));
                if (cmd.equals("HGETALL")) {
                    assertEquals(pairs(a), pairs(b));
                } else {
                    assertEquals(new java.util.TreeSet<>(a), new java.util.TreeSet<>(b));
                    assertEquals(a.size(), b.size());
                }
            }
            assertEquals(call(redis, "HLEN", "big"), call(ours, "HLEN", "big"));
        }
    }

    private static Map<String, String> pairs(List<String> flat) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < flat.size(); i += 2) {
            m.put(flat.get(i), flat.get(i + 1));
        }
        return m;
    }

    @Property(tries = 25)
    void encoding_afterRandomCommands_sameAsRedisObjectEncoding(@ForAll @IntRange(min = 1, max = 600) int fields,
                                                               @ForAll @IntRange(min = 0, max = 80) int longLength,
                                                               @ForAll @IntRange(min = 0, max = 3) int how) {
        try (Jedis redis = new Jedis("127.0.0.1", RedisOracle.port())) {
            call(redis, "FLUSHALL");
            HashValue hash = new HashValue();
            for (int i = 0; i < fields; i++) {
                call(redis, "HSET", "e", "f" + i, "v");
                hash.set(("f" + i).getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
            }
            String big = "y".repeat(longLength);
            switch (how) {
                case 0 -> call(redis, "HSET", "e", "long", big);
                case 1 -> call(redis, "HSETNX", "e", "f0", big);
                case 2 -> call(redis, "HSET", "e", big, "1");
                default -> call(redis, "HINCRBYFLOAT", "e", "n", "1e" + longLength);
            }
            byte[] b = big.getBytes(StandardCharsets.UTF_8);
            switch (how) {
                case 0 -> hash.set("long".getBytes(StandardCharsets.UTF_8), b);
                case 1 -> { } // f0 exists: HSETNX stores nothing and converts nothing
                case 2 -> hash.set(b, "1".getBytes(StandardCharsets.UTF_8));
                default -> hash.set("n".getBytes(StandardCharsets.UTF_8), LongDouble.ZERO
                        .add(LongDouble.parse(("1e" + longLength).getBytes(StandardCharsets.US_ASCII))).toHumanBytes());
            }
            for (int i = 2; i < fields; i += 2) {
                call(redis, "HDEL", "e", "f" + i); // shrinking never converts back (f0 stays: the key must live)
            }
            String expected = new String((byte[]) call(redis, "OBJECT", "ENCODING", "e"), StandardCharsets.UTF_8);
            assertEquals(expected, hash.encoding());
        }
    }

    static Set<String> set(List<String> l) {
        return new HashSet<>(l);
    }
}
