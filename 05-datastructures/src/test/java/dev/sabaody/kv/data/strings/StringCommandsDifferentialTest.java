package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.data.DataTests.cmd;
import static dev.sabaody.kv.data.DataTests.fresh;
import static dev.sabaody.kv.data.strings.OtherTypes.onHash;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every string command against real Redis 7.0, byte for byte: replies, errors and their order of
 * precedence (which error a request with several faults gets), RESP3 where the shape differs, and
 * COMMAND INFO / COMMAND DOCS. Expiry that needs time to pass is in {@link StringExpiryTest}.
 */
class StringCommandsDifferentialTest {

    /** Escaped "id\r\n:123" in HELLO's reply: the connection id differs between any two servers. */
    private static final String CONNECTION_ID = "id\\\\r\\\\n:\\d+";

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void check(Case... cases) {
        DataTests.assertSameAsRedis(server.port(), cases);
    }

    @Test
    void set_everyOption_asRedis() {
        check(
                fresh("set then get", cmd("SET", "k", "v"), cmd("GET", "k")),
                fresh("binary value", cmd("SET", "k", "a\r\n\u0000b"), cmd("GET", "k")),
                fresh("nx sets once", cmd("SET", "k", "v", "NX"), cmd("SET", "k", "w", "NX"), cmd("GET", "k")),
                fresh("xx on a missing key", cmd("SET", "k", "v", "XX"), cmd("GET", "k")),
                fresh("xx on an existing key", cmd("SET", "k", "v"), cmd("SET", "k", "w", "xx"), cmd("GET", "k")),
                fresh("get answers the old value", cmd("SET", "k", "v"), cmd("SET", "k", "w", "GET"), cmd("GET", "k")),
                fresh("get on a missing key", cmd("SET", "k", "v", "GET"), cmd("GET", "k")),
                fresh("nx get: old value, no change", cmd("SET", "k", "v", "NX", "GET"), cmd("SET", "k", "w", "NX", "GET"),
                        cmd("GET", "k")),
                fresh("xx get on a missing key", cmd("SET", "k", "v", "XX", "GET"), cmd("GET", "k")),
                fresh("options ignore case", cmd("SET", "k", "v", "ex", "10", "nx", "get"), cmd("GET", "k")),
                fresh("get and keepttl may repeat", cmd("SET", "k", "v", "GET", "GET", "KEEPTTL", "KEEPTTL"), cmd("GET", "k")),
                fresh("nx and xx may repeat themselves", cmd("SET", "k", "v", "NX", "NX"), cmd("SET", "k", "v", "XX", "XX")),
                fresh("exat in the past: gone at once", cmd("SET", "k", "v", "EXAT", "1"), cmd("GET", "k")),
                fresh("pxat in the past: gone at once", cmd("SET", "k", "v", "PXAT", "1"), cmd("GET", "k")),
                fresh("exat near the limit is accepted", cmd("SET", "k", "v", "EXAT", "9223372036854775"), cmd("GET", "k")),
                fresh("pxat at the limit is accepted", cmd("SET", "k", "v", "PXAT", "9223372036854775807"), cmd("GET", "k")),
                fresh("set overwrites", cmd("SET", "k", "v"), cmd("SET", "k", "w"), cmd("GET", "k")));
    }

    @Test
    void set_conflictsAndBadTimes_areRedisErrors() {
        check(
                fresh("nx then xx", cmd("SET", "k", "v", "NX", "XX")),
                fresh("xx then nx", cmd("SET", "k", "v", "XX", "NX")),
                fresh("ex then px", cmd("SET", "k", "v", "EX", "10", "PX", "10")),
                fresh("ex twice", cmd("SET", "k", "v", "EX", "10", "EX", "10")),
                fresh("exat then pxat", cmd("SET", "k", "v", "EXAT", "10", "PXAT", "10")),
                fresh("keepttl then ex", cmd("SET", "k", "v", "KEEPTTL", "EX", "10")),
                fresh("ex then keepttl", cmd("SET", "k", "v", "EX", "10", "KEEPTTL")),
                fresh("ex without a value", cmd("SET", "k", "v", "EX")),
                fresh("persist is GETEX's", cmd("SET", "k", "v", "PERSIST")),
                fresh("unknown option", cmd("SET", "k", "v", "FOO")),
                fresh("value missing", cmd("SET", "k")),
                fresh("ex zero", cmd("SET", "k", "v", "EX", "0")),
                fresh("ex negative", cmd("SET", "k", "v", "EX", "-1")),
                fresh("px zero", cmd("SET", "k", "v", "PX", "0")),
                fresh("exat zero", cmd("SET", "k", "v", "EXAT", "0")),
                fresh("ex not a number", cmd("SET", "k", "v", "EX", "ten")),
                fresh("ex with a plus sign", cmd("SET", "k", "v", "EX", "+10")),
                fresh("ex seconds overflow the multiplication", cmd("SET", "k", "v", "EX", "9223372036854776")),
                fresh("ex overflows once now is added", cmd("SET", "k", "v", "EX", "9223372036854775")),
                fresh("px overflows once now is added", cmd("SET", "k", "v", "PX", "9223372036854775807")),
                fresh("exat seconds overflow", cmd("SET", "k", "v", "EXAT", "9223372036854776")),
                fresh("syntax before the time", cmd("SET", "k", "v", "EX", "-1", "FOO")),
                fresh("time before NX", cmd("SET", "k", "v"), cmd("SET", "k", "w", "NX", "EX", "0"), cmd("GET", "k")),
                fresh("failed set changes nothing", cmd("SET", "k", "v"), cmd("SET", "k", "w", "EX", "x"), cmd("GET", "k")));
    }

    @Test
    void setnxSetexPsetex_asRedis() {
        check(
                fresh("setnx", cmd("SETNX", "k", "v"), cmd("SETNX", "k", "w"), cmd("GET", "k")),
                fresh("setex", cmd("SETEX", "k", "10", "v"), cmd("GET", "k")),
                fresh("setex overwrites", cmd("SET", "k", "v"), cmd("SETEX", "k", "10", "w"), cmd("GET", "k")),
                fresh("setex zero", cmd("SETEX", "k", "0", "v")),
                fresh("setex negative", cmd("SETEX", "k", "-5", "v")),
                fresh("setex not a number", cmd("SETEX", "k", "a", "v")),
                fresh("setex overflow", cmd("SETEX", "k", "9223372036854775", "v")),
                fresh("psetex", cmd("PSETEX", "k", "10000", "v"), cmd("GET", "k")),
                fresh("psetex zero", cmd("PSETEX", "k", "0", "v")),
                fresh("psetex overflow", cmd("PSETEX", "k", "9223372036854775807", "v")),
                fresh("setnx arity", cmd("SETNX", "k")),
                fresh("setex arity", cmd("SETEX", "k", "10")),
                fresh("psetex arity", cmd("PSETEX", "k", "10", "v", "x")));
    }

    @Test
    void getexGetdelGetset_asRedis() {
        check(
                fresh("getex alone is get", cmd("SET", "k", "v"), cmd("GETEX", "k")),
                fresh("getex ex, px, persist", cmd("SET", "k", "v"), cmd("GETEX", "k", "EX", "100"),
                        cmd("GETEX", "k", "px", "100000"), cmd("GETEX", "k", "PERSIST"), cmd("GET", "k")),
                fresh("getex exat in the past deletes", cmd("SET", "k", "v"), cmd("GETEX", "k", "EXAT", "1"), cmd("GET", "k")),
                fresh("getex pxat in the past deletes", cmd("SET", "k", "v"), cmd("GETEX", "k", "PXAT", "1"), cmd("GET", "k")),
                fresh("getex missing key", cmd("GETEX", "nokey", "EX", "10")),
                fresh("getex missing key, bad time: nil first", cmd("GETEX", "nokey", "EX", "-1")),
                fresh("getex ex zero", cmd("SET", "k", "v"), cmd("GETEX", "k", "EX", "0")),
                fresh("getex ex not a number", cmd("SET", "k", "v"), cmd("GETEX", "k", "EX", "x")),
                fresh("getex ex overflow", cmd("SET", "k", "v"), cmd("GETEX", "k", "EX", "9223372036854775")),
                fresh("getex ex without value", cmd("SET", "k", "v"), cmd("GETEX", "k", "EX")),
                fresh("getex two times", cmd("SET", "k", "v"), cmd("GETEX", "k", "EX", "10", "PX", "10")),
                fresh("getex persist then ex", cmd("SET", "k", "v"), cmd("GETEX", "k", "PERSIST", "EX", "10")),
                fresh("getex ex then persist", cmd("SET", "k", "v"), cmd("GETEX", "k", "EX", "10", "PERSIST")),
                fresh("getex refuses SET's options", cmd("SET", "k", "v"), cmd("GETEX", "k", "NX"),
                        cmd("GETEX", "k", "KEEPTTL"), cmd("GETEX", "k", "GET")),
                fresh("getex syntax before lookup", cmd("GETEX", "nokey", "FOO")),
                fresh("getex arity", cmd("GETEX")),
                fresh("getdel", cmd("SET", "k", "v"), cmd("GETDEL", "k"), cmd("GET", "k"), cmd("GETDEL", "k")),
                fresh("getdel arity", cmd("GETDEL", "a", "b")),
                fresh("getset", cmd("SET", "k", "v"), cmd("GETSET", "k", "w"), cmd("GET", "k")),
                fresh("getset on a missing key", cmd("GETSET", "k", "w"), cmd("GET", "k")),
                fresh("getset arity", cmd("GETSET", "k")));
    }

    @Test
    void msetMget_asRedis() {
        check(
                fresh("mget hits and misses", cmd("SET", "a", "1"), cmd("MGET", "a", "nokey", "a")),
                fresh("mset then mget", cmd("MSET", "a", "1", "b", "2"), cmd("MGET", "a", "b")),
                fresh("mset odd arguments", cmd("MSET", "a", "1", "b")),
                fresh("mset too few", cmd("MSET", "a")),
                fresh("mset same key twice: last wins", cmd("MSET", "a", "1", "a", "2"), cmd("GET", "a")),
                fresh("msetnx all or nothing", cmd("MSETNX", "a", "1", "b", "2"), cmd("MSETNX", "b", "3", "c", "4"),
                        cmd("MGET", "a", "b", "c")),
                fresh("msetnx odd arguments", cmd("MSETNX", "a", "1", "b")),
                fresh("mget arity", cmd("MGET")));
    }

    @Test
    void appendStrlen_asRedis() {
        check(
                fresh("append creates then grows", cmd("APPEND", "k", "abc"), cmd("APPEND", "k", "def"), cmd("GET", "k")),
                fresh("append to a number", cmd("SET", "k", "10"), cmd("APPEND", "k", "5"), cmd("INCR", "k")),
                fresh("append empty", cmd("APPEND", "k", ""), cmd("GET", "k"), cmd("STRLEN", "k")),
                fresh("strlen", cmd("STRLEN", "k"), cmd("SET", "k", "hello"), cmd("STRLEN", "k"),
                        cmd("SET", "n", "12345"), cmd("STRLEN", "n")),
                fresh("append arity", cmd("APPEND", "k")),
                fresh("a string being appended to, read by every kind of command", cmd("APPEND", "k", "ab"),
                        cmd("APPEND", "k", "cd"), cmd("STRLEN", "k"), cmd("APPEND", "k", "ef"), cmd("GETRANGE", "k", "1", "3"),
                        cmd("APPEND", "k", "gh"), cmd("SETBIT", "k", "1", "1"), cmd("APPEND", "k", "ij"), cmd("BITCOUNT", "k"),
                        cmd("APPEND", "k", "kl"), cmd("TYPE", "k"), cmd("COPY", "k", "c"), cmd("APPEND", "k", "mn"),
                        cmd("RENAME", "k", "r"), cmd("APPEND", "r", "op"), cmd("GET", "r"), cmd("GET", "c"),
                        cmd("SETRANGE", "r", "20", "x"), cmd("APPEND", "r", "y"), cmd("GET", "r"), cmd("STRLEN", "r")),
                fresh("strlen arity", cmd("STRLEN", "a", "b")));
    }

    @Test
    void getrangeSetrange_asRedis() {
        check(
                fresh("getrange indexes", cmd("SET", "k", "hello"), cmd("GETRANGE", "k", "0", "-1"),
                        cmd("GETRANGE", "k", "1", "3"), cmd("GETRANGE", "k", "-3", "-1"), cmd("GETRANGE", "k", "10", "20"),
                        cmd("GETRANGE", "k", "-100", "-200"), cmd("GETRANGE", "k", "0", "-100"),
                        cmd("GETRANGE", "k", "-1", "-100"), cmd("GETRANGE", "k", "3", "1"), cmd("GETRANGE", "k", "-100", "2")),
                fresh("getrange extremes", cmd("SET", "k", "hello"),
                        cmd("GETRANGE", "k", "9223372036854775807", "-9223372036854775808"),
                        cmd("GETRANGE", "k", "-9223372036854775808", "9223372036854775807")),
                fresh("getrange missing key", cmd("GETRANGE", "nokey", "0", "-1")),
                fresh("getrange empty string", cmd("SET", "k", ""), cmd("GETRANGE", "k", "0", "-1")),
                fresh("getrange bad start", cmd("SET", "k", "hello"), cmd("GETRANGE", "k", "a", "1")),
                fresh("getrange bad end", cmd("SET", "k", "hello"), cmd("GETRANGE", "k", "1", "b")),
                fresh("getrange bad index before lookup", cmd("GETRANGE", "nokey", "a", "1")),
                fresh("substr", cmd("SET", "k", "hello"), cmd("SUBSTR", "k", "1", "3"), cmd("SUBSTR", "k", "0", "-2")),
                fresh("getrange arity", cmd("GETRANGE", "k", "0")),
                fresh("setrange pads with zeros", cmd("SETRANGE", "k", "5", "abc"), cmd("GET", "k")),
                fresh("setrange inside", cmd("SET", "k", "hello"), cmd("SETRANGE", "k", "1", "XY"), cmd("GET", "k")),
                fresh("setrange past the end", cmd("SET", "k", "hello"), cmd("SETRANGE", "k", "10", "XY"), cmd("GET", "k")),
                fresh("setrange nothing on a missing key", cmd("SETRANGE", "k", "0", ""), cmd("GET", "k")),
                fresh("setrange nothing on a key", cmd("SET", "k", "hello"), cmd("SETRANGE", "k", "100", ""), cmd("GET", "k")),
                fresh("setrange negative offset", cmd("SETRANGE", "k", "-1", "x")),
                fresh("setrange bad offset", cmd("SETRANGE", "k", "a", "x")),
                fresh("setrange beyond 512 MB", cmd("SETRANGE", "k", "536870912", "x")),
                fresh("setrange reaching 512 MB + 1", cmd("SET", "k", "hello"), cmd("SETRANGE", "k", "536870911", "xy")),
                fresh("setrange offset overflow", cmd("SETRANGE", "k", "9223372036854775807", "x")),
                fresh("setrange empty at the limit", cmd("SETRANGE", "k", "536870911", "")),
                fresh("setrange on a number", cmd("SET", "k", "10"), cmd("SETRANGE", "k", "0", "2"), cmd("INCR", "k")));
    }

    @Test
    void counters_asRedis() {
        check(
                fresh("incr from nothing", cmd("INCR", "k"), cmd("INCR", "k"), cmd("GET", "k")),
                fresh("decr, decrby, incrby", cmd("DECR", "k"), cmd("DECRBY", "k", "10"), cmd("INCRBY", "k", "100"),
                        cmd("GET", "k")),
                fresh("incr at the top", cmd("SET", "k", "9223372036854775807"), cmd("INCR", "k"), cmd("GET", "k")),
                fresh("decr at the bottom", cmd("SET", "k", "-9223372036854775808"), cmd("DECR", "k")),
                fresh("decrby at the bottom", cmd("SET", "k", "-9223372036854775808"), cmd("DECRBY", "k", "1")),
                fresh("incrby overflow", cmd("SET", "k", "1"), cmd("INCRBY", "k", "9223372036854775807")),
                fresh("decrby LLONG_MIN", cmd("DECRBY", "k", "-9223372036854775808")),
                fresh("incrby LLONG_MIN", cmd("INCRBY", "k", "-9223372036854775808"), cmd("GET", "k")),
                fresh("not a number", cmd("SET", "k", "abc"), cmd("INCR", "k")),
                fresh("leading space", cmd("SET", "k", " 1"), cmd("INCR", "k")),
                fresh("leading zero", cmd("SET", "k", "01"), cmd("INCR", "k")),
                fresh("plus sign", cmd("SET", "k", "+1"), cmd("INCR", "k")),
                fresh("a float", cmd("SET", "k", "1.0"), cmd("INCR", "k")),
                fresh("empty", cmd("SET", "k", ""), cmd("INCR", "k")),
                fresh("too big", cmd("SET", "k", "99999999999999999999"), cmd("INCR", "k")),
                fresh("negative zero", cmd("SET", "k", "-0"), cmd("INCR", "k")),
                fresh("increment not a number", cmd("INCRBY", "k", "abc"), cmd("INCRBY", "k", "1.5"),
                        cmd("DECRBY", "k", "x")),
                fresh("counter keeps going as a string", cmd("INCRBY", "k", "-42"), cmd("APPEND", "k", "0"), cmd("INCR", "k")),
                fresh("arity", cmd("INCR"), cmd("INCRBY", "k"), cmd("DECR", "k", "1")));
    }

    @Test
    void incrbyfloat_longDoubleFormatting_asRedis() {
        check(
                fresh("10.5", cmd("INCRBYFLOAT", "k", "10.5")),
                fresh("3.0e3", cmd("INCRBYFLOAT", "k", "3.0e3")),
                fresh("1.1 + 2.2", cmd("SET", "k", "1.1"), cmd("INCRBYFLOAT", "k", "2.2")),
                fresh("5.0e-3", cmd("INCRBYFLOAT", "k", "5.0e-3")),
                fresh("0.1 + 0.2", cmd("SET", "k", "0.1"), cmd("INCRBYFLOAT", "k", "0.2")),
                fresh("steps", cmd("INCRBYFLOAT", "k", "10.5"), cmd("INCRBYFLOAT", "k", "0.1"), cmd("INCRBYFLOAT", "k", "-5")),
                fresh("1e308", cmd("INCRBYFLOAT", "k", "1e308")),
                fresh("beyond a double", cmd("INCRBYFLOAT", "k", "1e4000")),
                fresh("tiny rounds to 0 in print", cmd("SET", "k", "1"), cmd("INCRBYFLOAT", "k", "-1e-30")),
                fresh("to zero", cmd("SET", "k", "5"), cmd("INCRBYFLOAT", "k", "-5")),
                fresh("negative zero prints 0", cmd("SET", "k", "-0"), cmd("INCRBYFLOAT", "k", "-0")),
                fresh("hex float", cmd("INCRBYFLOAT", "k", "0x1.8p1"), cmd("INCRBYFLOAT", "k", "0X1P-3"),
                        cmd("INCRBYFLOAT", "k", "0x.8")),
                fresh("forms strtold takes", cmd("INCRBYFLOAT", "k", "+5"), cmd("INCRBYFLOAT", "k", ".5"),
                        cmd("INCRBYFLOAT", "k", "5."), cmd("INCRBYFLOAT", "k", "-.5e1"), cmd("INCRBYFLOAT", "k", "00012.50000")),
                fresh("long mantissa", cmd("INCRBYFLOAT", "k", "1234567890123456789012345678901234567890"),
                        cmd("INCRBYFLOAT", "k", "0.1234567890123456789")),
                fresh("17th decimal ties", cmd("INCRBYFLOAT", "k", "0.000000000000000005"),
                        cmd("INCRBYFLOAT", "k", "0.000000000000000015"), cmd("INCRBYFLOAT", "k", "0.000000000000000025")),
                fresh("long double limits", cmd("INCRBYFLOAT", "k", "1.18e4932"), cmd("INCRBYFLOAT", "k", "1.18e4932"),
                        cmd("INCRBYFLOAT", "k2", "1.19e4932"), cmd("INCRBYFLOAT", "k3", "0x1p16383"),
                        cmd("INCRBYFLOAT", "k4", "0x1p16384")),
                fresh("subnormals", cmd("INCRBYFLOAT", "k", "1e-4950"), cmd("INCRBYFLOAT", "k2", "1e-4951"),
                        cmd("INCRBYFLOAT", "k3", "4e-4951"), cmd("INCRBYFLOAT", "k4", "0x1p-16445"),
                        cmd("INCRBYFLOAT", "k5", "0x1p-16446"), cmd("INCRBYFLOAT", "k6", "0x1.8p-16446")),
                fresh("out of range", cmd("INCRBYFLOAT", "k", "1e5000"), cmd("INCRBYFLOAT", "k", "1e-5000"),
                        cmd("INCRBYFLOAT", "k", "1e999999999999999999999"), cmd("INCRBYFLOAT", "k", "0e5000")),
                fresh("infinities", cmd("INCRBYFLOAT", "k", "inf"), cmd("INCRBYFLOAT", "k", "-Infinity"),
                        cmd("SET", "k", "inf"), cmd("INCRBYFLOAT", "k", "1")),
                fresh("sum overflows", cmd("SET", "k", "1.18e4932"), cmd("INCRBYFLOAT", "k", "1.18e4932")),
                fresh("not floats", cmd("INCRBYFLOAT", "k", "nan"), cmd("INCRBYFLOAT", "k", "nan(123)"),
                        cmd("INCRBYFLOAT", "k", "abc"), cmd("INCRBYFLOAT", "k", ""), cmd("INCRBYFLOAT", "k", " 1"),
                        cmd("INCRBYFLOAT", "k", "1 "), cmd("INCRBYFLOAT", "k", "1e"), cmd("INCRBYFLOAT", "k", "1e+"),
                        cmd("INCRBYFLOAT", "k", "0x"), cmd("INCRBYFLOAT", "k", "0x1p"), cmd("INCRBYFLOAT", "k", "infin")),
                fresh("NUL inside the number", cmd("INCRBYFLOAT", "k", "1\u0000x")),
                fresh("value not a float", cmd("SET", "k", "abc"), cmd("INCRBYFLOAT", "k", "1")),
                fresh("5119 characters", cmd("INCRBYFLOAT", "k", "0".repeat(5118) + "1")),
                fresh("5120 characters: too long", cmd("INCRBYFLOAT", "k", "0".repeat(5119) + "1")),
                fresh("arity", cmd("INCRBYFLOAT", "k")));
    }

    @Test
    void lcs_everyOption_asRedis() {
        check(
                fresh("the docs' example", cmd("SET", "a", "ohmytext"), cmd("SET", "b", "mynewtext"), cmd("LCS", "a", "b"),
                        cmd("LCS", "a", "b", "LEN"), cmd("LCS", "a", "b", "IDX"), cmd("LCS", "a", "b", "IDX", "MINMATCHLEN", "4"),
                        cmd("LCS", "a", "b", "IDX", "WITHMATCHLEN"),
                        cmd("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN")),
                fresh("ties walk as Redis walks", cmd("SET", "a", "abcdefgh"), cmd("SET", "b", "xbcdxfghx"),
                        cmd("LCS", "a", "b", "IDX", "WITHMATCHLEN"), cmd("LCS", "a", "b"), cmd("LCS", "b", "a", "IDX")),
                fresh("repeats", cmd("SET", "a", "aaaa"), cmd("SET", "b", "aa"), cmd("LCS", "a", "b", "IDX", "WITHMATCHLEN")),
                fresh("sentences", cmd("SET", "a", "The quick brown fox"),
                        cmd("SET", "b", "the lazy dog jumps over the quick brown"), cmd("LCS", "a", "b"),
                        cmd("LCS", "a", "b", "IDX", "WITHMATCHLEN", "MINMATCHLEN", "2")),
                fresh("missing keys are empty", cmd("SET", "a", "ohmytext"), cmd("LCS", "a", "nokey"),
                        cmd("LCS", "nokey", "nokey2", "LEN"), cmd("LCS", "nokey", "a", "IDX")),
                fresh("len and idx together", cmd("LCS", "a", "b", "LEN", "IDX")),
                fresh("unknown option", cmd("LCS", "a", "b", "FOO")),
                fresh("minmatchlen without value", cmd("LCS", "a", "b", "MINMATCHLEN")),
                fresh("minmatchlen not a number", cmd("LCS", "a", "b", "MINMATCHLEN", "x")),
                fresh("negative minmatchlen counts as 0", cmd("SET", "a", "abc"), cmd("SET", "b", "xbc"),
                        cmd("LCS", "a", "b", "IDX", "MINMATCHLEN", "-5")),
                fresh("table over 512 MB", cmd("SET", "a", "x".repeat(12000)), cmd("SET", "b", "y".repeat(12000)),
                        cmd("LCS", "a", "b", "LEN")),
                fresh("arity", cmd("LCS", "a")));
    }

    @Test
    void resp3_nullsAndMaps_asRedis() {
        check(
                fresh("get, mget, set nx nulls", cmd("HELLO", "3"), cmd("GET", "nokey"), cmd("MGET", "nokey", "x"),
                        cmd("SET", "k", "v"), cmd("SET", "k", "v", "NX"), cmd("SET", "k2", "v", "GET"),
                        cmd("GETEX", "nokey"), cmd("GETDEL", "nokey"), cmd("GETSET", "k3", "v")).ignoring(CONNECTION_ID),
                fresh("lcs idx is a map", cmd("HELLO", "3"), cmd("SET", "a", "ohmytext"), cmd("SET", "b", "mynewtext"),
                        cmd("LCS", "a", "b", "IDX", "WITHMATCHLEN")).ignoring(CONNECTION_ID),
                fresh("incrbyfloat stays a bulk string", cmd("HELLO", "3"), cmd("INCRBYFLOAT", "k", "1.5"))
                        .ignoring(CONNECTION_ID));
    }

    @Test
    void wrongType_everyCommand_asRedis() {
        OtherTypes.assertSameAsRedis(server,
                onHash("get", "h", cmd("GET", "h")),
                onHash("set overwrites", "h", cmd("SET", "h", "v"), cmd("GET", "h")),
                onHash("set get: wrongtype, no set", "h", cmd("SET", "h", "v", "GET"), cmd("GET", "h")),
                onHash("set nx on a hash", "h", cmd("SET", "h", "v", "NX"), cmd("GET", "h")),
                onHash("set xx on a hash", "h", cmd("SET", "h", "v", "XX"), cmd("GET", "h")),
                onHash("setnx", "h", cmd("SETNX", "h", "v")),
                onHash("setex overwrites", "h", cmd("SETEX", "h", "100", "v"), cmd("GET", "h")),
                onHash("getex", "h", cmd("GETEX", "h"), cmd("GETEX", "h", "EX", "-1"), cmd("GETEX", "h", "FOO")),
                onHash("getdel", "h", cmd("GETDEL", "h")),
                onHash("getset", "h", cmd("GETSET", "h", "v")),
                onHash("mget skips it", "h", cmd("SET", "a", "1"), cmd("MGET", "a", "h")),
                onHash("mset overwrites", "h", cmd("MSET", "h", "1"), cmd("GET", "h")),
                onHash("msetnx sees it", "h", cmd("MSETNX", "h", "1", "a", "2"), cmd("GET", "a")),
                onHash("append", "h", cmd("APPEND", "h", "x")),
                onHash("strlen", "h", cmd("STRLEN", "h")),
                onHash("getrange", "h", cmd("GETRANGE", "h", "0", "-1"), cmd("GETRANGE", "h", "x", "-1")),
                onHash("setrange", "h", cmd("SETRANGE", "h", "0", "x"), cmd("SETRANGE", "h", "0", ""),
                        cmd("SETRANGE", "h", "-1", "x")),
                onHash("counters", "h", cmd("INCR", "h"), cmd("DECR", "h"), cmd("INCRBY", "h", "2"), cmd("DECRBY", "h", "2"),
                        cmd("INCRBY", "h", "x"), cmd("DECRBY", "h", "-9223372036854775808")),
                onHash("incrbyfloat", "h", cmd("INCRBYFLOAT", "h", "1.5"), cmd("INCRBYFLOAT", "h", "x")),
                onHash("lcs", "h", cmd("SET", "a", "x"), cmd("LCS", "a", "h"), cmd("LCS", "h", "a", "FOO")));
    }

    @Test
    void commandInfoAndDocs_asRedis() {
        String names = "set setnx setex psetex get getex getdel getset mget mset msetnx append strlen getrange substr"
                + " setrange incr decr incrby decrby incrbyfloat lcs";
        String[] info = ("COMMAND INFO " + names).split(" ");
        String[] docs = ("COMMAND DOCS " + names).split(" ");
        check(fresh("command info", info), fresh("command docs", docs));
    }
}
