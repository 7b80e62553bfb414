package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.csc.DefaultCache;

/**
 * Client-side caching where a differential script cannot go: what CLIENT LIST and INFO show (ids
 * and addresses differ from Redis's), a redirect whose client left, tracking-table-max-keys, keys
 * that expire, and Jedis's own client-side cache kept coherent by the invalidations.
 */
class TrackingTest {

    private SabaodyServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(int shards, Clock clock) throws IOException {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)),
                clock);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(10_000);
        sockets.add(s);
        return s;
    }

    private static void send(Socket s, String... argv) throws IOException {
        s.getOutputStream().write(RawClient.command(argv).getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static String read(Socket s) throws IOException {
        return RespFrames.read(s.getInputStream());
    }

    private static String call(Socket s, String... argv) throws IOException {
        send(s, argv);
        return read(s);
    }

    private static long id(Socket s) throws IOException {
        String reply = call(s, "CLIENT", "ID");
        return Long.parseLong(reply.substring(1).trim());
    }

    private static String line(Socket s) throws IOException {
        String reply = call(s, "CLIENT", "INFO");
        return reply.substring(reply.indexOf("id="));
    }

    private static String field(String clientLine, String name) {
        for (String f : clientLine.trim().split(" ")) {
            if (f.startsWith(name + "=")) {
                return f.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " not in " + clientLine);
    }

    private static long info(Socket s, String name) throws IOException {
        String text = call(s, "INFO", "everything");
        for (String l : text.split("\r?\n")) {
            if (l.startsWith(name + ":")) {
                return Long.parseLong(l.substring(name.length() + 1).trim());
            }
        }
        throw new AssertionError(name + " not in INFO");
    }

    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 2})
    void clientListAndInfo_showTrackingFlagsRedirectAndCounts(int shards) throws Exception {
        start(shards, Clock.system());
        Socket tracker = connect();
        Socket redirect = connect();
        Socket bcast = connect();
        Socket writer = connect();
        long redirectId = id(redirect);
        assertEquals("N", field(line(tracker), "flags"));
        assertEquals("-1", field(line(tracker), "redir"));

        assertEquals("+OK\r\n", call(tracker, "CLIENT", "TRACKING", "on", "REDIRECT", Long.toString(redirectId)));
        call(bcast, "HELLO", "3");
        assertEquals("+OK\r\n", call(bcast, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "a", "PREFIX", "b"));
        assertEquals("t", field(line(tracker), "flags"));
        assertEquals(Long.toString(redirectId), field(line(tracker), "redir"));
        assertEquals("tB", field(line(bcast), "flags"));
        assertEquals("0", field(line(bcast), "redir"));

        for (String key : List.of("k1", "k2", "k3", "k4")) {
            call(tracker, "GET", key);
        }
        call(writer, "GET", "k1"); // not tracking: remembers nothing
        assertEquals(2, info(writer, "tracking_clients"));
        assertEquals(4, info(writer, "tracking_total_keys"));
        assertEquals(4, info(writer, "tracking_total_items"));
        assertEquals(2, info(writer, "tracking_total_prefixes"));

        // The redirect leaves: the next invalidation finds it gone and marks the tracker (R).
        redirect.close();
        awaitGone(writer, redirectId);
        assertEquals("+OK\r\n", call(writer, "SET", "k1", "v"));
        assertEquals("tR", field(line(tracker), "flags"));
        assertEquals(3, info(writer, "tracking_total_keys"));

        assertEquals("+OK\r\n", call(tracker, "CLIENT", "TRACKING", "off"));
        assertEquals("N", field(line(tracker), "flags"));
        assertEquals(1, info(writer, "tracking_clients"));
        assertEquals("+RESET\r\n", call(bcast, "RESET"));
        assertEquals(0, info(writer, "tracking_clients"));
        assertEquals(0, info(writer, "tracking_total_prefixes"));
        call(writer, "FLUSHALL");
        assertEquals(0, info(writer, "tracking_total_keys"));
    }

    private void awaitGone(Socket asker, long id) throws IOException {
        // The close reaches the server asynchronously; CLIENT LIST ID answers once it is gone.
        for (int i = 0; i < 10_000 && call(asker, "CLIENT", "LIST", "ID", Long.toString(id)).length() > 8; i++) {
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 2})
    void brokenRedirect_resp3_theTrackerIsTold(int shards) throws Exception {
        start(shards, Clock.system());
        Socket tracker = connect();
        Socket redirect = connect();
        Socket writer = connect();
        long redirectId = id(redirect);
        call(tracker, "HELLO", "3");
        call(tracker, "CLIENT", "TRACKING", "on", "REDIRECT", Long.toString(redirectId));
        call(tracker, "GET", "k");
        redirect.close();
        awaitGone(writer, redirectId);
        call(writer, "SET", "k", "v");
        assertEquals(">2\r\n$21\r\ntracking-redir-broken\r\n:" + redirectId + "\r\n", read(tracker));
        String info = call(tracker, "CLIENT", "TRACKINGINFO");
        assertTrue(info.contains("broken_redirect"), info);
    }

    @Test
    void tableMaxKeys_overTheLimit_keysAreForgottenAndInvalidated() throws Exception {
        start(1, Clock.system());
        Socket tracker = connect();
        Socket admin = connect();
        call(tracker, "HELLO", "3");
        call(tracker, "CLIENT", "TRACKING", "on");
        assertEquals("+OK\r\n", call(admin, "CONFIG", "SET", "tracking-table-max-keys", "1"));
        assertEquals("_\r\n", call(tracker, "GET", "a"));
        assertEquals("_\r\n", call(tracker, "GET", "b"));
        // Two keys for a table of one: one is forgotten, and its client told, as if it had changed.
        String push = read(tracker);
        assertTrue(Set.of(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\na\r\n", ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nb\r\n")
                .contains(push), push);
        assertEquals(1, info(admin, "tracking_total_keys"));
        assertEquals("+OK\r\n", call(admin, "CONFIG", "SET", "tracking-table-max-keys", "0"));
        call(tracker, "GET", "c");
        call(tracker, "GET", "d");
        assertEquals(3, info(admin, "tracking_total_keys"));
    }

    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 2})
    void expiredKey_trackerIsInvalidated(int shards) throws Exception {
        ManualClock clock = new ManualClock();
        start(shards, clock);
        Socket tracker = connect();
        Socket other = connect();
        call(tracker, "HELLO", "3");
        call(tracker, "CLIENT", "TRACKING", "on");
        assertEquals("+OK\r\n", call(other, "SET", "soon", "v", "PX", "100"));
        assertEquals("$1\r\nv\r\n", call(tracker, "GET", "soon"));
        clock.advance(java.time.Duration.ofMillis(200));
        assertEquals("$-1\r\n", call(other, "GET", "soon")); // the lookup expires it: a change
        assertEquals(">2\r\n$10\r\ninvalidate\r\n*1\r\n$4\r\nsoon\r\n", read(tracker));
    }

    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 2})
    void keyExpiredByTheActiveCycle_noCommandRunning_trackerIsInvalidated(int shards) throws Exception {
        ManualClock clock = new ManualClock();
        start(shards, clock);
        Socket tracker = connect();
        Socket other = connect();
        call(tracker, "HELLO", "3");
        call(tracker, "CLIENT", "TRACKING", "on");
        assertEquals("+OK\r\n", call(other, "SET", "soon", "v", "PX", "100"));
        assertEquals("$1\r\nv\r\n", call(tracker, "GET", "soon"));
        long expired = info(other, "expired_keys");
        // Nobody asks for the key: the cycle, run by the loops' timers, deletes it, and the
        // invalidation found outside any command goes out at the end of that loop's turn.
        for (int tick = 0; tick < 10 && info(other, "expired_keys") == expired; tick++) {
            clock.advance(java.time.Duration.ofMillis(200));
            for (dev.sabaody.kv.nio.EventLoop loop : server.loops()) {
                loop.runTimersNow().get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        assertEquals(expired + 1, info(other, "expired_keys"));
        assertEquals(">2\r\n$10\r\ninvalidate\r\n*1\r\n$4\r\nsoon\r\n", read(tracker));
    }

    /** Jedis 6's cache asks for Redis 7.4; its compatibility mode uses what 7.0 has, CLIENT TRACKING. */
    private static final class CompatibleCache extends DefaultCache {
        CompatibleCache() {
            super(100);
        }

        @Override
        public boolean compatibilityMode() {
            return true;
        }
    }

    /**
     * Jedis reads pushes when it next talks to the server. The invalidation is in the reader's output
     * before the writer's reply leaves, on one shard or several (TrackingOrderTest), so one PING's
     * reply comes after it.
     */
    private static void awaitInvalidated(JedisPooled cached, CompatibleCache cache, int entriesLeft) {
        cached.ping();
        assertEquals(entriesLeft, cache.getSize());
    }

    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 2})
    void jedisClientSideCache_staysCoherentThroughInvalidations(int shards) throws Exception {
        start(shards, Clock.system());
        CompatibleCache cache = new CompatibleCache();
        HostAndPort address = new HostAndPort("127.0.0.1", server.port());
        try (JedisPooled cached = new JedisPooled(address,
                DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build(), cache);
             Jedis writer = new Jedis(address)) {
            writer.set("user:1", "ada");
            writer.set("user:2", "grace");
            assertEquals("ada", cached.get("user:1"));
            assertEquals("grace", cached.get("user:2"));
            assertEquals(2, cache.getSize());
            assertEquals("ada", cached.get("user:1")); // from the local cache
            assertEquals(1, cache.getStats().getHitCount());

            writer.set("user:1", "lovelace"); // another connection writes: the server invalidates
            awaitInvalidated(cached, cache, 1);
            assertEquals("grace", cached.get("user:2"));
            assertEquals("lovelace", cached.get("user:1"));
            writer.flushAll();
            awaitInvalidated(cached, cache, 0);
            assertEquals(null, cached.get("user:2"));
        }
    }
}
