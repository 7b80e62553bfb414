package dev.sabaody.kv.server;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * notify-keyspace-events against a real redis-server 7.0: a scripted sequence of commands, and the
 * notifications a subscriber to {@code __key*__:*} receives after each, byte for byte and in order
 * (keyspace message, then keyevent; a command's own event, then "del" when it emptied the key;
 * "new" before the command's event). With two shards the subscriber sits on the other loop, and
 * MSET's keys live on both.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class KeyspaceEventsDifferentialTest extends BesideRedis {

    @Parameter
    int shards;

    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)),
                Clock.system());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void scriptedCommands_notifiedAsRedis() throws Exception {
        new PubSubScript("keyspace events", 2)
                .on(1, "DEL", "s", "new", "n", "f", "m1", "m2", "l", "h", "st", "z", "brandnew", "e", "e2", "quiet")
                .on(0, "PSUBSCRIBE", "__key*__:*")
                .on(1, "SET", "off", "nothing published yet")
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "KEA")
                // strings
                .on(1, "SET", "s", "v").on(1, "SET", "s", "v", "EX", "100").on(1, "SETEX", "s", "100", "w")
                .on(1, "SETNX", "s", "no").on(1, "APPEND", "s", "x").on(1, "APPEND", "new", "y")
                .on(1, "INCR", "n").on(1, "INCRBY", "n", "5").on(1, "DECR", "n").on(1, "DECRBY", "n", "2")
                .on(1, "INCRBYFLOAT", "f", "1.5").on(1, "MSET", "m1", "a", "m2", "b").on(1, "INCR", "s")
                // generic
                .on(1, "EXPIRE", "s", "100").on(1, "PERSIST", "s").on(1, "PERSIST", "s").on(1, "EXPIRE", "s", "0")
                .on(1, "DEL", "m1", "m2", "nope").on(1, "UNLINK", "new")
                // lists
                .on(1, "LPUSH", "l", "a", "b").on(1, "RPUSH", "l", "c").on(1, "LPUSHX", "l", "d").on(1, "LPOP", "l")
                .on(1, "RPOP", "l", "5")
                // hashes
                .on(1, "HSET", "h", "f", "v", "g", "w").on(1, "HSET", "h", "f", "v2").on(1, "HMSET", "h", "k", "1")
                .on(1, "HDEL", "h", "f", "nope").on(1, "HDEL", "h", "nope").on(1, "HDEL", "h", "g", "k")
                // sets
                .on(1, "SADD", "st", "a", "b").on(1, "SADD", "st", "a").on(1, "SREM", "st", "a", "zz")
                .on(1, "SREM", "st", "zz").on(1, "SREM", "st", "b")
                // sorted sets
                .on(1, "ZADD", "z", "1", "a", "2", "b").on(1, "ZINCRBY", "z", "5", "a").on(1, "ZADD", "z", "1", "a")
                .on(1, "ZADD", "z", "1", "a").on(1, "ZADD", "z", "INCR", "1", "b").on(1, "ZREM", "z", "a", "nope")
                .on(1, "ZREM", "z", "b")
                // new keys
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "KEn$")
                .on(1, "SET", "brandnew", "v").on(1, "SET", "brandnew", "again").on(1, "LPUSH", "ignored", "x")
                // expired, found by a read
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "Ex")
                .on(1, "SET", "e", "v", "PX", "1").pause(20).on(1, "GET", "e")
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "Kx")
                .on(1, "SET", "e2", "v", "PX", "1").pause(20).on(1, "EXISTS", "e2")
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "")
                .on(1, "SET", "quiet", "v")
                .on(1, "DEL", "s", "brandnew", "ignored", "quiet", "n", "f", "off")
                .assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void moreCommands_notifiedAsRedis() throws Exception {
        new PubSubScript("keyspace events, more commands", 2)
                .on(1, "DEL", "a", "b", "r", "h", "l", "z", "c", "c2", "gs")
                .on(0, "PSUBSCRIBE", "__key*__:*")
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "KEA")
                .on(1, "SET", "a", "1").on(1, "RENAME", "a", "b").on(1, "SET", "r", "x").on(1, "RENAME", "b", "r")
                .on(1, "GETEX", "r", "EX", "100").on(1, "GETEX", "r", "PERSIST").on(1, "GETEX", "r", "PERSIST")
                .on(1, "GETEX", "r").on(1, "SETRANGE", "r", "2", "yz").on(1, "SETRANGE", "a", "0", "new")
                .on(1, "HINCRBY", "h", "n", "2").on(1, "HINCRBYFLOAT", "h", "f", "0.5").on(1, "HSETNX", "h", "n", "9")
                .on(1, "HSETNX", "h", "m", "9")
                .on(1, "RPUSH", "l", "a", "b", "c", "b", "d").on(1, "LSET", "l", "0", "A").on(1, "LINSERT", "l", "BEFORE", "c", "C")
                .on(1, "LINSERT", "l", "BEFORE", "nope", "x").on(1, "LREM", "l", "0", "b").on(1, "LREM", "l", "0", "zz")
                .on(1, "LTRIM", "l", "0", "10").on(1, "LTRIM", "l", "5", "1")
                .on(1, "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e")
                .on(1, "ZREMRANGEBYRANK", "z", "0", "0").on(1, "ZREMRANGEBYSCORE", "z", "2", "2")
                .on(1, "ZREMRANGEBYSCORE", "z", "100", "200").on(1, "ZREMRANGEBYLEX", "z", "[c", "[c")
                .on(1, "ZREMRANGEBYRANK", "z", "0", "-1")
                .on(1, "SET", "c", "v").on(1, "COPY", "c", "c2").on(1, "COPY", "c", "c2")
                .on(1, "COPY", "c", "c2", "REPLACE").on(1, "COPY", "c", "c3", "DB", "1").on(1, "MOVE", "c2", "2")
                .on(1, "GETSET", "c", "w").on(1, "GETSET", "gs", "x").on(1, "GETDEL", "c").on(1, "GETDEL", "c")
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "")
                .on(1, "DEL", "a", "r", "h", "gs")
                .pipeline(1, new String[] {"SELECT", "1"}, new String[] {"DEL", "c3"}, new String[] {"SELECT", "2"},
                        new String[] {"DEL", "c2"}, new String[] {"SELECT", "0"})
                .assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void popsAndMoves_notifiedAsRedis() throws Exception {
        new PubSubScript("keyspace events, pops and moves", 2)
                .on(1, "DEL", "s1", "s2", "s3", "z", "l1", "l2")
                .on(0, "PSUBSCRIBE", "__key*__:*")
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "KEA")
                .on(1, "SADD", "s1", "a", "b", "c", "d", "e").on(1, "SPOP", "s1", "0").randomReply(1, "SPOP", "s1", "1")
                .on(1, "SADD", "s2", "x").on(1, "SMOVE", "s1", "s2", "nope").on(1, "SMOVE", "s2", "s3", "x")
                .on(1, "SPOP", "s3").randomReply(1, "SPOP", "s1", "10").on(1, "SPOP", "nope")
                .on(1, "SADD", "s1", "m").on(1, "SADD", "s2", "m").on(1, "SMOVE", "s1", "s2", "m")
                .on(1, "ZADD", "z", "1", "a", "2", "b", "3", "c").on(1, "ZPOPMIN", "z").on(1, "ZPOPMAX", "z", "0")
                .on(1, "ZPOPMAX", "z", "5").on(1, "ZPOPMIN", "z")
                .on(1, "RPUSH", "l1", "a", "b").on(1, "LMOVE", "l1", "l2", "LEFT", "RIGHT").on(1, "RPOPLPUSH", "l1", "l1")
                .on(1, "RPOPLPUSH", "l1", "l2").on(1, "LMOVE", "l2", "l2", "RIGHT", "LEFT").on(1, "LMOVE", "nope", "l2", "LEFT", "LEFT")
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "")
                .on(1, "DEL", "s1", "s2", "s3", "z", "l1", "l2")
                .assertSameAsRedis(redis.port(), server.port());
    }
}
