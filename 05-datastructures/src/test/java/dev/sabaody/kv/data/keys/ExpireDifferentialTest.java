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
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME and PERSIST against real
 * Redis, byte for byte. Both servers read their real clocks here, so relative times are compared
 * only in whole seconds (TTL rounds to the nearest second) and absolute ones are fixed dates; the
 * countdown itself is tested on a manual clock in {@link ExpiryTest}.
 */
class ExpireDifferentialTest {

    /** 2100-01-01T00:00:00Z in Unix seconds: far enough in the future for any run. */
    private static final String Y2100 = "4102444800";
    private static final String Y2100_MS = "4102444800000";

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
    void expire_eachCommandAndUnit_setsTheTimeRedisSets() {
        check(
                fresh("expire then ttl", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100"), cmd("TTL", "k"),
                        cmd("EXISTS", "k")),
                fresh("pexpire then ttl", cmd("SET", "k", "v"), cmd("PEXPIRE", "k", "100000"), cmd("TTL", "k")),
                fresh("expireat then expiretime", cmd("SET", "k", "v"), cmd("EXPIREAT", "k", Y2100),
                        cmd("EXPIRETIME", "k"), cmd("PEXPIRETIME", "k")),
                fresh("pexpireat then both absolute forms, seconds rounded",
                        cmd("SET", "k", "v"), cmd("PEXPIREAT", "k", "4102444800499"), cmd("EXPIRETIME", "k"),
                        cmd("PEXPIRETIME", "k"), cmd("PEXPIREAT", "k", "4102444800500"), cmd("EXPIRETIME", "k")),
                fresh("expire on a missing key", cmd("EXPIRE", "nokey", "10"), cmd("PEXPIRE", "nokey", "10"),
                        cmd("EXPIREAT", "nokey", Y2100), cmd("PEXPIREAT", "nokey", Y2100_MS), cmd("EXISTS", "nokey")),
                fresh("a later expire replaces the time", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100"),
                        cmd("EXPIRE", "k", "200"), cmd("TTL", "k")),
                fresh("set drops the ttl", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100"), cmd("SET", "k", "w"),
                        cmd("TTL", "k")));
    }

    @Test
    void expire_timeInThePast_deletesTheKeyAndAnswersOne() {
        check(
                fresh("expire 0", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "0"), cmd("EXISTS", "k"), cmd("TTL", "k")),
                fresh("expire negative", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "-10"), cmd("GET", "k")),
                fresh("pexpire negative", cmd("SET", "k", "v"), cmd("PEXPIRE", "k", "-1"), cmd("DBSIZE")),
                fresh("expireat 1", cmd("SET", "k", "v"), cmd("EXPIREAT", "k", "1"), cmd("EXISTS", "k")),
                fresh("pexpireat 0", cmd("SET", "k", "v"), cmd("PEXPIREAT", "k", "0"), cmd("EXISTS", "k")),
                fresh("expireat far negative", cmd("SET", "k", "v"),
                        cmd("EXPIREAT", "k", "-9223372036854775"), cmd("EXISTS", "k")),
                fresh("pexpire most negative", cmd("SET", "k", "v"),
                        cmd("PEXPIRE", "k", "-9223372036854775808"), cmd("EXISTS", "k")));
    }

    @Test
    void expire_overflow_answersInvalidExpireTimeNamingTheCommand() {
        check(
                fresh("expire seconds overflow the conversion", cmd("SET", "k", "v"),
                        cmd("EXPIRE", "k", "9223372036854776"), cmd("EXPIRE", "k", "-9223372036854776")),
                fresh("expire overflows with now added", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "9223372036854775")),
                fresh("pexpire overflows with now added", cmd("SET", "k", "v"),
                        cmd("PEXPIRE", "k", "9223372036854775807")),
                fresh("expireat overflows the conversion", cmd("SET", "k", "v"),
                        cmd("EXPIREAT", "k", "9223372036854776")),
                fresh("expireat at the largest time", cmd("SET", "k", "v"),
                        cmd("EXPIREAT", "k", "9223372036854775"), cmd("EXPIRETIME", "k"), cmd("PEXPIRETIME", "k")),
                fresh("pexpireat has no base to overflow with", cmd("SET", "k", "v"),
                        cmd("PEXPIREAT", "k", "9223372036854775807"), cmd("PEXPIRETIME", "k")),
                fresh("overflow is checked before the key", cmd("EXPIRE", "nokey", "9223372036854776")));
    }

    @Test
    void expire_badArguments_answerRedisErrorsInRedisOrder() {
        check(
                fresh("not an integer", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "abc"), cmd("PEXPIRE", "k", "1.5"),
                        cmd("EXPIREAT", "k", ""), cmd("PEXPIREAT", "k", " 1")),
                fresh("unknown option", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "10", "foo"),
                        cmd("PEXPIRE", "k", "10", "NX", "bar")),
                fresh("options are read before the number", cmd("EXPIRE", "k", "abc", "foo"),
                        cmd("EXPIRE", "k", "abc", "nx")),
                fresh("option with a newline and a NUL", cmd("EXPIRE", "k", "10", "a\r\nb"),
                        cmd("EXPIRE", "k", "10", "x\u0000y")),
                fresh("NX with the others", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "10", "NX", "XX"),
                        cmd("EXPIRE", "k", "10", "nx", "gt"), cmd("EXPIRE", "k", "10", "LT", "NX")),
                fresh("GT with LT", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "10", "GT", "LT")),
                fresh("NX and GT and LT: the NX error first", cmd("EXPIRE", "k", "10", "GT", "LT", "NX")),
                fresh("wrong arity", cmd("EXPIRE", "k"), cmd("PEXPIRE"), cmd("EXPIREAT", "k"), cmd("PEXPIREAT", "k"),
                        cmd("TTL"), cmd("TTL", "a", "b"), cmd("PTTL"), cmd("EXPIRETIME"), cmd("PEXPIRETIME", "a", "b"),
                        cmd("PERSIST"), cmd("PERSIST", "a", "b")));
    }

    @Test
    void expire_conditions_followRedis7Rules() {
        check(
                fresh("NX on a key without ttl, then with", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100", "NX"),
                        cmd("EXPIRE", "k", "200", "NX"), cmd("TTL", "k")),
                fresh("XX on a key without ttl, then with", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100", "XX"),
                        cmd("TTL", "k"), cmd("EXPIRE", "k", "100"), cmd("EXPIRE", "k", "200", "xx"), cmd("TTL", "k")),
                fresh("GT: no ttl is infinite, so GT never applies", cmd("SET", "k", "v"),
                        cmd("EXPIRE", "k", "100", "GT"), cmd("TTL", "k")),
                fresh("GT: later applies, earlier and equal do not", cmd("SET", "k", "v"),
                        cmd("EXPIREAT", "k", Y2100), cmd("EXPIREAT", "k", "4102444700", "GT"),
                        cmd("EXPIREAT", "k", Y2100, "GT"), cmd("EXPIREAT", "k", "4102444900", "GT"),
                        cmd("EXPIRETIME", "k")),
                fresh("LT: no ttl is infinite, so LT always applies", cmd("SET", "k", "v"),
                        cmd("EXPIRE", "k", "100", "LT"), cmd("TTL", "k")),
                fresh("LT: earlier applies, later and equal do not", cmd("SET", "k", "v"),
                        cmd("EXPIREAT", "k", Y2100), cmd("EXPIREAT", "k", "4102444900", "LT"),
                        cmd("EXPIREAT", "k", Y2100, "lt"), cmd("EXPIREAT", "k", "4102444700", "LT"),
                        cmd("EXPIRETIME", "k")),
                fresh("XX and GT together", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100", "XX", "GT"),
                        cmd("EXPIRE", "k", "100"), cmd("EXPIRE", "k", "200", "XX", "GT"), cmd("TTL", "k")),
                fresh("LT into the past deletes", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100"),
                        cmd("EXPIRE", "k", "-1", "LT"), cmd("EXISTS", "k")),
                fresh("GT into the past is refused", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100"),
                        cmd("EXPIRE", "k", "-1", "GT"), cmd("EXISTS", "k")),
                fresh("conditions on a missing key", cmd("EXPIRE", "k", "100", "NX"), cmd("EXPIRE", "k", "100", "LT")),
                fresh("a repeated option is fine", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100", "NX", "nx")));
    }

    @Test
    void ttlFamily_missingAndPersistentKeys_answerMinusTwoAndMinusOne() {
        check(
                fresh("missing", cmd("TTL", "k"), cmd("PTTL", "k"), cmd("EXPIRETIME", "k"), cmd("PEXPIRETIME", "k")),
                fresh("no ttl", cmd("SET", "k", "v"), cmd("TTL", "k"), cmd("PTTL", "k"), cmd("EXPIRETIME", "k"),
                        cmd("PEXPIRETIME", "k")));
    }

    @Test
    void persist_removesTheTtlOnly() {
        check(
                fresh("persist a key with ttl", cmd("SET", "k", "v"), cmd("EXPIRE", "k", "100"), cmd("PERSIST", "k"),
                        cmd("TTL", "k"), cmd("GET", "k"), cmd("PERSIST", "k")),
                fresh("persist a key without ttl", cmd("SET", "k", "v"), cmd("PERSIST", "k")),
                fresh("persist a missing key", cmd("PERSIST", "k")));
    }
}
