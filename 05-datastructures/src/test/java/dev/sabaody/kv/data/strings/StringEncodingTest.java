package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.data.DataTests.cmd;
import static dev.sabaody.kv.data.DataTests.fresh;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.RedisOracle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * OBJECT ENCODING of strings as Redis names them, which depends on the command that wrote the
 * value and not only on its bytes: a string APPENDed to, SETRANGEd, SETBITed or BITFIELDed is
 * "raw" however short (dbUnshareStringValue), a HyperLogLog is "raw" from birth (createHLLObject),
 * INCRBYFLOAT's result is "embstr" even when it reads as an integer, and any new value (SET,
 * GETSET, INCR) starts over by its bytes. Compared with Redis byte for byte, then by a property
 * over random sequences of string writes.
 */
class StringEncodingTest {

    private static DataServer server;

    @BeforeContainer
    static void start() {
        server = DataTests.start();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    private static String[] enc(String key) {
        return cmd("OBJECT", "ENCODING", key);
    }

    @Test
    void objectEncoding_afterEachStringWrite_sameAsRedis() {
        try (DataServer own = DataTests.start()) { // JUnit's lifecycle, not jqwik's container hooks
            assertEachSameAsRedis(own.port());
        }
    }

    private static void assertEachSameAsRedis(int port) {
        String a43 = "a".repeat(43);
        String a44 = "a".repeat(44);
        DataTests.assertSameAsRedis(port,
                fresh("hyperloglog", cmd("PFADD", "h", "a"), enc("h"), cmd("PFCOUNT", "h"), enc("h"),
                        cmd("PFADD", "h", "a"), enc("h"), cmd("PFMERGE", "m", "h"), enc("m"),
                        cmd("PFADD", "e"), enc("e"), cmd("PFDEBUG", "ENCODING", "h"), enc("h"),
                        cmd("COPY", "h", "c"), enc("c")),
                fresh("append to an existing key", cmd("SET", "k", "abc"), cmd("APPEND", "k", "d"), enc("k"),
                        cmd("GET", "k"), enc("k"), cmd("STRLEN", "k"), enc("k"),
                        cmd("SET", "e", "abc"), cmd("APPEND", "e", ""), enc("e"),
                        cmd("SET", "i", "5"), cmd("APPEND", "i", "1"), enc("i"), cmd("INCR", "i"), enc("i")),
                fresh("append creating the key", cmd("APPEND", "n", "123"), enc("n"), cmd("APPEND", "s", "xyz"),
                        enc("s"), cmd("APPEND", "n", "4"), enc("n"), cmd("GETRANGE", "n", "0", "1"), enc("n")),
                fresh("setrange", cmd("SETRANGE", "s", "0", "12"), enc("s"), cmd("SET", "t", "abc"),
                        cmd("SETRANGE", "t", "0", ""), enc("t"), cmd("SETRANGE", "t", "0", "x"), enc("t"),
                        cmd("SET", "x", "123"), cmd("SETRANGE", "x", "5", ""), enc("x"),
                        cmd("SETRANGE", "x", "1", "9"), enc("x"), cmd("SETRANGE", "none", "3", ""), enc("none")),
                fresh("a new value starts over", cmd("SET", "a", "hello"), cmd("APPEND", "a", "x"),
                        cmd("GETSET", "a", "zz"), enc("a"), cmd("APPEND", "a", "y"), cmd("SET", "a", "q", "GET"), enc("a"),
                        cmd("APPEND", "a", "1"), cmd("SET", "a", "12"), enc("a"), cmd("APPEND", "a", "3"),
                        cmd("MSET", "a", "x", "b", "y"), enc("a"), cmd("APPEND", "a", "3"), cmd("SETEX", "a", "100", "v"),
                        enc("a"), cmd("APPEND", "a", "3"), cmd("DEL", "a"), cmd("SETNX", "a", "77"), enc("a")),
                fresh("44 and 45 bytes", cmd("SET", "l", a44), enc("l"), cmd("SET", "l", a44 + "a"), enc("l"),
                        cmd("SET", "l", a43), cmd("APPEND", "l", "a"), enc("l"), cmd("APPEND", "m", a44 + "a"), enc("m"),
                        cmd("SETRANGE", "r", "0", a44), enc("r"), cmd("SET", "d", "12345678901234567890"), enc("d"),
                        cmd("SET", "d", "-9223372036854775808"), enc("d"), cmd("SET", "d", "9223372036854775808"), enc("d"),
                        cmd("SET", "d", "01"), enc("d"), cmd("SET", "d", "-0"), enc("d")),
                fresh("counters", cmd("SET", "f", "10.5"), cmd("INCRBYFLOAT", "f", "0.5"), enc("f"),
                        cmd("OBJECT", "REFCOUNT", "f"), cmd("INCRBYFLOAT", "g", "3"), enc("g"),
                        cmd("INCRBYFLOAT", "g", "1e40"), enc("g"), cmd("INCRBYFLOAT", "g", "1e60"), enc("g"),
                        cmd("SET", "f", "5"), cmd("INCRBYFLOAT", "f", "0"), enc("f"), cmd("INCR", "f"), enc("f"),
                        cmd("APPEND", "f", "0"), cmd("INCRBY", "f", "10000"), enc("f"), cmd("OBJECT", "REFCOUNT", "f"),
                        cmd("DECR", "c"), enc("c"), cmd("INCRBY", "c", "123456789012"), enc("c")),
                fresh("bitmaps", cmd("SETBIT", "b", "1", "1"), enc("b"), cmd("SET", "i", "12"), cmd("SETBIT", "i", "1", "1"),
                        enc("i"), cmd("SET", "s", "s"), cmd("GETBIT", "s", "0"), enc("s"), cmd("BITFIELD", "s", "GET", "u8", "0"),
                        enc("s"), cmd("BITFIELD", "s", "SET", "u8", "0", "1"), enc("s"),
                        cmd("BITFIELD", "n", "INCRBY", "u8", "0", "1"), enc("n"), cmd("SET", "p", "foo"),
                        cmd("BITOP", "AND", "dst", "p", "p"), enc("dst"), cmd("BITOP", "NOT", "dst2", "p"), enc("dst2"),
                        cmd("SET", "q", "7"), cmd("BITCOUNT", "q"), enc("q")),
                fresh("the object moves with its key", cmd("SET", "k", "v"), cmd("APPEND", "k", "w"),
                        cmd("EXPIRE", "k", "100"), enc("k"), cmd("PERSIST", "k"), enc("k"), cmd("COPY", "k", "c"), enc("c"),
                        cmd("RENAME", "k", "r"), enc("r"), cmd("MOVE", "r", "1"), cmd("SELECT", "1"), enc("r"),
                        cmd("GETEX", "r", "EX", "50"), enc("r"), cmd("GETDEL", "r"), enc("r"),
                        cmd("SET", "n", "5"), cmd("COPY", "n", "n2"), enc("n2"), cmd("INCRBYFLOAT", "n", "1"),
                        cmd("COPY", "n", "n3"), enc("n3")));
    }

    private static Object call(Jedis jedis, String... args) {
        return jedis.sendCommand(Protocol.Command.valueOf(args[0]), java.util.Arrays.copyOfRange(args, 1, args.length));
    }

    @Provide
    static Arbitrary<List<String[]>> writes() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.of("", "0", "1", "42", "-7", "9999", "10000", "3.5", "1e3", "x", "01"),
                Arbitraries.strings().withChars("ab7").ofMinLength(40).ofMaxLength(48));
        Arbitrary<String> keys = Arbitraries.of("k", "j");
        Arbitrary<String[]> write = Arbitraries.oneOf(
                Arbitraries.lazy(() -> net.jqwik.api.Combinators.combine(keys, values).as((k, v) -> cmd("SET", k, v))),
                net.jqwik.api.Combinators.combine(keys, values).as((k, v) -> cmd("APPEND", k, v)),
                net.jqwik.api.Combinators.combine(keys, values, Arbitraries.integers().between(0, 50))
                        .as((k, v, o) -> cmd("SETRANGE", k, Integer.toString(o), v)),
                net.jqwik.api.Combinators.combine(keys, values).as((k, v) -> cmd("GETSET", k, v)),
                keys.map(k -> cmd("INCR", k)),
                net.jqwik.api.Combinators.combine(keys, Arbitraries.of("0", "0.5", "1", "-3", "1e30"))
                        .as((k, v) -> cmd("INCRBYFLOAT", k, v)),
                net.jqwik.api.Combinators.combine(keys, Arbitraries.integers().between(0, 400))
                        .as((k, b) -> cmd("SETBIT", k, Integer.toString(b), "1")),
                keys.map(k -> cmd("GET", k)),
                keys.map(k -> cmd("PFADD", k, "e")),
                keys.map(k -> cmd("DEL", k)),
                Arbitraries.just(cmd("COPY", "k", "j", "REPLACE")),
                Arbitraries.just(cmd("RENAME", "j", "k")));
        return write.list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 150)
    void objectEncoding_anySequenceOfStringWrites_sameAsRedis(@ForAll("writes") List<String[]> writes) {
        try (Jedis redis = new Jedis("127.0.0.1", RedisOracle.port());
             Jedis ours = new Jedis("127.0.0.1", server.port())) {
            List<String> trace = new ArrayList<>();
            for (Jedis j : List.of(redis, ours)) {
                call(j, "FLUSHALL");
            }
            for (String[] w : writes) {
                trace.add(String.join(" ", w));
                for (Jedis j : List.of(redis, ours)) {
                    try {
                        call(j, w);
                    } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                        // WRONGTYPE, not an integer, no such key: the comparison is of encodings
                    }
                }
                for (String key : List.of("k", "j")) {
                    Object theirs = call(redis, "OBJECT", "ENCODING", key);
                    Object mine = call(ours, "OBJECT", "ENCODING", key);
                    Assertions.assertEquals(text(theirs), text(mine), key + " after " + trace);
                }
            }
        }
    }

    private static String text(Object reply) {
        return reply == null ? null : new String((byte[]) reply, StandardCharsets.US_ASCII);
    }
}
