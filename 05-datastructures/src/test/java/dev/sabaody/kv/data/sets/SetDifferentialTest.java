package dev.sabaody.kv.data.sets;

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
 * Every set command, its errors and its RESP3 shape, byte for byte against Redis 7.0.15. Members
 * come back in a defined order only from intsets (ascending), so ordered replies are compared on
 * integer sets; sets of strings are compared through single members, counts and errors here, and
 * after sorting in {@link SetRandomAndScanTest}.
 */
class SetDifferentialTest {

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Case resp3(String name, String[]... commands) {
        List<String[]> all = new ArrayList<>();
        all.add(cmd("HELLO", "3"));
        all.addAll(List.of(commands));
        return fresh(name, all.toArray(String[][]::new)).ignoring(":\\d+(?=\\\\r\\\\n\\$4\\\\r\\\\nmode)");
    }

    private static final String[] INTS = cmd("SADD", "s", "5", "3", "1", "-2", "10", "9223372036854775807",
            "-9223372036854775808");

    @Test
    void saddSrem_countsAndErrors_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("sadd counts new members", cmd("SADD", "s", "3", "1", "2", "1"), cmd("SADD", "s", "2", "4"),
                        cmd("SMEMBERS", "s"), cmd("SCARD", "s")),
                fresh("sadd non-canonical integers are strings", cmd("SADD", "s", "1", "01", "+1", "1.0", "-0"),
                        cmd("SCARD", "s"), cmd("SISMEMBER", "s", "01"), cmd("SISMEMBER", "s", "1"),
                        cmd("SMISMEMBER", "s", "1", "01", "+1", "-0", "0")),
                fresh("sadd arity and type", cmd("SADD", "s"), cmd("SET", "str", "x"), cmd("SADD", "str", "a")),
                fresh("srem", INTS, cmd("SREM", "s", "3", "3", "77", "abc"), cmd("SMEMBERS", "s"), cmd("SREM", "no", "a"),
                        cmd("SET", "str", "x"), cmd("SREM", "str", "a"), cmd("SREM", "s")),
                fresh("srem last member deletes the key", cmd("SADD", "s", "a", "b"), cmd("SREM", "s", "a", "b", "c"),
                        cmd("SCARD", "s"), cmd("SMEMBERS", "s"), cmd("SADD", "s", "7"), cmd("SMEMBERS", "s")),
                fresh("intset with extremes stays sorted", INTS, cmd("SMEMBERS", "s"), cmd("SADD", "s", "0", "-1"),
                        cmd("SMEMBERS", "s")));
    }

    @Test
    void readers_presentAbsentWrongType_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("sismember smismember scard", INTS, cmd("SADD", "t", "a", "b"),
                        cmd("SISMEMBER", "s", "10"), cmd("SISMEMBER", "s", "11"), cmd("SISMEMBER", "s", "x"),
                        cmd("SISMEMBER", "t", "a"), cmd("SISMEMBER", "no", "a"), cmd("SMISMEMBER", "t", "a", "z", "b"),
                        cmd("SMISMEMBER", "no", "a", "b"), cmd("SCARD", "t"), cmd("SCARD", "no")),
                fresh("readers on a string", cmd("SET", "str", "x"), cmd("SISMEMBER", "str", "a"),
                        cmd("SMISMEMBER", "str", "a"), cmd("SCARD", "str"), cmd("SMEMBERS", "str"),
                        cmd("SRANDMEMBER", "str"), cmd("SRANDMEMBER", "str", "2"), cmd("SPOP", "str"),
                        cmd("SPOP", "str", "2"), cmd("SSCAN", "str", "0")),
                fresh("arity", cmd("SISMEMBER", "s"), cmd("SMISMEMBER", "s"), cmd("SCARD"), cmd("SMEMBERS"),
                        cmd("SMEMBERS", "a", "b"), cmd("SPOP"), cmd("SRANDMEMBER"), cmd("SMOVE", "a", "b"),
                        cmd("SINTER"), cmd("SINTERSTORE", "d"), cmd("SINTERCARD", "1"), cmd("SUNION"),
                        cmd("SUNIONSTORE", "d"), cmd("SDIFF"), cmd("SDIFFSTORE", "d"), cmd("SSCAN", "s")),
                fresh("smembers of nothing", cmd("SMEMBERS", "no")));
    }

    @Test
    void spopSrandmember_deterministicCases_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("count errors", INTS, cmd("SPOP", "s", "-1"), cmd("SPOP", "s", "x"), cmd("SPOP", "s", "1", "2"),
                        cmd("SRANDMEMBER", "s", "-9223372036854775808"), cmd("SRANDMEMBER", "s", "x"),
                        cmd("SRANDMEMBER", "s", "1", "2"), cmd("SPOP", "no", "-1"), cmd("SRANDMEMBER", "no", "x")),
                fresh("missing keys and zero counts", INTS, cmd("SPOP", "no"), cmd("SPOP", "no", "3"), cmd("SPOP", "s", "0"),
                        cmd("SRANDMEMBER", "no"), cmd("SRANDMEMBER", "no", "3"), cmd("SRANDMEMBER", "s", "0"),
                        cmd("SCARD", "s")),
                fresh("whole intset comes back ascending", INTS, cmd("SRANDMEMBER", "s", "7"), cmd("SRANDMEMBER", "s", "100"),
                        cmd("SPOP", "s", "100"), cmd("SCARD", "s"), cmd("SMEMBERS", "s")),
                fresh("single member set", cmd("SADD", "one", "m"), cmd("SRANDMEMBER", "one"), cmd("SRANDMEMBER", "one", "-3"),
                        cmd("SRANDMEMBER", "one", "1"), cmd("SPOP", "one"), cmd("SPOP", "one"), cmd("SADD", "one", "m"),
                        cmd("SPOP", "one", "1"), cmd("SCARD", "one")),
                resp3("resp3 shapes", INTS, cmd("SPOP", "no"), cmd("SPOP", "no", "2"), cmd("SPOP", "s", "0"),
                        cmd("SRANDMEMBER", "no"), cmd("SRANDMEMBER", "no", "2"), cmd("SRANDMEMBER", "s", "50"),
                        cmd("SRANDMEMBER", "s", "0"), cmd("SADD", "one", "m"), cmd("SRANDMEMBER", "one", "-2"),
                        cmd("SPOP", "one", "1"), cmd("SPOP", "s", "50")));
    }

    @Test
    void smove_allPaths_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("smove", cmd("SADD", "a", "1", "2", "3"), cmd("SADD", "b", "3", "4"), cmd("SMOVE", "a", "b", "1"),
                        cmd("SMOVE", "a", "b", "3"), cmd("SMOVE", "a", "b", "9"), cmd("SMEMBERS", "a"), cmd("SMEMBERS", "b"),
                        cmd("SMOVE", "a", "new", "2"), cmd("SMEMBERS", "new"), cmd("SCARD", "a"), cmd("SMEMBERS", "a")),
                fresh("smove onto itself", cmd("SADD", "a", "1", "2"), cmd("SMOVE", "a", "a", "1"), cmd("SMOVE", "a", "a", "9"),
                        cmd("SMEMBERS", "a")),
                fresh("smove types", cmd("SET", "str", "x"), cmd("SADD", "a", "1"), cmd("SMOVE", "no", "str", "1"),
                        cmd("SMOVE", "str", "a", "1"), cmd("SMOVE", "a", "str", "1"), cmd("SMOVE", "a", "str", "9"),
                        cmd("SMEMBERS", "a")),
                fresh("smove a string member into an intset", cmd("SADD", "a", "x", "y"), cmd("SADD", "b", "1", "2"),
                        cmd("SMOVE", "a", "b", "x"), cmd("SCARD", "b"), cmd("SISMEMBER", "b", "x")));
    }

    @Test
    void interUnionDiff_intsets_sameAsRedis() {
        String[] a = cmd("SADD", "a", "1", "2", "3", "4", "5", "6");
        String[] b = cmd("SADD", "b", "4", "5", "6", "7", "8");
        String[] c = cmd("SADD", "c", "6", "7", "8", "9");
        String[] t = cmd("SADD", "t", "x", "6", "5", "y", "z", "w", "v"); // bigger than a and b: they lead the intersections
        DataTests.assertSameAsRedis(server.port(),
                fresh("sinter", a, b, c, t, cmd("SINTER", "a", "b"), cmd("SINTER", "a", "b", "c"), cmd("SINTER", "a"),
                        cmd("SINTER", "a", "t"), cmd("SINTER", "t", "b"), cmd("SINTER", "a", "no"), cmd("SINTER", "a", "a")),
                fresh("sunion sdiff", a, b, c, t, cmd("SUNION", "a", "b", "c"), cmd("SUNION", "no", "a"),
                        cmd("SDIFF", "a", "b"), cmd("SDIFF", "a", "b", "c"), cmd("SDIFF", "a", "a"), cmd("SDIFF", "a", "no"),
                        cmd("SDIFF", "no", "a"), cmd("SDIFF", "a", "t"), cmd("SDIFF", "b", "a", "t"), cmd("SUNION", "no")),
                fresh("store forms", a, b, c, t, cmd("SINTERSTORE", "d", "a", "b"), cmd("SMEMBERS", "d"),
                        cmd("SUNIONSTORE", "d", "a", "c"), cmd("SMEMBERS", "d"), cmd("SDIFFSTORE", "d", "a", "b", "c"),
                        cmd("SMEMBERS", "d"), cmd("SDIFFSTORE", "d", "a", "a"), cmd("SCARD", "d"),
                        cmd("SUNIONSTORE", "d", "no"), cmd("SINTERSTORE", "d", "a"), cmd("SMEMBERS", "d"),
                        cmd("SINTERSTORE", "d", "a", "no"), cmd("SCARD", "d"), cmd("SINTERSTORE", "a", "a", "b"),
                        cmd("SMEMBERS", "a"), cmd("SUNIONSTORE", "d", "t", "b"), cmd("SCARD", "d")),
                fresh("store overwrites any type", cmd("SET", "str", "x"), a, cmd("SINTERSTORE", "str", "a"),
                        cmd("SMEMBERS", "str"), cmd("SET", "str2", "x"), cmd("SUNIONSTORE", "str2", "no"),
                        cmd("GET", "str2")),
                fresh("wrong types, even after a missing key", a, cmd("SET", "str", "x"), cmd("SINTER", "no", "str"),
                        cmd("SINTER", "a", "str"), cmd("SUNION", "a", "str"), cmd("SDIFF", "no", "str"),
                        cmd("SINTERSTORE", "d", "no", "str"), cmd("SUNIONSTORE", "d", "a", "str"),
                        cmd("SDIFFSTORE", "d", "a", "str"), cmd("SINTERCARD", "2", "no", "str")),
                resp3("resp3 sets", a, b, t, cmd("SINTER", "a", "b"), cmd("SINTER", "a", "no"), cmd("SUNION", "a", "b"),
                        cmd("SDIFF", "a", "b"), cmd("SMEMBERS", "a"), cmd("SMEMBERS", "no"), cmd("SISMEMBER", "a", "1"),
                        cmd("SMISMEMBER", "a", "1", "9"), cmd("SINTERCARD", "2", "a", "b"), cmd("SDIFFSTORE", "d", "a", "b")));
    }

    @Test
    void sintercard_argumentsAndLimit_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("sintercard", cmd("SADD", "a", "1", "2", "3", "x"), cmd("SADD", "b", "2", "3", "x", "y"),
                        cmd("SINTERCARD", "2", "a", "b"), cmd("SINTERCARD", "2", "a", "b", "LIMIT", "2"),
                        cmd("SINTERCARD", "2", "a", "b", "limit", "0"), cmd("SINTERCARD", "2", "a", "b", "LIMIT", "100"),
                        cmd("SINTERCARD", "1", "a", "LIMIT", "1", "LIMIT", "3"), cmd("SINTERCARD", "2", "a", "no"),
                        cmd("SINTERCARD", "1", "no")),
                fresh("sintercard errors", cmd("SADD", "a", "1"), cmd("SINTERCARD", "0", "a"), cmd("SINTERCARD", "x", "a"),
                        cmd("SINTERCARD", "-1", "a"), cmd("SINTERCARD", "3", "a", "b"),
                        cmd("SINTERCARD", "1", "a", "LIMIT", "-1"), cmd("SINTERCARD", "1", "a", "LIMIT", "x"),
                        cmd("SINTERCARD", "1", "a", "LIMIT"), cmd("SINTERCARD", "1", "a", "foo", "1"),
                        cmd("SINTERCARD", "99999999999999999999", "a"), cmd("SINTERCARD", "2", "a", "LIMIT")));
    }

    @Test
    void sscan_intsetAndErrors_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("sscan intset answers all at once, ascending", INTS, cmd("SSCAN", "s", "0"),
                        cmd("SSCAN", "s", "0", "COUNT", "1"), cmd("SSCAN", "s", "5"), cmd("SSCAN", "s", "0", "MATCH", "*1*"),
                        cmd("SSCAN", "s", "0", "MATCH", "-*", "COUNT", "2")),
                fresh("sscan errors", INTS, cmd("SSCAN", "s", "x"), cmd("SSCAN", "s", "0", "COUNT", "0"),
                        cmd("SSCAN", "s", "0", "COUNT"), cmd("SSCAN", "s", "0", "foo", "bar"), cmd("SSCAN", "no", "0", "foo"),
                        cmd("SSCAN", "s", ""), cmd("SSCAN", "s", "-1"), cmd("SSCAN", "s", "18446744073709551616")),
                fresh("sscan one string member", cmd("SADD", "t", "only"), cmd("SSCAN", "t", "0"),
                        cmd("SSCAN", "t", "0", "MATCH", "o*"), cmd("SSCAN", "t", "0", "MATCH", "x*")),
                resp3("sscan resp3", INTS, cmd("SSCAN", "s", "0")));
    }

    @Test
    void intsetLimit_512MembersAscending_sameAsRedis() {
        List<String> args = new ArrayList<>(List.of("SADD", "s"));
        for (int i = 0; i < SetValue.SET_MAX_INTSET_ENTRIES; i++) {
            args.add(Integer.toString((i * 7919) % 100_000 - 50_000));
        }
        DataTests.assertSameAsRedis(server.port(),
                fresh("512 integers are an intset", args.toArray(String[]::new), cmd("SMEMBERS", "s"),
                        cmd("SSCAN", "s", "0", "MATCH", "-1*"), cmd("SRANDMEMBER", "s", "1000"), cmd("SUNION", "s", "no"),
                        cmd("SINTER", "s", "s")));
    }

    @Test
    void commandInfoAndDocs_singleKeyRangeCommands_sameAsRedis() {
        List<Case> cases = new ArrayList<>();
        for (String name : List.of("sadd", "srem", "smembers", "sismember", "smismember", "scard", "spop", "srandmember",
                "sinter", "sintercard", "sunion", "sdiff", "sscan")) {
            cases.add(fresh("command info " + name, cmd("COMMAND", "INFO", name)));
        }
        for (String name : List.of("sadd", "srem", "smembers", "sismember", "smismember", "scard", "spop", "srandmember",
                "smove", "sinter", "sintercard", "sunion", "sdiff", "sinterstore", "sunionstore", "sdiffstore", "sscan")) {
            cases.add(fresh("command docs " + name, cmd("COMMAND", "DOCS", name)));
        }
        DataTests.assertSameAsRedis(server.port(), cases.toArray(Case[]::new));
    }

    @Test
    void commandInfo_twoKeySpecCommands_sameAsRedis() {
        List<Case> cases = new ArrayList<>();
        for (String name : List.of("smove", "sinterstore", "sunionstore", "sdiffstore")) {
            cases.add(fresh("command info " + name, cmd("COMMAND", "INFO", name)));
        }
        DataTests.assertSameAsRedis(server.port(), cases.toArray(Case[]::new));
    }
}
