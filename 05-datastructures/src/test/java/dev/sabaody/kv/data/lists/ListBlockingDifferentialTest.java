package dev.sabaody.kv.data.lists;

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
 * The blocking list commands against a real Redis 7.0.15 where no waiting is involved: served at
 * once when data is there, their argument errors, their timeout parsing, and their answer inside
 * MULTI/EXEC, where they never block. (Waiting itself is {@link ListBlockingTest}'s business.)
 */
class ListBlockingDifferentialTest {

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void same(Case... cases) {
        DataTests.assertSameAsRedis(server.port(), cases);
    }

    @Test
    void blpopAndBrpop_dataAvailable_servedAtOnce() {
        same(
                fresh("blpop first existing key", cmd("RPUSH", "b", "1", "2"), cmd("BLPOP", "a", "b", "c", "0"),
                        cmd("BRPOP", "a", "b", "0"), cmd("LLEN", "b")),
                fresh("blpop in key order", cmd("RPUSH", "b", "x"), cmd("RPUSH", "a", "y"), cmd("BLPOP", "b", "a", "1"),
                        cmd("BLPOP", "b", "a", "1")),
                fresh("blpop with a decimal timeout", cmd("RPUSH", "a", "x"), cmd("BLPOP", "a", "0.5")),
                fresh("blpop wrong type before a served key", cmd("SET", "s", "v"), cmd("RPUSH", "l", "x"),
                        cmd("BLPOP", "s", "l", "0"), cmd("BLPOP", "l", "s", "0"), cmd("BRPOP", "missing", "s", "0")),
                fresh("blpop wrong arity", cmd("BLPOP", "a"), cmd("BRPOP")));
    }

    @Test
    void blmoveAndBrpoplpush_dataAvailable_servedAtOnce() {
        same(
                fresh("blmove", cmd("RPUSH", "s", "a", "b"), cmd("BLMOVE", "s", "d", "RIGHT", "LEFT", "0"),
                        cmd("BLMOVE", "s", "d", "LEFT", "RIGHT", "0.1"), cmd("LRANGE", "d", "0", "-1"), cmd("LLEN", "s")),
                fresh("brpoplpush", cmd("RPUSH", "s", "a", "b"), cmd("BRPOPLPUSH", "s", "d", "0"),
                        cmd("LRANGE", "d", "0", "-1")),
                fresh("blmove wrong types", cmd("SET", "str", "v"), cmd("RPUSH", "l", "x"),
                        cmd("BLMOVE", "str", "l", "LEFT", "LEFT", "0"), cmd("BLMOVE", "l", "str", "LEFT", "LEFT", "0"),
                        cmd("BRPOPLPUSH", "l", "str", "0"), cmd("LLEN", "l")),
                fresh("blmove argument order", cmd("BLMOVE", "s", "d", "UP", "LEFT", "x"),
                        cmd("BLMOVE", "s", "d", "LEFT", "UP", "x"), cmd("BLMOVE", "s", "d", "LEFT", "LEFT", "x"),
                        cmd("BLMOVE", "s", "d", "LEFT", "LEFT", "-1"), cmd("BRPOPLPUSH", "s", "d", "x")),
                fresh("blmove wrong arity", cmd("BLMOVE", "s", "d", "LEFT", "LEFT"), cmd("BRPOPLPUSH", "s", "d")));
    }

    @Test
    void blmpop_dataAvailableAndErrors_matchRedis() {
        same(
                fresh("blmpop served", cmd("RPUSH", "b", "1", "2", "3"), cmd("BLMPOP", "0", "2", "a", "b", "LEFT"),
                        cmd("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "5"), cmd("LLEN", "b")),
                fresh("blmpop errors in order", cmd("BLMPOP", "x", "0", "a", "LEFT"), cmd("BLMPOP", "x", "1", "a", "UP"),
                        cmd("BLMPOP", "x", "1", "a", "LEFT", "COUNT", "0"), cmd("BLMPOP", "x", "1", "a", "LEFT"),
                        cmd("BLMPOP", "-1", "1", "a", "LEFT"), cmd("BLMPOP", "0", "2", "a", "LEFT"),
                        cmd("BLMPOP", "0", "9223372036854775807", "a", "LEFT")),
                fresh("blmpop wrong type", cmd("SET", "s", "v"), cmd("BLMPOP", "0", "1", "s", "LEFT")),
                fresh("blmpop wrong arity", cmd("BLMPOP", "0", "1", "a")));
    }

    /** Timeouts Redis refuses, and how: each answered at once. */
    @Test
    void timeout_invalidTexts_sameErrors() {
        String[] texts = {"abc", "", " 1", "1 ", "\t1", "-1", "-0.0019", "-0.002", "-0.0010000001", "inf", "-inf",
            "+Infinity", "nan", "NaN(1)", "1e300", "-1e300", "1.5e16", "1e5000", "1d", "1f", "1e", "--1", "0x", "0x1p", "infx", "1,5",
            "1\u0000junk", "\u0000", "1e-5000", "0x1p99999"};
        List<Case> cases = new ArrayList<>();
        for (String t : texts) {
            cases.add(fresh("blpop timeout [" + t + "]", cmd("BLPOP", "k", t)));
            cases.add(fresh("brpoplpush timeout [" + t + "]", cmd("BRPOPLPUSH", "k", "d", t)));
        }
        same(cases.toArray(Case[]::new));
    }

    /**
     * Timeouts Redis accepts, told apart from refused ones without waiting: inside MULTI a valid
     * timeout answers the null reply at once, an invalid one its error.
     */
    @Test
    void timeout_validTextsInsideMulti_answerNullAtOnce() {
        String[] texts = {"0", "-0", "-0.0001", "0.0001", "1e-400", "0x10", "0x1p3", "0x.8", "1.", ".5", "+1", "1E2",
            "9223372036854775", "9223370000000000", "00001", "1.0e-0", "-0.001", "-0.0009", "0.001", "-0x1p-10",
            "-0.00099999999999999999999", "-1e-300", "0e99999", "1e-4940"};
        List<String[]> commands = new ArrayList<>();
        commands.add(cmd("MULTI"));
        for (String t : texts) {
            commands.add(cmd("BLPOP", "k", t));
            commands.add(cmd("BLMOVE", "k", "d", "LEFT", "LEFT", t));
        }
        commands.add(cmd("EXEC"));
        same(fresh("valid timeouts in multi", commands.toArray(String[][]::new)));
    }

    @Test
    void blockingCommands_insideMulti_neverBlock() {
        same(
                fresh("blocking commands in multi on missing keys", cmd("MULTI"), cmd("BLPOP", "a", "0"),
                        cmd("BRPOP", "a", "b", "0"), cmd("BLMOVE", "a", "b", "LEFT", "LEFT", "0"),
                        cmd("BRPOPLPUSH", "a", "b", "0"), cmd("BLMPOP", "0", "1", "a", "LEFT"), cmd("EXEC")),
                fresh("blocking commands in multi with data", cmd("MULTI"), cmd("RPUSH", "a", "1", "2", "3", "4"),
                        cmd("BLPOP", "a", "0"), cmd("BRPOP", "a", "0"), cmd("BLMOVE", "a", "b", "LEFT", "LEFT", "0"),
                        cmd("BLMPOP", "0", "1", "a", "LEFT", "COUNT", "5"), cmd("BRPOPLPUSH", "b", "c", "0"),
                        cmd("BLPOP", "a", "0"), cmd("EXEC"), cmd("LRANGE", "c", "0", "-1")),
                fresh("blocking errors in multi", cmd("MULTI"), cmd("BLPOP", "a", "-1"), cmd("SET", "s", "v"),
                        cmd("BLPOP", "s", "0"), cmd("EXEC")),
                fresh("blocking commands in multi, resp3", cmd("HELLO", "3"), cmd("MULTI"), cmd("BLPOP", "a", "0"),
                        cmd("BLMOVE", "a", "b", "LEFT", "LEFT", "0"), cmd("EXEC"))
                        .ignoring(":\\d+(?=\\\\r\\\\n\\$4\\\\r\\\\nmode)"));
    }
}
