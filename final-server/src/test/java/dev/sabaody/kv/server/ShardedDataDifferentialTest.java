package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import dev.sabaody.kv.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Module 05's commands through one, two and four shards, against real Redis byte for byte: commands whose keys
 * live on several shards (gathered on the coordinator), and commands on the whole keyspace (run on
 * every shard). A client must not be able to tell the keyspace is split.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2, 4})
class ShardedDataDifferentialTest {

    /** The same replies must come back whatever the number of shards: one is a single-threaded Redis. */
    @Parameter
    int shards;

    private SabaodyServer server;
    /** Keys owned by four different shards when there are four. */
    private String a;
    private String b;
    private String c;
    private String d;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)), Clock.system());
        List<String> keys = ShardingTest.keysOnDistinctShards(4);
        a = keys.get(0);
        b = keys.get(1);
        c = keys.get(2);
        d = keys.get(3);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String[] cmd(String... args) {
        return args;
    }

    /** A case that empties both servers first, then compares every reply. */
    private static Case fresh(String name, String[]... commands) {
        List<String[]> all = new ArrayList<>();
        all.add(cmd("FLUSHALL"));
        all.addAll(List.of(commands));
        return Case.commands(name, all.toArray(String[][]::new));
    }

    @Test
    void keysCommandsAcrossShards_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                fresh("rename to a key of another shard", cmd("SET", a, "1"), cmd("RENAME", a, b), cmd("GET", a),
                        cmd("GET", b), cmd("RENAMENX", b, c), cmd("SET", d, "x"), cmd("RENAMENX", c, d), cmd("DBSIZE")),
                fresh("rename keeps the TTL across shards", cmd("SET", a, "1", "EX", "100"), cmd("RENAME", a, b),
                        cmd("TTL", b), cmd("TTL", a)),
                fresh("copy across shards and databases", cmd("SET", a, "v"), cmd("COPY", a, b), cmd("COPY", a, c, "DB", "3"),
                        cmd("COPY", a, b), cmd("COPY", a, b, "REPLACE"), cmd("SELECT", "3"), cmd("GET", c),
                        cmd("SELECT", "0"), cmd("GET", b)),
                fresh("del, exists and touch count over shards", cmd("SET", a, "1"), cmd("SET", c, "1"),
                        cmd("EXISTS", a, b, c, d, a), cmd("TOUCH", a, b, c), cmd("DEL", a, b, c, d), cmd("DBSIZE")),
                fresh("move, swapdb and flushdb on every shard", cmd("SET", a, "1"), cmd("SET", b, "2"), cmd("MOVE", a, "1"),
                        cmd("SWAPDB", "0", "1"), cmd("GET", a), cmd("GET", b), cmd("DBSIZE"), cmd("FLUSHDB"), cmd("DBSIZE"),
                        cmd("SELECT", "1"), cmd("DBSIZE"), cmd("SWAPDB", "0", "99")),
                fresh("randomkey over shards", cmd("RANDOMKEY"), cmd("SET", c, "1"), cmd("RANDOMKEY")),
                fresh("wrong type through a gathered command", cmd("SADD", a, "x"), cmd("SET", b, "y"),
                        cmd("SINTER", a, b), cmd("SMOVE", a, b, "x"), cmd("RENAME", b, a), cmd("TYPE", a))));
    }

    @Test
    void setAndHashCommandsAcrossShards_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                fresh("set algebra over four shards", cmd("SADD", a, "1", "2", "3"), cmd("SADD", b, "2", "3", "4"),
                        cmd("SADD", c, "3", "5"), cmd("SINTER", a, b, c), cmd("SUNION", a, b, c), cmd("SDIFF", a, b),
                        cmd("SINTERSTORE", d, a, b), cmd("SMEMBERS", d), cmd("SUNIONSTORE", d, a, c), cmd("SMEMBERS", d),
                        cmd("SINTERCARD", "3", a, b, c), cmd("SMOVE", a, c, "1"), cmd("SMEMBERS", c), cmd("SCARD", a)),
                fresh("hash fields on one shard, pipelined with other shards", cmd("HSET", a, "f", "1", "g", "2"),
                        cmd("HSET", b, "f", "3"), cmd("HGETALL", a), cmd("HINCRBY", b, "f", "5"), cmd("HMGET", a, "f", "g", "h")),
                fresh("hyperloglog merge over shards", cmd("PFADD", a, "x", "y", "z"), cmd("PFADD", b, "y", "w"),
                        cmd("PFCOUNT", a, b), cmd("PFMERGE", c, a, b), cmd("PFCOUNT", c), cmd("GET", c))));
    }

    @Test
    void listZsetBitmapGeoCommandsAcrossShards_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                fresh("lmove and rpoplpush between shards", cmd("RPUSH", a, "1", "2", "3"), cmd("LMOVE", a, b, "LEFT", "RIGHT"),
                        cmd("RPOPLPUSH", a, c), cmd("LRANGE", a, "0", "-1"), cmd("LRANGE", b, "0", "-1"),
                        cmd("LRANGE", c, "0", "-1"), cmd("LMPOP", "3", d, a, b, "LEFT", "COUNT", "5")),
                fresh("sorted-set algebra over shards", cmd("ZADD", a, "1", "x", "2", "y"), cmd("ZADD", b, "3", "y", "4", "z"),
                        cmd("ZUNIONSTORE", c, "2", a, b, "WEIGHTS", "1", "10"), cmd("ZRANGE", c, "0", "-1", "WITHSCORES"),
                        cmd("ZINTER", "2", a, b, "WITHSCORES"), cmd("ZDIFFSTORE", d, "2", a, b), cmd("ZRANGE", d, "0", "-1"),
                        cmd("ZRANGESTORE", d, c, "0", "0"), cmd("ZINTERCARD", "2", a, c), cmd("ZMPOP", "2", d, a, "MAX")),
                fresh("bitop and mget over shards", cmd("SET", a, "ab"), cmd("SET", b, "c"), cmd("BITOP", "OR", c, a, b),
                        cmd("MGET", a, b, c, d), cmd("MSETNX", d, "1", a, "2"), cmd("MSET", a, "1", d, "2"), cmd("MGET", a, d)),
                fresh("geosearchstore across shards", cmd("GEOADD", a, "13.361389", "38.115556", "Palermo",
                                "15.087269", "37.502669", "Catania"),
                        cmd("GEOSEARCHSTORE", b, a, "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "STOREDIST"),
                        cmd("ZRANGE", b, "0", "-1", "WITHSCORES"),
                        cmd("GEORADIUS", a, "15", "37", "200", "km", "STORE", c), cmd("ZCARD", c))));
    }

    @Test
    void transactionAcrossShards_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                fresh("multi over four shards", cmd("MULTI"), cmd("SET", a, "1"), cmd("SADD", b, "m"), cmd("RENAME", a, c),
                        cmd("GET", c), cmd("SMEMBERS", b), cmd("INCR", d), cmd("EXEC")),
                fresh("errors inside exec do not stop it", cmd("SET", a, "x"), cmd("MULTI"), cmd("SADD", a, "m"),
                        cmd("SET", b, "y"), cmd("EXEC"), cmd("GET", b)),
                fresh("exec without multi, discard", cmd("EXEC"), cmd("MULTI"), cmd("SET", a, "1"), cmd("DISCARD"),
                        cmd("GET", a), cmd("DISCARD"))));
    }

    @Test
    void keysAndScan_everyShard_returnEveryKeyOnce() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.flushAll();
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                jedis.set("scan:" + i, "v");
                expected.add("scan:" + i);
            }
            jedis.set("other", "v");
            assertEquals(expected, new HashSet<>(jedis.keys("scan:*")));
            Set<String> seen = new HashSet<>();
            String cursor = ScanParams.SCAN_POINTER_START;
            int calls = 0;
            do {
                ScanResult<String> page = jedis.scan(cursor, new ScanParams().match("scan:*").count(50));
                seen.addAll(page.getResult());
                cursor = page.getCursor();
                calls++;
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START) && calls < 10_000);
            assertEquals(expected, seen);
            assertEquals(1001, jedis.dbSize());
        }
    }

    /** As in Redis, a COUNT larger than the keyspace walks it all in one call, over every shard. */
    @Test
    void scan_countLargerThanTheKeyspace_finishesInOneCall() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.flushAll();
            for (int i = 0; i < 201; i++) {
                jedis.set("k" + i, "v");
            }
            ScanResult<String> page = jedis.scan(ScanParams.SCAN_POINTER_START, new ScanParams().count(1000));
            assertEquals(ScanParams.SCAN_POINTER_START, page.getCursor());
            assertEquals(201, new HashSet<>(page.getResult()).size());
        }
    }
}
