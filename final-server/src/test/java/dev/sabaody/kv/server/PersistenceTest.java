package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * The dataset survives a restart: SAVE or SHUTDOWN, then a new server on the same dir finds every key
 * of every type with its TTL, with one shard and two; keys expired meanwhile are dropped on load; a
 * corrupt file stops start-up naming the offset.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class PersistenceTest {

    @Parameter
    int shards;

    @TempDir
    Path dir;

    private ServerConfig config() {
        return ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards))
                .with("dir", dir.toString());
    }

    static void populate(Jedis j) {
        j.set("string", "value");
        j.set("int", "42");
        j.set("big", "x".repeat(5000));
        j.set(new byte[] {0, (byte) 0xff, '\n'}, new byte[] {1, 2, 3});
        j.rpush("list", "a", "b", "c");
        j.sadd("set", "1", "2", "x");
        j.zadd("zset", Map.of("a", 1.5, "b", -2.0));
        j.hset("hash", Map.of("f", "v", "g", "w"));
        j.pfadd("hll", "a", "b");
        for (int i = 0; i < 200; i++) {
            j.set("key:" + i, "v" + i);
        }
        j.pexpireAt("string", System.currentTimeMillis() + 3_600_000);
        j.select(3);
        j.set("in-db-3", "three");
        j.select(0);
    }

    static Map<String, String> snapshot(Jedis j) {
        Map<String, String> out = new TreeMap<>();
        for (int db = 0; db < 16; db++) {
            j.select(db);
            for (byte[] key : j.keys("*".getBytes())) {
                String k = db + ":" + java.util.HexFormat.of().formatHex(key);
                String type = j.type(key);
                String value = switch (type) {
                    case "string" -> java.util.HexFormat.of().formatHex(j.get(key));
                    case "list" -> j.lrange(new String(key), 0, -1).toString();
                    case "set" -> new TreeSet<>(j.smembers(new String(key))).toString();
                    case "zset" -> j.zrangeWithScores(new String(key), 0, -1).toString();
                    case "hash" -> new TreeMap<>(j.hgetAll(new String(key))).toString();
                    default -> type;
                };
                out.put(k, type + " " + j.pexpireTime(key) + " " + value);
            }
        }
        j.select(0);
        return out;
    }

    @Test
    void save_thenRestart_everyKeyBack() throws Exception {
        Map<String, String> before;
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            populate(j);
            long lastSave = j.lastsave();
            assertEquals("OK", j.save());
            assertTrue(j.lastsave() >= lastSave);
            assertTrue(j.info("persistence").contains("rdb_saves:1\r\n"), j.info("persistence"));
            before = snapshot(j);
        } finally {
            server.close();
        }
        assertTrue(Files.exists(dir.resolve("dump.rdb")));
        SabaodyServer again = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", again.port())) {
            assertEquals(before, snapshot(j));
            assertTrue(j.info("persistence").contains("rdb_last_load_keys_loaded:" + before.size() + "\r\n"),
                    j.info("persistence"));
        } finally {
            again.close();
        }
    }

    @Test
    void shutdownCommand_withSavePoints_savesThenRestartFindsEverything() throws Exception {
        Map<String, String> before;
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            populate(j);
            before = snapshot(j);
            int requests = TestServers.SHUTDOWN_REQUESTS.get();
            try {
                j.shutdown();
            } catch (RuntimeException closedWithoutReply) {
                // SHUTDOWN answers by closing the connection
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (TestServers.SHUTDOWN_REQUESTS.get() == requests && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        } finally {
            server.close();
        }
        SabaodyServer again = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", again.port())) {
            assertEquals(before, snapshot(j));
        } finally {
            again.close();
        }
    }

    @Test
    void shutdownNosave_noFileWritten() throws Exception {
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (RawClient client = new RawClient(server.port())) {
            client.send(RawClient.command("SET", "k", "v") + RawClient.command("SHUTDOWN", "NOSAVE"));
            client.readLine();
        } finally {
            server.close();
        }
        assertFalse(Files.exists(dir.resolve("dump.rdb")));
    }

    @Test
    void save_unwritableDir_errorAndOldFileKept() throws Exception {
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.set("k", "v");
            assertEquals("OK", j.save());
            byte[] first = Files.readAllBytes(dir.resolve("dump.rdb"));
            Files.delete(dir.resolve("dump.rdb"));
            Files.createDirectory(dir.resolve("dump.rdb")); // a directory where the file goes: the rename fails
            var e = assertThrows(redis.clients.jedis.exceptions.JedisDataException.class, j::save);
            assertEquals("ERR", e.getMessage());
            Files.delete(dir.resolve("dump.rdb"));
            Files.write(dir.resolve("dump.rdb"), first);
        } finally {
            server.close();
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("temp-")), "no temp file left");
        }
    }

    @Test
    void load_keysExpiredWhileDown_dropped() throws Exception {
        ManualClock clock = new ManualClock(System.currentTimeMillis());
        SabaodyServer server = TestServers.start(config(), clock);
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.set("stays", "1");
            j.psetex("goes", 1000L, "2");
            j.psetex("later", 60_000L, "3");
            assertEquals("OK", j.save());
        } finally {
            server.close();
        }
        clock.advance(Duration.ofSeconds(2));
        SabaodyServer again = TestServers.start(config(), clock);
        try (Jedis j = new Jedis("127.0.0.1", again.port())) {
            assertEquals("1", j.get("stays"));
            assertFalse(j.exists("goes"));
            assertEquals("3", j.get("later"));
            assertEquals(2, j.dbSize());
        } finally {
            again.close();
        }
    }

    @Test
    void start_corruptFile_refusedNamingTheOffset() throws Exception {
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.set("k", "v");
            j.save();
        } finally {
            server.close();
        }
        byte[] file = Files.readAllBytes(dir.resolve("dump.rdb"));
        file[file.length - 3] ^= 0x10;
        Files.write(dir.resolve("dump.rdb"), file);
        IOException e = assertThrows(IOException.class, () -> TestServers.start(config(), Clock.system()));
        assertTrue(e.getMessage().contains("wrong RDB checksum") && e.getMessage().contains("at offset " + (file.length - 8)),
                e.getMessage());
        Files.write(dir.resolve("dump.rdb"), java.util.Arrays.copyOf(file, 20));
        e = assertThrows(IOException.class, () -> TestServers.start(config(), Clock.system()));
        assertTrue(e.getMessage().contains("at offset"), e.getMessage());
    }

    @Test
    void save_writtenFile_loadsIntoRedis() throws Exception {
        Map<String, String> ours;
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            populate(j);
            j.save();
            ours = snapshot(j);
        } finally {
            server.close();
        }
        try (RedisProcess redis = RedisProcess.start(dir, null, "--dir", dir.toString(), "--dbfilename", "dump.rdb",
                "--save", "", "--appendonly", "no");
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            assertEquals(ours, snapshot(j));
        }
    }

    @Test
    void configSet_dbfilenameAndRdbcompression_nextSaveUsesThem() throws Exception {
        SabaodyServer server = TestServers.start(config().with("enable-protected-configs", "yes"), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.set("k", "abc".repeat(100));
            assertEquals("OK", j.configSet("dbfilename", "other.rdb"));
            assertEquals("OK", j.configSet("rdbcompression", "no"));
            assertEquals("OK", j.save());
            assertTrue(Files.size(dir.resolve("other.rdb")) > 300, "uncompressed");
            assertEquals("OK", j.configSet("rdbcompression", "yes"));
            assertEquals("OK", j.save());
            assertTrue(Files.size(dir.resolve("other.rdb")) < 200, "compressed");
            assertFalse(Files.exists(dir.resolve("dump.rdb")));
        } finally {
            server.close();
        }
    }

    @Test
    void lastsave_beforeAnySave_isStartTime() throws Exception {
        long before = System.currentTimeMillis() / 1000;
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            long lastsave = j.lastsave();
            assertTrue(lastsave >= before && lastsave <= System.currentTimeMillis() / 1000 + 1);
        } finally {
            server.close();
        }
    }
}
