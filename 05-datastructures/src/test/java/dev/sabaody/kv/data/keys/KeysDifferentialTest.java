package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.data.DataTests.cmd;
import static dev.sabaody.kv.data.DataTests.fresh;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every keys command but the expiry ones ({@link ExpireDifferentialTest}) against real Redis, byte
 * for byte, errors included. Replies whose order is the table's (KEYS, SCAN with many keys) are
 * compared here only where they hold at most one key; {@link KeysOrderFreeTest} compares the rest
 * as sets.
 */
class KeysDifferentialTest {

    /** Escaped "id\r\n:123" in HELLO's reply: the connection id, which differs between servers. */
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
    void delAndUnlink_countKeysThatExisted() {
        check(
                fresh("del counts each existing key once", cmd("SET", "a", "1"), cmd("SET", "b", "2"),
                        cmd("DEL", "a", "b", "c", "a"), cmd("EXISTS", "a", "b")),
                fresh("unlink counts each existing key once", cmd("SET", "a", "1"), cmd("SET", "b", "2"),
                        cmd("UNLINK", "a", "c", "b", "b"), cmd("DBSIZE")),
                fresh("del of nothing", cmd("DEL", "nokey")),
                fresh("del drops the ttl with the key", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100"),
                        cmd("DEL", "k"), cmd("SET", "k", "w"), cmd("TTL", "k")),
                fresh("wrong arity", cmd("DEL"), cmd("UNLINK")));
    }

    @Test
    void existsTypeTouch_answerAsRedis() {
        check(
                fresh("exists counts repeats", cmd("SET", "a", "1"), cmd("EXISTS", "a", "a", "b", "a"), cmd("EXISTS", "b")),
                fresh("type", cmd("SET", "k", "v"), cmd("TYPE", "k"), cmd("TYPE", "nokey"), cmd("SET", "n", "12"),
                        cmd("TYPE", "n")),
                fresh("touch counts existing keys", cmd("SET", "a", "1"), cmd("TOUCH", "a", "a", "b"), cmd("TOUCH", "b")),
                fresh("wrong arity", cmd("EXISTS"), cmd("TYPE"), cmd("TYPE", "a", "b"), cmd("TOUCH")));
    }

    @Test
    void rename_movesValueAndTtl() {
        check(
                fresh("rename to a new key", cmd("SET", "a", "1"), cmd("RENAME", "a", "b"), cmd("GET", "a"),
                        cmd("GET", "b")),
                fresh("rename overwrites, taking the source ttl", cmd("SET", "a", "1"), cmd("EXPIRE", "a", "100"),
                        cmd("SET", "b", "2"), cmd("RENAME", "a", "b"), cmd("GET", "b"), cmd("TTL", "b"),
                        cmd("EXISTS", "a")),
                fresh("rename a persistent key over one with a ttl", cmd("SET", "a", "1"), cmd("SET", "b", "2"),
                        cmd("EXPIRE", "b", "100"), cmd("RENAME", "a", "b"), cmd("TTL", "b")),
                fresh("rename a missing key", cmd("RENAME", "a", "b"), cmd("RENAMENX", "a", "b")),
                fresh("rename a missing key to itself", cmd("RENAME", "a", "a"), cmd("RENAMENX", "a", "a")),
                fresh("rename a key to itself", cmd("SET", "a", "1"), cmd("EXPIRE", "a", "100"),
                        cmd("RENAME", "a", "a"), cmd("RENAMENX", "a", "a"), cmd("TTL", "a"), cmd("GET", "a")),
                fresh("renamenx onto an existing key", cmd("SET", "a", "1"), cmd("SET", "b", "2"),
                        cmd("RENAMENX", "a", "b"), cmd("GET", "a"), cmd("GET", "b")),
                fresh("renamenx to a new key", cmd("SET", "a", "1"), cmd("EXPIRE", "a", "100"),
                        cmd("RENAMENX", "a", "b"), cmd("TTL", "b"), cmd("EXISTS", "a")),
                fresh("wrong arity", cmd("RENAME", "a"), cmd("RENAME", "a", "b", "c"), cmd("RENAMENX", "a")));
    }

    @Test
    void copy_copiesValueAndTtl() {
        check(
                fresh("copy to a new key", cmd("SET", "a", "1"), cmd("EXPIRE", "a", "100"), cmd("COPY", "a", "b"),
                        cmd("GET", "b"), cmd("TTL", "b"), cmd("GET", "a")),
                fresh("copy is independent of its source", cmd("SET", "a", "1"), cmd("COPY", "a", "b"),
                        cmd("SET", "a", "2"), cmd("GET", "b")),
                fresh("copy onto an existing key without and with REPLACE", cmd("SET", "a", "1"),
                        cmd("SET", "b", "2"), cmd("EXPIRE", "b", "100"), cmd("COPY", "a", "b"), cmd("GET", "b"),
                        cmd("COPY", "a", "b", "replace"), cmd("GET", "b"), cmd("TTL", "b")),
                fresh("copy a missing key", cmd("COPY", "a", "b"), cmd("COPY", "a", "b", "REPLACE"), cmd("EXISTS", "b")),
                fresh("copy to another database", cmd("SET", "a", "1"), cmd("COPY", "a", "a", "DB", "1"),
                        cmd("COPY", "a", "b", "db", "2", "REPLACE"), cmd("SELECT", "1"), cmd("GET", "a"),
                        cmd("SELECT", "2"), cmd("GET", "b"), cmd("COPY", "b", "b", "DB", "0"), cmd("SELECT", "0"),
                        cmd("GET", "b")),
                fresh("copy onto itself", cmd("SET", "a", "1"), cmd("COPY", "a", "a"), cmd("COPY", "a", "a", "DB", "0"),
                        cmd("COPY", "nokey", "nokey")),
                fresh("copy with a bad database", cmd("SET", "a", "1"), cmd("COPY", "a", "b", "DB", "16"),
                        cmd("COPY", "a", "b", "DB", "-1"), cmd("COPY", "a", "b", "DB", "x"),
                        cmd("COPY", "a", "b", "DB", "99999999999"), cmd("COPY", "a", "b", "DB")),
                fresh("copy with a bad option", cmd("SET", "a", "1"), cmd("COPY", "a", "b", "foo"),
                        cmd("COPY", "a", "b", "REPLACE", "foo"), cmd("COPY", "a", "b", "DB", "16", "foo"),
                        cmd("COPY", "a", "b", "foo", "DB", "16")),
                fresh("the last DB wins", cmd("SET", "a", "1"), cmd("COPY", "a", "a", "DB", "1", "DB", "0"),
                        cmd("COPY", "a", "a", "DB", "0", "DB", "1")),
                fresh("wrong arity", cmd("COPY", "a")));
    }

    @Test
    void move_movesToAnotherDatabase() {
        check(
                fresh("move a key with its ttl", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100"),
                        cmd("MOVE", "k", "1"), cmd("EXISTS", "k"), cmd("SELECT", "1"), cmd("GET", "k"), cmd("TTL", "k")),
                fresh("move onto an existing key", cmd("SET", "k", "v"), cmd("SELECT", "1"), cmd("SET", "k", "w"),
                        cmd("SELECT", "0"), cmd("MOVE", "k", "1"), cmd("GET", "k"), cmd("SELECT", "1"), cmd("GET", "k")),
                fresh("move a missing key", cmd("MOVE", "k", "1")),
                fresh("move to the same database", cmd("SET", "k", "v"), cmd("MOVE", "k", "0"), cmd("MOVE", "nokey", "0")),
                fresh("move with a bad database", cmd("SET", "k", "v"), cmd("MOVE", "k", "16"), cmd("MOVE", "k", "-1"),
                        cmd("MOVE", "k", "x"), cmd("MOVE", "k", "99999999999"), cmd("MOVE", "nokey", "16")),
                fresh("wrong arity", cmd("MOVE", "k"), cmd("MOVE", "k", "1", "2")));
    }

    @Test
    void keys_singleMatches_answerAsRedis() {
        check(
                fresh("empty database", cmd("KEYS", "*")),
                fresh("one key", cmd("SET", "hello", "1"), cmd("KEYS", "*"), cmd("KEYS", "h?llo"), cmd("KEYS", "h*o"),
                        cmd("KEYS", "hello"), cmd("KEYS", "help")),
                fresh("classes and escapes", cmd("SET", "hello", "1"), cmd("KEYS", "h[ae]llo"), cmd("KEYS", "h[^e]llo"),
                        cmd("KEYS", "h[a-f]llo"), cmd("KEYS", "h[f-a]llo"), cmd("KEYS", "h\\ello"), cmd("KEYS", "h[e"),
                        cmd("KEYS", "H*")),
                fresh("a star in a key", cmd("SET", "a*b", "1"), cmd("KEYS", "a\\*b"), cmd("KEYS", "a\\*")),
                fresh("wrong arity", cmd("KEYS"), cmd("KEYS", "a", "b")));
    }

    @Test
    void scan_errorsAndSmallDatabases_answerAsRedis() {
        check(
                fresh("empty database", cmd("SCAN", "0")),
                fresh("one key", cmd("SET", "k", "v"), cmd("SCAN", "0"), cmd("SCAN", "0", "MATCH", "k*"),
                        cmd("SCAN", "0", "MATCH", "x*"), cmd("SCAN", "0", "match", "*"), cmd("SCAN", "0", "COUNT", "1000")),
                fresh("type filter", cmd("SET", "k", "v"), cmd("SCAN", "0", "TYPE", "string"),
                        cmd("SCAN", "0", "TYPE", "STRING"), cmd("SCAN", "0", "TYPE", "hash"),
                        cmd("SCAN", "0", "TYPE", "none"), cmd("SCAN", "0", "TYPE", "nosuch")),
                fresh("cursor forms strtoul accepts", cmd("SET", "k", "v"), cmd("SCAN", ""), cmd("SCAN", "+0"),
                        cmd("SCAN", "-0"), cmd("SCAN", "00")),
                fresh("invalid cursors", cmd("SCAN", "x"), cmd("SCAN", " 0"), cmd("SCAN", "0 "), cmd("SCAN", "0x10"),
                        cmd("SCAN", "18446744073709551616"), cmd("SCAN", "-18446744073709551616"), cmd("SCAN", "+"),
                        cmd("SCAN", "-"), cmd("SCAN", "1.5")),
                fresh("the cursor is checked before the options", cmd("SCAN", "x", "COUNT", "0")),
                fresh("bad options", cmd("SCAN", "0", "COUNT", "0"), cmd("SCAN", "0", "COUNT", "-1"),
                        cmd("SCAN", "0", "COUNT", "x"), cmd("SCAN", "0", "COUNT"), cmd("SCAN", "0", "MATCH"),
                        cmd("SCAN", "0", "TYPE"), cmd("SCAN", "0", "FOO", "bar"), cmd("SCAN", "0", "COUNT", "99999999999999999999")),
                fresh("wrong arity", cmd("SCAN")));
    }

    @Test
    void randomkeyAndDbsize_answerAsRedis() {
        check(
                fresh("randomkey on an empty database", cmd("RANDOMKEY")),
                fresh("randomkey with one key", cmd("SET", "k", "v"), cmd("RANDOMKEY")),
                fresh("dbsize", cmd("DBSIZE"), cmd("SET", "a", "1"), cmd("SET", "b", "1"), cmd("DBSIZE"),
                        cmd("SELECT", "1"), cmd("DBSIZE")),
                fresh("wrong arity", cmd("RANDOMKEY", "x"), cmd("DBSIZE", "x")));
    }

    @Test
    void swapdb_swapsContentsAndChecksIndexes() {
        check(
                fresh("swap two databases", cmd("SET", "k", "zero"), cmd("SELECT", "1"), cmd("SET", "k", "one"),
                        cmd("SET", "only1", "x"), cmd("SWAPDB", "0", "1"), cmd("GET", "k"), cmd("DBSIZE"),
                        cmd("SELECT", "0"), cmd("GET", "k"), cmd("DBSIZE")),
                fresh("swap with itself", cmd("SET", "k", "v"), cmd("SWAPDB", "0", "0"), cmd("GET", "k")),
                fresh("the ttl moves with the key", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100"),
                        cmd("SWAPDB", "0", "5"), cmd("SELECT", "5"), cmd("TTL", "k")),
                fresh("bad indexes", cmd("SWAPDB", "a", "1"), cmd("SWAPDB", "0", "b"), cmd("SWAPDB", "0", "16"),
                        cmd("SWAPDB", "-1", "0"), cmd("SWAPDB", "99999999999", "0"), cmd("SWAPDB", "0", "99999999999"),
                        cmd("SWAPDB", "a", "b")),
                fresh("a swap fails a transaction watching a key on either side", cmd("SELECT", "1"),
                        cmd("SET", "k", "v"), cmd("SELECT", "0"), cmd("WATCH", "k"), cmd("SWAPDB", "0", "1"),
                        cmd("MULTI"), cmd("GET", "k"), cmd("EXEC")),
                fresh("a watched key in neither database is untouched", cmd("SET", "other", "v"), cmd("WATCH", "k"),
                        cmd("SWAPDB", "0", "1"), cmd("MULTI"), cmd("GET", "k"), cmd("EXEC")),
                fresh("wrong arity", cmd("SWAPDB", "0"), cmd("SWAPDB", "0", "1", "2")));
    }

    @Test
    void object_subcommands_answerAsRedis() {
        check(
                fresh("encodings of strings", cmd("SET", "i", "12345"), cmd("SET", "e", "hello"),
                        cmd("SET", "r", "a".repeat(45)), cmd("SET", "e44", "b".repeat(44)), cmd("SET", "neg", "-7"),
                        cmd("SET", "big", "123456789012345678901"),
                        cmd("OBJECT", "ENCODING", "i"), cmd("OBJECT", "encoding", "e"), cmd("OBJECT", "ENCODING", "r"),
                        cmd("OBJECT", "ENCODING", "e44"), cmd("OBJECT", "ENCODING", "neg"),
                        cmd("OBJECT", "ENCODING", "big")),
                fresh("refcount", cmd("SET", "small", "5"), cmd("SET", "edge", "9999"), cmd("SET", "large", "10000"),
                        cmd("SET", "neg", "-1"), cmd("SET", "s", "abc"), cmd("OBJECT", "REFCOUNT", "small"),
                        cmd("OBJECT", "REFCOUNT", "edge"), cmd("OBJECT", "REFCOUNT", "large"),
                        cmd("OBJECT", "REFCOUNT", "neg"), cmd("OBJECT", "REFCOUNT", "s")),
                fresh("idletime of a fresh key", cmd("SET", "k", "v"), cmd("OBJECT", "IDLETIME", "k")),
                fresh("freq without an LFU policy", cmd("SET", "k", "v"), cmd("OBJECT", "FREQ", "k")),
                fresh("missing keys answer null", cmd("OBJECT", "ENCODING", "k"), cmd("OBJECT", "REFCOUNT", "k"),
                        cmd("OBJECT", "IDLETIME", "k"), cmd("OBJECT", "FREQ", "k")),
                fresh("help", cmd("OBJECT", "HELP"), cmd("object", "help")),
                fresh("errors", cmd("OBJECT"), cmd("OBJECT", "foo", "k"), cmd("OBJECT", "ENCODING"),
                        cmd("OBJECT", "ENCODING", "a", "b"), cmd("OBJECT", "HELP", "x"), cmd("OBJECT", "FREQ")));
    }

    @Test
    void resp3_nullsAndArrays_answerAsRedis() {
        check(
                fresh("resp3 nulls", cmd("HELLO", "3"), cmd("OBJECT", "ENCODING", "k"), cmd("RANDOMKEY"),
                        cmd("TYPE", "k"), cmd("TTL", "k"))
                        .ignoring(CONNECTION_ID),
                fresh("resp3 scan and keys", cmd("HELLO", "3"), cmd("SET", "k", "v"), cmd("SCAN", "0"), cmd("KEYS", "*"),
                        cmd("OBJECT", "HELP"), cmd("COPY", "k", "j"), cmd("OBJECT", "ENCODING", "j"))
                        .ignoring(CONNECTION_ID));
    }
}
