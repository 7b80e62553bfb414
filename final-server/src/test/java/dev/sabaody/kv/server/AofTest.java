package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * The append-only file as a user meets it: what was written comes back after a restart (TTLs,
 * transactions, cross-shard commands, random choices included); the order in the file agrees with
 * what each client saw; BGREWRITEAOF and CONFIG SET appendonly yes rewrite without losing anything;
 * Redis 7.0 loads our directory and we load Redis's, with the same DEBUG DIGEST.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class AofTest {

    @Parameter
    int shards;

    @TempDir
    Path dir;

    private ServerConfig config(String appendonly) {
        return ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards))
                .with("dir", dir.toString()).with("save", "").with("appendonly", appendonly)
                .with("enable-debug-command", "yes");
    }

    /** Commands of every kind the log rewrites or groups, written the same way to any server. */
    static void workload(Jedis j) {
        j.set("plain", "v");
        j.set("ttl-ex", "v", redis.clients.jedis.params.SetParams.setParams().ex(1000));
        j.setex("setex", 500, "v");
        j.set("expire-me", "v");
        j.expire("expire-me", 300);
        j.set("persist-me", "v");
        j.expire("persist-me", 300);
        j.persist("persist-me");
        j.incr("counter");
        j.incrByFloat("float", 1.5);
        j.sadd("set", "a", "b", "c", "d", "e");
        j.spop("set");
        j.spop("set", 2);
        j.mset("k1", "1", "k2", "2", "k3", "3", "k4", "4");
        j.del("k1", "k3");
        j.hset("hash", Map.of("f", "v", "g", "w"));
        j.rpush("list", "a", "b", "c");
        j.lpop("list");
        j.xadd("stream", redis.clients.jedis.StreamEntryID.NEW_ENTRY, Map.of("f", "v"));
        j.zadd("zset", 1.5, "m");
        j.getEx("plain", redis.clients.jedis.params.GetExParams.getExParams().px(100_000));
        var tx = j.multi();
        tx.incr("counter");
        tx.set("in-tx", "v");
        tx.del("k2");
        tx.exec();
        j.select(2);
        j.set("in-db-2", "v");
        j.select(3);
        j.set("gone", "v");
        j.flushDB();
        j.select(0);
        j.swapDB(4, 5);
        j.eval("redis.call('set', KEYS[1], 'from-script'); redis.call('incr', KEYS[2])", 2, "script", "script-counter");
    }

    static String digest(Jedis j) {
        return new String((byte[]) j.sendCommand(BgsaveTest.cmd("DEBUG"), "DIGEST"), StandardCharsets.ISO_8859_1);
    }

    @Test
    void restart_afterEveryKindOfWrite_sameDigest() throws Exception {
        String before;
        try (SabaodyServer server = TestServers.start(config("yes"), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            workload(j);
            before = digest(j);
            assertNotEquals("0000000000000000000000000000000000000000", before);
        }
        try (SabaodyServer server = TestServers.start(config("yes"), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            assertEquals(before, digest(j));
            assertEquals("2", j.get("counter"));
            assertTrue(j.pttl("ttl-ex") > 900_000, "the TTL is absolute in the log: not extended, not lost");
        }
    }

    @Test
    void log_concurrentClients_eachClientsWritesInTheOrderItSawThem() throws Exception {
        int clients = 4;
        int writes = 400;
        try (SabaodyServer server = TestServers.start(config("yes"), Clock.system())) {
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                threads.add(Thread.ofPlatform().start(() -> {
                    try (Jedis j = new Jedis("127.0.0.1", server.port())) {
                        for (int n = 0; n < writes; n++) { // alternate keys, so that with 2 shards both serve each client
                            j.set("c" + client + ":" + (n % 7), "n" + n);
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        Map<String, Integer> last = new HashMap<>();
        int seen = 0;
        Pattern set = Pattern.compile("\\$3\r\n(?:set|SET)\r\n\\$\\d+\r\n(c\\d+):\\d+\r\n\\$\\d+\r\nn(\\d+)\r\n");
        try (Stream<Path> files = Files.list(dir.resolve("appendonlydir"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".incr.aof")).sorted().toList()) {
                Matcher m = set.matcher(Files.readString(f, StandardCharsets.ISO_8859_1));
                while (m.find()) {
                    int n = Integer.parseInt(m.group(2));
                    Integer before = last.put(m.group(1), n);
                    assertTrue(before == null || before == n - 1, m.group(1) + ": " + before + " then " + n);
                    seen++;
                }
            }
        }
        assertEquals(clients * writes, seen);
    }

    @Test
    void bgrewriteaof_thenRestart_sameDigestAndOneBase() throws Exception {
        String before;
        try (SabaodyServer server = TestServers.start(config("yes"), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            workload(j);
            assertEquals("Background append only file rewriting started", j.bgrewriteaof());
            awaitField(j, "aof_rewrite_in_progress", "0");
            j.set("after-rewrite", "v");
            assertEquals("1", BgsaveTest.field(j, "aof_rewrites"));
            before = digest(j);
        }
        String manifest = Files.readString(dir.resolve("appendonlydir").resolve("appendonly.aof.manifest"));
        assertEquals("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n", manifest);
        try (Stream<Path> files = Files.list(dir.resolve("appendonlydir"))) {
            assertEquals(3, files.count(), "the old base and incr are deleted");
        }
        try (SabaodyServer server = TestServers.start(config("yes"), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            assertEquals(before, digest(j));
        }
    }

    @Test
    void configSetAppendonlyYes_live_writesBaseThenLogs() throws Exception {
        String before;
        try (SabaodyServer server = TestServers.start(config("no"), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            workload(j);
            assertEquals("OK", j.configSet("appendonly", "yes"));
            awaitField(j, "aof_rewrites", "1");
            j.set("after", "v");
            before = digest(j);
        }
        try (SabaodyServer server = TestServers.start(config("yes"), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            assertEquals(before, digest(j));
        }
    }

    @Test
    void redisLoadsOurDirectory_andWeLoadRedis_sameDigest() throws Exception {
        String ours;
        try (SabaodyServer server = TestServers.start(config("yes"), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            workload(j);
            ours = digestWithoutStream(j);
        }
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        copy(dir.resolve("appendonlydir"), redisDir.resolve("appendonlydir"));
        try (RedisProcess redis = RedisProcess.start(redisDir, null, "--dir", redisDir.toString(), "--appendonly", "yes",
                "--enable-debug-command", "yes");
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            assertEquals(ours, digestWithoutStream(j), "Redis 7.0 loads our appendonlydir");
            j.set("written-by-redis", "v");
            j.expire("written-by-redis", 1000);
            ours = digestWithoutStream(j);
        }
        Path back = Files.createDirectories(dir.resolve("back"));
        copy(redisDir.resolve("appendonlydir"), back.resolve("appendonlydir"));
        try (SabaodyServer server = TestServers.start(config("yes").with("dir", back.toString()), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            assertEquals(ours, digestWithoutStream(j), "and we load Redis's");
        }
    }

    /**
     * DEBUG DIGEST once the stream has been checked by its entries and set aside: the digest of a
     * stream is not the same in Redis and here, whatever the log (a DEBUG difference, not the AOF's).
     */
    private static String digestWithoutStream(Jedis j) {
        var entries = j.xrange("stream", (redis.clients.jedis.StreamEntryID) null, null);
        assertEquals(1, entries.size());
        assertEquals(Map.of("f", "v"), entries.getFirst().getFields());
        String id = entries.getFirst().getID().toString();
        j.del("stream");
        String d = digest(j);
        j.xadd("stream", new redis.clients.jedis.StreamEntryID(id), Map.of("f", "v"));
        return d + " " + id;
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static void awaitField(Jedis j, String name, String value) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!BgsaveTest.field(j, name).equals(value)) {
            assertTrue(System.nanoTime() < deadline, name + " reached " + value + " in time");
            Thread.sleep(10); // the rewrite's thread: nothing to inject
        }
    }
}
