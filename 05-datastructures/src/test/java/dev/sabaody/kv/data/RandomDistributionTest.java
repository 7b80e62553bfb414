package dev.sabaody.kv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.resp.RedisOracle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Redis's histogram checks of SRANDMEMBER, ZRANDMEMBER and HRANDFIELD on their hash-table
 * encodings (tests/unit/type/set.tcl "SRANDMEMBER histogram distribution", zset.tcl "ZRANDMEMBER
 * with &lt;count&gt;", hash.tcl "HRANDFIELD with &lt;count&gt;"), run on the same ten elements
 * against both servers: one draw of -1000 (independent draws), then counts of 8 and 2 repeated
 * up to a thousand elements (distinct draws), each under Redis's chi-square bound of 40.
 */
class RandomDistributionTest {

    /** A 65-byte element: past the 64 bytes a listpack holds, so the hash and the zset are tables. */
    private static final String LONG = "x".repeat(65);

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Object call(Jedis jedis, String command, String... args) {
        return jedis.sendCommand(Protocol.Command.valueOf(command), args);
    }

    /** Ten elements, in the encoding Redis's test uses: a set.tcl hashtable set, a skiplist, a hashtable hash. */
    private static void create(Jedis jedis, String command) {
        call(jedis, "FLUSHALL");
        switch (command) {
            case "SRANDMEMBER" -> call(jedis, "SADD", "k", "1", "5", "10", "50", "125",
                    "MARY", "PATRICIA", "LINDA", "BARBARA", "ELIZABETH");
            case "ZRANDMEMBER" -> call(jedis, "ZADD", "k", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e",
                    "6", "f", "7", "g", "7", "h", "9", "i", "10", LONG);
            default -> call(jedis, "HSET", "k", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5",
                    "f", "6", "g", "7", "h", "8", "i", "9", "j", LONG);
        }
        String expected = command.equals("ZRANDMEMBER") ? "skiplist" : "hashtable";
        assertEquals(expected, new String((byte[]) call(jedis, "OBJECT", "ENCODING", "k"), StandardCharsets.US_ASCII));
    }

    @SuppressWarnings("unchecked")
    private static List<String> draw(Jedis jedis, String command, int count) {
        List<String> out = new ArrayList<>();
        for (Object o : (List<Object>) call(jedis, command, "k", Integer.toString(count))) {
            out.add(new String((byte[]) o, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The three chi-square figures of Redis's test: count -1000, then 8 and 2 repeated. */
    private static double[] histogram(Jedis jedis, String command) {
        create(jedis, command);
        double[] x2 = new double[3];
        x2[0] = ChiSquare.value(draw(jedis, command, -1000));
        int i = 1;
        for (int size : new int[] {8, 2}) {
            List<String> all = new ArrayList<>();
            for (int n = 0; n < 1000 / size; n++) {
                all.addAll(draw(jedis, command, size));
            }
            x2[i++] = ChiSquare.value(all);
        }
        return x2;
    }

    @ParameterizedTest
    @ValueSource(strings = {"SRANDMEMBER", "ZRANDMEMBER", "HRANDFIELD"})
    void randomWithCount_tableEncoding_passesRedisHistogramCheckAsRedisDoes(String command) {
        try (Jedis redis = new Jedis("127.0.0.1", RedisOracle.port());
             Jedis ours = new Jedis("127.0.0.1", server.port())) {
            double[] theirs = histogram(redis, command);
            double[] mine = histogram(ours, command);
            String figures = command + ": Redis " + java.util.Arrays.toString(theirs)
                    + ", ours " + java.util.Arrays.toString(mine);
            for (int i = 0; i < 3; i++) {
                assertTrue(theirs[i] < ChiSquare.REDIS_BOUND_DF9, "the oracle itself: " + figures);
                assertTrue(mine[i] < ChiSquare.REDIS_BOUND_DF9, figures);
            }
        }
    }
}
