package dev.sabaody.kv.server;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For any sequence of write and read commands over a few keys of every type (so that keys are
 * created, changed, emptied, overwritten by a STORE, renamed, moved, refused as WRONGTYPE), a
 * subscriber to every keyspace and keyevent channel, with every class on (KEA, plus m and n),
 * receives from Sabaody-KV what it receives from a real redis-server 7.0, byte for byte and in
 * order, with one shard and with two (keys, and so multi-key commands, spread over both).
 */
class KeyspaceEventsPropertyTest {

    private static final List<String> KEYS = List.of("a", "b", "c");
    private static final List<String> MEMBERS = List.of("x", "y", "z");

    /** One command, from its keys (k[0], k[1], k[2]) and members (m[0], m[1]). Replies are deterministic. */
    private static final List<Function<Args, String[]>> COMMANDS = List.of(
            a -> cmd("SET", a.k(0), a.m(0)), a -> cmd("SET", a.k(0), a.m(0), "EX", "100"), a -> cmd("APPEND", a.k(0), a.m(0)),
            a -> cmd("INCR", a.k(0)), a -> cmd("DEL", a.k(0), a.k(1)), a -> cmd("EXPIRE", a.k(0), "100"),
            a -> cmd("EXPIRE", a.k(0), "0"), a -> cmd("PERSIST", a.k(0)), a -> cmd("GETDEL", a.k(0)),
            a -> cmd("GETEX", a.k(0), "PERSIST"), a -> cmd("SETRANGE", a.k(0), "1", a.m(0)), a -> cmd("GET", a.k(0)),
            a -> cmd("EXISTS", a.k(0), a.k(1)), a -> cmd("TYPE", a.k(0)),
            a -> cmd("RPUSH", a.k(0), a.m(0), a.m(1)), a -> cmd("LPUSH", a.k(0), a.m(0)), a -> cmd("LPOP", a.k(0)),
            a -> cmd("RPOP", a.k(0), "2"), a -> cmd("LMOVE", a.k(0), a.k(1), "LEFT", "RIGHT"), a -> cmd("LREM", a.k(0), "0", a.m(0)),
            a -> cmd("LTRIM", a.k(0), "1", "-1"), a -> cmd("LSET", a.k(0), "0", a.m(0)),
            a -> cmd("LINSERT", a.k(0), "BEFORE", a.m(0), a.m(1)), a -> cmd("LMPOP", "2", a.k(0), a.k(1), "LEFT", "COUNT", "2"),
            a -> cmd("SADD", a.k(0), a.m(0), a.m(1)), a -> cmd("SREM", a.k(0), a.m(0)), a -> cmd("SMOVE", a.k(0), a.k(1), a.m(0)),
            a -> cmd("SINTERSTORE", a.k(0), a.k(1), a.k(2)), a -> cmd("SUNIONSTORE", a.k(0), a.k(1), a.k(2)),
            a -> cmd("SDIFFSTORE", a.k(0), a.k(1), a.k(2)),
            a -> cmd("ZADD", a.k(0), "1", a.m(0)), a -> cmd("ZINCRBY", a.k(0), "2", a.m(0)), a -> cmd("ZREM", a.k(0), a.m(0)),
            a -> cmd("ZPOPMIN", a.k(0)), a -> cmd("ZUNIONSTORE", a.k(0), "2", a.k(1), a.k(2)),
            a -> cmd("ZRANGESTORE", a.k(0), a.k(1), "0", "0"), a -> cmd("ZREMRANGEBYRANK", a.k(0), "0", "0"),
            a -> cmd("ZMPOP", "2", a.k(0), a.k(1), "MAX"),
            a -> cmd("HSET", a.k(0), a.m(0), a.m(1)), a -> cmd("HDEL", a.k(0), a.m(0)), a -> cmd("HINCRBY", a.k(0), a.m(0), "1"),
            a -> cmd("SETBIT", a.k(0), "3", "1"), a -> cmd("BITOP", "OR", a.k(0), a.k(1), a.k(2)),
            a -> cmd("PFADD", a.k(0), a.m(0)), a -> cmd("PFMERGE", a.k(0), a.k(1)),
            a -> cmd("GEOADD", a.k(0), "13", "38", a.m(0)),
            a -> cmd("XADD", a.k(0), "MAXLEN", "1", "5-1", "f", a.m(0)), a -> cmd("XTRIM", a.k(0), "MAXLEN", "0"),
            a -> cmd("XGROUP", "CREATE", a.k(0), "g", "$", "MKSTREAM"), a -> cmd("XGROUP", "DESTROY", a.k(0), "g"),
            a -> cmd("XSETID", a.k(0), "9-1"),
            a -> cmd("RENAME", a.k(0), a.k(1)), a -> cmd("COPY", a.k(0), a.k(1), "REPLACE"), a -> cmd("MOVE", a.k(0), "1"),
            a -> cmd("SORT", a.k(0), "ALPHA", "STORE", a.k(1)));

    record Args(int template, List<String> keys, List<String> members) {
        String k(int i) {
            return keys.get(i);
        }

        String m(int i) {
            return members.get(i);
        }

        String[] argv() {
            return COMMANDS.get(template).apply(this);
        }
    }

    private static Path dir;
    private static RedisProcess redis;
    private static SabaodyServer oneShard;
    private static SabaodyServer twoShards;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("keyspace-events");
        redis = RedisProcess.start(dir, null, "--save", "", "--appendonly", "no");
        oneShard = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "1"), Clock.system());
        twoShards = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2"), Clock.system());
    }

    @AfterContainer
    static void stop() throws Exception {
        if (twoShards != null) {
            twoShards.close();
        }
        if (oneShard != null) {
            oneShard.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Property(tries = 40)
    void anyCommands_notifiedAsRedis(@ForAll("commands") List<Args> commands, @ForAll boolean twoShardsServer)
            throws Exception {
        PubSubScript script = new PubSubScript("random commands", 2)
                .on(1, "FLUSHALL")
                .on(0, "PSUBSCRIBE", "__keyspace@*__:*", "__keyevent@*__:*")
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "KEAmn");
        for (Args c : commands) {
            script.on(1, c.argv());
        }
        script.on(1, "CONFIG", "SET", "notify-keyspace-events", "").on(1, "FLUSHALL")
                .assertSameAsRedis(redis.port(), (twoShardsServer ? twoShards : oneShard).port());
    }

    @Provide
    Arbitrary<List<Args>> commands() {
        Arbitrary<String> key = Arbitraries.of(KEYS);
        Arbitrary<String> member = Arbitraries.of(MEMBERS);
        return Combinators.combine(Arbitraries.integers().between(0, COMMANDS.size() - 1), key.list().ofSize(3),
                        member.list().ofSize(2))
                .as(Args::new).list().ofMinSize(1).ofMaxSize(40);
    }

    private static String[] cmd(String... argv) {
        return argv;
    }
}
