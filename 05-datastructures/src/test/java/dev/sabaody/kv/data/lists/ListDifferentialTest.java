package dev.sabaody.kv.data.lists;

import static dev.sabaody.kv.data.DataTests.cmd;
import static dev.sabaody.kv.data.DataTests.fresh;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The non-blocking list commands against a real Redis 7.0.15, byte for byte: replies, errors and
 * the order in which arguments are checked. Each case starts from an empty keyspace.
 */
class ListDifferentialTest {

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void same(dev.sabaody.kv.resp.DifferentialHarness.Case... cases) {
        DataTests.assertSameAsRedis(server.port(), cases);
    }

    @Test
    void push_everyForm_matchesRedis() {
        same(
                fresh("lpush creates, order reversed", cmd("LPUSH", "l", "a", "b", "c"), cmd("LRANGE", "l", "0", "-1")),
                fresh("rpush appends", cmd("RPUSH", "l", "a", "b"), cmd("RPUSH", "l", "c"), cmd("LRANGE", "l", "0", "-1")),
                fresh("lpush then rpush", cmd("LPUSH", "l", "a"), cmd("RPUSH", "l", "z"), cmd("LPUSH", "l", "0"),
                        cmd("LRANGE", "l", "0", "-1")),
                fresh("lpushx missing", cmd("LPUSHX", "l", "a"), cmd("LLEN", "l")),
                fresh("rpushx missing", cmd("RPUSHX", "l", "a", "b"), cmd("LLEN", "l")),
                fresh("lpushx existing", cmd("RPUSH", "l", "a"), cmd("LPUSHX", "l", "b", "c"), cmd("LRANGE", "l", "0", "-1")),
                fresh("rpushx existing", cmd("RPUSH", "l", "a"), cmd("RPUSHX", "l", "b", "c"), cmd("LRANGE", "l", "0", "-1")),
                fresh("push empty and binary elements", cmd("RPUSH", "l", "", "a\r\nb", "\u00ff"),
                        cmd("LRANGE", "l", "0", "-1")),
                fresh("push wrong type", cmd("SET", "s", "v"), cmd("LPUSH", "s", "a"), cmd("RPUSH", "s", "a"),
                        cmd("LPUSHX", "s", "a"), cmd("RPUSHX", "s", "a"), cmd("GET", "s")),
                fresh("push wrong arity", cmd("LPUSH", "l"), cmd("RPUSH", "l"), cmd("LPUSHX", "l"), cmd("RPUSHX"),
                        cmd("LLEN", "l")));
    }

    @Test
    void pop_withAndWithoutCount_matchesRedis() {
        same(
                fresh("lpop one", cmd("RPUSH", "l", "a", "b"), cmd("LPOP", "l"), cmd("LRANGE", "l", "0", "-1")),
                fresh("rpop one", cmd("RPUSH", "l", "a", "b"), cmd("RPOP", "l"), cmd("LRANGE", "l", "0", "-1")),
                fresh("pop missing", cmd("LPOP", "l"), cmd("RPOP", "l"), cmd("LPOP", "l", "2"), cmd("RPOP", "l", "0")),
                fresh("pop last element deletes the key", cmd("RPUSH", "l", "a"), cmd("LPOP", "l"), cmd("LLEN", "l"),
                        cmd("RPUSH", "l", "x"), cmd("GET", "l")),
                fresh("lpop count", cmd("RPUSH", "l", "a", "b", "c", "d"), cmd("LPOP", "l", "2"),
                        cmd("LRANGE", "l", "0", "-1")),
                fresh("rpop count comes tail first", cmd("RPUSH", "l", "a", "b", "c", "d"), cmd("RPOP", "l", "3"),
                        cmd("LRANGE", "l", "0", "-1")),
                fresh("pop count larger than the list", cmd("RPUSH", "l", "a", "b"), cmd("RPOP", "l", "10"),
                        cmd("LLEN", "l"), cmd("RPUSH", "l", "a", "b"), cmd("LPOP", "l", "9223372036854775807")),
                fresh("pop count zero", cmd("RPUSH", "l", "a"), cmd("LPOP", "l", "0"), cmd("RPOP", "l", "0"),
                        cmd("LLEN", "l")),
                fresh("pop negative count", cmd("RPUSH", "l", "a"), cmd("LPOP", "l", "-1"), cmd("RPOP", "l", "-5"),
                        cmd("LPOP", "missing", "-1")),
                fresh("pop count not a number", cmd("RPUSH", "l", "a"), cmd("LPOP", "l", "x"), cmd("RPOP", "l", "1.5"),
                        cmd("LPOP", "l", "99999999999999999999")),
                fresh("pop wrong type", cmd("SET", "s", "v"), cmd("LPOP", "s"), cmd("RPOP", "s", "1"),
                        cmd("LPOP", "s", "0"), cmd("LPOP", "s", "-1")),
                fresh("pop wrong arity", cmd("LPOP"), cmd("LPOP", "l", "1", "2"), cmd("RPOP", "l", "1", "2")));
    }

    @Test
    void llenAndLindex_allIndexes_matchRedis() {
        same(
                fresh("llen", cmd("LLEN", "l"), cmd("RPUSH", "l", "a", "b"), cmd("LLEN", "l")),
                fresh("llen wrong type and arity", cmd("SET", "s", "v"), cmd("LLEN", "s"), cmd("LLEN"),
                        cmd("LLEN", "a", "b")),
                fresh("lindex", cmd("RPUSH", "l", "a", "b", "c"), cmd("LINDEX", "l", "0"), cmd("LINDEX", "l", "2"),
                        cmd("LINDEX", "l", "-1"), cmd("LINDEX", "l", "-3"), cmd("LINDEX", "l", "3"),
                        cmd("LINDEX", "l", "-4"), cmd("LINDEX", "l", "9223372036854775807"),
                        cmd("LINDEX", "l", "-9223372036854775808")),
                fresh("lindex missing key ignores the index", cmd("LINDEX", "l", "0"), cmd("LINDEX", "l", "x")),
                fresh("lindex bad index", cmd("RPUSH", "l", "a"), cmd("LINDEX", "l", "x"), cmd("LINDEX", "l", "1.0"),
                        cmd("LINDEX", "l", "")),
                fresh("lindex wrong type", cmd("SET", "s", "v"), cmd("LINDEX", "s", "0"), cmd("LINDEX", "s", "x")),
                fresh("lindex wrong arity", cmd("LINDEX", "l"), cmd("LINDEX", "l", "0", "1")));
    }

    @Test
    void lrange_everyKindOfRange_matchesRedis() {
        same(
                fresh("lrange whole and parts", cmd("RPUSH", "l", "a", "b", "c", "d", "e"), cmd("LRANGE", "l", "0", "-1"),
                        cmd("LRANGE", "l", "1", "3"), cmd("LRANGE", "l", "-2", "-1"), cmd("LRANGE", "l", "-100", "1"),
                        cmd("LRANGE", "l", "2", "100"), cmd("LRANGE", "l", "0", "0")),
                fresh("lrange empty ranges", cmd("RPUSH", "l", "a", "b", "c"), cmd("LRANGE", "l", "2", "1"),
                        cmd("LRANGE", "l", "3", "5"), cmd("LRANGE", "l", "-1", "-2"), cmd("LRANGE", "l", "0", "-4"),
                        cmd("LRANGE", "l", "9223372036854775807", "-9223372036854775808")),
                fresh("lrange extremes", cmd("RPUSH", "l", "a", "b"),
                        cmd("LRANGE", "l", "-9223372036854775808", "9223372036854775807")),
                fresh("lrange missing key", cmd("LRANGE", "l", "0", "-1")),
                fresh("lrange bad indexes come before the key", cmd("LRANGE", "l", "x", "1"),
                        cmd("LRANGE", "l", "0", "y"), cmd("SET", "s", "v"), cmd("LRANGE", "s", "x", "0")),
                fresh("lrange wrong type", cmd("SET", "s", "v"), cmd("LRANGE", "s", "0", "-1")),
                fresh("lrange wrong arity", cmd("LRANGE", "l", "0"), cmd("LRANGE", "l", "0", "1", "2")));
    }

    @Test
    void lset_indexesAndErrors_matchRedis() {
        same(
                fresh("lset", cmd("RPUSH", "l", "a", "b", "c"), cmd("LSET", "l", "0", "x"), cmd("LSET", "l", "-1", "z"),
                        cmd("LSET", "l", "1", ""), cmd("LRANGE", "l", "0", "-1")),
                fresh("lset no such key", cmd("LSET", "l", "0", "x"), cmd("LSET", "l", "x", "x")),
                fresh("lset out of range", cmd("RPUSH", "l", "a"), cmd("LSET", "l", "1", "x"), cmd("LSET", "l", "-2", "x"),
                        cmd("LSET", "l", "9223372036854775807", "x"), cmd("LRANGE", "l", "0", "-1")),
                fresh("lset bad index", cmd("RPUSH", "l", "a"), cmd("LSET", "l", "one", "x")),
                fresh("lset wrong type", cmd("SET", "s", "v"), cmd("LSET", "s", "0", "x"), cmd("LSET", "s", "x", "x")),
                fresh("lset wrong arity", cmd("LSET", "l", "0"), cmd("LSET", "l", "0", "a", "b")));
    }

    @Test
    void linsert_beforeAfterAndMisses_matchRedis() {
        same(
                fresh("linsert before and after", cmd("RPUSH", "l", "a", "b", "c"),
                        cmd("LINSERT", "l", "BEFORE", "b", "x"), cmd("LINSERT", "l", "after", "b", "y"),
                        cmd("LINSERT", "l", "Before", "a", "0"), cmd("LINSERT", "l", "AFTER", "c", "z"),
                        cmd("LRANGE", "l", "0", "-1")),
                fresh("linsert first pivot only", cmd("RPUSH", "l", "p", "p"), cmd("LINSERT", "l", "AFTER", "p", "x"),
                        cmd("LRANGE", "l", "0", "-1")),
                fresh("linsert missing pivot", cmd("RPUSH", "l", "a"), cmd("LINSERT", "l", "BEFORE", "q", "x")),
                fresh("linsert missing key", cmd("LINSERT", "l", "BEFORE", "a", "x"), cmd("LLEN", "l")),
                fresh("linsert syntax before key", cmd("LINSERT", "l", "MIDDLE", "a", "x"), cmd("SET", "s", "v"),
                        cmd("LINSERT", "s", "AROUND", "a", "x")),
                fresh("linsert wrong type", cmd("SET", "s", "v"), cmd("LINSERT", "s", "BEFORE", "a", "x")),
                fresh("linsert wrong arity", cmd("LINSERT", "l", "BEFORE", "a")));
    }

    @Test
    void lrem_positiveNegativeZero_matchRedis() {
        same(
                fresh("lrem from head", cmd("RPUSH", "l", "a", "b", "a", "c", "a"), cmd("LREM", "l", "2", "a"),
                        cmd("LRANGE", "l", "0", "-1")),
                fresh("lrem from tail", cmd("RPUSH", "l", "a", "b", "a", "c", "a"), cmd("LREM", "l", "-2", "a"),
                        cmd("LRANGE", "l", "0", "-1")),
                fresh("lrem all", cmd("RPUSH", "l", "a", "b", "a"), cmd("LREM", "l", "0", "a"),
                        cmd("LRANGE", "l", "0", "-1")),
                fresh("lrem everything deletes", cmd("RPUSH", "l", "a", "a"), cmd("LREM", "l", "0", "a"), cmd("LLEN", "l"),
                        cmd("SET", "l", "now a string")),
                fresh("lrem extremes", cmd("RPUSH", "l", "a", "b", "a"), cmd("LREM", "l", "-9223372036854775808", "a"),
                        cmd("RPUSH", "l", "b", "b"), cmd("LREM", "l", "9223372036854775807", "b"), cmd("LLEN", "l")),
                fresh("lrem no match and missing", cmd("RPUSH", "l", "a"), cmd("LREM", "l", "1", "z"),
                        cmd("LREM", "m", "1", "z")),
                fresh("lrem bad count before key", cmd("LREM", "l", "x", "a"), cmd("SET", "s", "v"),
                        cmd("LREM", "s", "x", "a")),
                fresh("lrem wrong type", cmd("SET", "s", "v"), cmd("LREM", "s", "0", "a")),
                fresh("lrem wrong arity", cmd("LREM", "l", "0")));
    }

    @Test
    void ltrim_rangesAndDeletion_matchRedis() {
        same(
                fresh("ltrim middle", cmd("RPUSH", "l", "a", "b", "c", "d", "e"), cmd("LTRIM", "l", "1", "-2"),
                        cmd("LRANGE", "l", "0", "-1")),
                fresh("ltrim clamps", cmd("RPUSH", "l", "a", "b", "c"), cmd("LTRIM", "l", "-100", "100"),
                        cmd("LRANGE", "l", "0", "-1")),
                fresh("ltrim empty range deletes", cmd("RPUSH", "l", "a", "b"), cmd("LTRIM", "l", "1", "0"),
                        cmd("LLEN", "l"), cmd("RPUSH", "m", "a"), cmd("LTRIM", "m", "5", "10"), cmd("LLEN", "m"),
                        cmd("RPUSH", "n", "a"), cmd("LTRIM", "n", "0", "-2"), cmd("LLEN", "n")),
                fresh("ltrim missing", cmd("LTRIM", "l", "0", "1"), cmd("LLEN", "l")),
                fresh("ltrim bad index before key", cmd("LTRIM", "l", "a", "1"), cmd("LTRIM", "l", "1", "b"),
                        cmd("SET", "s", "v"), cmd("LTRIM", "s", "a", "1")),
                fresh("ltrim wrong type", cmd("SET", "s", "v"), cmd("LTRIM", "s", "0", "1")),
                fresh("ltrim wrong arity", cmd("LTRIM", "l", "0")));
    }

    @Test
    void lpos_optionsAndErrors_matchRedis() {
        String[] list = cmd("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c");
        same(
                fresh("lpos first", list, cmd("LPOS", "l", "c"), cmd("LPOS", "l", "z"), cmd("LPOS", "l", "a")),
                fresh("lpos rank", list, cmd("LPOS", "l", "c", "RANK", "2"), cmd("LPOS", "l", "c", "RANK", "-1"),
                        cmd("LPOS", "l", "c", "RANK", "-3"), cmd("LPOS", "l", "c", "RANK", "4"),
                        cmd("LPOS", "l", "c", "rank", "-4")),
                fresh("lpos count", list, cmd("LPOS", "l", "c", "COUNT", "2"), cmd("LPOS", "l", "c", "COUNT", "0"),
                        cmd("LPOS", "l", "c", "COUNT", "0", "RANK", "-1"), cmd("LPOS", "l", "c", "RANK", "2", "COUNT", "10"),
                        cmd("LPOS", "l", "z", "COUNT", "1"), cmd("LPOS", "l", "c", "RANK", "5", "COUNT", "0")),
                fresh("lpos maxlen", list, cmd("LPOS", "l", "c", "MAXLEN", "2"), cmd("LPOS", "l", "c", "MAXLEN", "3"),
                        cmd("LPOS", "l", "c", "COUNT", "0", "MAXLEN", "7"),
                        cmd("LPOS", "l", "c", "RANK", "-1", "COUNT", "0", "MAXLEN", "2"),
                        cmd("LPOS", "l", "c", "MAXLEN", "0")),
                fresh("lpos extreme ranks", list, cmd("LPOS", "l", "c", "RANK", "-9223372036854775808"),
                        cmd("LPOS", "l", "c", "RANK", "-9223372036854775808", "COUNT", "2"),
                        cmd("LPOS", "l", "c", "RANK", "9223372036854775807")),
                fresh("lpos missing key", cmd("LPOS", "l", "a"), cmd("LPOS", "l", "a", "COUNT", "1")),
                fresh("lpos option errors", list, cmd("LPOS", "l", "c", "RANK", "0"), cmd("LPOS", "l", "c", "RANK", "x"),
                        cmd("LPOS", "l", "c", "COUNT", "-1"), cmd("LPOS", "l", "c", "COUNT", "x"),
                        cmd("LPOS", "l", "c", "MAXLEN", "-1"), cmd("LPOS", "l", "c", "MAXLEN", "x"),
                        cmd("LPOS", "l", "c", "RANK"), cmd("LPOS", "l", "c", "FOO", "1"), cmd("LPOS", "l", "c", "COUNT")),
                fresh("lpos options before key", cmd("SET", "s", "v"), cmd("LPOS", "s", "a", "RANK", "0"),
                        cmd("LPOS", "missing", "a", "MAXLEN", "-1"), cmd("LPOS", "s", "a")),
                fresh("lpos wrong arity", cmd("LPOS", "l")));
    }

    @Test
    void lmoveAndRpoplpush_allDirections_matchRedis() {
        same(
                fresh("lmove each direction", cmd("RPUSH", "s", "1", "2", "3", "4"),
                        cmd("LMOVE", "s", "d", "LEFT", "LEFT"), cmd("LMOVE", "s", "d", "LEFT", "RIGHT"),
                        cmd("LMOVE", "s", "d", "right", "left"), cmd("LMOVE", "s", "d", "RIGHT", "RIGHT"),
                        cmd("LRANGE", "d", "0", "-1"), cmd("LLEN", "s")),
                fresh("lmove rotates one list", cmd("RPUSH", "l", "a", "b", "c"), cmd("LMOVE", "l", "l", "LEFT", "RIGHT"),
                        cmd("LRANGE", "l", "0", "-1"), cmd("RPUSH", "one", "x"), cmd("LMOVE", "one", "one", "LEFT", "LEFT"),
                        cmd("LRANGE", "one", "0", "-1")),
                fresh("lmove missing source", cmd("LMOVE", "s", "d", "LEFT", "LEFT"), cmd("LLEN", "d")),
                fresh("lmove syntax", cmd("LMOVE", "s", "d", "UP", "LEFT"), cmd("LMOVE", "s", "d", "LEFT", "DOWN")),
                fresh("lmove wrong types", cmd("SET", "str", "v"), cmd("RPUSH", "l", "a"),
                        cmd("LMOVE", "str", "l", "LEFT", "LEFT"), cmd("LMOVE", "l", "str", "LEFT", "LEFT"),
                        cmd("LMOVE", "missing", "str", "LEFT", "LEFT"), cmd("LRANGE", "l", "0", "-1")),
                fresh("rpoplpush", cmd("RPUSH", "s", "a", "b"), cmd("RPOPLPUSH", "s", "d"), cmd("RPOPLPUSH", "s", "d"),
                        cmd("RPOPLPUSH", "s", "d"), cmd("LRANGE", "d", "0", "-1"), cmd("LLEN", "s")),
                fresh("rpoplpush wrong type", cmd("SET", "str", "v"), cmd("RPUSH", "l", "a"), cmd("RPOPLPUSH", "l", "str"),
                        cmd("RPOPLPUSH", "str", "l")),
                fresh("move wrong arity", cmd("LMOVE", "s", "d", "LEFT"), cmd("RPOPLPUSH", "s")));
    }

    @Test
    void lmpop_parsingAndPops_matchRedis() {
        same(
                fresh("lmpop first non-empty key", cmd("RPUSH", "b", "1", "2", "3"), cmd("LMPOP", "3", "a", "b", "c", "LEFT"),
                        cmd("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "10"), cmd("LLEN", "b")),
                fresh("lmpop count", cmd("RPUSH", "a", "1", "2", "3", "4"), cmd("LMPOP", "1", "a", "left", "count", "2"),
                        cmd("LMPOP", "1", "a", "RIGHT", "COUNT", "1")),
                fresh("lmpop nothing", cmd("LMPOP", "2", "a", "b", "LEFT")),
                fresh("lmpop numkeys errors", cmd("LMPOP", "0", "a", "LEFT"), cmd("LMPOP", "-1", "a", "LEFT"),
                        cmd("LMPOP", "x", "a", "LEFT"), cmd("LMPOP", "2", "a", "LEFT"),
                        cmd("LMPOP", "9223372036854775807", "a", "LEFT"), cmd("LMPOP", "3", "a", "b", "LEFT")),
                fresh("lmpop where and count errors", cmd("LMPOP", "1", "a", "UP"), cmd("LMPOP", "1", "a", "LEFT", "COUNT"),
                        cmd("LMPOP", "1", "a", "LEFT", "COUNT", "0"), cmd("LMPOP", "1", "a", "LEFT", "COUNT", "-1"),
                        cmd("LMPOP", "1", "a", "LEFT", "COUNT", "x"), cmd("LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "1"),
                        cmd("LMPOP", "1", "a", "LEFT", "FOO")),
                fresh("lmpop wrong type", cmd("SET", "s", "v"), cmd("RPUSH", "l", "x"), cmd("LMPOP", "2", "s", "l", "LEFT"),
                        cmd("LMPOP", "2", "l", "s", "LEFT"), cmd("LMPOP", "2", "l", "s", "LEFT")),
                fresh("lmpop wrong arity", cmd("LMPOP", "1", "a")));
    }

    /** A change to a watched list, by this very client too, fails the EXEC; a command that changes nothing does not. */
    @Test
    void watch_writesToAList_touchTheKeyAsRedisDoes() {
        String[][] writes = {
            cmd("LPUSH", "l", "x"), cmd("RPUSHX", "l", "x"), cmd("LPOP", "l"), cmd("RPOP", "l", "5"), cmd("LSET", "l", "0", "x"),
            cmd("LINSERT", "l", "BEFORE", "a", "x"), cmd("LREM", "l", "1", "a"), cmd("LTRIM", "l", "0", "-1"),
            cmd("LMOVE", "l", "other", "LEFT", "LEFT"), cmd("LMOVE", "other", "l", "LEFT", "LEFT"),
            cmd("RPOPLPUSH", "l", "l"), cmd("LMPOP", "1", "l", "LEFT"), cmd("BLPOP", "l", "0"),
            cmd("BLMOVE", "l", "d", "LEFT", "LEFT", "0"), cmd("LPOP", "l", "0"),
            cmd("LINSERT", "l", "BEFORE", "nothere", "x"), cmd("LREM", "l", "1", "nothere"), cmd("LPUSHX", "missing", "x"),
            cmd("LSET", "l", "99", "x"), cmd("LRANGE", "l", "0", "-1"), cmd("LPOS", "l", "a")};
        java.util.List<dev.sabaody.kv.resp.DifferentialHarness.Case> cases = new java.util.ArrayList<>();
        for (String[] write : writes) {
            cases.add(fresh("watch then " + String.join(" ", write), cmd("RPUSH", "l", "a", "b"),
                    cmd("RPUSH", "other", "o"), cmd("WATCH", "l"), write, cmd("MULTI"), cmd("PING"), cmd("EXEC")));
        }
        same(cases.toArray(dev.sabaody.kv.resp.DifferentialHarness.Case[]::new));
    }

    @Test
    void resp3_nullsAndArrays_matchRedis() {
        same(fresh("resp3 list replies", cmd("HELLO", "3"), cmd("LPOP", "l"), cmd("LPOP", "l", "1"), cmd("LINDEX", "l", "0"),
                        cmd("LMPOP", "1", "l", "LEFT"), cmd("LPOS", "l", "a"), cmd("RPOPLPUSH", "l", "d"),
                        cmd("RPUSH", "l", "a", "b"), cmd("LMPOP", "1", "l", "LEFT"), cmd("LPOS", "l", "b", "COUNT", "0"),
                        cmd("BLPOP", "l", "0"), cmd("LRANGE", "l", "0", "-1"))
                .ignoring(":\\d+(?=\\\\r\\\\n\\$4\\\\r\\\\nmode)"));
    }
}
