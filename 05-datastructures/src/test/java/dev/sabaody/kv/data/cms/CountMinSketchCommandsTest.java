package dev.sabaody.kv.data.cms;

import static dev.sabaody.kv.data.DataTests.cmd;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.data.bloom.Replies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every CMS.* reply and error, as RedisBloom's rm_cms.c writes them (no RedisBloom here to diff with). */
class CountMinSketchCommandsTest {

    static final String OK = "+OK\\r\\n";
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

    static String info(long width, long depth, long count) {
        return "*6\\r\\n+width\\r\\n:" + width + "\\r\\n+depth\\r\\n:" + depth + "\\r\\n+count\\r\\n:" + count + "\\r\\n";
    }

    @Test
    void init_byDimAndByProb_dimensionsAsRedisBloomComputesThem() {
        // width = ceil(2 / 0.001) = 2000, depth = ceil(log10(0.01) / log10(0.5)) = ceil(6.64) = 7.
        assertEquals(OK + info(10, 3, 0) + OK + info(2000, 7, 0) + OK + info(20, 10, 0),
                run(cmd("CMS.INITBYDIM", "a", "10", "3"), cmd("CMS.INFO", "a"),
                        cmd("CMS.INITBYPROB", "b", "0.001", "0.01"), cmd("CMS.INFO", "b"),
                        cmd("CMS.INITBYPROB", "c", "0.1", "0.001"), cmd("CMS.INFO", "c")));
    }

    @Test
    void init_badArguments_redisBloomErrors() {
        assertEquals(err("CMS: invalid width") + err("CMS: invalid width") + err("CMS: invalid depth")
                        + err("CMS: invalid overestimation value") + err("CMS: invalid overestimation value")
                        + err("CMS: invalid prob value") + err("CMS: invalid prob value")
                        + err("CMS: invalid init arguments")
                        + OK + err("CMS: key already exists") + OK + err("CMS: key already exists")
                        + err("ERR wrong number of arguments for 'cms.initbydim' command"),
                run(cmd("CMS.INITBYDIM", "a", "0", "3"), cmd("CMS.INITBYDIM", "a", "x", "3"),
                        cmd("CMS.INITBYDIM", "a", "10", "-1"), cmd("CMS.INITBYPROB", "a", "1", "0.1"),
                        cmd("CMS.INITBYPROB", "a", "x", "0.1"), cmd("CMS.INITBYPROB", "a", "0.1", "0"),
                        cmd("CMS.INITBYPROB", "a", "0.1", "1.5"),
                        cmd("CMS.INITBYDIM", "a", "100000000", "100000000"),
                        cmd("CMS.INITBYDIM", "a", "10", "3"), cmd("CMS.INITBYDIM", "a", "10", "3"),
                        cmd("SET", "s", "v"), cmd("CMS.INITBYPROB", "s", "0.1", "0.1"),
                        cmd("CMS.INITBYDIM", "a", "10")));
    }

    @Test
    void incrbyAndQuery_counts_estimatesNeverBelowTruth() {
        assertEquals(OK + "*2\\r\\n:5\\r\\n:3\\r\\n" + "*1\\r\\n:7\\r\\n" + "*3\\r\\n:7\\r\\n:3\\r\\n:0\\r\\n"
                        + "*1\\r\\n:7\\r\\n" + info(1000, 5, 10),
                run(cmd("CMS.INITBYDIM", "c", "1000", "5"), cmd("CMS.INCRBY", "c", "a", "5", "b", "3"),
                        cmd("CMS.INCRBY", "c", "a", "2"), cmd("CMS.QUERY", "c", "a", "b", "never"),
                        cmd("CMS.INCRBY", "c", "a", "0"), cmd("CMS.INFO", "c")));
    }

    @Test
    void incrby_badArguments_nothingChanges() {
        String arity = err("ERR wrong number of arguments for 'cms.incrby' command");
        assertEquals(err("CMS: key does not exist") + OK + err("CMS: Cannot parse number")
                        + err("CMS: Number cannot be negative") + "*1\\r\\n:0\\r\\n" + arity + arity
                        + OK + WRONGTYPE + WRONGTYPE + WRONGTYPE,
                run(cmd("CMS.INCRBY", "c", "a", "1"), cmd("CMS.INITBYDIM", "c", "100", "2"),
                        cmd("CMS.INCRBY", "c", "a", "1", "b", "x"), cmd("CMS.INCRBY", "c", "a", "1", "b", "-1"),
                        cmd("CMS.QUERY", "c", "a"), cmd("CMS.INCRBY", "c", "a"), cmd("CMS.INCRBY", "c", "a", "1", "b"),
                        cmd("SET", "s", "v"), cmd("CMS.INCRBY", "s", "a", "1"), cmd("CMS.QUERY", "s", "a"),
                        cmd("CMS.INFO", "s")));
    }

    @Test
    void incrby_pastUint32_saturatesAndReportsOverflow() {
        assertEquals(OK + "*1\\r\\n:4294967294\\r\\n" + "*1\\r\\n" + err("CMS: INCRBY overflow")
                        + "*1\\r\\n:4294967295\\r\\n",
                run(cmd("CMS.INITBYDIM", "c", "10", "2"), cmd("CMS.INCRBY", "c", "a", "4294967294"),
                        cmd("CMS.INCRBY", "c", "a", "5"), cmd("CMS.QUERY", "c", "a")));
    }

    @Test
    void merge_weights_weightedSumOfSources() {
        assertEquals(OK + OK + OK + "*1\\r\\n:3\\r\\n" + "*1\\r\\n:4\\r\\n" + OK + "*2\\r\\n:7\\r\\n:0\\r\\n" + info(100, 3, 7)
                        + OK + "*1\\r\\n:10\\r\\n" + info(100, 3, 10) + OK + "*1\\r\\n:14\\r\\n",
                run(cmd("CMS.INITBYDIM", "a", "100", "3"), cmd("CMS.INITBYDIM", "b", "100", "3"),
                        cmd("CMS.INITBYDIM", "d", "100", "3"), cmd("CMS.INCRBY", "a", "x", "3"),
                        cmd("CMS.INCRBY", "b", "x", "4"), cmd("CMS.MERGE", "d", "2", "a", "b"),
                        cmd("CMS.QUERY", "d", "x", "y"), cmd("CMS.INFO", "d"),
                        cmd("CMS.MERGE", "d", "2", "a", "b", "WEIGHTS", "2", "1"), cmd("CMS.QUERY", "d", "x"),
                        cmd("CMS.INFO", "d"),
                        cmd("CMS.MERGE", "d", "2", "d", "b", "weights", "1", "1"), cmd("CMS.QUERY", "d", "x")));
    }

    @Test
    void merge_badArguments_redisBloomErrors() {
        String arity = err("ERR wrong number of arguments for 'cms.merge' command");
        assertEquals(OK + OK + OK + err("CMS: key does not exist") + err("CMS: invalid numkeys")
                        + err("CMS: Number of keys must be positive") + err("CMS: wrong number of keys")
                        + err("CMS: wrong number of keys/weights") + err("CMS: wrong number of keys/weights")
                        + err("CMS: invalid weight value") + err("CMS: key does not exist")
                        + err("CMS: width/depth is not equal") + "*1\\r\\n:1\\r\\n" + err("CMS: MERGE overflow")
                        + arity + OK + WRONGTYPE + WRONGTYPE,
                run(cmd("CMS.INITBYDIM", "a", "100", "3"), cmd("CMS.INITBYDIM", "d", "100", "3"),
                        cmd("CMS.INITBYDIM", "small", "10", "3"),
                        cmd("CMS.MERGE", "missing", "1", "a"), cmd("CMS.MERGE", "d", "x", "a"),
                        cmd("CMS.MERGE", "d", "0", "a"), cmd("CMS.MERGE", "d", "2", "a"),
                        cmd("CMS.MERGE", "d", "1", "a", "WEIGHTS"), cmd("CMS.MERGE", "d", "2", "a", "WEIGHTS", "1", "2"),
                        cmd("CMS.MERGE", "d", "1", "a", "WEIGHTS", "x"), cmd("CMS.MERGE", "d", "1", "nope"),
                        cmd("CMS.MERGE", "d", "1", "small"), cmd("CMS.INCRBY", "a", "x", "1"),
                        cmd("CMS.MERGE", "d", "1", "a", "WEIGHTS", "-1"), cmd("CMS.MERGE", "d", "1"),
                        cmd("SET", "s", "v"), cmd("CMS.MERGE", "s", "1", "a"), cmd("CMS.MERGE", "d", "1", "s")));
    }

    @Test
    void info_resp3_map() {
        String replies = run(cmd("CMS.INITBYDIM", "c", "10", "2"), cmd("HELLO", "3"), cmd("CMS.INFO", "c"));
        assertEquals("%3\\r\\n+width\\r\\n:10\\r\\n+depth\\r\\n:2\\r\\n+count\\r\\n:0\\r\\n",
                replies.substring(replies.lastIndexOf("%3")));
    }

    @Test
    void value_typeAndEncoding_areRedisBloomsNames() {
        CountMinSketch sketch = CountMinSketch.create(10, 2);
        assertEquals("CMSk-TYPE", Values.typeName(sketch));
        assertEquals("raw", Values.encoding(sketch));
    }
}
