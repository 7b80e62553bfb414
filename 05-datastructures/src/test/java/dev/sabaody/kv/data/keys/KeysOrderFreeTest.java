package dev.sabaody.kv.data.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.RedisOracle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * KEYS, SCAN and RANDOMKEY over many keys, against real Redis. Their order is the hash table's, and
 * the two servers hash differently, so the answers are compared as sets: the same keys, whatever the
 * order.
 */
class KeysOrderFreeTest {

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs {@code query} on both servers after the same setup, and returns {Redis's, ours}. */
    private static <T> List<T> onBoth(Function<Jedis, T> query) {
        List<T> answers = new ArrayList<>();
        for (int port : new int[] {RedisOracle.port(), server.port()}) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                jedis.flushAll();
                for (int i = 0; i < 300; i++) {
                    jedis.set((i % 3 == 0 ? "user:" : i % 3 == 1 ? "item:" : "User:") + i, "v" + i);
                }
                jedis.set("a*b", "star");
                jedis.set("h\\llo", "backslash");
                answers.add(query.apply(jedis));
            }
        }
        return answers;
    }

    @Test
    void keys_manyKeys_sameSetAsRedis() {
        for (String pattern : List.of("*", "user:*", "user:1?", "[uU]ser:2*", "*:[^1]*", "item:[0-5]*", "a\\*b",
                "*\\\\*", "nomatch*", "*1*2*")) {
            List<Set<String>> answers = onBoth(jedis -> jedis.keys(pattern));
            assertEquals(answers.get(0), answers.get(1), "KEYS " + pattern);
        }
    }

    @Test
    void scan_fullIteration_sameSetAsRedis() {
        List<String> names = List.of("default", "COUNT 1", "COUNT 7", "COUNT 1000", "MATCH user:*", "MATCH *1 COUNT 3");
        List<ScanParams> all = List.of(new ScanParams(), new ScanParams().count(1), new ScanParams().count(7),
                new ScanParams().count(1000), new ScanParams().match("user:*"), new ScanParams().match("*1").count(3));
        for (int i = 0; i < all.size(); i++) {
            ScanParams params = all.get(i);
            List<Set<String>> answers = onBoth(jedis -> scanAll(jedis, params, null));
            assertEquals(answers.get(0), answers.get(1), "SCAN " + names.get(i));
        }
        List<Set<String>> typed = onBoth(jedis -> scanAll(jedis, new ScanParams().count(50), "string"));
        assertEquals(typed.get(0), typed.get(1), "SCAN TYPE string");
        assertEquals(302, typed.get(1).size());
        List<Set<String>> none = onBoth(jedis -> scanAll(jedis, new ScanParams().count(50), "hash"));
        assertEquals(Set.of(), none.get(1));
        assertEquals(none.get(0), none.get(1), "SCAN TYPE hash");
    }

    @Test
    void randomkey_manyKeys_alwaysAnExistingKey() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.flushAll();
            Set<String> all = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                jedis.set("k" + i, "v");
                all.add("k" + i);
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                String k = jedis.randomKey();
                assertTrue(all.contains(k), k);
                seen.add(k);
            }
            assertTrue(seen.size() > 25, "500 draws from 50 keys see most of them: saw " + seen.size());
        }
    }

    private static Set<String> scanAll(Jedis jedis, ScanParams params, String type) {
        Set<String> keys = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int calls = 0;
        do {
            ScanResult<String> r = type == null ? jedis.scan(cursor, params) : jedis.scan(cursor, params, type);
            keys.addAll(r.getResult());
            cursor = r.getCursor();
            assertTrue(++calls < 10_000, "the scan ends");
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return keys;
    }
}
