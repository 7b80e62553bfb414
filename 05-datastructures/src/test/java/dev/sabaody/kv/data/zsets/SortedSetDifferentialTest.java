package dev.sabaody.kv.data.zsets;

import static dev.sabaody.kv.data.DataTests.cmd;
import static dev.sabaody.kv.data.DataTests.fresh;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every sorted-set command against a real Redis 7.0.15, byte for byte: replies, errors, edge
 * indexes, open and closed ranges, LIMIT, WITHSCORES, RESP3 shapes, and COMMAND INFO.
 */
class SortedSetDifferentialTest {

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The RESP3 HELLO reply names the server and its version: not compared. */
    static final String HELLO_REPLY = "%7\\\\r\\\\n.*?modules\\\\r\\\\n\\*0\\\\r\\\\n";

    /** A case run after HELLO 3, whose own reply is not compared. */
    static Case resp3(String name, String[]... commands) {
        String[][] all = new String[commands.length + 1][];
        all[0] = cmd("HELLO", "3");
        System.arraycopy(commands, 0, all, 1, commands.length);
        return fresh(name, all).ignoring(HELLO_REPLY);
    }

    /** ZADD k of a small fixture: a=1 b=2 c=2 d=3 e=3.5 f=10. */
    static String[] fixture() {
        return cmd("ZADD", "z", "1", "a", "2", "b", "2", "c", "3", "d", "3.5", "e", "10", "f");
    }

    static void same(Case... cases) {
        DataTests.assertSameAsRedis(server.port(), cases);
    }

    @Test
    void zadd_optionsAndErrors_matchRedis() {
        same(
                fresh("zadd new", cmd("ZADD", "z", "1", "a", "2", "b"), cmd("ZRANGE", "z", "0", "-1", "WITHSCORES")),
                fresh("zadd update counts only added", fixture(), cmd("ZADD", "z", "5", "a", "6", "x")),
                fresh("zadd ch", fixture(), cmd("ZADD", "z", "CH", "5", "a", "6", "x", "2", "b")),
                fresh("zadd nx", fixture(), cmd("ZADD", "z", "NX", "5", "a", "6", "x"), cmd("ZSCORE", "z", "a")),
                fresh("zadd xx", fixture(), cmd("ZADD", "z", "XX", "CH", "5", "a", "6", "x"), cmd("ZSCORE", "z", "x")),
                fresh("zadd xx missing key", cmd("ZADD", "z", "XX", "1", "a"), cmd("ZCARD", "z")),
                fresh("zadd xx incr missing", cmd("ZADD", "z", "XX", "INCR", "1", "a")),
                fresh("zadd gt", fixture(), cmd("ZADD", "z", "GT", "CH", "0", "a", "20", "f", "1", "new")),
                fresh("zadd lt", fixture(), cmd("ZADD", "z", "LT", "CH", "0", "a", "20", "f"), cmd("ZRANGE", "z", "0", "-1", "WITHSCORES")),
                fresh("zadd xx gt", fixture(), cmd("ZADD", "z", "XX", "GT", "CH", "5", "a", "5", "nope")),
                fresh("zadd incr", fixture(), cmd("ZADD", "z", "INCR", "2.5", "a"), cmd("ZADD", "z", "INCR", "1", "new")),
                fresh("zadd incr nx existing", fixture(), cmd("ZADD", "z", "NX", "INCR", "2.5", "a")),
                fresh("zadd incr gt no", fixture(), cmd("ZADD", "z", "GT", "INCR", "-1", "a")),
                fresh("zadd nx xx", cmd("ZADD", "z", "NX", "XX", "1", "a")),
                fresh("zadd gt lt", cmd("ZADD", "z", "GT", "LT", "1", "a")),
                fresh("zadd gt nx", cmd("ZADD", "z", "GT", "NX", "1", "a")),
                fresh("zadd incr two pairs", cmd("ZADD", "z", "INCR", "1", "a", "2", "b")),
                fresh("zadd odd", cmd("ZADD", "z", "1", "a", "2")),
                fresh("zadd options only", cmd("ZADD", "z", "NX", "CH")),
                fresh("zadd bad score", cmd("ZADD", "z", "1", "a", "x", "b"), cmd("ZCARD", "z")),
                fresh("zadd nan word", cmd("ZADD", "z", "nan", "a")),
                fresh("zadd spaces", cmd("ZADD", "z", " 1", "a"), cmd("ZADD", "z", "1 ", "a"), cmd("ZADD", "z", "", "a")),
                fresh("zadd overflow", cmd("ZADD", "z", "1e400", "a"), cmd("ZADD", "z", "1e-400", "a")),
                fresh("zadd inf", cmd("ZADD", "z", "inf", "a", "-inf", "b", "+inf", "c", "-Infinity", "d"),
                        cmd("ZRANGE", "z", "0", "-1", "WITHSCORES")),
                fresh("zadd hex and exp", cmd("ZADD", "z", "0x10", "a", "1e3", "b", "-.5", "c", "5.", "d"),
                        cmd("ZRANGE", "z", "0", "-1", "WITHSCORES")),
                fresh("zadd incr nan", cmd("ZADD", "z", "inf", "a"), cmd("ZADD", "z", "INCR", "-inf", "a")),
                fresh("zincrby nan", cmd("ZADD", "z", "inf", "a"), cmd("ZINCRBY", "z", "-inf", "a")),
                fresh("zadd wrongtype", cmd("SET", "s", "x"), cmd("ZADD", "s", "1", "a")),
                fresh("zadd arity", cmd("ZADD", "z", "1")),
                fresh("zadd precision", cmd("ZADD", "z", "1.1", "a", "0.1", "b", "3.0000000000000004", "c", "1e21", "d", "1e-7", "e"),
                        cmd("ZSCORE", "z", "a"), cmd("ZSCORE", "z", "b"), cmd("ZSCORE", "z", "c"),
                        cmd("ZSCORE", "z", "d"), cmd("ZSCORE", "z", "e")),
                fresh("zadd same score keeps member order", cmd("ZADD", "z", "1", "b", "1", "a", "1", "c", "1", "B", "1", "\u00ff", "1", ""),
                        cmd("ZRANGE", "z", "0", "-1")),
                fresh("zincrby", fixture(), cmd("ZINCRBY", "z", "2", "a"), cmd("ZINCRBY", "z", "1.5", "new"),
                        cmd("ZINCRBY", "z", "x", "a"), cmd("ZINCRBY", "z", "nx", "a")),
                fresh("zincrby wrongtype", cmd("SET", "s", "x"), cmd("ZINCRBY", "s", "1", "a")),
                fresh("zadd negative zero", cmd("ZADD", "z", "-0", "a"), cmd("ZSCORE", "z", "a"), cmd("ZINCRBY", "z", "-0", "a")));
    }

    @Test
    void readCommands_matchRedis() {
        same(
                fresh("zcard", fixture(), cmd("ZCARD", "z"), cmd("ZCARD", "none")),
                fresh("zcard wrongtype", cmd("SET", "s", "x"), cmd("ZCARD", "s")),
                fresh("zscore", fixture(), cmd("ZSCORE", "z", "e"), cmd("ZSCORE", "z", "nope"), cmd("ZSCORE", "none", "a")),
                fresh("zmscore", fixture(), cmd("ZMSCORE", "z", "a", "nope", "e"), cmd("ZMSCORE", "none", "a", "b")),
                fresh("zmscore wrongtype", cmd("SET", "s", "x"), cmd("ZMSCORE", "s", "a")),
                fresh("zmscore arity", cmd("ZMSCORE", "z")),
                fresh("zrank", fixture(), cmd("ZRANK", "z", "a"), cmd("ZRANK", "z", "c"), cmd("ZRANK", "z", "f"),
                        cmd("ZRANK", "z", "nope"), cmd("ZRANK", "none", "a")),
                fresh("zrevrank", fixture(), cmd("ZREVRANK", "z", "a"), cmd("ZREVRANK", "z", "f"), cmd("ZREVRANK", "z", "x")),
                fresh("zrank wrongtype", cmd("SET", "s", "x"), cmd("ZRANK", "s", "a"), cmd("ZREVRANK", "s", "a")),
                fresh("zcount", fixture(), cmd("ZCOUNT", "z", "2", "3"), cmd("ZCOUNT", "z", "(2", "3"), cmd("ZCOUNT", "z", "2", "(3"),
                        cmd("ZCOUNT", "z", "-inf", "+inf"), cmd("ZCOUNT", "z", "(3", "(3"), cmd("ZCOUNT", "z", "5", "1"),
                        cmd("ZCOUNT", "z", "11", "20"), cmd("ZCOUNT", "none", "1", "2")),
                fresh("zcount errors", fixture(), cmd("ZCOUNT", "z", "x", "1"), cmd("ZCOUNT", "z", "1", "(x"),
                        cmd("ZCOUNT", "z", "nan", "1"), cmd("ZCOUNT", "z", "", ""), cmd("ZCOUNT", "z", " 1", "(  2"),
                        cmd("ZCOUNT", "z", "(", "1e400")),
                fresh("zcount wrongtype", cmd("SET", "s", "x"), cmd("ZCOUNT", "s", "1", "2"), cmd("ZCOUNT", "s", "x", "2")),
                fresh("zlexcount", cmd("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d"), cmd("ZLEXCOUNT", "z", "-", "+"),
                        cmd("ZLEXCOUNT", "z", "[b", "[c"), cmd("ZLEXCOUNT", "z", "(b", "(c"), cmd("ZLEXCOUNT", "z", "(a", "+"),
                        cmd("ZLEXCOUNT", "z", "+", "-"), cmd("ZLEXCOUNT", "z", "-", "-"), cmd("ZLEXCOUNT", "z", "[", "+"),
                        cmd("ZLEXCOUNT", "none", "-", "+")),
                fresh("zlexcount errors", cmd("ZADD", "z", "0", "a"), cmd("ZLEXCOUNT", "z", "a", "+"),
                        cmd("ZLEXCOUNT", "z", "-", "+x"), cmd("ZLEXCOUNT", "z", "", "+"), cmd("ZLEXCOUNT", "z", "--", "+")));
    }

    @Test
    void zrangeByRank_matchesRedis() {
        same(
                fresh("zrange all", fixture(), cmd("ZRANGE", "z", "0", "-1"), cmd("ZRANGE", "z", "0", "-1", "WITHSCORES")),
                fresh("zrange negative", fixture(), cmd("ZRANGE", "z", "-3", "-2"), cmd("ZRANGE", "z", "-100", "1"),
                        cmd("ZRANGE", "z", "2", "100"), cmd("ZRANGE", "z", "4", "2"), cmd("ZRANGE", "z", "6", "10"),
                        cmd("ZRANGE", "z", "-1", "-1"), cmd("ZRANGE", "z", "0", "-7")),
                fresh("zrange rev", fixture(), cmd("ZRANGE", "z", "0", "2", "REV"), cmd("ZRANGE", "z", "1", "-2", "REV", "WITHSCORES")),
                fresh("zrevrange", fixture(), cmd("ZREVRANGE", "z", "0", "-1", "WITHSCORES"), cmd("ZREVRANGE", "z", "2", "3"),
                        cmd("ZREVRANGE", "z", "0", "1", "REV"), cmd("ZREVRANGE", "z", "0", "1", "BYSCORE")),
                fresh("zrange missing", cmd("ZRANGE", "none", "0", "-1"), cmd("ZREVRANGE", "none", "0", "-1")),
                fresh("zrange errors", fixture(), cmd("ZRANGE", "z", "x", "1"), cmd("ZRANGE", "z", "0", "1.5"),
                        cmd("ZRANGE", "z", "0", "1", "LIMIT", "0", "1"), cmd("ZRANGE", "z", "0", "1", "FOO"),
                        cmd("ZRANGE", "z", "0", "1", "LIMIT", "0"), cmd("ZRANGE", "z", "0", "1", "LIMIT", "x", "1"),
                        cmd("ZRANGE", "z", "0", "1", "LIMIT", "0", "-1"), cmd("ZRANGE", "z", "0", "1", "REV", "REV"),
                        cmd("ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX")),
                fresh("zrange wrongtype", cmd("SET", "s", "x"), cmd("ZRANGE", "s", "0", "-1"), cmd("ZRANGE", "s", "x", "1")),
                fresh("zrange arity", cmd("ZRANGE", "z", "0")));
    }

    @Test
    void zrangeByScore_matchesRedis() {
        same(
                fresh("byscore", fixture(), cmd("ZRANGE", "z", "2", "3.5", "BYSCORE"), cmd("ZRANGE", "z", "(2", "3.5", "BYSCORE", "WITHSCORES"),
                        cmd("ZRANGE", "z", "-inf", "(3", "BYSCORE"), cmd("ZRANGE", "z", "(1", "(1", "BYSCORE"),
                        cmd("ZRANGE", "z", "5", "1", "BYSCORE")),
                fresh("byscore rev", fixture(), cmd("ZRANGE", "z", "3.5", "2", "BYSCORE", "REV"),
                        cmd("ZRANGE", "z", "2", "3.5", "BYSCORE", "REV"), cmd("ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "WITHSCORES")),
                fresh("byscore limit", fixture(), cmd("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "2"),
                        cmd("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "-1"),
                        cmd("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2"),
                        cmd("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "6", "2"),
                        cmd("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "5", "0"),
                        cmd("ZRANGE", "z", "+inf", "-inf", "BYSCORE", "REV", "LIMIT", "2", "3", "WITHSCORES")),
                fresh("zrangebyscore", fixture(), cmd("ZRANGEBYSCORE", "z", "2", "3"), cmd("ZRANGEBYSCORE", "z", "2", "3", "WITHSCORES", "LIMIT", "1", "1"),
                        cmd("ZRANGEBYSCORE", "z", "2", "3", "BYSCORE"), cmd("ZRANGEBYSCORE", "z", "2", "3", "REV"),
                        cmd("ZRANGEBYSCORE", "z", "2", "3", "LIMIT", "1")),
                fresh("zrevrangebyscore", fixture(), cmd("ZREVRANGEBYSCORE", "z", "3", "2"), cmd("ZREVRANGEBYSCORE", "z", "+inf", "(2", "WITHSCORES"),
                        cmd("ZREVRANGEBYSCORE", "z", "2", "3"), cmd("ZREVRANGEBYSCORE", "z", "+inf", "-inf", "LIMIT", "1", "2")),
                fresh("byscore errors", fixture(), cmd("ZRANGE", "z", "x", "1", "BYSCORE"), cmd("ZRANGEBYSCORE", "z", "1", "nan"),
                        cmd("ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX"), cmd("ZRANGEBYSCORE", "z", "1", "2", "LIMIT", "a", "b")),
                fresh("byscore missing", cmd("ZRANGEBYSCORE", "none", "-inf", "+inf"), cmd("ZRANGEBYSCORE", "none", "x", "y")));
    }

    @Test
    void zrangeByLex_matchesRedis() {
        String[] lex = cmd("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "ee", "0", "f");
        same(
                fresh("bylex", lex, cmd("ZRANGE", "z", "-", "+", "BYLEX"), cmd("ZRANGE", "z", "[b", "(e", "BYLEX"),
                        cmd("ZRANGE", "z", "(b", "[e", "BYLEX"), cmd("ZRANGE", "z", "[e", "[e", "BYLEX"),
                        cmd("ZRANGE", "z", "(e", "(ee", "BYLEX"), cmd("ZRANGE", "z", "+", "-", "BYLEX")),
                fresh("bylex rev limit", lex, cmd("ZRANGE", "z", "+", "-", "BYLEX", "REV", "LIMIT", "1", "3"),
                        cmd("ZRANGE", "z", "[e", "[b", "BYLEX", "REV"), cmd("ZRANGE", "z", "-", "+", "BYLEX", "LIMIT", "2", "-1")),
                fresh("zrangebylex", lex, cmd("ZRANGEBYLEX", "z", "[aa", "(d"), cmd("ZREVRANGEBYLEX", "z", "(d", "[aa"),
                        cmd("ZRANGEBYLEX", "z", "-", "+", "LIMIT", "0", "2"), cmd("ZREVRANGEBYLEX", "z", "+", "-", "LIMIT", "0", "2")),
                fresh("bylex errors", lex, cmd("ZRANGE", "z", "a", "+", "BYLEX"), cmd("ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"),
                        cmd("ZRANGEBYLEX", "z", "-", "+", "WITHSCORES"), cmd("ZRANGEBYLEX", "z", "", "+"),
                        cmd("ZREVRANGEBYLEX", "z", "+", "x")),
                fresh("bylex mixed scores", fixture(), cmd("ZRANGEBYLEX", "z", "-", "+"), cmd("ZRANGEBYLEX", "z", "[b", "[d")));
    }

    @Test
    void zrangestore_matchesRedis() {
        same(
                fresh("zrangestore rank", fixture(), cmd("ZRANGESTORE", "d", "z", "1", "3"), cmd("ZRANGE", "d", "0", "-1", "WITHSCORES")),
                fresh("zrangestore byscore rev limit", fixture(), cmd("ZRANGESTORE", "d", "z", "(10", "2", "BYSCORE", "REV", "LIMIT", "1", "2"),
                        cmd("ZRANGE", "d", "0", "-1", "WITHSCORES")),
                fresh("zrangestore bylex", cmd("ZADD", "z", "0", "a", "0", "b", "0", "c"), cmd("ZRANGESTORE", "d", "z", "[b", "+", "BYLEX"),
                        cmd("ZRANGE", "d", "0", "-1")),
                fresh("zrangestore empty deletes", fixture(), cmd("SET", "d", "x"), cmd("ZRANGESTORE", "d", "z", "10", "20"),
                        cmd("GET", "d")),
                fresh("zrangestore missing source", cmd("SET", "d", "x"), cmd("ZRANGESTORE", "d", "none", "0", "-1"), cmd("GET", "d")),
                fresh("zrangestore overwrites other type", fixture(), cmd("SET", "d", "x"), cmd("ZRANGESTORE", "d", "z", "0", "0"),
                        cmd("ZCARD", "d")),
                fresh("zrangestore withscores", fixture(), cmd("ZRANGESTORE", "d", "z", "0", "1", "WITHSCORES")),
                fresh("zrangestore wrongtype", cmd("SET", "s", "x"), cmd("ZRANGESTORE", "d", "s", "0", "1")),
                fresh("zrangestore onto itself", fixture(), cmd("ZRANGESTORE", "z", "z", "0", "1"), cmd("ZRANGE", "z", "0", "-1")));
    }

    @Test
    void zremCommands_matchRedis() {
        same(
                fresh("zrem", fixture(), cmd("ZREM", "z", "a", "nope", "b"), cmd("ZRANGE", "z", "0", "-1"), cmd("ZREM", "none", "a")),
                fresh("zrem empties key", cmd("ZADD", "z", "1", "a"), cmd("ZREM", "z", "a", "a"), cmd("ZCARD", "z")),
                fresh("zrem wrongtype", cmd("SET", "s", "x"), cmd("ZREM", "s", "a")),
                fresh("zremrangebyrank", fixture(), cmd("ZREMRANGEBYRANK", "z", "1", "2"), cmd("ZRANGE", "z", "0", "-1"),
                        cmd("ZREMRANGEBYRANK", "z", "-2", "-1"), cmd("ZRANGE", "z", "0", "-1"), cmd("ZREMRANGEBYRANK", "z", "5", "10"),
                        cmd("ZREMRANGEBYRANK", "z", "0", "-1"), cmd("ZCARD", "z")),
                fresh("zremrangebyrank errors", fixture(), cmd("ZREMRANGEBYRANK", "z", "x", "1"), cmd("ZREMRANGEBYRANK", "none", "0", "1"),
                        cmd("SET", "s", "x"), cmd("ZREMRANGEBYRANK", "s", "0", "1")),
                fresh("zremrangebyscore", fixture(), cmd("ZREMRANGEBYSCORE", "z", "(2", "3.5"), cmd("ZRANGE", "z", "0", "-1"),
                        cmd("ZREMRANGEBYSCORE", "z", "x", "1"), cmd("ZREMRANGEBYSCORE", "z", "-inf", "+inf"), cmd("ZCARD", "z"),
                        cmd("ZREMRANGEBYSCORE", "none", "1", "2")),
                fresh("zremrangebylex", cmd("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d"), cmd("ZREMRANGEBYLEX", "z", "(a", "[c"),
                        cmd("ZRANGE", "z", "0", "-1"), cmd("ZREMRANGEBYLEX", "z", "x", "+"), cmd("ZREMRANGEBYLEX", "z", "-", "+"),
                        cmd("ZCARD", "z"), cmd("SET", "s", "x"), cmd("ZREMRANGEBYLEX", "s", "-", "+")));
    }

    @Test
    void popCommands_matchRedis() {
        same(
                fresh("zpopmin", fixture(), cmd("ZPOPMIN", "z"), cmd("ZPOPMIN", "z", "2"), cmd("ZPOPMAX", "z"), cmd("ZPOPMAX", "z", "10"),
                        cmd("ZCARD", "z"), cmd("ZPOPMIN", "z"), cmd("ZPOPMIN", "z", "0")),
                fresh("zpop count zero existing", fixture(), cmd("ZPOPMIN", "z", "0")),
                fresh("zpop errors", fixture(), cmd("ZPOPMIN", "z", "-1"), cmd("ZPOPMIN", "z", "x"), cmd("ZPOPMIN", "z", "1", "2"),
                        cmd("SET", "s", "x"), cmd("ZPOPMAX", "s")),
                resp3("zpop resp3", fixture(), cmd("ZPOPMIN", "z"), cmd("ZPOPMIN", "z", "1"), cmd("ZPOPMAX", "z", "2"),
                        cmd("ZPOPMIN", "none"), cmd("ZPOPMIN", "none", "3")),
                fresh("zmpop", fixture(), cmd("ZMPOP", "2", "none", "z", "MIN"), cmd("ZMPOP", "1", "z", "MAX", "COUNT", "2"),
                        cmd("ZMPOP", "1", "none", "MIN"), cmd("ZMPOP", "1", "z", "max", "count", "100"), cmd("ZCARD", "z")),
                resp3("zmpop resp3", fixture(), cmd("ZMPOP", "1", "z", "MIN", "COUNT", "2"), cmd("ZMPOP", "1", "none", "MIN")),
                fresh("zmpop errors", fixture(), cmd("ZMPOP", "0", "z", "MIN"), cmd("ZMPOP", "x", "z", "MIN"), cmd("ZMPOP", "2", "z", "MIN"),
                        cmd("ZMPOP", "1", "z", "MIDDLE"), cmd("ZMPOP", "1", "z", "MIN", "COUNT", "0"),
                        cmd("ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1"), cmd("ZMPOP", "1", "z", "MIN", "COUNT"),
                        cmd("ZMPOP", "1", "z", "MIN", "FOO"), cmd("SET", "s", "x"), cmd("ZMPOP", "2", "s", "z", "MIN")),
                fresh("bzpop served at once", fixture(), cmd("BZPOPMIN", "none", "z", "0"), cmd("BZPOPMAX", "z", "0.5"),
                        cmd("BZMPOP", "1", "2", "none", "z", "MIN", "COUNT", "2")),
                resp3("bzpop resp3", fixture(), cmd("BZPOPMIN", "z", "0"), cmd("BZMPOP", "0", "1", "z", "MAX")),
                fresh("bzpop errors", cmd("BZPOPMIN", "z", "x"), cmd("BZPOPMIN", "z", "-1"), cmd("SET", "s", "x"),
                        cmd("BZPOPMIN", "s", "0"), cmd("BZMPOP", "x", "1", "z", "MIN"), cmd("BZMPOP", "0", "0", "z", "MIN"),
                        cmd("BZMPOP", "0", "1", "z", "MIN", "COUNT", "-1")),
                fresh("bzpop inside multi times out at once", cmd("MULTI"), cmd("BZPOPMIN", "z", "0"), cmd("BZMPOP", "0", "1", "z", "MIN"),
                        cmd("EXEC")));
    }

    @Test
    void setOperations_matchRedis() {
        String[] a = cmd("ZADD", "a", "1", "x", "2", "y", "3", "z");
        String[] b = cmd("ZADD", "b", "10", "y", "20", "z", "30", "w");
        same(
                fresh("zunion", a, b, cmd("ZUNION", "2", "a", "b"), cmd("ZUNION", "2", "a", "b", "WITHSCORES"),
                        cmd("ZUNION", "3", "a", "none", "b", "WEIGHTS", "2", "5", "0.5", "AGGREGATE", "MAX", "WITHSCORES"),
                        cmd("ZUNION", "2", "a", "b", "AGGREGATE", "min", "WITHSCORES")),
                fresh("zinter", a, b, cmd("ZINTER", "2", "a", "b", "WITHSCORES"), cmd("ZINTER", "2", "a", "b", "WEIGHTS", "1", "-1", "WITHSCORES"),
                        cmd("ZINTER", "2", "a", "none"), cmd("ZINTER", "2", "a", "a", "WITHSCORES"),
                        cmd("ZINTER", "2", "b", "a", "AGGREGATE", "MAX", "WITHSCORES")),
                fresh("zdiff", a, b, cmd("ZDIFF", "2", "a", "b", "WITHSCORES"), cmd("ZDIFF", "2", "b", "a"), cmd("ZDIFF", "1", "none"),
                        cmd("ZDIFF", "2", "a", "a"), cmd("ZDIFF", "2", "a", "b", "WEIGHTS", "1", "2")),
                fresh("infinities", cmd("ZADD", "i", "inf", "x", "-inf", "y"), cmd("ZADD", "j", "-inf", "x", "inf", "y"),
                        cmd("ZUNION", "2", "i", "j", "WITHSCORES"), cmd("ZUNION", "1", "i", "WEIGHTS", "0", "WITHSCORES"),
                        cmd("ZINTER", "2", "i", "j", "WEIGHTS", "1", "0", "WITHSCORES")),
                fresh("store", a, b, cmd("ZUNIONSTORE", "d", "2", "a", "b"), cmd("ZRANGE", "d", "0", "-1", "WITHSCORES"),
                        cmd("ZINTERSTORE", "d", "2", "a", "b", "AGGREGATE", "MIN"), cmd("ZRANGE", "d", "0", "-1", "WITHSCORES"),
                        cmd("ZDIFFSTORE", "d", "2", "a", "b"), cmd("ZRANGE", "d", "0", "-1", "WITHSCORES"),
                        cmd("ZINTERSTORE", "d", "2", "a", "none"), cmd("GET", "d"), cmd("ZUNIONSTORE", "a", "2", "a", "b"),
                        cmd("ZRANGE", "a", "0", "-1", "WITHSCORES")),
                fresh("zintercard", a, b, cmd("ZINTERCARD", "2", "a", "b"), cmd("ZINTERCARD", "2", "a", "b", "LIMIT", "1"),
                        cmd("ZINTERCARD", "2", "a", "b", "LIMIT", "0"), cmd("ZINTERCARD", "1", "none")),
                fresh("set op errors", a, cmd("SET", "s", "x"), cmd("ZUNION", "0", "a"), cmd("ZUNION", "x", "a"), cmd("ZUNION", "3", "a"),
                        cmd("ZUNION", "1", "s"), cmd("ZUNION", "1", "a", "WEIGHTS", "x"), cmd("ZUNION", "1", "a", "WEIGHTS"),
                        cmd("ZUNION", "1", "a", "AGGREGATE", "avg"), cmd("ZUNION", "1", "a", "AGGREGATE"),
                        cmd("ZUNIONSTORE", "d", "1", "a", "WITHSCORES"), cmd("ZUNIONSTORE", "d", "0", "a"),
                        cmd("ZINTERSTORE", "d", "-1", "a"), cmd("ZINTERCARD", "0", "a"), cmd("ZINTERCARD", "1", "a", "LIMIT", "-1"),
                        cmd("ZINTERCARD", "1", "a", "WITHSCORES"), cmd("ZINTERCARD", "1", "a", "LIMIT"),
                        cmd("ZDIFF", "1", "a", "AGGREGATE", "MIN"), cmd("ZDIFFSTORE", "d", "1", "s"), cmd("ZINTERCARD", "2", "a", "s")),
                resp3("set ops resp3", a, b, cmd("ZUNION", "2", "a", "b", "WITHSCORES"), cmd("ZINTER", "2", "a", "b"),
                        cmd("ZDIFF", "2", "a", "b", "WITHSCORES")));
    }

    @Test
    void setOperations_withPlainSetInputs_scoreOne() {
        org.junit.jupiter.api.Assumptions.assumeTrue(knows("sadd"), "SADD is not registered in this build");
        String[] z = cmd("ZADD", "z", "1", "1", "2", "2", "3", "a", "4", "b");
        String[] ints = cmd("SADD", "ints", "2", "3", "10");
        String[] words = cmd("SADD", "words", "a", "c", "2");
        same(
                fresh("zunion with sets", z, ints, words, cmd("ZUNION", "3", "z", "ints", "words", "WITHSCORES"),
                        cmd("ZUNION", "2", "ints", "words", "WEIGHTS", "2", "3", "WITHSCORES")),
                fresh("zinter with sets", z, ints, words, cmd("ZINTER", "2", "z", "ints", "WITHSCORES"),
                        cmd("ZINTER", "2", "words", "z", "AGGREGATE", "MAX", "WITHSCORES"), cmd("ZINTERCARD", "2", "z", "words"),
                        cmd("ZINTER", "2", "ints", "ints", "WITHSCORES")),
                fresh("zdiff with sets", z, ints, words, cmd("ZDIFF", "3", "z", "ints", "words", "WITHSCORES"),
                        cmd("ZDIFF", "2", "ints", "z", "WITHSCORES")),
                fresh("store from sets", z, ints, cmd("ZUNIONSTORE", "d", "2", "z", "ints", "WEIGHTS", "1", "0.5"),
                        cmd("ZRANGE", "d", "0", "-1", "WITHSCORES"), cmd("ZINTERSTORE", "e", "1", "ints"), cmd("ZRANGE", "e", "0", "-1")));
    }

    @Test
    void zrandmemberAndZscan_deterministicParts_matchRedis() {
        same(
                fresh("zrandmember whole set", fixture(), cmd("ZRANDMEMBER", "z", "6"), cmd("ZRANDMEMBER", "z", "100", "WITHSCORES"),
                        cmd("ZRANDMEMBER", "z", "0"), cmd("ZRANDMEMBER", "none"), cmd("ZRANDMEMBER", "none", "5")),
                fresh("zrandmember single member", cmd("ZADD", "z", "1.5", "only"), cmd("ZRANDMEMBER", "z"),
                        cmd("ZRANDMEMBER", "z", "-3", "WITHSCORES"), cmd("ZRANDMEMBER", "z", "1")),
                resp3("zrandmember resp3", cmd("ZADD", "z", "1.5", "only"), cmd("ZRANDMEMBER", "z", "-2", "WITHSCORES"),
                        cmd("ZRANDMEMBER", "z", "5", "WITHSCORES"), cmd("ZRANDMEMBER", "none")),
                fresh("zrandmember errors", fixture(), cmd("ZRANDMEMBER", "z", "x"), cmd("ZRANDMEMBER", "z", "1", "FOO"),
                        cmd("ZRANDMEMBER", "z", "1", "WITHSCORES", "x"), cmd("ZRANDMEMBER", "z", "-9223372036854775808"),
                        cmd("ZRANDMEMBER", "z", "9223372036854775807", "WITHSCORES"), cmd("SET", "s", "x"), cmd("ZRANDMEMBER", "s"),
                        cmd("ZRANDMEMBER", "s", "1")),
                fresh("zscan small", cmd("ZADD", "z", "1.1", "x", "1e20", "y", "-0.0", "z", "3", "w", "1e-5", "v", "4611686018427387904", "u"),
                        cmd("ZSCAN", "z", "0"), cmd("ZSCAN", "z", "0", "MATCH", "[xy]", "COUNT", "1"), cmd("ZSCAN", "none", "0")),
                resp3("zscan resp3", cmd("ZADD", "z", "1.5", "x"), cmd("ZSCAN", "z", "0")),
                fresh("zscan errors", fixture(), cmd("ZSCAN", "z", "x"), cmd("ZSCAN", "z", " 1"), cmd("ZSCAN", "z", "0", "COUNT", "0"),
                        cmd("ZSCAN", "z", "0", "COUNT", "x"), cmd("ZSCAN", "z", "0", "MATCH"), cmd("ZSCAN", "z", "0", "TYPE", "zset"),
                        cmd("ZSCAN", "z", "99999999999999999999"), cmd("SET", "s", "x"), cmd("ZSCAN", "s", "0"), cmd("ZSCAN", "z", "")));
    }

    /** Whether our server has {@code command} (OBJECT, COPY and TYPE belong to the keys family). */
    static boolean knows(String command) {
        byte[] reply = dev.sabaody.kv.resp.DifferentialHarness.ask(server.port(),
                Case.commands("knows " + command, cmd("COMMAND", "INFO", command))).bytes();
        return !new String(reply, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("*1\r\n$-1");
    }

    @Test
    void encodingAndCopy_followRedisRules() {
        org.junit.jupiter.api.Assumptions.assumeTrue(knows("object") && knows("copy") && knows("type"),
                "OBJECT, COPY and TYPE are not registered in this build");
        List<String> many = new ArrayList<>(List.of("ZADD", "big"));
        for (int i = 0; i < 129; i++) {
            many.add(String.valueOf(i));
            many.add("m" + i);
        }
        String[] exactly128 = many.subList(0, 2 + 256).toArray(String[]::new);
        same(
                fresh("listpack small", fixture(), cmd("OBJECT", "ENCODING", "z"), cmd("TYPE", "z")),
                fresh("128 is listpack", exactly128, cmd("OBJECT", "ENCODING", "big")),
                fresh("zrangestore is listpack", fixture(), cmd("ZRANGESTORE", "d", "z", "1", "3"), cmd("OBJECT", "ENCODING", "d")),
                fresh("129 is skiplist and stays", many.toArray(String[]::new), cmd("OBJECT", "ENCODING", "big"),
                        cmd("ZREMRANGEBYRANK", "big", "0", "100"), cmd("OBJECT", "ENCODING", "big"),
                        cmd("ZUNIONSTORE", "u", "1", "big"), cmd("OBJECT", "ENCODING", "u"),
                        cmd("COPY", "big", "c"), cmd("OBJECT", "ENCODING", "c")),
                fresh("long member", cmd("ZADD", "z", "1", "x".repeat(65)), cmd("OBJECT", "ENCODING", "z"),
                        cmd("ZADD", "y", "1", "x".repeat(64)), cmd("OBJECT", "ENCODING", "y")),
                fresh("skiplist zero sign", cmd("ZADD", "z", "1", "x".repeat(65), "-0", "a"), cmd("ZSCORE", "z", "a"),
                        cmd("ZRANGE", "z", "0", "0", "WITHSCORES")));
    }

    @Test
    void resp3Shapes_matchRedis() {
        same(resp3("resp3 scores and ranges", fixture(), cmd("ZSCORE", "z", "e"), cmd("ZSCORE", "z", "nope"),
                cmd("ZMSCORE", "z", "a", "nope"), cmd("ZRANK", "z", "nope"), cmd("ZRANGE", "z", "0", "1", "WITHSCORES"),
                cmd("ZRANGE", "z", "0", "1"), cmd("ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES", "LIMIT", "0", "2"),
                cmd("ZINCRBY", "z", "1", "a"), cmd("ZADD", "z", "INCR", "1", "a"), cmd("ZADD", "z", "XX", "INCR", "1", "nope"),
                cmd("ZADD", "z", "inf", "inf"), cmd("ZSCORE", "z", "inf"), cmd("ZADD", "z", "-inf", "ninf"), cmd("ZSCORE", "z", "ninf")));
    }

    @Test
    void commandInfo_matchesRedis() {
        List<Case> cases = new ArrayList<>();
        for (String name : List.of("zadd", "zincrby", "zcard", "zscore", "zmscore", "zrank", "zrevrank", "zcount", "zlexcount",
                "zrange", "zrevrange", "zrangebyscore", "zrevrangebyscore", "zrangebylex", "zrevrangebylex", "zrem",
                "zremrangebyrank", "zremrangebyscore", "zremrangebylex", "zpopmin", "zpopmax", "bzpopmin", "bzpopmax", "zmpop",
                "bzmpop", "zunion", "zinter", "zdiff", "zintercard", "zrandmember", "zscan")) {
            cases.add(Case.commands("COMMAND INFO " + name, cmd("COMMAND", "INFO", name)));
            cases.add(Case.commands("COMMAND DOCS " + name, cmd("COMMAND", "DOCS", name)));
        }
        for (String name : List.of("zunionstore", "zinterstore", "zdiffstore")) {
            cases.add(Case.commands("COMMAND DOCS " + name, cmd("COMMAND", "DOCS", name)));
        }
        cases.add(Case.commands("COMMAND DOCS zrangestore", cmd("COMMAND", "DOCS", "zrangestore")));
        // Several key specs: (first, last, step) and movablekeys as Redis's populateCommandLegacyRangeSpec derives them.
        for (String name : List.of("zunionstore", "zinterstore", "zdiffstore", "zrangestore")) {
            cases.add(Case.commands("COMMAND INFO " + name, cmd("COMMAND", "INFO", name)));
        }
        same(cases.toArray(Case[]::new));
    }
}
