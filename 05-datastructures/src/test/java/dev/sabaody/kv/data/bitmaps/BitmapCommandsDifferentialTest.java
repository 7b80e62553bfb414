package dev.sabaody.kv.data.bitmaps;

import static dev.sabaody.kv.data.DataTests.cmd;
import static dev.sabaody.kv.data.DataTests.fresh;
import static dev.sabaody.kv.data.strings.OtherTypes.onHash;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.data.strings.OtherTypes;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bitmap commands against real Redis 7.0, byte for byte, errors and their precedence included.
 * The rules that hold for every input are checked by {@link BitmapModelPropertyTest} and
 * {@link BitFieldModelPropertyTest}.
 */
class BitmapCommandsDifferentialTest {

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
    void setbitGetbit_asRedis() {
        check(
                fresh("setbit answers the old bit", cmd("SETBIT", "k", "7", "1"), cmd("GET", "k"), cmd("GETBIT", "k", "7"),
                        cmd("SETBIT", "k", "7", "0"), cmd("GETBIT", "k", "7"), cmd("GET", "k")),
                fresh("setbit grows with zeros", cmd("SETBIT", "k", "0", "1"), cmd("SETBIT", "k", "100", "1"),
                        cmd("STRLEN", "k"), cmd("GET", "k")),
                fresh("bits of a text", cmd("SET", "k", "a"), cmd("GETBIT", "k", "1"), cmd("GETBIT", "k", "2"),
                        cmd("GETBIT", "k", "7"), cmd("GETBIT", "k", "8"), cmd("SETBIT", "k", "6", "1"), cmd("GET", "k")),
                fresh("bits of a number", cmd("SET", "k", "123"), cmd("GETBIT", "k", "2"), cmd("SETBIT", "k", "23", "0"),
                        cmd("GET", "k")),
                fresh("getbit of a missing key", cmd("GETBIT", "nokey", "5")),
                fresh("highest offset", cmd("GETBIT", "k", "4294967295")),
                fresh("offsets out of range", cmd("SETBIT", "k", "-1", "1"), cmd("SETBIT", "k", "4294967296", "1"),
                        cmd("GETBIT", "k", "-1"), cmd("GETBIT", "k", "4294967296"), cmd("SETBIT", "k", "a", "1"),
                        cmd("SETBIT", "k", "1.5", "1"), cmd("SETBIT", "k", "", "1"), cmd("SETBIT", "k", "+1", "1")),
                fresh("bit values", cmd("SETBIT", "k", "1", "2"), cmd("SETBIT", "k", "1", "-1"), cmd("SETBIT", "k", "1", "a"),
                        cmd("SETBIT", "k", "1", ""), cmd("SETBIT", "k", "1", "01")),
                fresh("offset checked before the bit", cmd("SETBIT", "k", "-1", "2")),
                fresh("arity", cmd("SETBIT", "k", "1"), cmd("GETBIT", "k")));
    }

    @Test
    void bitcount_asRedis() {
        check(
                fresh("ranges", cmd("SET", "k", "foobar"), cmd("BITCOUNT", "k"), cmd("BITCOUNT", "k", "0", "0"),
                        cmd("BITCOUNT", "k", "1", "1"), cmd("BITCOUNT", "k", "1", "1", "BYTE"),
                        cmd("BITCOUNT", "k", "5", "30", "BIT"), cmd("BITCOUNT", "k", "-1", "-1"),
                        cmd("BITCOUNT", "k", "-2", "-1", "BIT"), cmd("BITCOUNT", "k", "0", "-1", "bit"),
                        cmd("BITCOUNT", "k", "100", "200"), cmd("BITCOUNT", "k", "-100", "100", "BIT"),
                        cmd("BITCOUNT", "k", "3", "2"), cmd("BITCOUNT", "k", "-1", "-5"), cmd("BITCOUNT", "k", "-100", "-200"),
                        cmd("BITCOUNT", "k", "7", "7", "BIT"), cmd("BITCOUNT", "k", "1", "14", "BIT")),
                fresh("long string", cmd("SET", "k", "The quick brown fox jumps over the lazy dog"), cmd("BITCOUNT", "k"),
                        cmd("BITCOUNT", "k", "3", "40"), cmd("BITCOUNT", "k", "13", "301", "BIT")),
                fresh("syntax", cmd("SET", "k", "foobar"), cmd("BITCOUNT", "k", "0"), cmd("BITCOUNT", "k", "0", "1", "2"),
                        cmd("BITCOUNT", "k", "0", "1", "BITS"), cmd("BITCOUNT", "k", "0", "1", "BIT", "x")),
                fresh("negative order before the unit", cmd("SET", "k", "foobar"), cmd("BITCOUNT", "k", "-1", "-5", "foo")),
                fresh("bad integers", cmd("SET", "k", "foobar"), cmd("BITCOUNT", "k", "a", "1"), cmd("BITCOUNT", "k", "1", "a"),
                        cmd("BITCOUNT", "k", "a", "1", "foo")),
                fresh("missing key answers before parsing (7.0)", cmd("BITCOUNT", "nokey"),
                        cmd("BITCOUNT", "nokey", "0", "1", "bit"), cmd("BITCOUNT", "nokey", "a", "b", "c", "d"),
                        cmd("BITCOUNT", "nokey", "1")),
                fresh("empty string", cmd("SETRANGE", "k", "0", "x"), cmd("GETRANGE", "k", "1", "0"),
                        cmd("BITCOUNT", "k", "1", "0")),
                fresh("arity", cmd("BITCOUNT")));
    }

    @Test
    void bitpos_asRedis() {
        check(
                fresh("looking for ones", cmd("SET", "k", "\u0000\u00f0\u00ff"), cmd("BITPOS", "k", "1"),
                        cmd("BITPOS", "k", "1", "2"), cmd("BITPOS", "k", "1", "0", "0"), cmd("BITPOS", "k", "1", "-1"),
                        cmd("BITPOS", "k", "1", "12", "20", "BIT"), cmd("BITPOS", "k", "1", "0", "-1", "bit")),
                fresh("looking for zeros", cmd("SET", "k", "\u00ff\u00f0\u0000"), cmd("BITPOS", "k", "0"),
                        cmd("BITPOS", "k", "0", "0", "0"), cmd("BITPOS", "k", "0", "7", "15", "BIT"),
                        cmd("BITPOS", "k", "0", "3", "6", "BIT"), cmd("BITPOS", "k", "0", "-1", "-1")),
                fresh("no zero: past the end unless an end was given", cmd("SET", "k", "\u00ff\u00ff\u00ff"),
                        cmd("BITPOS", "k", "0"), cmd("BITPOS", "k", "0", "1"), cmd("BITPOS", "k", "0", "0", "-1"),
                        cmd("BITPOS", "k", "0", "5"), cmd("BITPOS", "k", "0", "3", "10", "bit"),
                        cmd("BITPOS", "k", "0", "0", "23", "bit"), cmd("BITPOS", "k", "0", "-1")),
                fresh("no one", cmd("SET", "k", "\u0000\u0000\u0000"), cmd("BITPOS", "k", "1"),
                        cmd("BITPOS", "k", "1", "0", "-1", "bit"), cmd("BITPOS", "k", "0"), cmd("BITPOS", "k", "0", "1")),
                fresh("words at a time", cmd("SETRANGE", "k", "40", "\u0001"), cmd("BITPOS", "k", "1"),
                        cmd("BITPOS", "k", "1", "3"), cmd("BITPOS", "k", "0", "0", "-1"), cmd("SET", "f", "\u00ff".repeat(40)),
                        cmd("BITPOS", "f", "0"), cmd("BITPOS", "f", "0", "0", "-1"), cmd("BITPOS", "f", "0", "9", "300", "BIT")),
                fresh("missing key", cmd("BITPOS", "nokey", "1"), cmd("BITPOS", "nokey", "0"),
                        cmd("BITPOS", "nokey", "0", "1", "2", "BIT"), cmd("BITPOS", "nokey", "1", "a")),
                fresh("errors", cmd("SET", "k", "a"), cmd("BITPOS", "k", "2"), cmd("BITPOS", "k", "-1"),
                        cmd("BITPOS", "k", "x"), cmd("BITPOS", "k", "1", "a"), cmd("BITPOS", "k", "1", "0", "a"),
                        cmd("BITPOS", "k", "1", "0", "1", "2", "3"), cmd("BITPOS", "k", "1", "0", "1", "foo"),
                        cmd("BITPOS", "k", "1", "0", "a", "foo"), cmd("BITPOS", "k", "1", "a", "0", "foo"),
                        cmd("BITPOS", "nokey", "2")),
                fresh("empty ranges", cmd("SET", "k", "ab"), cmd("BITPOS", "k", "1", "5"), cmd("BITPOS", "k", "0", "3", "1"),
                        cmd("BITPOS", "k", "1", "20", "30", "BIT")),
                fresh("arity", cmd("BITPOS", "k")));
    }

    @Test
    void bitop_asRedis() {
        check(
                fresh("and or xor not", cmd("SET", "a", "\u000f\u000f"), cmd("SET", "b", "\u00ff"),
                        cmd("BITOP", "AND", "d", "a", "b"), cmd("GET", "d"), cmd("BITOP", "OR", "d", "a", "b"), cmd("GET", "d"),
                        cmd("BITOP", "XOR", "d", "a", "b"), cmd("GET", "d"), cmd("BITOP", "NOT", "d", "a"), cmd("GET", "d")),
                fresh("many sources", cmd("SET", "a", "abc"), cmd("SET", "b", "b"), cmd("SET", "c", "\u00ff\u00ff\u00ff\u00ff"),
                        cmd("BITOP", "and", "d", "a", "b", "c"), cmd("GET", "d"), cmd("BITOP", "or", "d", "a", "b", "c"),
                        cmd("GET", "d"), cmd("BITOP", "xor", "d", "a", "b", "c", "a"), cmd("GET", "d")),
                fresh("a missing source is zeros", cmd("SET", "a", "abc"), cmd("BITOP", "AND", "d", "a", "nokey"),
                        cmd("GET", "d"), cmd("BITOP", "OR", "d", "nokey", "a"), cmd("GET", "d")),
                fresh("empty result deletes the target", cmd("SET", "d", "x"), cmd("BITOP", "OR", "d", "nokey"), cmd("GET", "d"),
                        cmd("BITOP", "AND", "e", "nokey1", "nokey2"), cmd("GET", "e")),
                fresh("target is a source", cmd("SET", "a", "\u0001"), cmd("BITOP", "xor", "a", "a", "a"), cmd("GET", "a")),
                fresh("not twice is identity", cmd("SET", "a", "hello"), cmd("BITOP", "NOT", "b", "a"),
                        cmd("BITOP", "NOT", "c", "b"), cmd("GET", "c")),
                fresh("not with two sources", cmd("SET", "a", "x"), cmd("BITOP", "NOT", "d", "a", "b")),
                fresh("unknown operation", cmd("BITOP", "NAND", "d", "a")),
                fresh("operation checked first", cmd("BITOP", "FOO", "d", "a", "b")),
                fresh("arity", cmd("BITOP", "AND", "d")));
    }

    @Test
    void bitfield_asRedis() {
        check(
                fresh("get", cmd("SETBIT", "k", "100", "1"), cmd("BITFIELD", "k", "GET", "u8", "0", "GET", "i8", "8",
                        "GET", "u4", "96", "GET", "i5", "97", "GET", "u63", "1", "GET", "i64", "50")),
                fresh("set and get", cmd("BITFIELD", "k", "SET", "i8", "0", "-100", "GET", "u8", "0", "GET", "i8", "0"),
                        cmd("GET", "k")),
                fresh("unaligned", cmd("BITFIELD", "k", "SET", "i8", "3", "-1", "GET", "u16", "0", "GET", "i3", "5",
                        "GET", "u1", "3"), cmd("GET", "k")),
                fresh("hash offsets", cmd("BITFIELD", "k", "SET", "u8", "#1", "200", "GET", "u8", "#1", "GET", "u8", "8",
                        "GET", "u4", "#3", "SET", "i5", "#2", "-3", "GET", "i5", "10")),
                fresh("incrby wrap sat fail", cmd("BITFIELD", "k", "SET", "u8", "0", "255", "INCRBY", "u8", "0", "10",
                        "OVERFLOW", "SAT", "INCRBY", "u8", "0", "300", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "10",
                        "INCRBY", "u8", "0", "-255")),
                fresh("signed overflow", cmd("BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "u8", "0", "-5",
                        "OVERFLOW", "WRAP", "INCRBY", "u8", "0", "-5", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "-300",
                        "INCRBY", "i8", "8", "-200", "OVERFLOW", "SAT", "INCRBY", "i8", "8", "-200", "INCRBY", "i8", "8", "1000",
                        "OVERFLOW", "WRAP", "INCRBY", "i8", "8", "300")),
                fresh("set out of range", cmd("BITFIELD", "k", "OVERFLOW", "SAT", "SET", "u8", "0", "-1",
                        "OVERFLOW", "WRAP", "SET", "u8", "8", "-1", "SET", "u8", "16", "300", "OVERFLOW", "FAIL",
                        "SET", "u8", "24", "300", "SET", "i8", "32", "-129", "OVERFLOW", "SAT", "SET", "i8", "40", "-129"),
                        cmd("GET", "k")),
                fresh("very negative signed SET saturates up, as in 7.0", cmd("BITFIELD", "k", "OVERFLOW", "SAT",
                        "SET", "i8", "0", "-9223372036854775808", "GET", "i8", "0", "SET", "i1", "8", "-9223372036854775808",
                        "SET", "i8", "16", "-9223372036854775681", "SET", "i8", "24", "-9223372036854775680",
                        "GET", "i8", "16", "GET", "i8", "24")),
                fresh("64 bits", cmd("BITFIELD", "k", "SET", "i64", "0", "-1", "GET", "i64", "0", "GET", "u63", "0",
                        "GET", "u63", "1", "INCRBY", "i64", "0", "1", "INCRBY", "i64", "0", "-9223372036854775808")),
                fresh("64-bit limits", cmd("BITFIELD", "k", "SET", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "1",
                        "OVERFLOW", "SAT", "INCRBY", "i64", "0", "-1", "INCRBY", "i64", "0", "9223372036854775807",
                        "SET", "i64", "0", "-9223372036854775808", "INCRBY", "i64", "0", "-1",
                        "OVERFLOW", "FAIL", "INCRBY", "i64", "0", "-1")),
                fresh("63-bit unsigned limits", cmd("BITFIELD", "k", "SET", "u63", "0", "9223372036854775807",
                        "INCRBY", "u63", "0", "1", "OVERFLOW", "SAT", "INCRBY", "u63", "0", "5",
                        "INCRBY", "u63", "0", "-9223372036854775808"), cmd("GET", "k")),
                fresh("fail still creates the key", cmd("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "10"),
                        cmd("GET", "k")),
                fresh("grows once to the furthest write", cmd("BITFIELD", "k", "SET", "u8", "4294967288", "1"),
                        cmd("STRLEN", "k"), cmd("BITFIELD", "k", "GET", "u8", "4294967288")),
                fresh("no operations", cmd("BITFIELD", "nokey"), cmd("BITFIELD", "nokey", "OVERFLOW", "SAT"), cmd("GET", "nokey")),
                fresh("get on a missing key", cmd("BITFIELD", "nokey", "GET", "u8", "0", "GET", "i64", "0", "GET", "u63", "1"),
                        cmd("GET", "nokey")),
                fresh("types", cmd("BITFIELD", "k", "SET", "u64", "0", "1"), cmd("BITFIELD", "k", "SET", "i65", "0", "1"),
                        cmd("BITFIELD", "k", "SET", "i0", "0", "1"), cmd("BITFIELD", "k", "SET", "x8", "0", "1"),
                        cmd("BITFIELD", "k", "SET", "I8", "0", "1"), cmd("BITFIELD", "k", "GET", "u", "0"),
                        cmd("BITFIELD", "k", "GET", "u08", "0"), cmd("BITFIELD", "k", "GET", "i-1", "0"),
                        cmd("BITFIELD", "k", "GET", "", "0")),
                fresh("offsets", cmd("BITFIELD", "k", "SET", "u8", "-1", "1"), cmd("BITFIELD", "k", "SET", "u8", "4294967296", "1"),
                        cmd("BITFIELD", "k", "SET", "u8", "a", "1"), cmd("BITFIELD", "k", "SET", "u8", "#-1", "1"),
                        cmd("BITFIELD", "k", "SET", "u8", "#536870912", "1"), cmd("BITFIELD", "k", "SET", "u8", "#", "1"),
                        cmd("BITFIELD", "k", "SET", "u8", "#9223372036854775807", "1"), cmd("GET", "k")),
                fresh("syntax", cmd("BITFIELD", "k", "SET", "u8", "0", "a"), cmd("BITFIELD", "k", "SET", "u8", "0"),
                        cmd("BITFIELD", "k", "GET", "u8"), cmd("BITFIELD", "k", "FOO"), cmd("BITFIELD", "k", "OVERFLOW", "FOO"),
                        cmd("BITFIELD", "k", "OVERFLOW"), cmd("BITFIELD", "k", "INCRBY", "u8", "0", "1.5")),
                fresh("one bad operation fails them all", cmd("BITFIELD", "k", "SET", "u8", "0", "1", "GET", "u65", "0"),
                        cmd("GET", "k")),
                fresh("bitfield_ro", cmd("SET", "k", "\u00ff\u0001"), cmd("BITFIELD_RO", "k", "GET", "u8", "0", "GET", "i4", "#3"),
                        cmd("BITFIELD_RO", "k"), cmd("BITFIELD_RO", "nokey", "GET", "u8", "0")),
                fresh("bitfield_ro refuses writes after parsing", cmd("BITFIELD_RO", "k", "SET", "u8", "0", "1"),
                        cmd("BITFIELD_RO", "k", "GET", "u8", "0", "INCRBY", "u8", "0", "1"),
                        cmd("BITFIELD_RO", "k", "GET", "u99", "0", "SET", "u8", "0", "1"),
                        cmd("BITFIELD_RO", "k", "SET", "u8", "0", "x")),
                fresh("arity", cmd("BITFIELD"), cmd("BITFIELD_RO")));
    }

    @Test
    void resp3_failIsNull_asRedis() {
        check(fresh("fail is a RESP3 null", cmd("HELLO", "3"),
                cmd("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "10", "GET", "u2", "0")).ignoring(CONNECTION_ID));
    }

    @Test
    void wrongType_everyCommand_asRedis() {
        OtherTypes.assertSameAsRedis(server,
                onHash("setbit", "h", cmd("SETBIT", "h", "1", "1"), cmd("SETBIT", "h", "-1", "1"), cmd("SETBIT", "h", "1", "5")),
                onHash("getbit", "h", cmd("GETBIT", "h", "1"), cmd("GETBIT", "h", "x")),
                onHash("bitcount", "h", cmd("BITCOUNT", "h"), cmd("BITCOUNT", "h", "a", "b"), cmd("BITCOUNT", "h", "1")),
                onHash("bitpos", "h", cmd("BITPOS", "h", "1"), cmd("BITPOS", "h", "2"), cmd("BITPOS", "h", "1", "a")),
                onHash("bitop source", "h", cmd("SET", "a", "x"), cmd("BITOP", "AND", "d", "a", "h"), cmd("GET", "d")),
                onHash("bitop overwrites its target", "h", cmd("SET", "a", "x"), cmd("BITOP", "NOT", "h", "a"), cmd("GET", "h")),
                onHash("bitop empty deletes its target", "h", cmd("BITOP", "OR", "h", "nokey"), cmd("GET", "h")),
                onHash("bitfield", "h", cmd("BITFIELD", "h", "GET", "u8", "0"), cmd("BITFIELD", "h", "SET", "u8", "0", "1"),
                        cmd("BITFIELD", "h", "GET", "x8", "0"), cmd("BITFIELD", "h")),
                onHash("bitfield_ro", "h", cmd("BITFIELD_RO", "h", "GET", "u8", "0"), cmd("BITFIELD_RO", "h", "SET", "u8", "0", "1")));
    }

    @Test
    void commandInfoAndDocs_asRedis() {
        check(fresh("command info", "COMMAND INFO setbit getbit bitcount bitpos bitfield bitfield_ro".split(" ")),
                fresh("command docs", "COMMAND DOCS setbit getbit bitcount bitpos bitop bitfield bitfield_ro".split(" ")));
    }

    /**
     * BITOP has two key specs (destination at 2, sources from 3); Redis merges consecutive range
     * specs into the legacy range (2, -1, 1) that COMMAND INFO shows (populateCommandLegacyRangeSpec).
     */
    @Test
    void commandInfo_bitop_mergesItsTwoKeySpecs_asRedis() {
        check(fresh("command info bitop", cmd("COMMAND", "INFO", "bitop")));
    }
}
