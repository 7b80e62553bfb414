package dev.sabaody.kv.data.streams;

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
 * XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM and non-blocking XREAD against a real Redis 7.0.15,
 * byte for byte, errors included. IDs are explicit wherever Redis would read its clock.
 */
class StreamDifferentialTest {

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

    /** XADD k id f v for ids ms-0 .. ms-(n-1), with the given fields. */
    static String[][] adds(String key, int n, String... fieldValues) {
        String[][] out = new String[n][];
        for (int i = 0; i < n; i++) {
            String[] c = new String[3 + fieldValues.length];
            c[0] = "XADD";
            c[1] = key;
            c[2] = (i + 1) + "-" + (i % 3);
            System.arraycopy(fieldValues, 0, c, 3, fieldValues.length);
            out[i] = c;
        }
        return out;
    }

    static String[][] concat(String[][]... parts) {
        List<String[]> all = new ArrayList<>();
        for (String[][] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[][]::new);
    }

    @Test
    void xadd_explicitIds_matchRedis() {
        same(
                fresh("xadd explicit", cmd("XADD", "s", "1-1", "f", "v"), cmd("XADD", "s", "1-2", "a", "1", "b", "2"),
                        cmd("XADD", "s", "2", "f", "v"), cmd("XADD", "s", "2-*", "f", "v"), cmd("XADD", "s", "3-*", "x", "y"),
                        cmd("XRANGE", "s", "-", "+"), cmd("XLEN", "s"), cmd("TYPE", "s"), cmd("OBJECT", "ENCODING", "s")),
                fresh("xadd id too small", cmd("XADD", "s", "5-5", "f", "v"), cmd("XADD", "s", "5-5", "f", "v"),
                        cmd("XADD", "s", "5-4", "f", "v"), cmd("XADD", "s", "4", "f", "v"), cmd("XADD", "s", "5-*", "f", "v"),
                        cmd("XADD", "s", "0-0", "f", "v"), cmd("XADD", "t", "0-0", "f", "v"), cmd("EXISTS", "t"),
                        cmd("XADD", "t", "0-*", "f", "v"), cmd("XADD", "u", "0", "f", "v")),
                fresh("xadd invalid ids", cmd("XADD", "s", "abc", "f", "v"), cmd("XADD", "s", "1-x", "f", "v"),
                        cmd("XADD", "s", "-1", "f", "v"), cmd("XADD", "s", "1-2-3", "f", "v"), cmd("XADD", "s", "-", "f", "v"),
                        cmd("XADD", "s", "+", "f", "v"), cmd("XADD", "s", "*-1", "f", "v"), cmd("XADD", "s", "1-**", "f", "v"),
                        cmd("XADD", "s", " 7", "f", "v"), cmd("XADD", "s", "+8-01", "f", "v"),
                        cmd("XADD", "s", "18446744073709551615-18446744073709551614", "f", "v"),
                        cmd("XADD", "s", "18446744073709551615-*", "f", "v"), cmd("XADD", "s", "18446744073709551615-*", "f", "v"),
                        cmd("XADD", "s", "*", "f", "v"), cmd("XADD", "s", "18446744073709551616", "f", "v"),
                        cmd("XRANGE", "s", "-", "+")),
                fresh("xadd wrong arity and type", cmd("XADD", "s", "1-1", "f"), cmd("XADD", "s", "1-1", "f", "v", "g"),
                        cmd("XADD", "s"), cmd("SET", "str", "x"), cmd("XADD", "str", "1-1", "f", "v"),
                        cmd("XADD", "s", "MAXLEN", "1-1", "f", "v"), cmd("EXISTS", "s")),
                fresh("xadd nomkstream", cmd("XADD", "s", "NOMKSTREAM", "1-1", "f", "v"), cmd("EXISTS", "s"),
                        cmd("XADD", "s", "1-1", "f", "v"), cmd("XADD", "s", "nomkstream", "2-1", "f", "v"), cmd("XLEN", "s")),
                fresh("xadd binary and numeric fields", cmd("XADD", "s", "1-1", "", "", "12", "-7", "a\r\nb", "\u00ff"),
                        cmd("XADD", "s", "1-2", "12", "9223372036854775807", "x", "-9223372036854775808"),
                        cmd("XADD", "s", "1-3", "12", "007", "x", "1.5"), cmd("XRANGE", "s", "-", "+")));
    }

    @Test
    void xadd_trimOptions_matchRedis() {
        same(
                fresh("maxlen exact", concat(adds("s", 10, "f", "v"),
                        new String[][] {cmd("XADD", "s", "MAXLEN", "3", "20-1", "f", "v"), cmd("XRANGE", "s", "-", "+"),
                            cmd("XADD", "s", "MAXLEN", "=", "2", "20-2", "f", "v"), cmd("XLEN", "s")})),
                fresh("maxlen approx keeps whole nodes", concat(adds("s", 250, "f", "v"),
                        new String[][] {cmd("XADD", "s", "MAXLEN", "~", "120", "300-1", "f", "v"), cmd("XLEN", "s"),
                            cmd("XRANGE", "s", "-", "+", "COUNT", "2"),
                            cmd("XADD", "s", "MAXLEN", "~", "0", "300-2", "f", "v"), cmd("XLEN", "s")})),
                fresh("minid", concat(adds("s", 20, "f", "v"),
                        new String[][] {cmd("XADD", "s", "MINID", "15", "300-1", "f", "v"), cmd("XRANGE", "s", "-", "+"),
                            cmd("XADD", "s", "MINID", "~", "18", "300-2", "f", "v"), cmd("XLEN", "s")})),
                fresh("limit", concat(adds("s", 250, "f", "v"),
                        new String[][] {cmd("XADD", "s", "MAXLEN", "~", "0", "LIMIT", "100", "300-1", "f", "v"),
                            cmd("XLEN", "s"), cmd("XADD", "s", "MAXLEN", "0", "LIMIT", "10", "300-2", "f", "v"),
                            cmd("XADD", "s", "LIMIT", "10", "300-3", "f", "v"),
                            cmd("XADD", "s", "MAXLEN", "~", "0", "LIMIT", "-1", "300-3", "f", "v"),
                            cmd("XADD", "s", "MAXLEN", "~", "0", "LIMIT", "0", "300-3", "f", "v"), cmd("XLEN", "s")})),
                fresh("trim option errors", cmd("XADD", "s", "MAXLEN", "-1", "1-1", "f", "v"),
                        cmd("XADD", "s", "MAXLEN", "x", "1-1", "f", "v"), cmd("XADD", "s", "MAXLEN", "1", "MINID", "1", "1-1", "f", "v"),
                        cmd("XADD", "s", "MINID", "x", "1-1", "f", "v"), cmd("XADD", "s", "MINID", "-", "1-1", "f", "v"),
                        cmd("XADD", "s", "MAXLEN", "~", "1-1", "f", "v"), cmd("XADD", "s", "LIMIT", "x", "1-1", "f", "v"),
                        cmd("EXISTS", "s")),
                fresh("many fields split nodes by bytes", concat(adds("s", 30, "field-one", "x".repeat(200),
                        "field-two", "y".repeat(100)), new String[][] {
                            cmd("XADD", "s", "MAXLEN", "~", "20", "100-1", "f", "v"), cmd("XLEN", "s"),
                            cmd("XADD", "s", "MAXLEN", "~", "10", "100-2", "f", "v"), cmd("XLEN", "s")})));
    }

    @Test
    void xtrim_everyForm_matchesRedis() {
        same(
                fresh("xtrim maxlen", concat(adds("s", 10, "f", "v"), new String[][] {
                    cmd("XTRIM", "s", "MAXLEN", "4"), cmd("XRANGE", "s", "-", "+"), cmd("XTRIM", "s", "MAXLEN", "4"),
                    cmd("XTRIM", "s", "MAXLEN", "=", "0"), cmd("XLEN", "s"), cmd("EXISTS", "s")})),
                fresh("xtrim approx and minid", concat(adds("s", 350, "a", "1", "b", "2"), new String[][] {
                    cmd("XTRIM", "s", "MAXLEN", "~", "200"), cmd("XTRIM", "s", "MINID", "~", "260"),
                    cmd("XTRIM", "s", "MINID", "300-0"), cmd("XLEN", "s"), cmd("XRANGE", "s", "-", "+", "COUNT", "3"),
                    cmd("XTRIM", "s", "MAXLEN", "~", "0", "LIMIT", "30"), cmd("XLEN", "s")})),
                fresh("xtrim errors", cmd("XTRIM", "s", "FOO", "1"), cmd("XTRIM", "s", "MAXLEN"), cmd("XTRIM", "s", "LIMIT", "1"),
                        cmd("XTRIM", "s", "MAXLEN", "1", "LIMIT", "5"), cmd("XTRIM", "s", "MAXLEN", "1", "NOMKSTREAM"),
                        cmd("XTRIM", "missing", "MAXLEN", "1"), cmd("SET", "str", "v"), cmd("XTRIM", "str", "MAXLEN", "1"),
                        cmd("XTRIM", "str", "MAXLEN", "x")));
    }

    @Test
    void xrange_boundsAndCount_matchRedis() {
        String[][] data = concat(adds("s", 12, "f", "v", "g", "w"), new String[][] {cmd("XADD", "s", "12-5", "other", "1")});
        same(
                fresh("xrange bounds", concat(data, new String[][] {
                    cmd("XRANGE", "s", "-", "+"), cmd("XRANGE", "s", "3", "5"), cmd("XRANGE", "s", "3-1", "5-0"),
                    cmd("XRANGE", "s", "(3-0", "(5-2"), cmd("XRANGE", "s", "(3", "5"), cmd("XRANGE", "s", "5", "3"),
                    cmd("XRANGE", "s", "-", "+", "COUNT", "2"), cmd("XRANGE", "s", "-", "+", "COUNT", "0"),
                    cmd("XRANGE", "s", "-", "+", "COUNT", "-3"), cmd("XRANGE", "s", "12", "12"),
                    cmd("XRANGE", "s", "(-", "+"), cmd("XRANGE", "s", "-", "(+"), cmd("XRANGE", "s", "(0-0", "+", "COUNT", "1"),
                    cmd("XRANGE", "s", "-", "(0-0"), cmd("XRANGE", "s", "(18446744073709551615-18446744073709551615", "+"),
                    cmd("XRANGE", "s", "(", "+"), cmd("XRANGE", "s", "x", "+"), cmd("XRANGE", "s", "-", "+", "COUNT"),
                    cmd("XRANGE", "s", "-", "+", "COUNT", "x"), cmd("XRANGE", "s", "-", "+", "FOO", "1"),
                    cmd("XRANGE", "missing", "-", "+"), cmd("XRANGE", "missing", "x", "+")})),
                fresh("xrevrange bounds", concat(data, new String[][] {
                    cmd("XREVRANGE", "s", "+", "-"), cmd("XREVRANGE", "s", "5", "3"), cmd("XREVRANGE", "s", "(5", "(3-0"),
                    cmd("XREVRANGE", "s", "+", "-", "COUNT", "3"), cmd("XREVRANGE", "s", "3", "5"),
                    cmd("XREVRANGE", "s", "+", "-", "COUNT", "0"), cmd("XREVRANGE", "s", "-", "+")})),
                fresh("xrange wrong type", cmd("SET", "str", "v"), cmd("XRANGE", "str", "-", "+"),
                        cmd("XREVRANGE", "str", "+", "-"), cmd("XLEN", "str"), cmd("XRANGE", "str", "x", "+")),
                fresh("xrange across nodes", concat(adds("s", 230, "f", "v"), new String[][] {
                    cmd("XRANGE", "s", "95", "105"), cmd("XREVRANGE", "s", "205", "195"),
                    cmd("XRANGE", "s", "(199-0", "+", "COUNT", "3")})),
                fresh("xrange resp3", cmd("HELLO", "3"), cmd("XADD", "s", "1-1", "f", "v"), cmd("XRANGE", "s", "-", "+"),
                        cmd("XRANGE", "s", "-", "+", "COUNT", "0"), cmd("XRANGE", "missing", "-", "+"))
                        .ignoring(":\\d+(?=\\\\r\\\\n\\$4\\\\r\\\\nmode)"));
    }

    @Test
    void xdel_matchesRedis() {
        same(
                fresh("xdel", concat(adds("s", 5, "f", "v"), new String[][] {
                    cmd("XDEL", "s", "2-1", "2-1", "9-9", "3-2"), cmd("XRANGE", "s", "-", "+"), cmd("XLEN", "s"),
                    cmd("XDEL", "s", "1-0", "x"), cmd("XDEL", "s", "-"), cmd("XLEN", "s"), cmd("XDEL", "missing", "x"),
                    cmd("XDEL", "s", "1-0", "4-0", "5-1"), cmd("XLEN", "s"), cmd("EXISTS", "s"), cmd("XRANGE", "s", "-", "+"),
                    cmd("XADD", "s", "5-1", "f", "v"), cmd("XADD", "s", "*", "f", "v", "MAXLEN"), cmd("XDEL", "s", "5")})),
                fresh("xdel a whole node", concat(adds("s", 150, "f", "v"), new String[][] {
                    cmd("XTRIM", "s", "MAXLEN", "~", "10"), cmd("XLEN", "s")})),
                fresh("xdel wrong type", cmd("SET", "str", "v"), cmd("XDEL", "str", "1-1"), cmd("XDEL", "s")));
    }

    @Test
    void xread_nonBlocking_matchesRedis() {
        same(
                fresh("xread", cmd("XADD", "a", "1-1", "f", "v"), cmd("XADD", "a", "2-1", "f", "v"), cmd("XADD", "b", "3-1", "g", "w"),
                        cmd("XREAD", "STREAMS", "a", "b", "0", "0"), cmd("XREAD", "COUNT", "1", "STREAMS", "a", "b", "1-1", "0"),
                        cmd("XREAD", "STREAMS", "a", "b", "$", "$"), cmd("XREAD", "STREAMS", "a", "missing", "0", "0"),
                        cmd("XREAD", "STREAMS", "missing", "0"), cmd("XREAD", "COUNT", "0", "STREAMS", "a", "0"),
                        cmd("XREAD", "COUNT", "-1", "STREAMS", "a", "0"), cmd("XREAD", "streams", "a", "2"),
                        cmd("XREAD", "STREAMS", "a", "+"), cmd("XREAD", "STREAMS", "a", "-")),
                fresh("xread errors", cmd("XREAD", "STREAMS", "a"), cmd("XREAD", "COUNT", "1", "STREAMS", "a", "b", "0"),
                        cmd("XREAD", "COUNT", "x", "STREAMS", "a", "0"), cmd("XREAD", "FOO", "STREAMS", "a", "0"),
                        cmd("XREAD", "COUNT", "1", "a", "0"), cmd("XREAD", "STREAMS", "a", "x"),
                        cmd("XREAD", "BLOCK", "x", "STREAMS", "a", "0"), cmd("XREAD", "BLOCK", "-1", "STREAMS", "a", "0"),
                        cmd("XREAD", "BLOCK", "1.5", "STREAMS", "a", "0"), cmd("XREAD", "GROUP", "g", "c", "STREAMS", "a", "0"),
                        cmd("XREAD", "NOACK", "STREAMS", "a", "0"), cmd("XREAD", "STREAMS", "a", ">"),
                        cmd("SET", "str", "v"), cmd("XREAD", "STREAMS", "str", "0"), cmd("XREAD", "STREAMS", "a", "str", "x", "0")),
                fresh("xread with deleted tail", cmd("XADD", "a", "1-1", "f", "v"), cmd("XADD", "a", "2-1", "f", "v"),
                        cmd("XDEL", "a", "2-1"), cmd("XREAD", "STREAMS", "a", "1-1"), cmd("XREAD", "STREAMS", "a", "0")),
                fresh("xread in multi never blocks", cmd("MULTI"), cmd("XREAD", "BLOCK", "0", "STREAMS", "a", "$"),
                        cmd("XADD", "a", "1-1", "f", "v"), cmd("XREAD", "BLOCK", "0", "STREAMS", "a", "0"), cmd("EXEC")),
                fresh("xread resp3", cmd("HELLO", "3"), cmd("XADD", "a", "1-1", "f", "v"), cmd("XADD", "b", "1-1", "f", "v"),
                        cmd("XREAD", "STREAMS", "a", "b", "0", "0"), cmd("XREAD", "STREAMS", "a", "$"),
                        cmd("MULTI"), cmd("XREAD", "BLOCK", "0", "STREAMS", "a", "$"), cmd("EXEC"))
                        .ignoring(":\\d+(?=\\\\r\\\\n\\$4\\\\r\\\\nmode)"));
    }

    @Test
    void streamsAsKeys_genericCommands_matchRedis() {
        same(fresh("generic commands on streams", cmd("XADD", "s", "1-1", "f", "v"), cmd("TYPE", "s"),
                cmd("OBJECT", "ENCODING", "s"), cmd("COPY", "s", "c"), cmd("XADD", "c", "2-1", "g", "w"), cmd("XLEN", "s"),
                cmd("XRANGE", "c", "-", "+"), cmd("RENAME", "c", "d"), cmd("XRANGE", "d", "-", "+"), cmd("DEL", "s", "d"),
                cmd("EXISTS", "s", "c", "d"), cmd("XADD", "s", "1-1", "f", "v"), cmd("LPUSH", "s", "x"), cmd("GET", "s"),
                cmd("COMMAND", "GETKEYS", "XREAD", "COUNT", "1", "STREAMS", "a", "b", "0", "0"),
                cmd("COMMAND", "GETKEYS", "XREADGROUP", "GROUP", "g", "c", "STREAMS", "a", "b", "0", "0")));
    }
}
