package dev.sabaody.kv.data.bloom;

import static dev.sabaody.kv.data.DataTests.cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.data.Values;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every BF.* reply and error, written out from RedisBloom (rebloom.c, sb.c, bloom.c and the command
 * pages). There is no RedisBloom here to compare with, so each expected reply is spelled out; the
 * sizes come from RedisBloom's own formulas, worked by hand in the comments.
 */
class BloomCommandsTest {

    static final String OK = "+OK\\r\\n";
    static final String ONE = ":1\\r\\n";
    static final String ZERO = ":0\\r\\n";
    static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\\r\\n";

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String run(String[]... commands) {
        return Replies.fresh(server.port(), commands);
    }

    static String err(String text) {
        return "-" + text + "\\r\\n";
    }

    @Test
    void addAndExists_newAndKnownItems_oneThenZero() {
        assertEquals(ONE + ZERO + ONE + ZERO + ZERO,
                run(cmd("BF.ADD", "bf", "hello"), cmd("BF.ADD", "bf", "hello"), cmd("BF.EXISTS", "bf", "hello"),
                        cmd("BF.EXISTS", "bf", "other"), cmd("BF.EXISTS", "missing", "hello")));
        assertEquals("*3\\r\\n:1\\r\\n:1\\r\\n:0\\r\\n" + "*4\\r\\n:1\\r\\n:1\\r\\n:1\\r\\n:0\\r\\n" + "*2\\r\\n:0\\r\\n:0\\r\\n",
                run(cmd("BF.MADD", "bf", "a", "b", "a"), cmd("BF.MEXISTS", "bf", "a", "b", "a", "zzz"),
                        cmd("BF.MEXISTS", "missing", "a", "b")));
    }

    @Test
    void addAndExists_resp3_booleans() {
        String replies = run(cmd("HELLO", "3"), cmd("BF.ADD", "bf", "x"), cmd("BF.ADD", "bf", "x"),
                cmd("BF.MEXISTS", "bf", "x", "y"));
        assertEquals("#t\\r\\n#f\\r\\n*2\\r\\n#t\\r\\n#f\\r\\n", replies.substring(replies.indexOf("#t")));
    }

    @Test
    void info_defaultFilter_redisBloomFigures() {
        // BF.ADD creates capacity 100, error 0.01, expansion 2; the first link gets 0.01 * 0.5:
        // bpe = -ln(0.005)/ln(2)^2 = 11.03, bits = floor(100 * 11.03) = 1102 -> 18 words = 144 bytes.
        // Size = sizeof(SBChain) 32 + sizeof(SBLink) 64 + 144 = 240.
        assertEquals("*10\\r\\n+Capacity\\r\\n:100\\r\\n+Size\\r\\n:240\\r\\n+Number of filters\\r\\n:1\\r\\n"
                        + "+Number of items inserted\\r\\n:1\\r\\n+Expansion rate\\r\\n:2\\r\\n",
                run(cmd("BF.ADD", "bf", "a"), cmd("BF.INFO", "bf")).substring(ONE.length()));
        assertEquals("*1\\r\\n:100\\r\\n*1\\r\\n:240\\r\\n*1\\r\\n:1\\r\\n*1\\r\\n:2\\r\\n*1\\r\\n:2\\r\\n"
                        + err("Invalid information value"),
                run(cmd("BF.MADD", "bf", "a", "b"), cmd("BF.INFO", "bf", "CAPACITY"), cmd("BF.INFO", "bf", "size"),
                        cmd("BF.INFO", "bf", "Filters"), cmd("BF.INFO", "bf", "items"),
                        cmd("BF.INFO", "bf", "expansion"), cmd("BF.INFO", "bf", "bogus"))
                        .substring("*2\\r\\n:1\\r\\n:1\\r\\n".length()));
    }

    @Test
    void info_resp3_map() {
        String replies = run(cmd("BF.ADD", "bf", "a"), cmd("HELLO", "3"), cmd("BF.INFO", "bf"));
        assertEquals("%5\\r\\n+Capacity\\r\\n:100\\r\\n+Size\\r\\n:240\\r\\n+Number of filters\\r\\n:1\\r\\n"
                + "+Number of items inserted\\r\\n:1\\r\\n+Expansion rate\\r\\n:2\\r\\n",
                replies.substring(replies.lastIndexOf("%5")));
    }

    @Test
    void info_missingWrongTypeAndArity_errors() {
        assertEquals(err("ERR not found") + OK + WRONGTYPE
                        + err("ERR wrong number of arguments for 'bf.info' command")
                        + err("ERR wrong number of arguments for 'bf.info' command"),
                run(cmd("BF.INFO", "missing"), cmd("SET", "s", "v"), cmd("BF.INFO", "s"), cmd("BF.INFO"),
                        cmd("BF.INFO", "bf", "size", "extra")));
    }

    @Test
    void reserve_nonScaling_fullFilterRefusesAndInfoHasNullExpansion() {
        // 0.01 kept whole (no tightening): bpe 9.585, bits = floor(3 * 9.585) = 28 -> 1 word, 8 bytes.
        assertEquals(OK + "*3\\r\\n:1\\r\\n:1\\r\\n:1\\r\\n" + err("ERR non scaling filter is full")
                        + "*10\\r\\n+Capacity\\r\\n:3\\r\\n+Size\\r\\n:104\\r\\n+Number of filters\\r\\n:1\\r\\n"
                        + "+Number of items inserted\\r\\n:3\\r\\n+Expansion rate\\r\\n$-1\\r\\n"
                        + "*1\\r\\n$-1\\r\\n:3\\r\\n",
                run(cmd("BF.RESERVE", "bf", "0.01", "3", "NONSCALING"), cmd("BF.MADD", "bf", "a", "b", "c"),
                        cmd("BF.ADD", "bf", "d"), cmd("BF.INFO", "bf"), cmd("BF.INFO", "bf", "EXPANSION"),
                        cmd("BF.CARD", "bf")));
    }

    @Test
    void reserve_scaling_growsByExpansionWithTighterLinks() {
        // 14 items: in a 128-bit link a few may be false positives (item-6 is), but more than 10 are new.
        String[] madd = new String[2 + 14];
        madd[0] = "BF.MADD";
        madd[1] = "bf";
        for (int i = 0; i < 14; i++) {
            madd[2 + i] = "item-" + i;
        }
        String replies = run(cmd("BF.RESERVE", "bf", "0.01", "10", "EXPANSION", "3"), madd,
                cmd("BF.INFO", "bf", "filters"), cmd("BF.INFO", "bf", "capacity"), cmd("BF.INFO", "bf", "size"));
        // Link 0: 10 at 0.005 -> floor(110.3) = 110 bits -> 2 words, 16 bytes.
        // Link 1: 30 at 0.0025 -> floor(30 * 12.47) = 374 bits -> 6 words, 48 bytes.
        // Size = 32 + 2 * 64 + 16 + 48 = 224.
        assertEquals("*1\\r\\n:2\\r\\n*1\\r\\n:40\\r\\n*1\\r\\n:224\\r\\n",
                replies.substring(replies.indexOf("*1\\r\\n")));
    }

    @Test
    void reserve_badArguments_redisBloomErrors() {
        assertEquals(err("ERR bad error rate") + err("ERR bad error rate")
                        + err("ERR (0 < error rate range < 1) ") + err("ERR (0 < error rate range < 1) ")
                        + err("ERR (0 < error rate range < 1) ") + err("ERR bad capacity")
                        + err("ERR (capacity should be larger than 0)") + err("ERR (capacity should be larger than 0)")
                        + err("ERR no expansion") + err("Nonscaling filters cannot expand")
                        + err("ERR bad expansion") + err("ERR bad expansion")
                        + err("ERR wrong number of arguments for 'bf.reserve' command")
                        + err("ERR wrong number of arguments for 'bf.reserve' command"),
                run(cmd("BF.RESERVE", "bf", "abc", "100"), cmd("BF.RESERVE", "bf", " 0.1", "100"),
                        cmd("BF.RESERVE", "bf", "0", "100"), cmd("BF.RESERVE", "bf", "1", "100"),
                        cmd("BF.RESERVE", "bf", "-0.5", "100"), cmd("BF.RESERVE", "bf", "0.01", "1.5"),
                        cmd("BF.RESERVE", "bf", "0.01", "0"), cmd("BF.RESERVE", "bf", "0.01", "-3"),
                        cmd("BF.RESERVE", "bf", "0.01", "100", "EXPANSION"),
                        cmd("BF.RESERVE", "bf", "0.01", "100", "NONSCALING", "EXPANSION", "2"),
                        cmd("BF.RESERVE", "bf", "0.01", "100", "EXPANSION", "x"),
                        cmd("BF.RESERVE", "bf", "0.01", "100", "EXPANSION", "0"),
                        cmd("BF.RESERVE", "bf", "0.01"),
                        cmd("BF.RESERVE", "bf", "0.01", "100", "EXPANSION", "2", "NONSCALING", "x")));
    }

    @Test
    void reserve_existingKey_itemExistsOrWrongType() {
        assertEquals(OK + err("ERR item exists") + OK + WRONGTYPE + WRONGTYPE + WRONGTYPE + ZERO,
                run(cmd("BF.RESERVE", "bf", "0.01", "100"), cmd("BF.RESERVE", "bf", "0.1", "10"),
                        cmd("SET", "s", "v"), cmd("BF.RESERVE", "s", "0.1", "10"), cmd("BF.ADD", "s", "x"),
                        cmd("BF.CARD", "s"), cmd("BF.EXISTS", "s", "v")));
    }

    @Test
    void reserve_hugeFilter_refusedWithoutAllocating() {
        assertEquals(err("ERR could not create filter") + ZERO,
                run(cmd("BF.RESERVE", "bf", "0.000001", "9000000000000000000"), cmd("BF.CARD", "bf")));
    }

    @Test
    void insert_options_createWithThemOrRefuse() {
        assertEquals("*2\\r\\n:1\\r\\n:1\\r\\n" + "*10\\r\\n+Capacity\\r\\n:50\\r\\n+Size\\r\\n:144\\r\\n"
                        + "+Number of filters\\r\\n:1\\r\\n+Number of items inserted\\r\\n:2\\r\\n"
                        + "+Expansion rate\\r\\n:4\\r\\n",
                // 50 at 0.05 * 0.5: bpe 7.68, floor(383.9) = 383 bits -> 6 words, 48 bytes; 32 + 64 + 48.
                run(cmd("BF.INSERT", "bf", "CAPACITY", "50", "ERROR", "0.05", "EXPANSION", "4", "ITEMS", "a", "b"),
                        cmd("BF.INFO", "bf")));
        assertEquals(err("ERR not found") + "*1\\r\\n:1\\r\\n" + "*2\\r\\n:0\\r\\n:1\\r\\n",
                run(cmd("BF.INSERT", "bf", "NOCREATE", "ITEMS", "a"), cmd("BF.INSERT", "bf", "ITEMS", "a"),
                        cmd("BF.INSERT", "bf", "NOCREATE", "CAPACITY", "5", "ITEMS", "a", "b")));
        // BF.INSERT always answers an array; the error takes the place of the item that did not fit.
        assertEquals("*2\\r\\n:1\\r\\n:1\\r\\n*1\\r\\n" + err("ERR non scaling filter is full") + "*1\\r\\n:0\\r\\n",
                run(cmd("BF.INSERT", "bf", "CAPACITY", "2", "NONSCALING", "ITEMS", "a", "b"),
                        cmd("BF.INSERT", "bf", "ITEMS", "c"), cmd("BF.INSERT", "bf", "ITEMS", "a")));
        assertEquals("*3\\r\\n:1\\r\\n:1\\r\\n" + err("ERR non scaling filter is full"),
                run(cmd("BF.INSERT", "bf", "CAPACITY", "2", "NONSCALING", "ITEMS", "a", "b", "c")));
    }

    @Test
    void insert_badOptions_redisBloomErrors() {
        String arity = err("ERR wrong number of arguments for 'bf.insert' command");
        assertEquals(err("Bad error rate") + err("Bad capacity") + err("Bad expansion")
                        + err("Unknown argument received") + err("Bad argument received")
                        + err("Bad argument received") + err("Bad argument received")
                        + arity + arity + arity + arity + OK + WRONGTYPE,
                run(cmd("BF.INSERT", "bf", "ERROR", "x", "ITEMS", "a"),
                        cmd("BF.INSERT", "bf", "CAPACITY", "x", "ITEMS", "a"),
                        cmd("BF.INSERT", "bf", "EXPANSION", "x", "ITEMS", "a"),
                        cmd("BF.INSERT", "bf", "BOGUS", "ITEMS", "a"),
                        cmd("BF.INSERT", "bf", "ERROR", "1", "ITEMS", "a"),
                        cmd("BF.INSERT", "bf", "CAPACITY", "0", "ITEMS", "a"),
                        cmd("BF.INSERT", "bf", "EXPANSION", "0", "ITEMS", "a"),
                        cmd("BF.INSERT", "bf", "ITEMS"), cmd("BF.INSERT", "bf", "CAPACITY", "10"),
                        cmd("BF.INSERT", "bf", "ERROR"), cmd("BF.INSERT", "bf", "NOCREATE", "ERROR"),
                        cmd("SET", "bf", "v"), cmd("BF.INSERT", "bf", "ITEMS", "a")));
    }

    @Test
    void card_countsItemsThatSetBits() {
        assertEquals(ZERO + "*4\\r\\n:1\\r\\n:1\\r\\n:0\\r\\n:1\\r\\n" + ":3\\r\\n"
                        + err("ERR wrong number of arguments for 'bf.card' command"),
                run(cmd("BF.CARD", "bf"), cmd("BF.MADD", "bf", "a", "b", "a", "c"), cmd("BF.CARD", "bf"),
                        cmd("BF.CARD", "bf", "x")));
    }

    @Test
    void arity_addAndExists_wrongNumberOfArguments() {
        assertEquals(err("ERR wrong number of arguments for 'bf.add' command")
                        + err("ERR wrong number of arguments for 'bf.madd' command")
                        + err("ERR wrong number of arguments for 'bf.exists' command")
                        + err("ERR wrong number of arguments for 'bf.mexists' command"),
                run(cmd("BF.ADD", "bf", "a", "b"), cmd("BF.MADD", "bf"), cmd("BF.EXISTS", "bf"),
                        cmd("BF.MEXISTS", "bf")));
    }

    @Test
    void value_typeAndEncoding_areRedisBloomsNames() {
        ScalableBloomFilter f = ScalableBloomFilter.create(100, 0.01, 2, false);
        assertEquals("MBbloom--", Values.typeName(f));
        assertEquals("raw", Values.encoding(f));
    }
}
