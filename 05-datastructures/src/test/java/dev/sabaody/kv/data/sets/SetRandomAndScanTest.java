package dev.sabaody.kv.data.sets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.RedisOracle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * The random and unordered parts of sets: SPOP and SRANDMEMBER checked by properties (members of
 * the set, right counts, distinct unless the count is negative, SPOP really removes), SSCAN's full
 * iteration, and string sets against Redis after sorting, with the encoding Redis reports.
 */
class SetRandomAndScanTest {

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

    /** A set of {@code size} members, all integers or with strings among them. */
    private static Set<String> fill(Jedis jedis, int size, boolean strings) {
        call(jedis, "FLUSHALL");
        Set<String> members = new HashSet<>();
        List<String> args = new ArrayList<>(List.of("s"));
        for (int i = 0; i < size; i++) {
            String m = strings && i % 3 == 0 ? "m" + i : Integer.toString(i * 7 - 100);
            members.add(m);
            args.add(m);
        }
        call(jedis, "SADD", args.toArray(String[]::new));
        return members;
    }

    @Property(tries = 80)
    void srandmember_anyCount_answersMembers(@ForAll @IntRange(min = 1, max = 700) int size,
                                             @ForAll @IntRange(min = -900, max = 900) int count,
                                             @ForAll boolean strings) {
        Set<String> members = fill(ours, size, strings);
        List<String> reply = strings(call(ours, "SRANDMEMBER", "s", Integer.toString(count)));
        assertTrue(members.containsAll(reply));
        if (count >= 0) {
            assertEquals(Math.min(count, size), reply.size());
            assertEquals(reply.size(), new HashSet<>(reply).size(), "a positive count never repeats");
        } else {
            assertEquals(-count, reply.size(), "a negative count answers that many, repeats allowed");
        }
        assertEquals((long) size, call(ours, "SCARD", "s"), "SRANDMEMBER leaves the set alone");
    }

    @Property(tries = 80)
    void spop_anyCount_removesWhatItAnswers(@ForAll @IntRange(min = 1, max = 700) int size,
                                            @ForAll @IntRange(min = 0, max = 900) int count,
                                            @ForAll boolean strings) {
        Set<String> members = fill(ours, size, strings);
        boolean intset = !strings && size <= SetValue.SET_MAX_INTSET_ENTRIES;
        List<String> popped = strings(call(ours, "SPOP", "s", Integer.toString(count)));
        assertEquals(Math.min(count, size), popped.size());
        assertEquals(popped.size(), new HashSet<>(popped).size(), "SPOP never answers a member twice");
        assertTrue(members.containsAll(popped));
        Set<String> rest = new HashSet<>(strings(call(ours, "SMEMBERS", "s")));
        Set<String> expected = new HashSet<>(members);
        popped.forEach(expected::remove);
        assertEquals(expected, rest);
        long remaining = size - popped.size();
        boolean wholeOrMostOfIt = count >= size || remaining * SPop.SPOP_MOVE_STRATEGY_MUL <= count;
        if (intset && wholeOrMostOfIt) {
            List<Long> asNumbers = popped.stream().map(Long::parseLong).toList();
            List<Long> sorted = new ArrayList<>(asNumbers);
            sorted.sort(null);
            assertEquals(sorted, asNumbers, "what is left of an intset is answered in its order");
        }
    }

    @Property(tries = 40)
    void spop_single_drainsTheSet(@ForAll @IntRange(min = 1, max = 60) int size, @ForAll boolean strings) {
        Set<String> members = fill(ours, size, strings);
        Set<String> popped = new HashSet<>();
        for (int i = 0; i < size; i++) {
            popped.add(new String((byte[]) call(ours, "SPOP", "s"), StandardCharsets.UTF_8));
        }
        assertEquals(members, popped);
        assertEquals(0L, call(ours, "SCARD", "s"));
        assertEquals(null, call(ours, "SPOP", "s"));
    }

    @Property(tries = 20)
    void sscan_fullIteration_returnsEveryMemberOnce(@ForAll @IntRange(min = 1, max = 2000) int size,
                                                    @ForAll @IntRange(min = 1, max = 50) int count,
                                                    @ForAll boolean strings) {
        Set<String> members = fill(ours, size, strings);
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        do {
            @SuppressWarnings("unchecked")
            List<Object> reply = (List<Object>) call(ours, "SSCAN", "s", cursor, "COUNT", Integer.toString(count));
            cursor = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
            seen.addAll(strings(reply.get(1)));
        } while (!cursor.equals("0"));
        assertEquals(members, new HashSet<>(seen));
        assertEquals(members.size(), seen.size(), "no resize happened, so no member comes twice");
    }

    @Property(tries = 10)
    void stringSets_sortedReplies_sameAsRedis(@ForAll @IntRange(min = 1, max = 900) int size) {
        try (Jedis redis = new Jedis("127.0.0.1", RedisOracle.port())) {
            for (Jedis j : List.of(redis, ours)) {
                fill(j, size, true);
                List<String> other = new ArrayList<>(List.of("t"));
                for (int i = 0; i < size; i += 2) {
                    other.add(i % 4 == 0 ? "m" + i : Integer.toString(i * 7 - 100));
                }
                call(j, "SADD", other.toArray(String[]::new));
            }
            for (String[] c : List.of(new String[] {"SMEMBERS", "s"}, new String[] {"SINTER", "s", "t"},
                    new String[] {"SUNION", "s", "t"}, new String[] {"SDIFF", "s", "t"}, new String[] {"SDIFF", "t", "s"})) {
                String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
                assertEquals(new TreeSet<>(strings(call(redis, c[0], args))), new TreeSet<>(strings(call(ours, c[0], args))),
                        String.join(" ", c));
            }
            for (String[] c : List.of(new String[] {"SINTERSTORE", "d", "s", "t"}, new String[] {"SUNIONSTORE", "d", "s", "t"},
                    new String[] {"SDIFFSTORE", "d", "s", "t"}, new String[] {"SINTERCARD", "2", "s", "t"},
                    new String[] {"SINTERCARD", "2", "s", "t", "LIMIT", "3"})) {
                String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
                assertEquals(call(redis, c[0], args), call(ours, c[0], args), String.join(" ", c));
            }
        }
    }

    @Property(tries = 30)
    void encoding_afterStoreCommands_sameAsRedisObjectEncoding(@ForAll @IntRange(min = 1, max = 600) int size,
                                                               @ForAll boolean strings,
                                                               @ForAll @IntRange(min = 0, max = 3) int how) {
        try (Jedis redis = new Jedis("127.0.0.1", RedisOracle.port())) {
            fill(redis, size, strings);
            call(redis, "SADD", "u", "1", "2", "3");
            switch (how) {
                case 0 -> { }
                case 1 -> call(redis, "SINTERSTORE", "s", "s", "u");
                case 2 -> call(redis, "SDIFFSTORE", "s", "s", "u");
                default -> call(redis, "SMOVE", "s", "fresh", strings ? "m0" : "-100");
            }
            String key = how == 3 ? "fresh" : "s";
            Object enc = call(redis, "OBJECT", "ENCODING", key);
            if (enc == null) {
                return; // the store emptied it
            }
            SetValue model = new SetValue();
            for (String m : strings(call(redis, "SMEMBERS", key))) {
                model.add(m.getBytes(StandardCharsets.UTF_8)); // a result set is built by adding, as Redis builds it
            }
            assertEquals(new String((byte[]) enc, StandardCharsets.UTF_8), model.encoding());
        }
    }
}
