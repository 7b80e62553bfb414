package dev.sabaody.kv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.resp.RedisOracle;
import dev.sabaody.kv.resp.RespFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * WATCH between clients, through real sockets: a write, a FLUSHALL, or the expiry of a watched key
 * by another client (or by time) between WATCH and EXEC makes EXEC answer a null array; UNWATCH,
 * EXEC, DISCARD and a disconnect forget the watched keys. The scenarios that need no clock run
 * against a real Redis too, and the two transcripts must be identical. Expiry runs on a
 * {@link ManualClock} server, with the TTL set through the keyspace (SET has no EX option yet); the
 * replies expected there are Redis 7.0.15's, observed with PX TTLs and DEBUG SET-ACTIVE-EXPIRE 0.
 */
class WatchTest {

    /** A RESP client on one socket: sends one command, returns its reply escaped ("+OK\r\n"). */
    static final class Conn implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Conn(int port) {
            try {
                socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(3000);
                socket.setTcpNoDelay(true);
                in = socket.getInputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String send(String... args) {
            try {
                socket.getOutputStream().write(RespFrames.command(args));
                byte[] buf = new byte[4096];
                while (RespFrames.countReplies(pending.toByteArray(), pending.size()) < 1) {
                    int n = in.read(buf);
                    if (n < 0) {
                        throw new IOException("closed");
                    }
                    pending.write(buf, 0, n);
                }
                String reply = RespFrames.escape(pending.toByteArray());
                pending.reset();
                return reply;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final String NULL_ARRAY = "*-1\\r\\n";

    /** A scenario between clients: given a connection factory, returns the replies it saw in order. */
    private interface Scenario extends Function<IntFunction<Conn>, List<String>> {
    }

    /** Runs the scenario on our server, checks {@code expected}, then the same on Redis. */
    private static void check(Scenario scenario, List<String> expected) {
        List<String> ours;
        try (DataServer server = DataTests.start()) {
            ours = runOn(server.port(), scenario);
        }
        assertEquals(expected, ours);
        int redis = RedisOracle.port();
        runOn(redis, c -> List.of(c.apply(0).send("FLUSHALL")));
        assertEquals(ours, runOn(redis, scenario), "Redis answered otherwise");
    }

    private static List<String> runOn(int port, Scenario scenario) {
        List<Conn> opened = new ArrayList<>();
        try {
            return scenario.apply(i -> {
                while (opened.size() <= i) {
                    opened.add(new Conn(port));
                }
                return opened.get(i);
            });
        } finally {
            for (Conn c : opened) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // closing a test socket
                }
            }
        }
    }

    @Test
    void exec_afterAnotherClientSetsTheWatchedKey_answersNullAndRunsNothing() {
        check(c -> List.of(
                c.apply(0).send("SET", "k", "mine"),
                c.apply(0).send("WATCH", "k"),
                c.apply(1).send("SET", "k", "theirs"),
                c.apply(0).send("MULTI"),
                c.apply(0).send("SET", "k", "tx"),
                c.apply(0).send("EXEC"),
                c.apply(1).send("GET", "k"),
                c.apply(0).send("FLUSHALL")),
                List.of("+OK\\r\\n", "+OK\\r\\n", "+OK\\r\\n", "+OK\\r\\n", "+QUEUED\\r\\n", NULL_ARRAY,
                        "$6\\r\\ntheirs\\r\\n", "+OK\\r\\n"));
    }

    @Test
    void exec_afterAnotherClientWritesAnotherKey_runs() {
        check(c -> List.of(
                c.apply(0).send("WATCH", "k"),
                c.apply(1).send("SET", "other", "x"),
                c.apply(0).send("MULTI"),
                c.apply(0).send("SET", "k", "tx"),
                c.apply(0).send("EXEC"),
                c.apply(1).send("GET", "k"),
                c.apply(0).send("FLUSHALL")),
                List.of("+OK\\r\\n", "+OK\\r\\n", "+OK\\r\\n", "+QUEUED\\r\\n", "*1\\r\\n+OK\\r\\n", "$2\\r\\ntx\\r\\n",
                        "+OK\\r\\n"));
    }

    @Test
    void exec_afterAnotherClientFlushesAnExistingWatchedKey_answersNull() {
        check(c -> List.of(
                c.apply(0).send("SET", "k", "v"),
                c.apply(0).send("WATCH", "k"),
                c.apply(1).send("FLUSHALL"),
                c.apply(0).send("MULTI"),
                c.apply(0).send("PING"),
                c.apply(0).send("EXEC")),
                List.of("+OK\\r\\n", "+OK\\r\\n", "+OK\\r\\n", "+OK\\r\\n", "+QUEUED\\r\\n", NULL_ARRAY));
    }

    @Test
    void exec_afterFlushOfAMissingWatchedKey_runs() {
        check(c -> List.of(
                c.apply(1).send("SET", "other", "v"),
                c.apply(0).send("WATCH", "k"),
                c.apply(1).send("FLUSHALL"),
                c.apply(0).send("MULTI"),
                c.apply(0).send("PING"),
                c.apply(0).send("EXEC")),
                List.of("+OK\\r\\n", "+OK\\r\\n", "+OK\\r\\n", "+OK\\r\\n", "+QUEUED\\r\\n", "*1\\r\\n+PONG\\r\\n"));
    }

    @Test
    void unwatch_afterTheKeyChanged_letsExecRun() {
        check(c -> List.of(
                c.apply(0).send("WATCH", "k"),
                c.apply(1).send("SET", "k", "theirs"),
                c.apply(0).send("UNWATCH"),
                c.apply(0).send("MULTI"),
                c.apply(0).send("GET", "k"),
                c.apply(0).send("EXEC"),
                c.apply(0).send("FLUSHALL")),
                List.of("+OK\\r\\n", "+OK\\r\\n", "+OK\\r\\n", "+OK\\r\\n", "+QUEUED\\r\\n",
                        "*1\\r\\n$6\\r\\ntheirs\\r\\n", "+OK\\r\\n"));
    }

    @Test
    void watch_isForgottenAfterExec_soALaterWriteDoesNotFailTheNext() {
        check(c -> List.of(
                c.apply(0).send("WATCH", "k"),
                c.apply(0).send("MULTI"),
                c.apply(0).send("EXEC"),
                c.apply(1).send("SET", "k", "theirs"),
                c.apply(0).send("MULTI"),
                c.apply(0).send("GET", "k"),
                c.apply(0).send("EXEC"),
                c.apply(0).send("FLUSHALL")),
                List.of("+OK\\r\\n", "+OK\\r\\n", "*0\\r\\n", "+OK\\r\\n", "+OK\\r\\n", "+QUEUED\\r\\n",
                        "*1\\r\\n$6\\r\\ntheirs\\r\\n", "+OK\\r\\n"));
    }

    @Test
    void disconnect_ofAWatchingClient_forgetsItsKeys() throws Exception {
        try (DataServer server = DataTests.start()) {
            Watches watches = server.keyspace().watches();
            long id;
            try (Conn a = new Conn(server.port())) {
                id = Long.parseLong(a.send("CLIENT", "ID").replaceAll("[^0-9]", ""));
                assertEquals("+OK\\r\\n", a.send("WATCH", "k", "j"));
                assertTrue(watches.watching(id));
                assertTrue(watches.any());
            }
            // The close is an event on the server's loop: wait for it to be handled.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (watches.watching(id) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertFalse(watches.watching(id), "the disconnected client still watches");
            assertFalse(watches.any(), "a watched key without watchers is left in the registry");
            // And writes to the key afterwards find nobody to mark.
            try (Conn b = new Conn(server.port())) {
                assertEquals("+OK\\r\\n", b.send("SET", "k", "v"));
            }
        }
    }

    // ---------------------------------------------------------------- expiry, on a manual clock

    /** Runs {@code task} on the server's loop thread, the only one allowed to touch its keyspace. */
    private static void onLoop(DataServer server, Runnable task) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        server.loop().execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(5, TimeUnit.SECONDS);
    }

    private static void expireIn(DataServer server, String key, long millis) throws Exception {
        onLoop(server, () -> {
            Db db = server.keyspace().db(0);
            Entry e = db.lookup(key.getBytes(StandardCharsets.US_ASCII));
            db.setExpire(e, db.keyspace().now() + millis);
        });
    }

    /** SET k, TTL 1 s, then the actions between WATCH and EXEC; returns EXEC's reply. */
    private interface Between {
        void run(DataServer server, ManualClock clock, Conn watcher, Conn other) throws Exception;
    }

    private static String execAfter(boolean expiredBeforeWatch, Between between) throws Exception {
        ManualClock clock = new ManualClock();
        try (DataServer server = DataTests.start(clock);
             Conn watcher = new Conn(server.port());
             Conn other = new Conn(server.port())) {
            assertEquals("+OK\\r\\n", watcher.send("SET", "k", "v"));
            expireIn(server, "k", 1000);
            if (expiredBeforeWatch) {
                clock.advance(Duration.ofMillis(1500));
            }
            assertEquals("+OK\\r\\n", watcher.send("WATCH", "k"));
            between.run(server, clock, watcher, other);
            assertEquals("+OK\\r\\n", watcher.send("MULTI"));
            assertEquals("+QUEUED\\r\\n", watcher.send("PING"));
            return watcher.send("EXEC");
        }
    }

    @Test
    void exec_afterTheWatchedKeyExpired_answersNull() throws Exception {
        // Nobody reads the key: only EXEC's own check (isWatchedKeyExpired) can see it went.
        assertEquals(NULL_ARRAY, execAfter(false, (s, clock, w, o) -> clock.advance(Duration.ofMillis(1500))));
    }

    @Test
    void exec_afterAnotherClientReadTheExpiredWatchedKey_answersNull() throws Exception {
        assertEquals(NULL_ARRAY, execAfter(false, (s, clock, w, o) -> {
            clock.advance(Duration.ofMillis(1500));
            assertEquals("$-1\\r\\n", o.send("GET", "k"));
        }));
    }

    @Test
    void exec_afterActiveExpiryReclaimedTheWatchedKey_answersNull() throws Exception {
        assertEquals(NULL_ARRAY, execAfter(false, (s, clock, w, o) -> {
            clock.advance(Duration.ofMillis(1500));
            s.loop().runTimersNow().get(5, TimeUnit.SECONDS);
            onLoop(s, () -> assertEquals(0, s.keyspace().db(0).size(), "the cron's expiry cycle ran"));
        }));
    }

    @Test
    void exec_watchedKeyStillInItsTtl_runs() throws Exception {
        assertEquals("*1\\r\\n+PONG\\r\\n", execAfter(false, (s, clock, w, o) -> clock.advance(Duration.ofMillis(999))));
    }

    @Test
    void exec_keyAlreadyExpiredWhenWatched_runs() throws Exception {
        assertEquals("*1\\r\\n+PONG\\r\\n", execAfter(true, (s, clock, w, o) -> { }));
    }

    @Test
    void exec_keyAlreadyExpiredWhenWatchedThenReadByAnother_runs() throws Exception {
        // Its lazy deletion is no change: the key was already logically gone (Redis 7.0's touchWatchedKey).
        assertEquals("*1\\r\\n+PONG\\r\\n", execAfter(true, (s, clock, w, o) ->
                assertEquals("$-1\\r\\n", o.send("GET", "k"))));
    }

    @Test
    void exec_keyAlreadyExpiredWhenWatchedThenFlushed_runs() throws Exception {
        assertEquals("*1\\r\\n+PONG\\r\\n", execAfter(true, (s, clock, w, o) ->
                assertEquals("+OK\\r\\n", o.send("FLUSHALL"))));
    }

    @Test
    void exec_keyAlreadyExpiredWhenWatchedThenSetByAnother_answersNull() throws Exception {
        assertEquals(NULL_ARRAY, execAfter(true, (s, clock, w, o) ->
                assertEquals("+OK\\r\\n", o.send("SET", "k", "new"))));
    }
}
