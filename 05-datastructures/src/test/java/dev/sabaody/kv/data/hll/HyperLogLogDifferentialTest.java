package dev.sabaody.kv.data.hll;

import static dev.sabaody.kv.data.DataTests.cmd;
import static dev.sabaody.kv.data.DataTests.fresh;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PFADD, PFCOUNT, PFMERGE and PFDEBUG against a real redis-server 7.0: every reply, and the raw
 * string (GET) after each change, so the sparse encoding, its promotion to dense and the cached
 * cardinality in the header are all compared byte for byte.
 */
class HyperLogLogDifferentialTest {

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** {@code PFADD key prefix0 .. prefix(n-1)}. */
    static String[] pfadd(String key, String prefix, int from, int n) {
        String[] c = new String[n + 2];
        c[0] = "PFADD";
        c[1] = key;
        for (int i = 0; i < n; i++) {
            c[i + 2] = prefix + (from + i);
        }
        return c;
    }

    /** A case whose commands may carry any bytes (SET of a hand-made HLL string). */
    static Case raw(String name, byte[]... commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(command("FLUSHALL".getBytes(StandardCharsets.US_ASCII)));
        for (byte[] c : commands) {
            out.writeBytes(c);
        }
        return new Case(name, out.toByteArray(), commands.length + 1, false, List.of());
    }

    static byte[] command(byte[]... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    static byte[] text(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.US_ASCII);
        }
        return command(bytes);
    }

    /** SET key to a header (sparse or dense encoding byte) followed by {@code body}. */
    static byte[] setHll(String key, int encoding, int... body) {
        byte[] v = new byte[16 + body.length];
        v[0] = 'H';
        v[1] = 'Y';
        v[2] = 'L';
        v[3] = 'L';
        v[4] = (byte) encoding;
        v[15] = (byte) 0x80;
        for (int i = 0; i < body.length; i++) {
            v[16 + i] = (byte) body[i];
        }
        return command("SET".getBytes(StandardCharsets.US_ASCII), key.getBytes(StandardCharsets.US_ASCII), v);
    }

    @Test
    void pfadd_smallSets_repliesAndSparseBytesMatchRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("pfadd creates a sparse hll", cmd("PFADD", "h", "a", "b", "c"), cmd("GET", "h")),
                fresh("pfadd with no element creates the key", cmd("PFADD", "h"), cmd("GET", "h"),
                        cmd("PFADD", "h"), cmd("PFCOUNT", "h")),
                fresh("pfadd of known elements answers 0", cmd("PFADD", "h", "a", "b"), cmd("PFADD", "h", "b", "a"),
                        cmd("GET", "h")),
                fresh("pfcount caches the cardinality in the header", cmd("PFADD", "h", "x", "y", "z"),
                        cmd("PFCOUNT", "h"), cmd("GET", "h"), cmd("PFADD", "h", "x"), cmd("GET", "h"),
                        cmd("PFADD", "h", "w"), cmd("GET", "h"), cmd("PFCOUNT", "h"), cmd("GET", "h")),
                fresh("pfcount of a missing key", cmd("PFCOUNT", "nothing")),
                fresh("elements of every length hash alike", cmd("PFADD", "h", "", "1", "12", "123", "1234",
                        "12345", "123456", "1234567", "12345678", "123456789", "a longer element of 31 bytes.."),
                        cmd("GET", "h"), cmd("PFCOUNT", "h")));
    }

    @Test
    void pfadd_growingSets_sparseEditsAndPromotionMatchRedis() {
        List<Case> cases = new ArrayList<>();
        for (int n : new int[] {10, 100, 300, 700, 1500, 3000, 20000}) {
            cases.add(fresh("pfadd of " + n + " elements", pfadd("h", "e", 0, n), cmd("GET", "h"),
                    cmd("PFCOUNT", "h"), cmd("GET", "h")));
        }
        // One element at a time exercises every split and merge of the sparse opcodes.
        List<String[]> oneByOne = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            oneByOne.add(cmd("PFADD", "h", "item:" + i));
        }
        oneByOne.add(cmd("GET", "h"));
        oneByOne.add(cmd("PFCOUNT", "h"));
        cases.add(fresh("pfadd one element at a time", oneByOne.toArray(String[][]::new)));
        DataTests.assertSameAsRedis(server.port(), cases.toArray(Case[]::new));
    }

    @Test
    void pfcountAndPfmerge_unions_matchRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("pfcount of several keys", pfadd("a", "x", 0, 50), pfadd("b", "x", 25, 50),
                        cmd("PFCOUNT", "a", "b"), cmd("PFCOUNT", "a", "missing", "b"), cmd("GET", "a")),
                fresh("pfcount of several missing keys", cmd("PFCOUNT", "m1", "m2")),
                fresh("pfmerge of sparse into a new key", pfadd("a", "x", 0, 50), pfadd("b", "x", 25, 50),
                        cmd("PFMERGE", "d", "a", "b"), cmd("GET", "d"), cmd("PFCOUNT", "d")),
                fresh("pfmerge includes the destination", pfadd("d", "y", 0, 30), pfadd("a", "x", 0, 30),
                        cmd("PFMERGE", "d", "a"), cmd("GET", "d"), cmd("PFCOUNT", "d")),
                fresh("pfmerge with a dense source makes the destination dense", pfadd("a", "x", 0, 5000),
                        pfadd("b", "x", 0, 10), cmd("PFMERGE", "d", "b", "a"), cmd("GET", "d"),
                        cmd("PFMERGE", "b", "b"), cmd("GET", "b")),
                fresh("pfmerge of nothing creates an empty hll", cmd("PFMERGE", "d"), cmd("GET", "d"),
                        cmd("PFMERGE", "d", "missing"), cmd("GET", "d"), cmd("PFCOUNT", "d")),
                fresh("pfmerge of large sparse sets promotes by size", pfadd("a", "p", 0, 1500),
                        pfadd("b", "q", 0, 1500), cmd("PFMERGE", "d", "a", "b"), cmd("GET", "d"),
                        cmd("PFCOUNT", "d", "a", "b")));
    }

    @Test
    void errors_wrongTypeInvalidAndArity_matchRedis() {
        DataTests.assertSameAsRedis(server.port(),
                fresh("a plain string is not an hll", cmd("SET", "s", "hello"), cmd("PFADD", "s", "a"),
                        cmd("PFCOUNT", "s"), cmd("PFCOUNT", "s", "t"), cmd("PFMERGE", "d", "s"),
                        cmd("PFMERGE", "s", "d"), cmd("GET", "d"), cmd("PFDEBUG", "getreg", "s")),
                fresh("a short string starting HYLL is not an hll", cmd("SET", "s", "HYLL"), cmd("PFCOUNT", "s")),
                fresh("arity", cmd("PFADD"), cmd("PFCOUNT"), cmd("PFMERGE"), cmd("PFDEBUG", "getreg")),
                fresh("pfdebug", pfadd("h", "e", 0, 20), cmd("PFDEBUG", "encoding", "h"),
                        cmd("PFDEBUG", "decode", "h"), cmd("PFDEBUG", "todense", "h"), cmd("PFDEBUG", "todense", "h"),
                        cmd("PFDEBUG", "encoding", "h"), cmd("PFDEBUG", "decode", "h"), cmd("GET", "h"),
                        cmd("PFDEBUG", "nope", "h"), cmd("PFDEBUG", "encoding", "missing")),
                fresh("pfdebug getreg turns the hll dense", pfadd("h", "e", 0, 5), cmd("PFDEBUG", "GETREG", "h"),
                        cmd("PFDEBUG", "ENCODING", "h"), cmd("GET", "h")));
        DataTests.assertSameAsRedis(server.port(),
                raw("sparse runs short of 16384 registers are corrupted", setHll("c", 1, 0x7f, 0xfe),
                        text("PFCOUNT", "c"), text("PFCOUNT", "c", "d"), text("PFMERGE", "d", "c"),
                        text("PFADD", "c", "z"), text("GET", "c"), text("PFDEBUG", "todense", "c")),
                raw("sparse runs past 16384 registers are corrupted", setHll("c", 1, 0x7f, 0xff, 0x80),
                        text("PFCOUNT", "c"), text("PFMERGE", "d", "c"), text("PFCOUNT", "c", "d"),
                        text("PFDEBUG", "todense", "c"), text("PFADD", "c", "x"), text("GET", "c")),
                raw("a valid hand-made sparse hll", setHll("c", 1, 0x00, 0x84, 0x7f, 0xfd), text("PFCOUNT", "c"),
                        text("GET", "c"), text("PFADD", "c", "a", "b"), text("GET", "c")),
                raw("encoding 2 is not an hll", setHll("c", 2, 0x7f, 0xff), text("PFCOUNT", "c")),
                raw("a dense hll of the wrong size is not an hll", setHll("c", 0, 1, 2, 3), text("PFADD", "c", "x")),
                raw("a dense hll of the right size is valid", setHll("c", 0, new int[12288]), text("PFCOUNT", "c"),
                        text("PFADD", "c", "x"), text("GET", "c"), text("PFCOUNT", "c")));
    }

    @Test
    void pfadd_randomElements_bytesMatchRedis() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        List<Case> cases = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            List<String[]> commands = new ArrayList<>();
            int batches = 1 + random.nextInt(20);
            for (int b = 0; b < batches; b++) {
                int n = random.nextInt(1, 200);
                String[] c = new String[n + 2];
                c[0] = "PFADD";
                c[1] = "h";
                for (int i = 0; i < n; i++) {
                    c[i + 2] = Long.toHexString(random.nextLong(1 << 20));
                }
                commands.add(c);
                if (random.nextInt(4) == 0) {
                    commands.add(cmd("PFCOUNT", "h"));
                }
            }
            commands.add(cmd("GET", "h"));
            commands.add(cmd("PFCOUNT", "h"));
            cases.add(fresh("random round " + round, commands.toArray(String[][]::new)));
        }
        DifferentialHarness.assertSameAsRedis(server.port(), cases);
    }
}
