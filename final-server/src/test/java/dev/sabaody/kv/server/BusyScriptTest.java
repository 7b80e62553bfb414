package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A script that never ends, with one shard and with two, told as a transcript and compared with
 * Redis 7.0.15's: the client on the script's own loop (the only loop, with one shard) gets -BUSY
 * from inside the script ({@code EventLoop.processEventsWhileBlocked}), SCRIPT KILL and FUNCTION
 * KILL stop a script that has not written, one that wrote is UNKILLABLE, SHUTDOWN without NOSAVE is
 * refused and SHUTDOWN NOSAVE goes through, leaving the script's caller unanswered.
 *
 * <p>Connections are dealt to the loops in turn, so of the three made in order the first (the
 * runner) and the third ({@code same}) share a loop and the second ({@code other}) has the other
 * loop when there are two. Without the blocked step, {@code same} would never be answered and the
 * test would fail on its 10-second read timeout.
 */
class BusyScriptTest {

    /** Bounds the polls for the busy state: a test that cannot see it fails instead of hanging. */
    private static final int POLLS = 100_000;

    @TempDir
    Path dir;

    private SabaodyServer server;
    private final ExecutorService runnerThread = Executors.newSingleThreadExecutor();
    private final ExecutorService shutdownThread = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        runnerThread.shutdownNow();
        shutdownThread.shutdownNow();
        if (server != null) {
            server.close();
        }
    }

    private int sabaody(int shards) throws Exception {
        // busy after a millisecond (0 would mean never, as in Redis): the polls wait for it, unbounded by time
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards))
                .with("busy-reply-threshold", "1"), Clock.system());
        return server.port();
    }

    private RedisProcess redis() throws Exception {
        return RedisProcess.start(dir, null, "--save", "", "--busy-reply-threshold", "1");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void neverEndingEval_busyForOthers_scriptKillEndsIt(int shards) throws Exception {
        List<String> expected;
        try (RedisProcess redis = redis()) {
            expected = evalKilled(redis.port());
        }
        assertEquals(expected, evalKilled(sabaody(shards)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void neverEndingFcall_busyForOthers_functionKillEndsIt(int shards) throws Exception {
        List<String> expected;
        try (RedisProcess redis = redis()) {
            expected = fcallKilled(redis.port());
        }
        assertEquals(expected, fcallKilled(sabaody(shards)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void writingScript_unkillable_shutdownNosaveStopsIt(int shards) throws Exception {
        List<String> expected;
        try (RedisProcess redis = redis()) {
            expected = unkillableThenShutdown(redis.port());
        }
        int before = TestServers.SHUTDOWN_REQUESTS.get();
        assertEquals(expected, unkillableThenShutdown(sabaody(shards)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (TestServers.SHUTDOWN_REQUESTS.get() == before && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the stop runs on a thread of its own
        }
        assertNotEquals(before, TestServers.SHUTDOWN_REQUESTS.get());
    }

    /**
     * A script whose declared keys span every shard runs with all of them parked: the parked loops
     * answer -BUSY and take SCRIPT KILL, FUNCTION KILL and SHUTDOWN NOSAVE while it is busy. Without
     * that, neither {@code same} nor {@code other} would be answered.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void neverEndingEvalOnEveryShard_parkedLoopsAnswerBusy_scriptKillEndsIt(int shards) throws Exception {
        List<String> expected;
        try (RedisProcess redis = redis()) {
            expected = evalKilled(redis.port(), keysOnEveryShard(shards));
        }
        assertEquals(expected, evalKilled(sabaody(shards), keysOnEveryShard(shards)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void neverEndingFcallOnEveryShard_parkedLoopsAnswerBusy_functionKillEndsIt(int shards) throws Exception {
        List<String> expected;
        try (RedisProcess redis = redis()) {
            expected = fcallKilled(redis.port(), keysOnEveryShard(shards));
        }
        assertEquals(expected, fcallKilled(sabaody(shards), keysOnEveryShard(shards)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void writingScriptOnEveryShard_unkillable_shutdownNosaveFromAParkedLoopStopsIt(int shards) throws Exception {
        List<String> expected;
        try (RedisProcess redis = redis()) {
            expected = unkillableThenShutdown(redis.port(), keysOnEveryShard(shards));
        }
        int before = TestServers.SHUTDOWN_REQUESTS.get();
        assertEquals(expected, unkillableThenShutdown(sabaody(shards), keysOnEveryShard(shards)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (TestServers.SHUTDOWN_REQUESTS.get() == before && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the stop runs on a thread of its own
        }
        assertNotEquals(before, TestServers.SHUTDOWN_REQUESTS.get());
    }

    /** One key on each of {@code shards} shards (for Redis, any keys: it has one keyspace). */
    private static List<String> keysOnEveryShard(int shards) {
        String[] keys = new String[shards];
        int found = 0;
        for (int i = 0; found < shards; i++) {
            String key = "spread" + i;
            int shard = dev.sabaody.kv.data.KeyHash.shardOf(key.getBytes(StandardCharsets.UTF_8), shards);
            if (keys[shard] == null) {
                keys[shard] = key;
                found++;
            }
        }
        return List.of(keys);
    }

    /** EVAL or FCALL's arguments after the script: numkeys, then the keys. */
    private static String[] withKeys(List<String> keys, String... head) {
        List<String> all = new ArrayList<>(List.of(head));
        all.add(Integer.toString(keys.size()));
        all.addAll(keys);
        return all.toArray(String[]::new);
    }

    // ---------------------------------------------------------------- the transcripts

    private List<String> evalKilled(int port) throws Exception {
        return evalKilled(port, List.of());
    }

    private List<String> evalKilled(int port, List<String> keys) throws Exception {
        List<String> t = new ArrayList<>();
        try (Jedis runner = client(port); Jedis other = client(port); Jedis same = client(port)) {
            Future<String> eval = runnerThread.submit(() -> ask(runner,
                    withKeys(keys, "EVAL", "local i = 0 while true do i = i + 1 end")));
            t.add(awaitBusy(same, "PING"));
            t.add(ask(other, "PING"));
            t.add(ask(same, "GET", "k"));
            t.add(ask(same, "EVAL", "return 1", "0"));
            t.add(ask(same, "FUNCTION", "KILL"));
            t.add(ask(same, "FUNCTION", "STATS"));
            t.add(ask(same, "MULTI"));
            t.add(ask(same, "INCR", "k"));
            t.add(ask(same, "EXEC"));
            t.add(ask(same, "SHUTDOWN", "SAVE", "NOSAVE"));
            t.add(ask(same, "SHUTDOWN"));
            t.add(ask(same, "SCRIPT", "KILL"));
            t.add(eval.get(10, TimeUnit.SECONDS));
            t.add(ask(same, "SCRIPT", "KILL"));
            t.add(ask(same, "PING"));
            t.add(ask(other, "GET", "k"));
        }
        return t;
    }

    private List<String> fcallKilled(int port) throws Exception {
        return fcallKilled(port, List.of());
    }

    private List<String> fcallKilled(int port, List<String> keys) throws Exception {
        List<String> t = new ArrayList<>();
        try (Jedis runner = client(port); Jedis other = client(port); Jedis same = client(port)) {
            t.add(ask(runner, "FUNCTION", "LOAD",
                    "#!lua name=spinlib\nredis.register_function('spin', function() while true do end end)"));
            Future<String> fcall = runnerThread.submit(() -> ask(runner, withKeys(keys, "FCALL", "spin")));
            t.add(awaitBusy(same, "PING"));
            t.add(ask(other, "PING"));
            t.add(ask(same, "FUNCTION", "STATS").replaceAll("duration_ms, \\d+", "duration_ms, N"));
            t.add(ask(other, "FUNCTION", "STATS").replaceAll("duration_ms, \\d+", "duration_ms, N"));
            t.add(ask(same, "SCRIPT", "KILL"));
            t.add(ask(same, "FUNCTION", "KILL"));
            t.add(fcall.get(10, TimeUnit.SECONDS));
            t.add(ask(same, "FUNCTION", "KILL"));
        }
        return t;
    }

    private List<String> unkillableThenShutdown(int port) throws Exception {
        return unkillableThenShutdown(port, null);
    }

    /** {@code keys}: the script declares them and writes the first; null: it writes a key of its own shard undeclared. */
    private List<String> unkillableThenShutdown(int port, List<String> keys) throws Exception {
        List<String> t = new ArrayList<>();
        try (Jedis runner = client(port); Jedis other = client(port); Jedis same = client(port)) {
            Future<String> eval;
            if (keys == null) {
                String key = keyLocalTo(runner);
                eval = runnerThread.submit(() -> ask(runner, "EVAL",
                        "redis.call('set', ARGV[1], 'v') while true do end", "0", key));
            } else {
                eval = runnerThread.submit(() -> ask(runner,
                        withKeys(keys, "EVAL", "redis.call('set', KEYS[1], 'v') while true do end")));
            }
            t.add(awaitBusy(same, "SCRIPT", "KILL"));
            t.add(ask(other, "SCRIPT", "KILL"));
            t.add(ask(same, "SHUTDOWN"));
            t.add(ask(same, "SHUTDOWN", "ABORT"));
            shutdownThread.submit(() -> ask(same, "SHUTDOWN", "NOSAVE")); // Redis exits without a reply
            t.add(eval.get(10, TimeUnit.SECONDS));
        }
        return t;
    }

    // ---------------------------------------------------------------- clients

    private static Jedis client(int port) {
        Jedis j = new Jedis("127.0.0.1", port, 10_000);
        j.ping(); // connected now, in this order: the loops are dealt in turn
        return j;
    }

    /** The reply as text: a value, "(error) ..." for an error, "(closed)" when the connection ended. */
    private static String ask(Jedis j, String... command) {
        try {
            Object reply = j.sendCommand(() -> command[0].getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOfRange(command, 1, command.length));
            return text(reply);
        } catch (JedisDataException e) {
            return "(error) " + e.getMessage();
        } catch (JedisConnectionException e) {
            return "(closed)";
        }
    }

    private static String text(Object reply) {
        if (reply instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(o instanceof JedisDataException e ? "(error) " + e.getMessage() : text(o));
            }
            return parts.toString();
        }
        return String.valueOf(reply);
    }

    /** Sends {@code command} until the script is busy; answers the first reply that is not the idle one. */
    private static String awaitBusy(Jedis j, String... command) {
        String idle = null;
        for (int i = 0; i < POLLS; i++) {
            String reply = ask(j, command);
            if (idle == null) {
                idle = reply; // the script may not have started yet
            } else if (!reply.equals(idle)) {
                return reply;
            }
            if (reply.startsWith("(error) BUSY") || reply.startsWith("(error) UNKILLABLE")) {
                return reply;
            }
        }
        throw new AssertionError("the script never became busy");
    }

    /** A key of the runner's own shard: one a script run there (numkeys 0) may write undeclared. */
    private static String keyLocalTo(Jedis runner) {
        for (int i = 0; i < 1000; i++) {
            String reply = ask(runner, "EVAL", "return redis.pcall('exists', ARGV[1])", "0", "local" + i);
            if (reply.equals("0")) {
                return "local" + i;
            }
        }
        throw new AssertionError("no key of the runner's shard");
    }
}
