package dev.sabaody.kv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.resp.RedisOracle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * A COUNT at least as large as what is scanned finishes the walk in one call: Redis's
 * scanGenericCommand calls dictScan until COUNT elements are collected or the cursor returns to 0
 * (within COUNT × 10 buckets), so {@code SCAN 0 COUNT 1000} over 201 keys answers cursor 0 and every
 * key. Checked for SCAN and for HSCAN, SSCAN and ZSCAN on their hash-table encodings, against Redis,
 * the elements compared as sets (the two servers hash differently), however the table was built
 * (a grow left half done by single adds, or finished).
 *
 * <p>A COUNT equal to the size is left out on purpose: the walk then stops as soon as the last
 * element is collected, and both Redis and this server answer a non-zero cursor whenever the
 * buckets after it in cursor order are empty.
 */
class ScanCountTest {

    private static DataServer server;
    private static Jedis ours;
    private static Jedis redis;

    @BeforeContainer
    static void start() {
        server = DataTests.start();
        ours = new Jedis("127.0.0.1", server.port());
        redis = new Jedis("127.0.0.1", RedisOracle.port());
    }

    @AfterContainer
    static void stop() {
        ours.close();
        redis.close();
        server.close();
    }

    private static Object call(Jedis jedis, String command, String... args) {
        return jedis.sendCommand(Protocol.Command.valueOf(command), args);
    }

    /** {@code size} elements of {@code kind} (keys, or one hash, set or zset "k"), built by single adds. */
    private static void fill(Jedis jedis, String kind, int size, boolean oneCommand) {
        call(jedis, "FLUSHALL");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String e = "element:" + i;
            switch (kind) {
                case "SCAN" -> all.addAll(List.of(e, "v"));
                case "HSCAN" -> all.addAll(List.of(e, "v"));
                case "SSCAN" -> all.add(e);
                default -> all.addAll(List.of(Integer.toString(i), e));
            }
        }
        String command = switch (kind) {
            case "SCAN" -> "MSET";
            case "HSCAN" -> "HSET";
            case "SSCAN" -> "SADD";
            default -> "ZADD";
        };
        int per = kind.equals("SSCAN") ? 1 : 2;
        if (oneCommand) {
            List<String> args = new ArrayList<>(all);
            if (!kind.equals("SCAN")) {
                args.addFirst("k");
            }
            call(jedis, command, args.toArray(String[]::new));
            return;
        }
        for (int i = 0; i < all.size(); i += per) {
            List<String> args = new ArrayList<>(all.subList(i, i + per));
            if (!kind.equals("SCAN")) {
                args.addFirst("k");
            }
            call(jedis, command, args.toArray(String[]::new));
        }
    }

    /** One call from cursor 0: the cursor it answers, and the keys, fields or members it returned. */
    @SuppressWarnings("unchecked")
    private static String oneCall(Jedis jedis, String kind, long count, Set<String> elements) {
        List<String> args = new ArrayList<>(List.of("0", "COUNT", Long.toString(count)));
        if (!kind.equals("SCAN")) {
            args.addFirst("k");
        }
        List<Object> reply = (List<Object>) call(jedis, kind, args.toArray(String[]::new));
        List<Object> items = (List<Object>) reply.get(1);
        int step = kind.equals("SCAN") || kind.equals("SSCAN") ? 1 : 2;
        for (int i = 0; i < items.size(); i += step) {
            elements.add(new String((byte[]) items.get(i), StandardCharsets.UTF_8));
        }
        return new String((byte[]) reply.get(0), StandardCharsets.US_ASCII);
    }

    private static void assertSameAsRedis(String kind, int size, long count, boolean oneCommand) {
        fill(redis, kind, size, oneCommand);
        fill(ours, kind, size, oneCommand);
        Set<String> theirs = new TreeSet<>();
        Set<String> mine = new TreeSet<>();
        String theirCursor = oneCall(redis, kind, count, theirs);
        String myCursor = oneCall(ours, kind, count, mine);
        String what = kind + " 0 COUNT " + count + " over " + size;
        assertEquals(theirCursor, myCursor, what + ": the cursor");
        assertEquals("0", myCursor, what);
        assertEquals(theirs, mine, what);
        assertEquals(size, mine.size(), what);
    }

    @Property(tries = 100)
    void scanFamily_countAtLeastTheSize_oneCallReturnsEverything(@ForAll @IntRange(min = 129, max = 3000) int size,
                                                                  @ForAll @IntRange(min = 0, max = 3) int which,
                                                                  @ForAll @IntRange(min = 1, max = 1000) int extra,
                                                                  @ForAll boolean oneCommand) {
        String kind = List.of("SCAN", "HSCAN", "SSCAN", "ZSCAN").get(which);
        assertSameAsRedis(kind, size, size + extra, oneCommand);
    }

    @Property(tries = 4)
    void scan_201KeysCount1000_cursorZeroAndEveryKey(@ForAll @IntRange(min = 0, max = 3) int which) {
        assertSameAsRedis(List.of("SCAN", "HSCAN", "SSCAN", "ZSCAN").get(which), 201, 1000, false);
    }
}
