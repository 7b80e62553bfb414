package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.data.DataTests.cmd;
import static dev.sabaody.kv.data.DataTests.fresh;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumer groups (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM), XINFO and XSETID
 * against a real Redis 7.0.15, byte for byte, errors included. Times read from the clock (idle
 * times, delivery and seen times) are masked: both servers read their own clocks.
 */
class StreamGroupDifferentialTest {

    /** A Unix-milliseconds timestamp (XINFO STREAM FULL's delivery and seen times). */
    static final String TIMESTAMP = ":\\d{13}(?=\\\\r\\\\n)";
    /** XINFO CONSUMERS' idle time. */
    static final String IDLE = "(?<=idle\\\\r\\\\n):\\d+";
    /** XPENDING's idle time: an integer followed by the delivery count. */
    static final String PENDING_IDLE = ":\\d+(?=\\\\r\\\\n:\\d+\\\\r\\\\n)";
    /** HELLO's connection id. */
    static final String HELLO_ID = ":\\d+(?=\\\\r\\\\n\\$4\\\\r\\\\nmode)";

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

    private static final String[][] THREE = {cmd("XADD", "s", "1-1", "f", "v"), cmd("XADD", "s", "2-1", "f", "w"),
        cmd("XADD", "s", "3-1", "g", "x")};

    private static String[][] with(String[][] setup, String[]... more) {
        return StreamDifferentialTest.concat(setup, more);
    }

    @Test
    void xgroup_everySubcommandAndError_matchesRedis() {
        same(
                fresh("xgroup create and errors", with(THREE, cmd("XGROUP", "CREATE", "s", "g", "0"),
                        cmd("XGROUP", "CREATE", "s", "g", "$"), cmd("XGROUP", "CREATE", "s", "g2", "$"),
                        cmd("XGROUP", "CREATE", "s", "g3", "2-1", "ENTRIESREAD", "2"),
                        cmd("XGROUP", "CREATE", "s", "g4", "x"), cmd("XGROUP", "CREATE", "s", "g4", "+"),
                        cmd("XGROUP", "CREATE", "s", "g4", "0", "foo"), cmd("XGROUP", "CREATE", "s", "g4", "0", "ENTRIESREAD"),
                        cmd("XGROUP", "CREATE", "s", "g4", "0", "ENTRIESREAD", "x"),
                        cmd("XGROUP", "CREATE", "s", "g4", "0", "ENTRIESREAD", "-2"),
                        cmd("XGROUP", "CREATE", "missing", "g", "0"), cmd("XGROUP", "CREATE", "new", "g", "$", "MKSTREAM"),
                        cmd("XGROUP", "CREATE", "new2", "g", "5-5", "MKSTREAM", "ENTRIESREAD", "-1"),
                        cmd("SET", "str", "x"), cmd("XGROUP", "CREATE", "str", "g", "0", "MKSTREAM"),
                        cmd("XGROUP", "CREATE", "s"), cmd("XGROUP"), cmd("XGROUP", "FOO", "s", "g"),
                        cmd("XINFO", "GROUPS", "s"), cmd("XINFO", "GROUPS", "new"), cmd("XINFO", "STREAM", "new2"),
                        cmd("TYPE", "new"))),
                fresh("xgroup setid destroy consumers", with(THREE, cmd("XGROUP", "CREATE", "s", "g", "0"),
                        cmd("XGROUP", "SETID", "s", "g", "2-1"), cmd("XGROUP", "SETID", "s", "g", "$", "ENTRIESREAD", "3"),
                        cmd("XGROUP", "SETID", "s", "g", "-"), cmd("XGROUP", "SETID", "s", "g", "x"),
                        cmd("XGROUP", "SETID", "s", "g", "0", "FOO", "1"), cmd("XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "-5"),
                        cmd("XGROUP", "SETID", "s", "nog", "0"), cmd("XGROUP", "SETID", "missing", "g", "0"),
                        cmd("XINFO", "GROUPS", "s"),
                        cmd("XGROUP", "CREATECONSUMER", "s", "g", "alice"), cmd("XGROUP", "CREATECONSUMER", "s", "g", "alice"),
                        cmd("XGROUP", "CREATECONSUMER", "s", "nog", "alice"), cmd("XGROUP", "CREATECONSUMER", "s", "g", "bob"),
                        cmd("XGROUP", "DELCONSUMER", "s", "g", "bob"), cmd("XGROUP", "DELCONSUMER", "s", "g", "nobody"),
                        cmd("XGROUP", "DELCONSUMER", "s", "nog", "x"), cmd("XGROUP", "DESTROY", "s", "g"),
                        cmd("XGROUP", "DESTROY", "s", "g"), cmd("XGROUP", "DESTROY", "missing", "g"),
                        cmd("XGROUP", "DESTROY", "s"), cmd("XGROUP", "HELP"), cmd("XGROUP", "HELP", "x"))));
    }

    @Test
    void xreadgroup_deliveryHistoryAndAck_matchRedis() {
        same(
                fresh("xreadgroup delivers and records", with(THREE, cmd("XGROUP", "CREATE", "s", "g", "0"),
                        cmd("XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", "s", ">"),
                        cmd("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"),
                        cmd("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"),
                        cmd("XPENDING", "s", "g"), cmd("XINFO", "GROUPS", "s"),
                        cmd("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0"),
                        cmd("XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", "1-1"),
                        cmd("XACK", "s", "g", "1-1", "9-9", "1-1"), cmd("XACK", "s", "g", "2-1", "x"),
                        cmd("XDEL", "s", "2-1"), cmd("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0"),
                        cmd("XPENDING", "s", "g"), cmd("XINFO", "CONSUMERS", "s", "g"), cmd("XINFO", "GROUPS", "s")))
                        .ignoring(IDLE),
                fresh("xreadgroup noack and setid back", with(THREE, cmd("XGROUP", "CREATE", "s", "g", "0"),
                        cmd("XREADGROUP", "GROUP", "g", "c1", "NOACK", "STREAMS", "s", ">"), cmd("XPENDING", "s", "g"),
                        cmd("XGROUP", "SETID", "s", "g", "0"), cmd("XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", ">"),
                        cmd("XGROUP", "SETID", "s", "g", "0"), cmd("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"),
                        cmd("XPENDING", "s", "g"), cmd("XINFO", "GROUPS", "s"))),
                fresh("xreadgroup errors", with(THREE, cmd("XGROUP", "CREATE", "s", "g", "0"),
                        cmd("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "$"), cmd("XREADGROUP", "GROUP", "nog", "c", "STREAMS", "s", ">"),
                        cmd("XREADGROUP", "GROUP", "g", "c", "STREAMS", "missing", ">"),
                        cmd("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "missing", ">"),
                        cmd("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "x"), cmd("XREADGROUP", "COUNT", "1", "STREAMS", "s", ">"),
                        cmd("XREADGROUP", "GROUP", "g", "STREAMS", "s", ">"), cmd("SET", "str", "v"),
                        cmd("XREADGROUP", "GROUP", "g", "c", "STREAMS", "str", ">"), cmd("XACK", "str", "g", "1-1"),
                        cmd("XACK", "missing", "g", "1-1"), cmd("XACK", "s", "nog", "1-1"), cmd("XACK", "missing", "g", "x"),
                        cmd("XACK", "s", "g"))),
                fresh("xreadgroup multi streams and resp3", with(THREE, cmd("HELLO", "3"), cmd("XADD", "t", "9-1", "a", "b"),
                        cmd("XGROUP", "CREATE", "s", "g", "0"), cmd("XGROUP", "CREATE", "t", "g", "0"),
                        cmd("XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "s", "t", ">", ">"),
                        cmd("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "t", "0", "0"),
                        cmd("XPENDING", "s", "g"), cmd("XPENDING", "s", "nog"), cmd("XINFO", "GROUPS", "s"),
                        cmd("XINFO", "STREAM", "s"), cmd("XINFO", "CONSUMERS", "s", "g")))
                        .ignoring(HELLO_ID).ignoring(IDLE));
    }

    @Test
    void xpending_summaryAndExtended_matchRedis() {
        same(
                fresh("xpending forms", with(THREE, cmd("XGROUP", "CREATE", "s", "g", "0"),
                        cmd("XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", ">"),
                        cmd("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">"),
                        cmd("XPENDING", "s", "g"), cmd("XPENDING", "s", "g", "-", "+", "10"),
                        cmd("XPENDING", "s", "g", "-", "+", "1"), cmd("XPENDING", "s", "g", "(1-1", "+", "10", "c2"),
                        cmd("XPENDING", "s", "g", "-", "+", "10", "nobody"), cmd("XPENDING", "s", "g", "IDLE", "0", "-", "+", "10"),
                        cmd("XPENDING", "s", "g", "IDLE", "100000", "-", "+", "10"), cmd("XPENDING", "s", "g", "-", "+", "0"),
                        cmd("XPENDING", "s", "g", "-", "+", "-1"), cmd("XPENDING", "s", "g", "3", "1", "10"),
                        cmd("XPENDING", "s", "g", "-", "+", "x"), cmd("XPENDING", "s", "g", "x", "+", "1"),
                        cmd("XPENDING", "s", "g", "(18446744073709551615-18446744073709551615", "+", "1"),
                        cmd("XPENDING", "s", "g", "-", "(0-0", "1"), cmd("XPENDING", "s", "g", "IDLE", "x", "-", "+", "1"),
                        cmd("XPENDING", "s", "g", "IDLE", "5", "-", "+"), cmd("XPENDING", "s", "g", "-", "+"),
                        cmd("XPENDING", "s", "g", "-", "+", "1", "c", "x", "y"), cmd("XPENDING", "s", "nog"),
                        cmd("XPENDING", "missing", "g"), cmd("XPENDING", "missing", "g", "x", "+", "1"),
                        cmd("SET", "str", "v"), cmd("XPENDING", "str", "g"), cmd("XGROUP", "CREATE", "s", "empty", "$"),
                        cmd("XPENDING", "s", "empty"), cmd("HELLO", "3"), cmd("XPENDING", "s", "empty"), cmd("XPENDING", "s", "g")))
                        .ignoring(PENDING_IDLE).ignoring(HELLO_ID));
    }

    @Test
    void xclaimAndXautoclaim_everyOption_matchRedis() {
        String[][] setup = with(THREE, cmd("XADD", "s", "4-1", "h", "y"), cmd("XGROUP", "CREATE", "s", "g", "0"),
                cmd("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", ">"));
        same(
                fresh("xclaim", with(setup, cmd("XCLAIM", "s", "g", "c2", "0", "1-1", "2-1"),
                        cmd("XCLAIM", "s", "g", "c2", "3600000", "3-1"), cmd("XCLAIM", "s", "g", "c2", "0", "3-1", "JUSTID"),
                        cmd("XCLAIM", "s", "g", "c3", "0", "3-1", "RETRYCOUNT", "7", "JUSTID"),
                        cmd("XCLAIM", "s", "g", "c3", "0", "4-1", "IDLE", "500000", "JUSTID"),
                        cmd("XCLAIM", "s", "g", "c3", "0", "4-1", "TIME", "1", "JUSTID"),
                        cmd("XPENDING", "s", "g", "-", "+", "10"), cmd("XDEL", "s", "2-1"),
                        cmd("XCLAIM", "s", "g", "c3", "0", "2-1", "1-1"), cmd("XPENDING", "s", "g"),
                        cmd("XCLAIM", "s", "g", "c3", "0", "2-1", "FORCE"), cmd("XACK", "s", "g", "1-1"),
                        cmd("XCLAIM", "s", "g", "c4", "0", "1-1", "FORCE"), cmd("XCLAIM", "s", "g", "c4", "0", "9-9", "FORCE"),
                        cmd("XCLAIM", "s", "g", "c4", "0", "1-1", "LASTID", "8-0", "JUSTID"), cmd("XINFO", "GROUPS", "s"),
                        cmd("XPENDING", "s", "g"), cmd("XPENDING", "s", "g", "-", "+", "10")))
                        .ignoring(PENDING_IDLE),
                fresh("xclaim errors", with(setup, cmd("XCLAIM", "s", "g", "c", "x", "1-1"),
                        cmd("XCLAIM", "s", "g", "c", "0", "1-1", "foo"), cmd("XCLAIM", "s", "g", "c", "0", "1-1", "IDLE"),
                        cmd("XCLAIM", "s", "g", "c", "0", "1-1", "IDLE", "x"), cmd("XCLAIM", "s", "g", "c", "0", "1-1", "TIME", "x"),
                        cmd("XCLAIM", "s", "g", "c", "0", "1-1", "RETRYCOUNT", "x"),
                        cmd("XCLAIM", "s", "g", "c", "0", "1-1", "LASTID", "x"), cmd("XCLAIM", "s", "nog", "c", "x", "1-1"),
                        cmd("XCLAIM", "missing", "g", "c", "0", "1-1"), cmd("XCLAIM", "s", "g", "c", "0"),
                        cmd("SET", "str", "v"), cmd("XCLAIM", "str", "g", "c", "0", "1-1"), cmd("XPENDING", "s", "g"))),
                fresh("xautoclaim", with(setup, cmd("XAUTOCLAIM", "s", "g", "c2", "0", "0", "COUNT", "2"),
                        cmd("XAUTOCLAIM", "s", "g", "c2", "0", "(2-1", "COUNT", "1", "JUSTID"),
                        cmd("XAUTOCLAIM", "s", "g", "c3", "3600000", "0"), cmd("XDEL", "s", "1-1", "3-1"),
                        cmd("XAUTOCLAIM", "s", "g", "c3", "0", "0", "COUNT", "1"),
                        cmd("XAUTOCLAIM", "s", "g", "c3", "0", "0"), cmd("XAUTOCLAIM", "s", "g", "c3", "0", "5-0"),
                        cmd("XPENDING", "s", "g"), cmd("XINFO", "CONSUMERS", "s", "g")))
                        .ignoring(IDLE),
                fresh("xautoclaim errors", with(setup, cmd("XAUTOCLAIM", "s", "g", "c", "x", "0"),
                        cmd("XAUTOCLAIM", "s", "g", "c", "0", "x"), cmd("XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "0"),
                        cmd("XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "x"),
                        cmd("XAUTOCLAIM", "s", "g", "c", "0", "0", "COUNT", "9223372036854775807"),
                        cmd("XAUTOCLAIM", "s", "g", "c", "0", "0", "FOO"), cmd("XAUTOCLAIM", "s", "nog", "c", "0", "0"),
                        cmd("XAUTOCLAIM", "missing", "g", "c", "0", "0"),
                        cmd("XAUTOCLAIM", "s", "g", "c", "0", "(18446744073709551615-18446744073709551615"),
                        cmd("XAUTOCLAIM", "s", "g", "c", "-5", "+", "COUNT", "1"))));
    }

    @Test
    void xinfo_everyForm_matchesRedis() {
        same(
                fresh("xinfo stream", with(THREE, cmd("XINFO", "STREAM", "s"), cmd("XDEL", "s", "3-1"),
                        cmd("XINFO", "STREAM", "s"), cmd("XGROUP", "CREATE", "s", "g", "0"), cmd("XGROUP", "CREATE", "s", "a", "$"),
                        cmd("XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", ">"),
                        cmd("XINFO", "STREAM", "s", "FULL"), cmd("XINFO", "STREAM", "s", "FULL", "COUNT", "1"),
                        cmd("XINFO", "STREAM", "s", "FULL", "COUNT", "0"), cmd("XINFO", "STREAM", "s", "FULL", "COUNT", "-1"),
                        cmd("XINFO", "STREAM", "s", "FULL", "COUNT", "x"), cmd("XINFO", "STREAM", "s", "FULL", "FOO", "1"),
                        cmd("XINFO", "STREAM", "s", "FOO"), cmd("XINFO", "STREAM", "missing"), cmd("XINFO", "GROUPS", "missing"),
                        cmd("XINFO", "CONSUMERS", "s", "nog"), cmd("XINFO", "CONSUMERS", "missing", "g"),
                        cmd("XINFO", "HELP"), cmd("XINFO", "HELP", "x"), cmd("XINFO", "FOO", "s"), cmd("XINFO", "GROUPS", "s", "x"),
                        cmd("SET", "str", "v"), cmd("XINFO", "STREAM", "str"), cmd("XINFO"),
                        cmd("HELLO", "3"), cmd("XINFO", "STREAM", "s"), cmd("XINFO", "STREAM", "s", "FULL"),
                        cmd("XINFO", "GROUPS", "s"), cmd("XINFO", "CONSUMERS", "s", "g")))
                        .ignoring(TIMESTAMP).ignoring(IDLE).ignoring(HELLO_ID),
                fresh("xinfo empty stream and lag", cmd("XADD", "s", "1-1", "f", "v"), cmd("XDEL", "s", "1-1"),
                        cmd("XINFO", "STREAM", "s"), cmd("XGROUP", "CREATE", "s", "g", "0"), cmd("XINFO", "GROUPS", "s"),
                        cmd("XADD", "s", "2-1", "f", "v"), cmd("XADD", "s", "3-1", "f", "v"), cmd("XINFO", "GROUPS", "s"),
                        cmd("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">"), cmd("XINFO", "GROUPS", "s"),
                        cmd("XTRIM", "s", "MAXLEN", "0"), cmd("XINFO", "STREAM", "s"), cmd("XINFO", "GROUPS", "s")),
                fresh("xinfo radix tree of many nodes", with(StreamDifferentialTest.adds("s", 1000, "f", "v"),
                        cmd("XINFO", "STREAM", "s"), cmd("XTRIM", "s", "MAXLEN", "~", "450"), cmd("XINFO", "STREAM", "s"),
                        cmd("XTRIM", "s", "MINID", "700"), cmd("XINFO", "STREAM", "s"))));
    }

    @Test
    void xsetid_everyOptionAndError_matchesRedis() {
        same(fresh("xsetid", with(THREE, cmd("XSETID", "s", "3-1"), cmd("XSETID", "s", "2-9"), cmd("XSETID", "s", "9-9"),
                cmd("XADD", "s", "*-*", "f", "v"), cmd("XADD", "s", "9-*", "f", "v"),
                cmd("XSETID", "s", "10-0", "ENTRIESADDED", "1"), cmd("XSETID", "s", "10-0", "ENTRIESADDED", "-1"),
                cmd("XSETID", "s", "10-0", "ENTRIESADDED", "x"), cmd("XSETID", "s", "10-0", "MAXDELETEDID", "11-0"),
                cmd("XSETID", "s", "10-0", "MAXDELETEDID", "x"), cmd("XSETID", "s", "10-0", "ENTRIESADDED", "50", "MAXDELETEDID", "9-0"),
                cmd("XSETID", "s", "10-0", "FOO"), cmd("XSETID", "s", "x"), cmd("XSETID", "s", "-"), cmd("XSETID", "missing", "1-1"),
                cmd("SET", "str", "v"), cmd("XSETID", "str", "1-1"), cmd("XINFO", "STREAM", "s"),
                cmd("XDEL", "s", "1-1", "2-1", "3-1", "9-1"), cmd("XSETID", "s", "0-1"), cmd("XINFO", "STREAM", "s"))));
    }
}
