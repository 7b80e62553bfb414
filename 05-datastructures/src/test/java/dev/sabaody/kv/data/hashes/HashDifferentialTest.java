package dev.sabaody.kv.data.hashes;

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
 * Every hash command, its errors and its RESP3 shape, byte for byte against Redis 7.0.15. Orders are
 * compared only where Redis defines them: small (listpack) hashes answer in insertion order; the
 * order of a hashtable is compared elsewhere, after sorting.
 */
class HashDifferentialTest {

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A fresh case on a RESP3 connection; the HELLO reply's connection id differs and is ignored. */
    static Case resp3(String name, String[]... commands) {
        List<String[]> all = new ArrayList<>();
        all.add(cmd("HELLO", "3"));
        all.addAll(List.of(commands));
        return fresh(name, all.toArray(String[][]::new)).ignoring(":\\d+(?=\\\\r\\\\n\\$4\\\\r\\\\nmode)");
    }

    private static String bytes(int n) {
        return "x".repeat(n);
    }

    @Test
    void hset_pairsAndErrors_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("hset new and existing fields", cmd("HSET", "h", "a", "1", "b", "2"), cmd("HSET", "h", "a", "3", "c", "4"),
                        cmd("HGETALL", "h")),
                fresh("hset repeated field in one call", cmd("HSET", "h", "a", "1", "a", "2"), cmd("HGET", "h", "a")),
                fresh("hset odd arguments", cmd("HSET", "h", "a", "1", "b")),
                fresh("hset too few arguments", cmd("HSET", "h"), cmd("HSET", "h", "a")),
                fresh("hset on a string", cmd("SET", "s", "x"), cmd("HSET", "s", "a", "1")),
                fresh("hmset answers OK", cmd("HMSET", "h", "a", "1", "b", "2"), cmd("HMSET", "h", "a"),
                        cmd("HMGET", "h", "a", "b", "c")),
                fresh("hmset on a string", cmd("SET", "s", "x"), cmd("HMSET", "s", "a", "1")),
                fresh("hset overwrite keeps listpack position", cmd("HSET", "h", "a", "1", "b", "2", "c", "3"),
                        cmd("HSET", "h", "a", "9"), cmd("HKEYS", "h"), cmd("HVALS", "h")),
                fresh("hset empty field and value", cmd("HSET", "h", "", ""), cmd("HGETALL", "h"), cmd("HSTRLEN", "h", "")));
    }

    @Test
    void hsetnx_existingAndAbsent_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("hsetnx", cmd("HSETNX", "h", "a", "1"), cmd("HSETNX", "h", "a", "2"), cmd("HSETNX", "h", "b", "3"),
                        cmd("HGETALL", "h")),
                fresh("hsetnx long value on an existing field", cmd("HSET", "h", "a", "1"),
                        cmd("HSETNX", "h", "a", bytes(100)), cmd("HGETALL", "h")),
                fresh("hsetnx arity and type", cmd("HSETNX", "h", "a"), cmd("SET", "s", "x"), cmd("HSETNX", "s", "a", "1")));
    }

    @Test
    void readers_presentAbsentWrongType_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("hget", cmd("HSET", "h", "a", "1"), cmd("HGET", "h", "a"), cmd("HGET", "h", "z"), cmd("HGET", "no", "a"),
                        cmd("HGET", "h")),
                fresh("hmget", cmd("HSET", "h", "a", "1", "b", "2"), cmd("HMGET", "h", "b", "z", "a", "a"),
                        cmd("HMGET", "no", "a", "b"), cmd("HMGET", "h")),
                fresh("hexists", cmd("HSET", "h", "a", "1"), cmd("HEXISTS", "h", "a"), cmd("HEXISTS", "h", "z"),
                        cmd("HEXISTS", "no", "a"), cmd("HEXISTS", "h")),
                fresh("hstrlen", cmd("HSET", "h", "a", "hello", "n", "-123"), cmd("HSTRLEN", "h", "a"),
                        cmd("HSTRLEN", "h", "n"), cmd("HSTRLEN", "h", "z"), cmd("HSTRLEN", "no", "a")),
                fresh("hlen", cmd("HSET", "h", "a", "1", "b", "2"), cmd("HLEN", "h"), cmd("HLEN", "no"), cmd("HLEN", "h", "x")),
                fresh("hkeys hvals hgetall of nothing", cmd("HKEYS", "no"), cmd("HVALS", "no"), cmd("HGETALL", "no")),
                fresh("hkeys hvals hgetall in insertion order",
                        cmd("HSET", "h", "zeta", "1", "alpha", "2", "mid", "3", "10", "4"),
                        cmd("HKEYS", "h"), cmd("HVALS", "h"), cmd("HGETALL", "h")),
                fresh("readers on a string", cmd("SET", "s", "x"), cmd("HGET", "s", "a"), cmd("HMGET", "s", "a"),
                        cmd("HEXISTS", "s", "a"), cmd("HSTRLEN", "s", "a"), cmd("HLEN", "s"), cmd("HKEYS", "s"),
                        cmd("HVALS", "s"), cmd("HGETALL", "s"), cmd("HRANDFIELD", "s"), cmd("HSCAN", "s", "0")));
    }

    @Test
    void hdel_orderAndEmptying_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("hdel keeps the order of the rest", cmd("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4"),
                        cmd("HDEL", "h", "b", "zz", "b"), cmd("HGETALL", "h"), cmd("HSET", "h", "b", "5"), cmd("HKEYS", "h")),
                fresh("hdel last field deletes the key", cmd("HSET", "h", "a", "1"), cmd("HDEL", "h", "a", "a"),
                        cmd("HLEN", "h"), cmd("HGETALL", "h")),
                fresh("hdel missing and wrong type", cmd("HDEL", "no", "a"), cmd("SET", "s", "x"), cmd("HDEL", "s", "a"),
                        cmd("HDEL", "s")));
    }

    @Test
    void hincrby_valuesAndErrors_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("hincrby", cmd("HINCRBY", "h", "a", "5"), cmd("HINCRBY", "h", "a", "-7"), cmd("HGET", "h", "a"),
                        cmd("HINCRBY", "h", "b", "0")),
                fresh("hincrby not an integer", cmd("HSET", "h", "s", "abc", "f", "1.5", "z", "01"),
                        cmd("HINCRBY", "h", "s", "1"), cmd("HINCRBY", "h", "f", "1"), cmd("HINCRBY", "h", "z", "1")),
                fresh("hincrby bad increment", cmd("HINCRBY", "h", "a", "x"), cmd("HINCRBY", "h", "a", "1.0"),
                        cmd("HINCRBY", "h", "a", "99999999999999999999"), cmd("HLEN", "h")),
                fresh("hincrby overflow", cmd("HSET", "h", "max", "9223372036854775807", "min", "-9223372036854775808"),
                        cmd("HINCRBY", "h", "max", "1"), cmd("HINCRBY", "h", "min", "-1"), cmd("HINCRBY", "h", "max", "-1"),
                        cmd("HINCRBY", "h", "min", "9223372036854775807")),
                fresh("hincrby wrong type and arity", cmd("SET", "s", "x"), cmd("HINCRBY", "s", "a", "1"),
                        cmd("HINCRBY", "s", "a", "x"), cmd("HINCRBY", "h", "a")));
    }

    @Test
    void hincrbyfloat_longDoubleFormatting_sameAsRedis() {
        String[] increments = {"0.1", "0.2", "1e20", "1.5", "-0.3", "3.0000000000000000001", "123456789.123456789",
            "1e400", "-1e400", "1.5e-10", "0x10", "0x1.8p1", ".5", "5.", "-.5e1", "+2", "1e-4940", "0", "-0.0",
            "2.5e-18", "0.000000000000000015", "0.000000000000000025", "12345678901234567890123", "7", "-7"};
        List<String[]> cmds = new ArrayList<>();
        for (String inc : increments) {
            cmds.add(cmd("HINCRBYFLOAT", "acc", "f", inc));
            cmds.add(cmd("HINCRBYFLOAT", "h", inc, inc));
        }
        DataTests.assertSameAsRedis(server.port(),
                fresh("hincrbyfloat accumulates in long double", cmds.toArray(String[][]::new)),
                fresh("hincrbyfloat invalid increments", cmd("HINCRBYFLOAT", "h", "f", "abc"), cmd("HINCRBYFLOAT", "h", "f", " 1"),
                        cmd("HINCRBYFLOAT", "h", "f", "1 "), cmd("HINCRBYFLOAT", "h", "f", "nan"),
                        cmd("HINCRBYFLOAT", "h", "f", "1e-5000"), cmd("HINCRBYFLOAT", "h", "f", "1e5000"),
                        cmd("HINCRBYFLOAT", "h", "f", "0x"), cmd("HINCRBYFLOAT", "h", "f", "1e"),
                        cmd("HINCRBYFLOAT", "h", "f", "."), cmd("HINCRBYFLOAT", "h", "f", ""),
                        cmd("HINCRBYFLOAT", "h", "f", "1\u0000"), cmd("HLEN", "h")),
                fresh("hincrbyfloat infinities", cmd("HINCRBYFLOAT", "h", "f", "inf"), cmd("HINCRBYFLOAT", "h", "f", "-Infinity"),
                        cmd("HSET", "h", "i", "inf"), cmd("HINCRBYFLOAT", "h", "i", "1"),
                        cmd("HINCRBYFLOAT", "h", "m", "1.18e4932"), cmd("HINCRBYFLOAT", "h", "m", "1.18e4932")),
                fresh("hincrbyfloat stored values", cmd("HSET", "h", "s", "abc", "sp", "1 ", "e", "1e10", "n", "-5"),
                        cmd("HINCRBYFLOAT", "h", "s", "1"), cmd("HINCRBYFLOAT", "h", "sp", "1"),
                        cmd("HINCRBYFLOAT", "h", "e", "1"), cmd("HINCRBYFLOAT", "h", "n", "0.5"), cmd("HINCRBY", "h", "e", "1")),
                fresh("hincrbyfloat wrong type and checks order", cmd("SET", "s", "x"), cmd("HINCRBYFLOAT", "s", "f", "1"),
                        cmd("HINCRBYFLOAT", "s", "f", "inf"), cmd("HINCRBYFLOAT", "s", "f", "x"),
                        cmd("HINCRBYFLOAT", "s", "f")));
    }

    @Test
    void hrandfield_deterministicCases_sameAsRedis() {
        String[] h = cmd("HSET", "h", "c", "1", "a", "2", "b", "3");
        DataTests.assertSameAsRedis(server.port(),
                fresh("hrandfield count errors", h, cmd("HRANDFIELD", "h", "x"),
                        cmd("HRANDFIELD", "h", "-9223372036854775808"),
                        cmd("HRANDFIELD", "h", "-9223372036854775807", "WITHVALUES"),
                        cmd("HRANDFIELD", "h", "4611686018427387904", "withvalues"),
                        cmd("HRANDFIELD", "h", "1", "foo"), cmd("HRANDFIELD", "h", "1", "withvalues", "x")),
                fresh("hrandfield whole small hash in insertion order", h, cmd("HRANDFIELD", "h", "3"),
                        cmd("HRANDFIELD", "h", "10", "WITHVALUES"), cmd("HRANDFIELD", "h", "0"),
                        cmd("HRANDFIELD", "h", "0", "withvalues")),
                fresh("hrandfield on nothing", cmd("HRANDFIELD", "no"), cmd("HRANDFIELD", "no", "5"),
                        cmd("HRANDFIELD", "no", "-5", "WITHVALUES")),
                fresh("hrandfield single field hash", cmd("HSET", "one", "f", "v"), cmd("HRANDFIELD", "one"),
                        cmd("HRANDFIELD", "one", "-3"), cmd("HRANDFIELD", "one", "-2", "withvalues"),
                        cmd("HRANDFIELD", "one", "1", "withvalues")),
                fresh("hrandfield wrong type", cmd("SET", "s", "x"), cmd("HRANDFIELD", "s", "2"), cmd("HRANDFIELD", "s", "x")),
                resp3("hrandfield resp3 shapes", h, cmd("HRANDFIELD", "no"), cmd("HRANDFIELD", "no", "2"),
                        cmd("HRANDFIELD", "h", "5", "WITHVALUES"), cmd("HRANDFIELD", "h", "5"),
                        cmd("HRANDFIELD", "one", "1"), cmd("HSET", "one", "f", "v"),
                        cmd("HRANDFIELD", "one", "-2", "WITHVALUES"), cmd("HRANDFIELD", "one", "1", "WITHVALUES")));
    }

    @Test
    void hscan_smallHashAndErrors_sameAsRedis() {
        String[] h = cmd("HSET", "h", "b", "1", "a", "2", "c", "3", "ab", "4");
        DataTests.assertSameAsRedis(server.port(),
                fresh("hscan small hash answers all at once", h, cmd("HSCAN", "h", "0"), cmd("HSCAN", "h", "0", "COUNT", "1"),
                        cmd("HSCAN", "h", "17"), cmd("HSCAN", "h", "0", "MATCH", "a*"), cmd("HSCAN", "h", "0", "match", "*"),
                        cmd("HSCAN", "h", "0", "MATCH", "a*", "COUNT", "100", "MATCH", "[bc]")),
                fresh("hscan cursor forms", h, cmd("HSCAN", "h", ""), cmd("HSCAN", "h", "-1"), cmd("HSCAN", "h", "+5"),
                        cmd("HSCAN", "h", "18446744073709551615"), cmd("HSCAN", "h", "18446744073709551616"),
                        cmd("HSCAN", "h", " 1"), cmd("HSCAN", "h", "x"), cmd("HSCAN", "h", "1x"), cmd("HSCAN", "h", "-")),
                fresh("hscan options errors", h, cmd("HSCAN", "h", "0", "COUNT", "0"), cmd("HSCAN", "h", "0", "COUNT", "x"),
                        cmd("HSCAN", "h", "0", "COUNT"), cmd("HSCAN", "h", "0", "NOVALUES"), cmd("HSCAN", "h", "0", "TYPE", "x"),
                        cmd("HSCAN", "h", "0", "COUNT", "-1")),
                fresh("hscan missing key skips option checks", cmd("HSCAN", "no", "0", "BOGUS"), cmd("HSCAN", "no", "x"),
                        cmd("HSCAN", "no")),
                resp3("hscan resp3 is still arrays", h, cmd("HSCAN", "h", "0"), cmd("HSCAN", "no", "0")));
    }

    @Test
    void listpackLimit_512FieldsKeepInsertionOrder_sameAsRedis() {
        List<String> args = new ArrayList<>(List.of("HSET", "h"));
        for (int i = 0; i < HashValue.HASH_MAX_LISTPACK_ENTRIES; i++) {
            args.add("f" + ((i * 37) % 1000));
            args.add(Integer.toString(i));
        }
        DataTests.assertSameAsRedis(server.port(),
                fresh("512 fields are still a listpack", args.toArray(String[]::new), cmd("HGETALL", "h"),
                        cmd("HDEL", "h", "f37", "f74"), cmd("HKEYS", "h"), cmd("HSCAN", "h", "0", "MATCH", "f1*"),
                        cmd("HRANDFIELD", "h", "600", "WITHVALUES")));
    }

    @Test
    void resp3_shapes_sameAsRedis() {
        DataTests.assertSameAsRedis(server.port(),
                resp3("hgetall map, hkeys array, nulls", cmd("HSET", "h", "a", "1", "b", "2"), cmd("HGETALL", "h"),
                        cmd("HGETALL", "no"), cmd("HKEYS", "h"), cmd("HVALS", "no"), cmd("HGET", "h", "z"),
                        cmd("HMGET", "h", "a", "z"), cmd("HMGET", "no", "a"), cmd("HEXISTS", "h", "a"),
                        cmd("HINCRBYFLOAT", "h", "f", "1.5"), cmd("HINCRBY", "h", "i", "2")));
    }

    @Test
    void commandInfoAndDocs_everyHashCommand_sameAsRedis() {
        List<Case> cases = new ArrayList<>();
        for (String name : List.of("hset", "hsetnx", "hget", "hmset", "hmget", "hdel", "hexists", "hlen", "hstrlen",
                "hkeys", "hvals", "hgetall", "hincrby", "hincrbyfloat", "hrandfield", "hscan")) {
            cases.add(fresh("command info " + name, cmd("COMMAND", "INFO", name)));
            cases.add(fresh("command docs " + name, cmd("COMMAND", "DOCS", name)));
        }
        DataTests.assertSameAsRedis(server.port(), cases.toArray(Case[]::new));
    }
}
