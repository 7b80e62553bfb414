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
 * notify-keyspace-events against a real redis-server 7.0, one script per command family that
 * {@link KeyspaceEventsDifferentialTest} leaves out: blocking pops (served at once and served
 * later), the commands that store a result (the *STORE family, BITOP, SORT STORE), streams,
 * bitmaps, HyperLogLog, geo, the generic commands' corners (RESTORE, SWAPDB, EXPIRE's options,
 * RENAME onto itself, eviction), key misses, and a RESP3 subscriber. Connection 0 subscribes to
 * {@code __keyspace@*__:*} and {@code __keyevent@*__:*}; what it receives after each command must be
 * Redis's, byte for byte and in order. With two shards the subscriber sits on the other loop from the actor (connection 1),
 * and multi-key commands span both shards.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class KeyspaceEventsFamiliesDifferentialTest extends BesideRedis {

    /** DUMP of the string "v361" in Redis 7.0 (RDB 10): a payload whose every byte is ASCII. */
    private static final String DUMPED_STRING = "\u0000\u0004v361\n\u00003%Hpy\u00166i";

    @Parameter
    int shards;

    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards))
                .with("enable-debug-command", "yes"), Clock.system());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A script whose connection 0 listens to every keyspace and keyevent channel, with KEA on. */
    private static PubSubScript listening(String name, int connections) {
        return new PubSubScript(name, connections)
                .on(1, "FLUSHALL")
                .on(0, "PSUBSCRIBE", "__keyspace@*__:*", "__keyevent@*__:*")
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "KEA");
    }

    private static void finish(PubSubScript script) throws Exception {
        script.on(1, "CONFIG", "SET", "notify-keyspace-events", "").on(1, "FLUSHALL");
    }

    @Test
    void blockingPops_servedAtOnce_notifiedAsRedis() throws Exception {
        PubSubScript script = listening("blocking pops served at once", 2)
                .on(1, "RPUSH", "l", "a", "b", "c", "d", "e", "f").on(1, "BLPOP", "nope", "l", "0").on(1, "BRPOP", "l", "0")
                .on(1, "BLMOVE", "l", "l2", "LEFT", "RIGHT", "0").on(1, "BRPOPLPUSH", "l2", "l3", "0")
                .on(1, "BLMPOP", "0", "2", "nope", "l", "RIGHT", "COUNT", "1").on(1, "LMPOP", "1", "l", "LEFT", "COUNT", "9")
                .on(1, "LMPOP", "1", "l", "LEFT").on(1, "BLMOVE", "l3", "l3", "LEFT", "LEFT", "0")
                .on(1, "BLMOVE", "l3", "l4", "LEFT", "LEFT", "0")
                .on(1, "ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e").on(1, "BZPOPMIN", "nope", "z", "0")
                .on(1, "BZPOPMAX", "z", "0").on(1, "BZMPOP", "0", "1", "z", "MIN").on(1, "ZMPOP", "1", "z", "MAX", "COUNT", "1")
                .on(1, "ZMPOP", "1", "z", "MIN", "COUNT", "5").on(1, "ZMPOP", "1", "z", "MIN")
                .pipeline(1, new String[] {"MULTI"}, new String[] {"RPUSH", "t", "x"}, new String[] {"BLPOP", "t", "0"},
                        new String[] {"BLPOP", "t", "0"}, new String[] {"EXEC"});
        finish(script);
        script.assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void blockingPops_servedLater_notifiedAsRedis() throws Exception {
        PubSubScript script = listening("blocking pops served later", 4)
                .blocked(2, "BLPOP", "bl", "0").on(1, "RPUSH", "bl", "a")
                .blocked(2, "BRPOP", "nope", "bl", "0").on(1, "LPUSH", "bl", "a", "b")
                .blocked(2, "BLMOVE", "bl2", "bl3", "RIGHT", "LEFT", "0").on(1, "RPUSH", "bl2", "x")
                .blocked(2, "BRPOPLPUSH", "bl2", "bl2", "0").on(1, "RPUSH", "bl2", "y")
                .blocked(2, "BLMPOP", "0", "2", "nope", "bl4", "LEFT", "COUNT", "5").on(1, "RPUSH", "bl4", "1", "2", "3")
                .blocked(2, "BZPOPMIN", "bz", "0").on(1, "ZADD", "bz", "1", "a")
                .blocked(2, "BZPOPMAX", "bz", "0").on(1, "ZADD", "bz", "1", "a", "2", "b")
                .blocked(2, "BZMPOP", "0", "1", "bz2", "MIN", "COUNT", "3").on(1, "ZADD", "bz2", "1", "a", "2", "b")
                .blocked(2, "BLPOP", "bm", "0")
                .pipeline(1, new String[] {"MULTI"}, new String[] {"RPUSH", "bm", "a"}, new String[] {"RPUSH", "bm", "b"},
                        new String[] {"EXEC"})
                .blocked(2, "BLPOP", "bn", "0").pipeline(1, new String[] {"RPUSH", "src", "v"}, new String[] {"RENAME", "src", "bn"})
                // two clients on one key, served in the order they blocked, one push for both
                .blocked(2, "BLPOP", "two", "0").blocked(3, "BRPOP", "two", "0").on(1, "RPUSH", "two", "a", "b", "c")
                // served once the transaction is done, with what it left
                .blocked(2, "BLPOP", "gone", "0")
                .pipeline(1, new String[] {"MULTI"}, new String[] {"RPUSH", "gone", "a"}, new String[] {"DEL", "gone"},
                        new String[] {"RPUSH", "gone", "b"}, new String[] {"EXEC"});
        finish(script);
        script.assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void storeCommands_notifiedAsRedis() throws Exception {
        PubSubScript script = listening("commands that store a result", 2)
                .on(1, "SADD", "s1", "a", "b", "c").on(1, "SADD", "s2", "b", "c", "d")
                .on(1, "SUNIONSTORE", "d", "s1", "s2").on(1, "SINTERSTORE", "d", "s1", "s2").on(1, "SDIFFSTORE", "d", "s1", "s2")
                .on(1, "SINTERSTORE", "d", "s1", "nope").on(1, "SINTERSTORE", "d", "s1", "nope")
                .on(1, "SDIFFSTORE", "d", "s1", "s1").on(1, "SUNIONSTORE", "d", "nope")
                .on(1, "ZADD", "z1", "1", "a", "2", "b").on(1, "ZADD", "z2", "3", "b", "4", "c")
                .on(1, "ZUNIONSTORE", "dz", "2", "z1", "z2").on(1, "ZINTERSTORE", "dz", "2", "z1", "z2")
                .on(1, "ZDIFFSTORE", "dz", "2", "z1", "z2").on(1, "ZINTERSTORE", "dz", "2", "z1", "nope")
                .on(1, "ZINTERSTORE", "dz", "2", "z1", "nope").on(1, "ZUNIONSTORE", "dz", "1", "s1")
                .on(1, "ZRANGESTORE", "dz", "z1", "0", "-1").on(1, "ZRANGESTORE", "dz", "z1", "5", "10")
                .on(1, "ZRANGESTORE", "dz", "z1", "5", "10")
                .on(1, "GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania")
                .on(1, "GEORADIUS", "g", "15", "37", "200", "km", "STORE", "gd")
                .on(1, "GEORADIUS", "g", "15", "37", "200", "km", "STOREDIST", "gd")
                .on(1, "GEORADIUSBYMEMBER", "g", "Palermo", "10", "km", "STORE", "gd")
                .on(1, "GEOSEARCHSTORE", "gd", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km")
                .on(1, "GEOSEARCHSTORE", "gd", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "STOREDIST")
                .on(1, "GEOSEARCHSTORE", "gd", "g", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km")
                .on(1, "GEORADIUS", "g", "0", "0", "1", "km", "STORE", "gd")
                .on(1, "RPUSH", "sl", "3", "1", "2").on(1, "SORT", "sl", "STORE", "sd").on(1, "SORT", "nope", "STORE", "sd")
                .on(1, "SORT", "nope", "STORE", "sd")
                .on(1, "SET", "b1", "ab").on(1, "SET", "b2", "cd").on(1, "BITOP", "AND", "bd", "b1", "b2")
                .on(1, "BITOP", "NOT", "bd", "b1").on(1, "BITOP", "OR", "bd", "nope", "nope2")
                .on(1, "BITOP", "OR", "bd", "nope", "nope2")
                .on(1, "COPY", "s1", "cs").on(1, "COPY", "nope", "cs");
        finish(script);
        script.assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void streams_notifiedAsRedis() throws Exception {
        PubSubScript script = listening("streams", 2)
                .on(1, "XADD", "st", "1-1", "f", "v").on(1, "XADD", "st", "2-1", "f", "v")
                .on(1, "XADD", "st", "MAXLEN", "1", "3-1", "f", "v").on(1, "XADD", "nope", "NOMKSTREAM", "*", "f", "v")
                .on(1, "XADD", "st", "1-1", "f", "v").on(1, "XADD", "st", "4-1", "f", "v", "g", "w")
                .on(1, "XTRIM", "st", "MAXLEN", "5").on(1, "XTRIM", "st", "MAXLEN", "1").on(1, "XDEL", "st", "9-9")
                .on(1, "XDEL", "st", "4-1", "9-9").on(1, "XADD", "st", "5-1", "f", "v").on(1, "XADD", "st", "6-1", "f", "v")
                .on(1, "XGROUP", "CREATE", "st", "g", "0").on(1, "XGROUP", "CREATE", "st", "g", "0")
                .on(1, "XGROUP", "CREATE", "st2", "g", "$", "MKSTREAM").on(1, "XGROUP", "CREATECONSUMER", "st", "g", "c1")
                .on(1, "XGROUP", "CREATECONSUMER", "st", "g", "c1")
                .on(1, "XREADGROUP", "GROUP", "g", "c2", "COUNT", "1", "STREAMS", "st", ">")
                .on(1, "XREADGROUP", "GROUP", "g", "c2", "COUNT", "1", "STREAMS", "st", ">")
                .on(1, "XCLAIM", "st", "g", "c3", "0", "5-1").on(1, "XCLAIM", "st", "g", "c3", "0", "9-9")
                .on(1, "XAUTOCLAIM", "st", "g", "c4", "0", "0").on(1, "XACK", "st", "g", "5-1", "6-1")
                .on(1, "XGROUP", "DELCONSUMER", "st", "g", "c1").on(1, "XGROUP", "DELCONSUMER", "st", "g", "zz")
                .on(1, "XGROUP", "SETID", "st", "g", "0").on(1, "XSETID", "st", "10-1")
                .on(1, "XGROUP", "DESTROY", "st", "g").on(1, "XGROUP", "DESTROY", "st", "g")
                .on(1, "XTRIM", "st", "MINID", "100").on(1, "XDEL", "st2", "0-1");
        finish(script);
        script.assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void streams_blockedReadersServedLater_notifiedAsRedis() throws Exception {
        PubSubScript script = listening("streams served later", 3)
                .on(1, "XGROUP", "CREATE", "st", "g", "$", "MKSTREAM")
                .blocked(2, "XREADGROUP", "GROUP", "g", "c9", "BLOCK", "0", "STREAMS", "st", ">")
                .on(1, "XADD", "st", "1-1", "f", "v")
                .blocked(2, "XREAD", "BLOCK", "0", "STREAMS", "st", "$").on(1, "XADD", "st", "2-1", "f", "v");
        finish(script);
        script.assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void bitmapsHyperLogLogAndGeo_notifiedAsRedis() throws Exception {
        PubSubScript script = listening("bitmaps, HyperLogLog, geo", 2)
                .on(1, "SETBIT", "b", "7", "1").on(1, "SETBIT", "b", "7", "1").on(1, "SETBIT", "b", "100", "0")
                .on(1, "BITFIELD", "bf", "SET", "u8", "0", "255").on(1, "BITFIELD", "bf", "GET", "u8", "0")
                .on(1, "BITFIELD", "bf", "INCRBY", "u8", "0", "1", "GET", "u8", "0")
                .on(1, "BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1")
                .on(1, "BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "255")
                .on(1, "BITFIELD", "bf2", "GET", "u8", "0").on(1, "BITFIELD_RO", "bf", "GET", "u8", "0")
                .on(1, "BITFIELD", "bf3", "SET", "u8", "0", "0").on(1, "BITFIELD", "bf3", "SET", "u8", "0", "0")
                .on(1, "BITFIELD", "bf3", "SET", "u8", "8", "0").on(1, "BITFIELD", "bf4", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "300")
                .on(1, "PFADD", "h", "a", "b").on(1, "PFADD", "h", "a").on(1, "PFADD", "h2").on(1, "PFADD", "h2")
                .on(1, "PFMERGE", "h3", "h", "h2").on(1, "PFMERGE", "h3").on(1, "PFCOUNT", "h", "h2").on(1, "PFCOUNT", "h")
                .on(1, "GEOADD", "g", "13.361389", "38.115556", "Palermo").on(1, "GEOADD", "g", "13.361389", "38.115556", "Palermo")
                .on(1, "GEOADD", "g", "CH", "13", "38", "Palermo").on(1, "GEOADD", "g", "NX", "13", "38", "Palermo")
                .on(1, "GEOADD", "g", "XX", "13", "38", "Catania");
        finish(script);
        script.assertSameAsRedis(redis.port(), server.port());
    }

    @Test
    void genericCorners_notifiedAsRedis() throws Exception {
        PubSubScript script = listening("generic commands' corners", 2)
                .on(1, "RESTORE", "r", "0", DUMPED_STRING).on(1, "RESTORE", "r", "0", DUMPED_STRING, "REPLACE")
                .on(1, "RESTORE", "r", "100000", DUMPED_STRING, "REPLACE")
                .on(1, "RESTORE", "r2", "1", DUMPED_STRING, "ABSTTL").on(1, "RESTORE", "r", "1", DUMPED_STRING, "ABSTTL", "REPLACE")
                .on(1, "SET", "a", "1").on(1, "RENAME", "a", "a").on(1, "RENAMENX", "a", "a").on(1, "RENAMENX", "a", "b")
                .on(1, "SET", "a", "2").on(1, "RENAMENX", "a", "b")
                .on(1, "EXPIRE", "b", "100", "NX").on(1, "EXPIRE", "b", "100", "NX").on(1, "EXPIRE", "b", "50", "GT")
                .on(1, "EXPIRE", "b", "50", "LT").on(1, "PEXPIRE", "b", "500000", "XX").on(1, "EXPIREAT", "b", "4000000000")
                .on(1, "PEXPIREAT", "b", "4000000000000").on(1, "EXPIRE", "nope", "10").on(1, "PEXPIRE", "a", "-1")
                .on(1, "SET", "a", "x").on(1, "EXPIREAT", "a", "1").on(1, "SET", "a", "x", "KEEPTTL")
                .on(1, "SET", "a", "x", "PX", "100000").on(1, "SET", "a", "y", "KEEPTTL").on(1, "PERSIST", "a")
                .on(1, "SETEX", "a", "100", "z").on(1, "PSETEX", "a", "100000", "z").on(1, "SET", "a", "x", "GET", "EXAT", "4000000000")
                .on(1, "SET", "k", "v").on(1, "SWAPDB", "0", "1").on(1, "SWAPDB", "0", "1")
                .on(1, "MOVE", "k", "3").on(1, "MOVE", "nope", "3").on(1, "MSETNX", "m1", "a", "m2", "b")
                .on(1, "MSETNX", "m1", "a", "m3", "b").on(1, "LPUSH", "l", "a").on(1, "LPUSHX", "nope", "a");
        finish(script);
        script.assertSameAsRedis(redis.port(), server.port());
    }

    /** One key, and a memory limit nothing fits under: the key is evicted, and the write refused. */
    @Test
    void eviction_notifiedAsRedis() throws Exception {
        PubSubScript script = listening("eviction", 2)
                .on(1, "SET", "e", "v").on(1, "CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
                .on(1, "CONFIG", "SET", "maxmemory", "1").on(1, "SET", "evicting", "v").on(1, "CONFIG", "SET", "maxmemory", "0")
                .on(1, "CONFIG", "SET", "maxmemory-policy", "noeviction");
        finish(script);
        script.assertSameAsRedis(redis.port(), server.port());
    }

    /** Class m (not part of A): a read that finds no key says so (lookupKeyRead), writes do not. */
    @Test
    void keyMisses_notifiedAsRedis() throws Exception {
        PubSubScript script = listening("key misses", 2)
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "KEm")
                .on(1, "GET", "nope").on(1, "MGET", "nope", "a", "nope2").on(1, "SET", "a", "v").on(1, "GET", "a")
                .on(1, "EXISTS", "nope", "a").on(1, "TYPE", "nope").on(1, "TTL", "nope").on(1, "STRLEN", "nope")
                .on(1, "GETRANGE", "nope", "0", "1").on(1, "HGET", "nope", "f").on(1, "HGETALL", "nope").on(1, "HMGET", "nope", "f")
                .on(1, "LRANGE", "nope", "0", "-1").on(1, "LLEN", "nope").on(1, "LINDEX", "nope", "0").on(1, "SMEMBERS", "nope")
                .on(1, "SISMEMBER", "nope", "a").on(1, "SCARD", "nope").on(1, "SINTER", "nope", "a").on(1, "SUNION", "nope", "nope2")
                .on(1, "ZRANGE", "nope", "0", "-1").on(1, "ZSCORE", "nope", "a").on(1, "ZCARD", "nope").on(1, "XRANGE", "nope", "-", "+")
                .on(1, "XLEN", "nope").on(1, "PFCOUNT", "nope").on(1, "BITCOUNT", "nope").on(1, "GETBIT", "nope", "1")
                .on(1, "DUMP", "nope").on(1, "OBJECT", "ENCODING", "nope").on(1, "TOUCH", "nope").on(1, "DEL", "nope")
                .on(1, "INCR", "cnt").on(1, "APPEND", "nope2", "x").on(1, "DEL", "nope2", "cnt").on(1, "LPOP", "nope")
                .on(1, "SPOP", "nope").on(1, "HDEL", "nope", "f").on(1, "RENAME", "nope", "x").on(1, "COPY", "nope", "x")
                .on(1, "SORT", "nope").on(1, "SUNIONSTORE", "d", "nope").on(1, "ZUNIONSTORE", "d", "1", "nope").on(1, "GETDEL", "nope")
                .on(1, "GETEX", "nope").on(1, "LPUSHX", "nope", "a").on(1, "SRANDMEMBER", "nope").on(1, "HRANDFIELD", "nope")
                .on(1, "GEOPOS", "nope", "a").on(1, "GEODIST", "nope", "a", "b").on(1, "EXPIRE", "nope", "1")
                .on(1, "PEXPIRETIME", "nope").on(1, "BITPOS", "nope", "1").on(1, "LPOS", "nope", "a").on(1, "SMISMEMBER", "nope", "a")
                .on(1, "ZMSCORE", "nope", "a").on(1, "SET", "a", "v", "GET").on(1, "GETSET", "nope", "v").on(1, "DEL", "nope")
                .on(1, "PFCOUNT", "nope", "nope2").on(1, "BITOP", "AND", "bd", "nope", "nope2").on(1, "LCS", "nope", "nope2")
                .on(1, "ZINTER", "2", "nope", "nope2").on(1, "OBJECT", "FREQ", "nope")
                // found expired by the read, not by the cycle: "expired", then "keymiss"
                .on(1, "DEBUG", "SET-ACTIVE-EXPIRE", "0").on(1, "CONFIG", "SET", "notify-keyspace-events", "KEmx")
                .on(1, "SET", "gone", "v", "PX", "1").pause(20).on(1, "GET", "gone").on(1, "DEBUG", "SET-ACTIVE-EXPIRE", "1");
        if (shards == 1) { // with several shards SORT refuses patterns, as Redis Cluster does
            script.on(1, "RPUSH", "l", "1", "2").on(1, "SORT", "l", "BY", "w_*", "GET", "o_*")
                    .on(1, "SORT_RO", "l", "BY", "nosort", "GET", "o_*", "GET", "#");
        }
        finish(script);
        script.assertSameAsRedis(redis.port(), server.port());
    }

    /** A RESP3 subscriber receives the same events as push messages; the actor keeps RESP2. */
    @Test
    void resp3Subscriber_notifiedAsRedis() throws Exception {
        PubSubScript script = new PubSubScript("RESP3 subscriber", 2)
                .on(1, "FLUSHALL")
                .unchecked(0, "HELLO", "3")
                .on(0, "PSUBSCRIBE", "__keyspace@*__:*", "__keyevent@*__:*")
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "KEA")
                .on(1, "RPUSH", "l", "a").on(1, "LMPOP", "1", "l", "LEFT").on(1, "XADD", "st", "MAXLEN", "0", "1-1", "f", "v")
                .on(1, "SADD", "s", "a").on(1, "SINTERSTORE", "d", "s", "s").on(1, "PFADD", "h", "a")
                .on(0, "GET", "h") // any command works in RESP3's subscribed context, and emits as usual
                .on(1, "CONFIG", "SET", "notify-keyspace-events", "").on(1, "FLUSHALL");
        script.assertSameAsRedis(redis.port(), server.port());
    }
}
