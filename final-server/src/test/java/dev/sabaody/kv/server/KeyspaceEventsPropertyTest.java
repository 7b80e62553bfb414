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

    /**
     * Key name prefixes, one per family, so that a family's commands mostly meet keys of their own
     * type (and reach their STORE, pop-to-empty and overwrite paths); key "a" is shared by all, for
     * WRONGTYPE refusals and cross-type overwrites. Generic commands take any family's keys.
     */
    private static final List<String> FAMILIES = List.of("str", "list", "set", "zset", "hash", "bits", "stream");
    private static final List<String> MEMBERS = List.of("x", "y", "z");

    /** One command of a family, from its keys (k(0), k(1), k(2)) and members (m(0), m(1)). Replies are deterministic. */
    record Template(String family, Function<Args, String[]> argv) {
    }

    private static final List<Template> COMMANDS = List.of(
            t("str", a -> cmd("SET", a.k(0), a.m(0))), t("str", a -> cmd("SET", a.k(0), a.m(0), "EX", "100")),
            t("str", a -> cmd("APPEND", a.k(0), a.m(0))), t("str", a -> cmd("INCR", a.k(0))),
            t("str", a -> cmd("GETDEL", a.k(0))), t("str", a -> cmd("GETEX", a.k(0), "PERSIST")),
            t("str", a -> cmd("SETRANGE", a.k(0), "1", a.m(0))), t("str", a -> cmd("GET", a.k(0))),
            t("list", a -> cmd("RPUSH", a.k(0), a.m(0), a.m(1))), t("list", a -> cmd("LPUSH", a.k(0), a.m(0))),
            t("list", a -> cmd("LPOP", a.k(0))), t("list", a -> cmd("RPOP", a.k(0), "2")),
            t("list", a -> cmd("LMOVE", a.k(0), a.k(1), "LEFT", "RIGHT")), t("list", a -> cmd("LREM", a.k(0), "0", a.m(0))),
            t("list", a -> cmd("LTRIM", a.k(0), "1", "-1")), t("list", a -> cmd("LSET", a.k(0), "0", a.m(0))),
            t("list", a -> cmd("LINSERT", a.k(0), "BEFORE", a.m(0), a.m(1))),
            t("list", a -> cmd("LMPOP", "2", a.k(0), a.k(1), "LEFT", "COUNT", "2")),
            t("list", a -> cmd("SORT", a.k(0), "ALPHA", "STORE", a.k(1))),
            t("set", a -> cmd("SADD", a.k(0), a.m(0), a.m(1))), t("set", a -> cmd("SREM", a.k(0), a.m(0))),
            t("set", a -> cmd("SMOVE", a.k(0), a.k(1), a.m(0))), t("set", a -> cmd("SINTERSTORE", a.k(0), a.k(1), a.k(2))),
            t("set", a -> cmd("SUNIONSTORE", a.k(0), a.k(1), a.k(2))), t("set", a -> cmd("SDIFFSTORE", a.k(0), a.k(1), a.k(2))),
            t("zset", a -> cmd("ZADD", a.k(0), "1", a.m(0))), t("zset", a -> cmd("ZINCRBY", a.k(0), "2", a.m(0))),
            t("zset", a -> cmd("ZREM", a.k(0), a.m(0))), t("zset", a -> cmd("ZPOPMIN", a.k(0))),
            t("zset", a -> cmd("ZUNIONSTORE", a.k(0), "2", a.k(1), a.k(2))), t("zset", a -> cmd("ZRANGESTORE", a.k(0), a.k(1), "0", "0")),
            t("zset", a -> cmd("ZREMRANGEBYRANK", a.k(0), "0", "0")), t("zset", a -> cmd("ZMPOP", "2", a.k(0), a.k(1), "MAX")),
            t("zset", a -> cmd("GEOADD", a.k(0), "13", "38", a.m(0))),
            t("hash", a -> cmd("HSET", a.k(0), a.m(0), a.m(1))), t("hash", a -> cmd("HDEL", a.k(0), a.m(0))),
            t("hash", a -> cmd("HINCRBY", a.k(0), a.m(0), "1")),
            t("bits", a -> cmd("SETBIT", a.k(0), "3", "1")), t("bits", a -> cmd("BITOP", "OR", a.k(0), a.k(1), a.k(2))),
            t("bits", a -> cmd("PFADD", a.k(0), a.m(0))), t("bits", a -> cmd("PFMERGE", a.k(0), a.k(1))),
            t("bits", a -> cmd("BITFIELD", a.k(0), "INCRBY", "u2", "0", "1")),
            t("stream", a -> cmd("XADD", a.k(0), "MAXLEN", "1", "5-1", "f", a.m(0))), t("stream", a -> cmd("XTRIM", a.k(0), "MAXLEN", "0")),
            t("stream", a -> cmd("XGROUP", "CREATE", a.k(0), "g", "$", "MKSTREAM")),
            t("stream", a -> cmd("XGROUP", "DESTROY", a.k(0), "g")), t("stream", a -> cmd("XSETID", a.k(0), "9-1")),
            t(null, a -> cmd("DEL", a.k(0), a.k(1))), t(null, a -> cmd("EXPIRE", a.k(0), "100")), t(null, a -> cmd("EXPIRE", a.k(0), "0")),
            t(null, a -> cmd("PERSIST", a.k(0))), t(null, a -> cmd("EXISTS", a.k(0), a.k(1))), t(null, a -> cmd("TYPE", a.k(0))),
            t(null, a -> cmd("RENAME", a.k(0), a.k(1))), t(null, a -> cmd("COPY", a.k(0), a.k(1), "REPLACE")),
            t(null, a -> cmd("MOVE", a.k(0), "1")));

    /** @param family for a generic command, the family whose keys it takes; @param shared whether k(0) is "a" */
    record Args(int template, int family, List<Integer> keys, List<String> members, boolean shared) {
        String k(int i) {
            if (shared && i == 0) {
                return "a";
            }
            String f = COMMANDS.get(template).family();
            return (f != null ? f : FAMILIES.get(family)) + keys.get(i);
        }

        String m(int i) {
            return members.get(i);
        }

        String[] argv() {
            return COMMANDS.get(template).argv().apply(this);
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

    @Property(tries = 60)
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
        return Combinators.combine(Arbitraries.integers().between(0, COMMANDS.size() - 1),
                        Arbitraries.integers().between(0, FAMILIES.size() - 1),
                        Arbitraries.integers().between(1, 2).list().ofSize(3), Arbitraries.of(MEMBERS).list().ofSize(2),
                        Arbitraries.integers().between(0, 9).map(n -> n == 0))
                .as(Args::new).list().ofMinSize(1).ofMaxSize(50);
    }

    private static Template t(String family, Function<Args, String[]> argv) {
        return new Template(family, argv);
    }

    private static String[] cmd(String... argv) {
        return argv;
    }
}
