package dev.sabaody.kv.data.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.data.lists.RespClient;
import dev.sabaody.kv.resp.RedisOracle;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random command sequences on one stream, sent to a real Redis 7.0.15 and to module 05: every
 * reply equal, byte for byte. One property mixes XADD (with approximate trims and fields of every
 * listpack width, so nodes split by count and by bytes), XDEL, XTRIM, ranges and XINFO STREAM (its
 * radix-tree counts included); the other drives consumer groups: XREADGROUP, XACK, XCLAIM,
 * XAUTOCLAIM, SETID, DELCONSUMER, XPENDING and XINFO GROUPS (entries-read and lag). Nothing here
 * reads a clock: IDs are {@code ms-*}, claims use a min-idle of 0 and JUSTID.
 */
class StreamRandomDifferentialTest {

    private static DataServer server;
    private static RespClient ours;
    private static RespClient redis;

    @BeforeContainer
    static void start() {
        server = DataTests.start();
        ours = new RespClient(server.port());
        redis = new RespClient(RedisOracle.port());
    }

    @AfterContainer
    static void stop() {
        ours.close();
        redis.close();
        server.close();
    }

    private static void same(List<String[]> commands) {
        ours.call("FLUSHALL");
        redis.call("FLUSHALL");
        for (String[] c : commands) {
            assertEquals(redis.call(c), ours.call(c), String.join(" ", c));
        }
    }

    @Property(tries = 10)
    void log_randomCommands_sameAsRedis(@ForAll long seed) {
        Random r = new Random(seed);
        List<String[]> commands = new ArrayList<>();
        long ms = 1;
        for (int step = 0; step < 400; step++) {
            double p = r.nextDouble();
            if (p < 0.6) {
                ms += r.nextInt(3);
                List<String> c = new ArrayList<>(List.of("XADD", "s"));
                if (r.nextDouble() < 0.05) {
                    c.addAll(List.of("MAXLEN", "~", Integer.toString(r.nextInt(200))));
                }
                c.add(ms + "-*");
                for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
                    c.add(pick(r, "a", "b", "type", "12", "x".repeat(r.nextInt(80))));
                    c.add(pick(r, "1", "-5", "click", "99999999999", "y".repeat(r.nextInt(300))));
                }
                commands.add(c.toArray(String[]::new));
            } else if (p < 0.8) {
                commands.add(new String[] {"XDEL", "s", id(r, ms), id(r, ms), id(r, ms)});
            } else if (p < 0.85) {
                commands.add(new String[] {"XTRIM", "s", pick(r, "MAXLEN", "MINID"), pick(r, "~", "="),
                    Long.toString(r.nextBoolean() ? r.nextInt(200) : r.nextLong(ms + 1))});
            } else if (p < 0.93) {
                long a = r.nextLong(ms + 3);
                long b = r.nextLong(ms + 3);
                commands.add(r.nextBoolean()
                        ? new String[] {"XRANGE", "s", Long.toString(Math.min(a, b)), Long.toString(Math.max(a, b)),
                            "COUNT", Integer.toString(1 + r.nextInt(30))}
                        : new String[] {"XREVRANGE", "s", Long.toString(Math.max(a, b)), Long.toString(Math.min(a, b))});
            } else {
                commands.add(new String[] {"XINFO", "STREAM", "s"});
            }
        }
        same(commands);
    }

    @Property(tries = 10)
    void groups_randomCommands_sameAsRedis(@ForAll long seed) {
        Random r = new Random(seed);
        List<String[]> commands = new ArrayList<>();
        long ms = 1;
        for (int step = 0; step < 400; step++) {
            double p = r.nextDouble();
            String g = pick(r, "g1", "g2");
            String c = pick(r, "alice", "bob", "carol");
            if (p < 0.3) {
                ms += r.nextInt(3);
                commands.add(new String[] {"XADD", "s", ms + "-*", "f", "v"});
            } else if (p < 0.35) {
                commands.add(new String[] {"XGROUP", "CREATE", "s", g, pick(r, "0", "$", Long.toString(r.nextLong(ms + 1))),
                    "MKSTREAM"});
            } else if (p < 0.55) {
                List<String> cmd = new ArrayList<>(List.of("XREADGROUP", "GROUP", g, c, "COUNT",
                        Integer.toString(1 + r.nextInt(5))));
                if (r.nextDouble() < 0.1) {
                    cmd.add("NOACK");
                }
                cmd.addAll(List.of("STREAMS", "s", pick(r, ">", ">", "0")));
                commands.add(cmd.toArray(String[]::new));
            } else if (p < 0.62) {
                commands.add(new String[] {"XACK", "s", g, id(r, ms), id(r, ms), id(r, ms)});
            } else if (p < 0.68) {
                commands.add(new String[] {"XCLAIM", "s", g, c, "0", id(r, ms), id(r, ms), id(r, ms), "JUSTID"});
            } else if (p < 0.72) {
                commands.add(new String[] {"XAUTOCLAIM", "s", g, c, "0", Long.toString(r.nextLong(ms + 1)), "COUNT",
                    Integer.toString(1 + r.nextInt(4)), "JUSTID"});
            } else if (p < 0.78) {
                commands.add(new String[] {"XDEL", "s", id(r, ms)});
            } else if (p < 0.80) {
                commands.add(new String[] {"XGROUP", "SETID", "s", g, Long.toString(r.nextLong(ms + 1))});
            } else if (p < 0.82) {
                commands.add(new String[] {"XTRIM", "s", "MAXLEN", Integer.toString(r.nextInt(50))});
            } else if (p < 0.86) {
                commands.add(new String[] {"XPENDING", "s", g});
            } else if (p < 0.93) {
                commands.add(new String[] {"XINFO", "GROUPS", "s"});
            } else if (p < 0.96) {
                commands.add(new String[] {"XGROUP", "DELCONSUMER", "s", g, c});
            } else {
                commands.add(new String[] {"XINFO", "STREAM", "s"});
            }
        }
        same(commands);
    }

    private static String id(Random r, long ms) {
        return r.nextLong(ms + 1) + "-" + r.nextInt(3);
    }

    private static String pick(Random r, String... choices) {
        return choices[r.nextInt(choices.length)];
    }
}
