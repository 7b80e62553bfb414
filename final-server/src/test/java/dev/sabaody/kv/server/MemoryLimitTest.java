package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.memory.HeapFit;
import dev.sabaody.kv.memory.MemoryAccounting;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ConfigException;
import dev.sabaody.kv.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * maxmemory in the product: the bound holds for the whole server when every key lands on one shard,
 * the evicted keys are counted, and a maxmemory the heap cannot hold is refused with both numbers.
 */
class MemoryLimitTest {

    private static final long BUDGET = 2L << 20;

    private static Map<String, String> info(Jedis jedis, String section) {
        Map<String, String> fields = new HashMap<>();
        for (String line : jedis.info(section).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return fields;
    }

    /** Keys that all hash to shard {@code shard} of {@code shards}. */
    private static List<String> keysOfShard(int shard, int shards, int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < n; i++) {
            String key = "skew:" + i;
            if (KeyHash.shardOf(key.getBytes(), shards) == shard) {
                keys.add(key);
            }
        }
        return keys;
    }

    @Test
    void skewedKeys_twoShards_allOnOne_usedMemoryStaysUnderMaxmemory() throws Exception {
        long max = MemoryAccounting.USED_MEMORY_BASE + BUDGET;
        try (SabaodyServer server = TestServers.start(2);
             Jedis a = new Jedis("127.0.0.1", server.port());
             Jedis b = new Jedis("127.0.0.1", server.port())) {
            a.configSet("maxmemory", Long.toString(max));
            a.configSet("maxmemory-policy", "allkeys-lru");
            a.configSet("maxmemory-eviction-tenacity", "100"); // evict to the bound in one go: no timing in the test
            List<String> keys = keysOfShard(1, 2, 20_000);
            String value = "x".repeat(200);
            for (int round = 0; round < 10; round++) {
                for (Jedis client : List.of(a, b)) { // two connections: one on each shard's loop
                    Pipeline p = client.pipelined();
                    for (int i = 0; i < 1000; i++) {
                        p.set(keys.get((round * 2000 + i + (client == b ? 1000 : 0)) % keys.size()), value);
                    }
                    p.sync();
                    Map<String, String> memory = info(client, "memory");
                    long used = Long.parseLong(memory.get("used_memory"));
                    assertTrue(used <= max, "round " + round + ": used_memory " + used + " over maxmemory " + max);
                }
            }
            Map<String, String> stats = info(a, "stats");
            long evicted = Long.parseLong(stats.get("evicted_keys"));
            assertTrue(evicted > 10_000, "20,000 writes of 200 bytes into a 2 MB budget evict most, evicted " + evicted);
            assertEquals(Long.toString(max), info(a, "memory").get("maxmemory"));
            assertEquals("allkeys-lru", info(a, "memory").get("maxmemory_policy"));
            assertTrue(a.dbSize() > 1000, "the budget still holds keys: " + a.dbSize());
        }
    }

    @Test
    void volatileLru_keepsKeysWithoutTtl_andAnswersOomWhenOnlyThoseAreLeft() throws Exception {
        long max = MemoryAccounting.USED_MEMORY_BASE + BUDGET;
        try (SabaodyServer server = TestServers.start(1); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.configSet("maxmemory-policy", "volatile-lru");
            jedis.configSet("maxmemory-eviction-tenacity", "100");
            for (int i = 0; i < 2000; i++) {
                jedis.set("keep:" + i, "x".repeat(200)); // about 0.6 MB without TTL
            }
            jedis.configSet("maxmemory", Long.toString(max));
            String oom = null;
            for (int i = 0; i < 20_000 && oom == null; i++) {
                try {
                    jedis.setex("volatile:" + i, 1000, "x".repeat(200));
                } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                    oom = e.getMessage();
                }
            }
            for (int i = 0; i < 2000; i++) {
                assertNotNull(jedis.get("keep:" + i), "volatile-lru evicted keep:" + i + ", which has no TTL");
            }
            assertTrue(Long.parseLong(info(jedis, "stats").get("evicted_keys")) > 0);
            assertTrue(oom == null || oom.startsWith("OOM command not allowed"), oom);
        }
    }

    @Test
    void maxmemoryBeyondTheHeap_refusedAtStartAndByConfigSet_namingBothNumbers() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        long tooMuch = heap * 2;
        ConfigException refused = assertThrows(ConfigException.class, () -> TestServers.start(
                ServerConfig.defaults().with("port", "0").with("maxmemory", Long.toString(tooMuch)), Clock.system()));
        assertTrue(refused.getMessage().contains(Long.toString(tooMuch)), refused.getMessage());
        assertTrue(refused.getMessage().contains(Long.toString(heap)), refused.getMessage());
        try (SabaodyServer server = TestServers.start(1); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            var e = assertThrows(redis.clients.jedis.exceptions.JedisDataException.class,
                    () -> jedis.configSet("maxmemory", Long.toString(tooMuch)));
            assertTrue(e.getMessage().contains("does not fit in the JVM's maximum heap"), e.getMessage());
            assertEquals("0", jedis.configGet("maxmemory").get("maxmemory"));
            jedis.configSet("maxmemory", Long.toString(HeapFit.maxmemoryFor(heap)));
        }
    }
}
