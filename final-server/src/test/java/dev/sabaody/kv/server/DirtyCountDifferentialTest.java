package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code rdb_changes_since_last_save} (Redis's server.dirty) against redis-server 7.0.15, command by
 * command, with one and two shards. The save points and BGSAVE's "changes" threshold read this
 * counter, so a command that counts one change where Redis counts one per element would postpone a
 * save that Redis makes. Each command of the script runs on both servers and the counter's growth
 * is compared; every mismatch is listed at once.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class DirtyCountDifferentialTest extends BesideRedis {

    @Parameter
    int shards;

    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("save", "")
                .with("shards", Integer.toString(shards)), Clock.system());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Every family's writes, with several elements where Redis counts elements. */
    private static final String[][] SCRIPT = {
            {"FLUSHALL"},
            {"SET", "s", "v"}, {"SET", "s", "v", "NX"}, {"SETNX", "s", "w"}, {"SETEX", "s2", "100", "v"},
            {"MSET", "a", "1", "b", "2", "c", "3"}, {"MSETNX", "x1", "1", "x2", "2"}, {"MSETNX", "x1", "1", "x3", "3"},
            {"APPEND", "s", "xyz"}, {"SETRANGE", "s", "1", "QQ"}, {"INCR", "a"}, {"INCRBY", "a", "5"},
            {"DECRBY", "a", "2"}, {"INCRBYFLOAT", "b", "1.5"}, {"GETSET", "c", "4"}, {"GETDEL", "c"},
            {"GETDEL", "c"}, {"GETEX", "s", "EX", "100"}, {"GETEX", "s", "PERSIST"}, {"GETEX", "s"},
            {"DEL", "a", "b", "nosuch", "x1"}, {"UNLINK", "x2", "x3"},
            {"EXPIRE", "s", "100"}, {"PEXPIRE", "s", "100000"}, {"EXPIREAT", "s", "99999999999"},
            {"PERSIST", "s"}, {"PERSIST", "s"}, {"EXPIRE", "nosuch", "10"},
            {"COPY", "s", "s3"}, {"RENAME", "s3", "s4"}, {"RENAMENX", "s4", "s5"}, {"MOVE", "s5", "1"},
            {"HSET", "h", "f1", "1", "f2", "2", "f3", "3"}, {"HSET", "h", "f1", "9", "f4", "4"},
            {"HSETNX", "h", "f1", "x"}, {"HSETNX", "h", "f9", "x"}, {"HMSET", "h", "g1", "1", "g2", "2"},
            {"HINCRBY", "h", "f2", "3"}, {"HINCRBYFLOAT", "h", "f3", "0.5"}, {"HDEL", "h", "f1", "f2", "nosuch"},
            {"HDEL", "h", "nosuch"},
            {"LPUSH", "l", "a", "b", "c"}, {"RPUSH", "l", "d", "e"}, {"LPUSHX", "l", "f", "g"},
            {"RPUSHX", "nolist", "x"}, {"LINSERT", "l", "BEFORE", "a", "z"}, {"LSET", "l", "0", "q"},
            {"LPOP", "l"}, {"LPOP", "l", "2"}, {"RPOP", "l", "2"}, {"LREM", "l", "0", "a"},
            {"LTRIM", "l", "0", "0"}, {"RPUSH", "l", "1", "2", "3", "4"}, {"LTRIM", "l", "1", "2"},
            {"LMOVE", "l", "l2", "LEFT", "RIGHT"}, {"RPOPLPUSH", "l", "l2"}, {"LMPOP", "1", "l2", "LEFT", "COUNT", "5"},
            {"SADD", "st", "a", "b", "c", "a"}, {"SADD", "st", "a"}, {"SREM", "st", "a", "b", "x"},
            {"SMOVE", "st", "st2", "c"}, {"SADD", "st", "1", "2", "3", "4", "5"}, {"SPOP", "st"},
            {"SPOP", "st", "2"}, {"SINTERSTORE", "st3", "st", "st"}, {"SUNIONSTORE", "st4", "st", "st2"},
            {"SDIFFSTORE", "st5", "st", "nosuch"},
            {"ZADD", "z", "1", "a", "2", "b", "3", "c"}, {"ZADD", "z", "5", "a", "6", "d"},
            {"ZADD", "z", "CH", "5", "a", "7", "b"}, {"ZADD", "z", "NX", "1", "e"}, {"ZINCRBY", "z", "2", "a"},
            {"ZREM", "z", "a", "b", "nosuch"}, {"ZPOPMIN", "z"}, {"ZPOPMAX", "z", "2"},
            {"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"}, {"ZREMRANGEBYRANK", "z", "0", "1"},
            {"ZREMRANGEBYSCORE", "z", "3", "3"}, {"ZUNIONSTORE", "z2", "1", "z"}, {"ZRANGESTORE", "z3", "z", "0", "-1"},
            {"ZMPOP", "1", "z", "MIN", "COUNT", "3"},
            {"SETBIT", "bits", "7", "1"}, {"SETBIT", "bits", "7", "1"}, {"BITOP", "OR", "bits2", "bits"},
            {"BITFIELD", "bf", "SET", "u8", "0", "1", "SET", "u8", "8", "2", "GET", "u8", "0"},
            {"BITFIELD", "bf", "INCRBY", "u8", "0", "1"},
            {"PFADD", "hll", "a", "b", "c"}, {"PFADD", "hll", "a"}, {"PFCOUNT", "hll"}, {"PFCOUNT", "hll"},
            {"PFMERGE", "hll2", "hll"},
            {"GEOADD", "g", "13.36", "38.11", "p1", "15.08", "37.50", "p2"},
            {"GEOADD", "g", "13.36", "38.11", "p1"},
            {"GEOSEARCHSTORE", "g2", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"},
            {"XADD", "x", "1-1", "f", "v"}, {"XADD", "x", "2-1", "f", "v"}, {"XADD", "x", "3-1", "f", "v"},
            {"XDEL", "x", "1-1", "2-1", "9-9"}, {"XTRIM", "x", "MAXLEN", "0"},
            {"XADD", "x", "4-1", "f", "v"}, {"XGROUP", "CREATE", "x", "g1", "0"},
            {"XREADGROUP", "GROUP", "g1", "c1", "STREAMS", "x", ">"}, {"XACK", "x", "g1", "4-1", "5-1"},
            {"XGROUP", "CREATECONSUMER", "x", "g1", "c2"}, {"XGROUP", "DELCONSUMER", "x", "g1", "c2"},
            {"XGROUP", "SETID", "x", "g1", "0"}, {"XGROUP", "DESTROY", "x", "g1"}, {"XSETID", "x", "9-9"},
            {"SORT", "l2", "STORE", "sorted"},
            {"FLUSHDB"}, {"SET", "k", "v"}, {"SWAPDB", "0", "1"}, {"SWAPDB", "0", "0"}, {"FLUSHALL"}, {"FLUSHALL"},
            {"RPUSH", "src", "3", "1", "2"}, {"SORT", "src", "STORE", "dst"}, {"SORT", "nosuch", "STORE", "dst"},
            {"LREM", "src", "2", "1"}, {"LINSERT", "src", "AFTER", "nosuch", "x"}, {"SETRANGE", "str", "0", "abc"},
            {"SETRANGE", "str", "0", "abc"}, {"SET", "str", "v", "KEEPTTL"}, {"SET", "str", "v", "PX", "100000", "GET"},
            {"GETEX", "str", "PXAT", "99999999999999"}, {"EXPIRE", "str", "-1"}, {"SET", "k2", "v"}, {"COPY", "k2", "k3"},
            {"COPY", "k2", "k3", "REPLACE"}, {"SET", "k4", "x"}, {"RENAME", "k2", "k4"},
            {"SADD", "sa", "1", "2", "3"}, {"SADD", "sb", "3", "4", "5"}, {"SUNIONSTORE", "su", "sa", "sb"},
            {"SINTERSTORE", "su", "sa", "nosuch"}, {"SPOP", "sb", "10"},
            {"ZADD", "za", "1", "a", "2", "b"}, {"ZADD", "zb", "1", "b", "2", "c"}, {"ZINTERSTORE", "zi", "2", "za", "zb"},
            {"ZDIFFSTORE", "zd", "2", "za", "zb"}, {"ZUNIONSTORE", "zu", "2", "za", "zb"}, {"ZINCRBY", "za", "1", "a"},
            {"ZADD", "za", "INCR", "1", "a"}, {"ZADD", "za", "XX", "1", "nosuch"}, {"ZREMRANGEBYLEX", "zb", "-", "+"},
            {"GEOADD", "g", "13.36", "38.11", "p1", "15.08", "37.50", "p2"},
            {"GEOSEARCHSTORE", "g2", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "500", "km", "ASC"},
            {"GEORADIUS", "g", "15", "37", "500", "km", "STORE", "g3"},
            {"GEOSEARCHSTORE", "g2", "g", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"},
            {"BITOP", "AND", "bo", "nosuch", "nosuch2"}, {"SET", "b1", "ab"}, {"BITOP", "NOT", "bo", "b1"},
            {"SETBIT", "sb2", "100", "0"}, {"SETBIT", "sb2", "200", "0"}, {"SETBIT", "sb2", "3", "0"},
            {"XADD", "xs", "1-1", "a", "1"}, {"XADD", "xs", "2-1", "a", "1"}, {"XADD", "xs", "3-1", "a", "1"},
            {"XADD", "xs", "MAXLEN", "1", "4-1", "a", "1"}, {"XADD", "xs", "5-1", "a", "1"}, {"XADD", "xs", "6-1", "a", "1"},
            {"XTRIM", "xs", "MAXLEN", "1"}, {"XGROUP", "CREATE", "xm", "g", "$", "MKSTREAM"},
            {"XADD", "xm", "1-1", "a", "1"}, {"XADD", "xm", "2-1", "a", "1"},
            {"XREADGROUP", "GROUP", "g", "c", "COUNT", "5", "STREAMS", "xm", ">"},
            {"XCLAIM", "xm", "g", "c2", "0", "1-1", "2-1"}, {"XAUTOCLAIM", "xm", "g", "c3", "0", "0"},
            {"XACK", "xm", "g", "1-1", "2-1"}, {"XGROUP", "DELCONSUMER", "xm", "g", "c"},
            {"XADD", "xm", "3-1", "a", "1"}, {"XADD", "xm", "4-1", "a", "1"},
            {"XREADGROUP", "GROUP", "g", "r", "COUNT", "1", "STREAMS", "xm", ">"},
            {"XREADGROUP", "GROUP", "g", "r", "COUNT", "1", "STREAMS", "xm", ">"},
            {"XREADGROUP", "GROUP", "g", "r", "STREAMS", "xm", ">"}, {"XREADGROUP", "GROUP", "g", "r", "STREAMS", "xm", "0"},
            {"XREADGROUP", "GROUP", "g", "r2", "STREAMS", "xm", "0"}, {"XADD", "xm", "5-1", "a", "1"},
            {"XREADGROUP", "GROUP", "g", "r", "NOACK", "STREAMS", "xm", ">"},
            {"XCLAIM", "xm", "g", "r", "0", "3-1", "JUSTID"}, {"XCLAIM", "xm", "g", "r5", "0", "9-9"},
            {"XDEL", "xm", "3-1"}, {"XCLAIM", "xm", "g", "r", "0", "3-1", "4-1"}, {"XAUTOCLAIM", "xm", "g", "r6", "0", "0", "COUNT", "1"},
            {"XGROUP", "CREATECONSUMER", "xm", "g", "r7"}, {"XGROUP", "CREATECONSUMER", "xm", "g", "r7"},
            {"HSET", "hh", "a", "1"}, {"HINCRBYFLOAT", "hh", "a", "1.5"}, {"HDEL", "hh", "a"},
            {"MSET", "m", "1", "m", "2"}, {"INCRBYFLOAT", "m", "1"}, {"DECR", "m"}, {"GETSET", "m", "1"},
            {"PFADD", "hl", "x"}, {"PFADD", "hl2", "y"}, {"PFMERGE", "hl3", "hl", "hl2"}, {"PFADD", "hl4"},
            {"LPUSH", "bl", "a", "b"}, {"BLPOP", "bl", "0"}, {"BRPOPLPUSH", "bl", "bl2", "0"}, {"BLMPOP", "0", "1", "bl2", "LEFT", "COUNT", "3"},
            {"ZADD", "bz", "1", "a", "2", "b"}, {"BZPOPMIN", "bz", "0"}, {"BZMPOP", "0", "1", "bz", "MAX", "COUNT", "3"},
            {"SET", "t", "v"}, {"EXPIRE", "t", "100", "NX"}, {"EXPIRE", "t", "100", "NX"}, {"PEXPIREAT", "t", "1"},
            {"SET", "d1", "v"}, {"SET", "d2", "v"}, {"FLUSHDB"}, {"FLUSHDB"},
    };

    @Test
    void everyWrite_countsChangesAsRedis() throws IOException {
        List<String> mismatches = new ArrayList<>();
        try (Resp ours = new Resp(server.port()); Resp theirs = new Resp(redis.port())) {
            long oursBefore = changes(ours);
            long theirsBefore = changes(theirs);
            for (String[] command : SCRIPT) {
                Object theirReply = theirs.call(command);
                Object ourReply = ours.call(command);
                long oursNow = changes(ours);
                long theirsNow = changes(theirs);
                if (oursNow - oursBefore != theirsNow - theirsBefore) {
                    mismatches.add(String.join(" ", command) + ": Redis " + (theirsNow - theirsBefore)
                            + ", ours " + (oursNow - oursBefore) + " (replies " + show(theirReply) + " / " + show(ourReply) + ")");
                }
                oursBefore = oursNow;
                theirsBefore = theirsNow;
            }
        }
        assertEquals(List.of(), mismatches);
    }

    private static long changes(Resp c) throws IOException {
        return Long.parseLong(Resp.sections(c.text("INFO", "persistence")).get("Persistence").get("rdb_changes_since_last_save"));
    }

    private static String show(Object reply) {
        return reply instanceof byte[] b ? new String(b) : String.valueOf(reply);
    }
}
