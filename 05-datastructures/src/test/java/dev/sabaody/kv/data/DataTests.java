package dev.sabaody.kv.data;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.NioServer;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What every test of module 05 needs: a server on port 0, and differential cases that start from an
 * empty keyspace on both sides (the real Redis is shared by every test of the JVM, so each case
 * begins with FLUSHALL, whose +OK is compared too).
 *
 * <pre>
 *   DataTests.assertSameAsRedis(server.port(),
 *       DataTests.fresh("incr on a string", cmd("SET", "k", "a"), cmd("INCR", "k")));
 * </pre>
 */
public final class DataTests {

    private DataTests() {
    }

    /** A module-05 server on an ephemeral port with the system clock. */
    public static DataServer start() {
        return start(Clock.system());
    }

    /** A module-05 server on an ephemeral port whose expiry and timers read {@code clock}. */
    public static DataServer start(Clock clock) {
        try {
            return DataServer.start(NioServer.Config.onPort(0).withClock(clock));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One command's arguments: {@code cmd("SET", "k", "v")}. */
    public static String[] cmd(String... args) {
        return args;
    }

    /** A case that empties both servers first, then sends {@code commands} and compares every reply. */
    public static Case fresh(String name, String[]... commands) {
        List<String[]> all = new ArrayList<>();
        all.add(new String[] {"FLUSHALL"});
        all.addAll(Arrays.asList(commands));
        return Case.commands(name, all.toArray(String[][]::new));
    }

    public static void assertSameAsRedis(int port, Case... cases) {
        DifferentialHarness.assertSameAsRedis(port, List.of(cases));
    }
}
