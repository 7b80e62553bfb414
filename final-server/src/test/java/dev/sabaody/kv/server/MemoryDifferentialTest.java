package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.DifferentialHarness.Case;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.resp.DifferentialHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * maxmemory's refusals and OBJECT FREQ / IDLETIME against a private real Redis 7.0 (its own process,
 * since these cases change its maxmemory), byte for byte, with one shard and two. Both servers get
 * the same CONFIG SET commands, so the cases are the whole story.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class MemoryDifferentialTest {

    @Parameter
    int shards;

    @TempDir
    Path dir;

    private SabaodyServer server;
    private RedisProcess redis;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(shards);
        redis = RedisProcess.start(dir, null, "--save", "", "--appendonly", "no");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        redis.close();
    }

    private void sameAsRedis(Case... cases) {
        for (Case c : cases) {
            String expected = text(DifferentialHarness.ask(redis.port(), c));
            String actual = text(DifferentialHarness.ask(server.port(), c));
            assertEquals(expected, actual, c.name());
        }
    }

    private static String text(DifferentialHarness.Answer a) {
        return new String(a.bytes(), StandardCharsets.UTF_8);
    }

    private static String[] c(String... words) {
        return words;
    }

    @Test
    void noevictionOverTheLimit_refusesDenyoomCommandsOnly() {
        String[] k = ShardingTest.keysOnDistinctShards(2).toArray(String[]::new);
        sameAsRedis(
                Case.commands("seed under no limit", c("SET", k[0], "1"), c("RPUSH", k[1], "a", "b")),
                Case.commands("limit of one byte", c("CONFIG", "SET", "maxmemory-policy", "noeviction"),
                        c("CONFIG", "SET", "maxmemory", "1")),
                Case.commands("denyoom writes get -OOM, on every shard", c("SET", k[0], "2"), c("SET", k[1], "2"),
                        c("INCR", k[0]), c("LPUSH", k[1], "c"), c("APPEND", k[0], "x"), c("SETNX", "new", "x"),
                        c("HSET", "h", "f", "v"), c("SADD", "s", "m")),
                Case.commands("reads and deletes go on", c("GET", k[0]), c("LRANGE", k[1], "0", "-1"), c("EXISTS", k[0], k[1]),
                        c("EXPIRE", k[0], "100"), c("PERSIST", k[0]), c("LPOP", k[1]), c("DEL", k[0]), c("GET", k[0])),
                Case.commands("not over the limit: writes again", c("CONFIG", "SET", "maxmemory", "0"),
                        c("SET", k[0], "3"), c("GET", k[0]), c("DEL", k[0], k[1])));
    }

    @Test
    void multiOverTheLimit_queuesNothingAndExecAborts() {
        sameAsRedis(
                Case.commands("limit of one byte", c("CONFIG", "SET", "maxmemory", "1")),
                Case.commands("inside MULTI every queued command is refused, reads too; EXEC aborts",
                        c("MULTI"), c("SET", "tx", "1"), c("GET", "tx"), c("EXEC")),
                Case.commands("DISCARD is never refused", c("MULTI"), c("GET", "tx"), c("DISCARD")),
                Case.commands("back to no limit", c("CONFIG", "SET", "maxmemory", "0")));
    }

    /** A denyoom command queued before memory filled up: EXEC itself is refused, with EXECABORT. */
    @Test
    void execWithQueuedDenyoomCommand_afterTheLimitIsReached_isExecAbort() throws Exception {
        assertEquals(execAfterLimit(redis.port()), execAfterLimit(server.port()));
    }

    private static String execAfterLimit(int port) throws Exception {
        StringBuilder replies = new StringBuilder();
        try (RawClient tx = new RawClient(port); RawClient admin = new RawClient(port)) {
            tx.send(RawClient.command("MULTI") + RawClient.command("SET", "queued", "1") + RawClient.command("GET", "queued"));
            replies.append(tx.readLine()).append(tx.readLine()).append(tx.readLine());
            admin.send(RawClient.command("CONFIG", "SET", "maxmemory", "1"));
            replies.append(admin.readLine());
            tx.send(RawClient.command("EXEC"));
            replies.append(tx.readLine());
            tx.send(RawClient.command("MULTI") + RawClient.command("GET", "queued") + RawClient.command("EXEC"));
            replies.append(tx.readLine()).append(tx.readLine()).append(tx.readLine());
            admin.send(RawClient.command("CONFIG", "SET", "maxmemory", "0"));
            replies.append(admin.readLine());
        }
        return replies.toString();
    }

    @Test
    void objectFreqAndIdletime_followThePolicy() {
        sameAsRedis(
                Case.commands("LRU: FREQ refused, IDLETIME answers", c("CONFIG", "SET", "maxmemory-policy", "allkeys-lru"),
                        c("SET", "f", "v"), c("OBJECT", "FREQ", "f"), c("OBJECT", "IDLETIME", "f"),
                        c("OBJECT", "FREQ", "missing"), c("OBJECT", "IDLETIME", "missing"), c("OBJECT", "FREQ")),
                Case.commands("LFU: a new key counts 5, one read 6; IDLETIME refused",
                        c("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"), c("SET", "g", "v"),
                        c("OBJECT", "FREQ", "g"), c("GET", "g"), c("OBJECT", "FREQ", "g"), c("OBJECT", "IDLETIME", "g"),
                        c("OBJECT", "FREQ", "missing"), c("OBJECT", "IDLETIME", "missing")),
                Case.commands("volatile-lfu counts too", c("CONFIG", "SET", "maxmemory-policy", "volatile-lfu"),
                        c("SET", "h", "v"), c("OBJECT", "FREQ", "h"), c("OBJECT", "IDLETIME", "h")),
                Case.commands("clean up", c("CONFIG", "SET", "maxmemory-policy", "noeviction"), c("DEL", "f", "g", "h")));
    }

    @Test
    void memoryUsage_argumentsAndMissingKeysAsRedis() {
        sameAsRedis(
                Case.commands("arity, options and a missing key", c("SET", "mu", "v"), c("MEMORY", "USAGE"),
                        c("MEMORY", "USAGE", "missing"), c("MEMORY", "USAGE", "mu", "SAMPLES", "-1"),
                        c("MEMORY", "USAGE", "mu", "SAMPLES", "x"), c("MEMORY", "USAGE", "mu", "FOO"),
                        c("MEMORY", "USAGE", "mu", "SAMPLES"), c("MEMORY", "USAGE", "missing", "SAMPLES", "0"),
                        c("DEL", "mu")));
    }

    /** INFO memory: every field we give is one of Redis's, in Redis's order, and the limits read the same. */
    @Test
    void infoMemory_fieldsAreRedissInRedissOrder() throws Exception {
        List<String> theirs = infoMemory(redis.port());
        List<String> ours = infoMemory(server.port());
        int at = 0;
        for (String line : ours) {
            String name = line.substring(0, line.indexOf(':'));
            while (at < theirs.size() && !theirs.get(at).startsWith(name + ":")) {
                at++;
            }
            assertTrue(at < theirs.size(), name + " is not a field of Redis's INFO memory, or is out of its order");
        }
        for (String field : List.of("maxmemory:", "maxmemory_human:", "maxmemory_policy:")) {
            assertEquals(theirs.stream().filter(l -> l.startsWith(field)).toList(),
                    ours.stream().filter(l -> l.startsWith(field)).toList());
        }
        assertTrue(ours.size() >= 20, ours.toString());
    }

    private static List<String> infoMemory(int port) throws Exception {
        try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis("127.0.0.1", port)) {
            jedis.configSet("maxmemory", "100mb");
            jedis.configSet("maxmemory-policy", "allkeys-lfu");
            String text = jedis.info("memory");
            jedis.configSet("maxmemory", "0");
            jedis.configSet("maxmemory-policy", "noeviction");
            return text.lines().filter(l -> l.contains(":")).toList();
        }
    }

    @Test
    void configOfTheMemoryDirectives_asRedis() {
        sameAsRedis(
                Case.commands("units, policies, bounds", c("CONFIG", "SET", "maxmemory", "10mb"), c("CONFIG", "GET", "maxmemory"),
                        c("CONFIG", "SET", "maxmemory-policy", "volatile-ttl"), c("CONFIG", "GET", "maxmemory-policy"),
                        c("CONFIG", "SET", "maxmemory-policy", "lru"), c("CONFIG", "SET", "maxmemory-samples", "0"),
                        c("CONFIG", "SET", "maxmemory-eviction-tenacity", "101"), c("CONFIG", "GET", "lfu-log-factor"), c("CONFIG", "GET", "lfu-decay-time"),
                        c("CONFIG", "SET", "maxmemory", "0"), c("CONFIG", "SET", "maxmemory-policy", "noeviction")));
    }
}
