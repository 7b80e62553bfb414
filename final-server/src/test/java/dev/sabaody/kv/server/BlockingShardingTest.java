package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ListDirection;

/**
 * Blocking commands when the blocked client's keys live on other shards than its connection, or on
 * several shards: served when data comes, in arrival order, atomically across shards, released by
 * their timeout (on the injected clock) or by their disconnect.
 */
class BlockingShardingTest {

    private final ManualClock clock = new ManualClock();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private SabaodyServer server;
    private List<String> keys;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "4"), clock);
        keys = ShardingTest.keysOnDistinctShards(4);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        server.close();
    }

    private Jedis client() {
        return new Jedis("127.0.0.1", server.port(), 10_000);
    }

    /** Waits (polling INFO, which parks every shard) until {@code n} commands are blocked. */
    private void awaitBlocked(int n) throws InterruptedException {
        try (Jedis jedis = client()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!jedis.info("clients").contains("blocked_clients:" + n + "\r\n")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("never saw " + n + " blocked: " + jedis.info("clients"));
                }
                Thread.sleep(5); // polling a server on another thread: no clock to inject here
            }
        }
    }

    @Test
    void blpop_keyOnEveryShard_servedWhenAnotherClientPushes() throws Exception {
        for (String key : keys) {
            try (Jedis blocked = client(); Jedis pusher = client()) {
                Future<List<String>> popped = pool.submit(() -> blocked.blpop(0, key));
                awaitBlocked(1);
                assertEquals(1, pusher.rpush(key, "x"));
                assertEquals(List.of(key, "x"), popped.get(10, TimeUnit.SECONDS));
                assertEquals(0, pusher.llen(key));
            }
        }
    }

    @Test
    void blpop_keysOnSeveralShards_servedFromTheOneThatGetsData() throws Exception {
        try (Jedis blocked = client(); Jedis pusher = client()) {
            Future<List<String>> popped = pool.submit(() -> blocked.blpop(0, keys.get(0), keys.get(1), keys.get(2)));
            awaitBlocked(1); // one client, queued on each of the three shards that own a key
            pusher.rpush(keys.get(2), "c");
            assertEquals(List.of(keys.get(2), "c"), popped.get(10, TimeUnit.SECONDS));
            awaitBlocked(0);
            pusher.rpush(keys.get(0), "a");
            assertEquals(1, pusher.llen(keys.get(0)), "a served waiter takes nothing more");
        }
    }

    @Test
    void blmove_sourceAndDestinationOnDifferentShards_movesAtomically() throws Exception {
        String src = keys.get(0);
        String dst = keys.get(1);
        try (Jedis blocked = client(); Jedis pusher = client()) {
            Future<String> moved = pool.submit(() -> blocked.blmove(src, dst, ListDirection.LEFT, ListDirection.RIGHT, 0));
            awaitBlocked(1);
            pusher.rpush(src, "e1", "e2");
            assertEquals("e1", moved.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("e2"), pusher.lrange(src, 0, -1));
            assertEquals(List.of("e1"), pusher.lrange(dst, 0, -1));
        }
    }

    @Test
    void blpop_twoClientsOnARemoteKey_servedInArrivalOrder() throws Exception {
        String key = keys.get(3);
        try (Jedis first = client(); Jedis second = client(); Jedis pusher = client()) {
            Future<List<String>> a = pool.submit(() -> first.blpop(0, key));
            awaitBlocked(1);
            Future<List<String>> b = pool.submit(() -> second.blpop(0, key));
            awaitBlocked(2);
            pusher.rpush(key, "one");
            assertEquals(List.of(key, "one"), a.get(10, TimeUnit.SECONDS));
            pusher.rpush(key, "two");
            assertEquals(List.of(key, "two"), b.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void blpop_timeout_answersNullOnTheInjectedClock() throws Exception {
        try (Jedis one = client(); Jedis several = client()) {
            Future<List<String>> single = pool.submit(() -> one.blpop(5, keys.get(1)));
            Future<List<String>> multi = pool.submit(() -> several.blpop(5, keys.get(0), keys.get(2)));
            awaitBlocked(2);
            clock.advance(Duration.ofMillis(4_999));
            runTimers();
            awaitBlocked(2);
            clock.advance(Duration.ofMillis(2));
            runTimers();
            assertNull(single.get(10, TimeUnit.SECONDS));
            assertNull(multi.get(10, TimeUnit.SECONDS));
            awaitBlocked(0);
        }
    }

    @Test
    void blpop_clientDisconnectsWhileBlockedOnRemoteKeys_nextPushIsNotLost() throws Exception {
        try (RawClient blocked = new RawClient(server.port())) {
            blocked.send(RawClient.command("BLPOP", keys.get(1), keys.get(2), "0"));
            awaitBlocked(1);
        }
        awaitBlocked(0);
        try (Jedis pusher = client()) {
            pusher.rpush(keys.get(1), "kept");
            assertEquals(1, pusher.llen(keys.get(1)));
        }
    }

    /**
     * A client blocks, then closes; another pushes at once. The element must stay in the list: nobody
     * is left to receive it. The pop for a remote waiter is decided with the client's home loop
     * parked, after it has read the client's goodbye, so the element is never taken for a client
     * that is already gone (before, a few pushes in fifty were popped for it and lost).
     */
    @Test
    void blpop_clientClosesRightAfterBlocking_theNextPushIsNeverPoppedForIt() throws Exception {
        try (Jedis pusher = client()) {
            for (int trial = 0; trial < 60; trial++) {
                String key = keys.get(trial % keys.size());
                try (RawClient blocked = new RawClient(server.port())) {
                    blocked.send(RawClient.command("BLPOP", key, "0"));
                    awaitBlocked(1);
                }
                assertEquals(1, pusher.rpush(key, "x"), "trial " + trial);
                awaitBlocked(0);
                assertEquals(1, pusher.llen(key), "trial " + trial + ": the element was popped for a closed client");
                pusher.del(key);
            }
        }
    }

    /** A client blocked on a remote key stays blocked through a transaction that creates and deletes it. */
    @Test
    void blpop_transactionPushesThenDeletesTheKey_clientStaysBlocked() throws Exception {
        for (String key : keys) {
            try (Jedis blocked = client(); Jedis writer = client()) {
                Future<List<String>> popped = pool.submit(() -> blocked.blpop(0, key));
                awaitBlocked(1);
                redis.clients.jedis.Transaction tx = writer.multi();
                tx.lpush(key, "gone");
                tx.del(key);
                tx.exec();
                awaitBlocked(1);
                assertEquals(1, writer.lpush(key, "kept"));
                assertEquals(List.of(key, "kept"), popped.get(10, TimeUnit.SECONDS));
            }
        }
    }

    /** XREAD BLOCK with {@code $} on a stream of any shard: woken by the next XADD, which it receives. */
    @Test
    void xreadBlockDollar_streamOnEveryShard_servedWithTheNextEntry() throws Exception {
        for (String key : keys) {
            try (RawClient reader = new RawClient(server.port()); Jedis writer = client()) {
                writer.sendCommand(redis.clients.jedis.Protocol.Command.XADD, key, "1-1", "f", "old");
                reader.send(RawClient.command("XREAD", "BLOCK", "0", "STREAMS", key, "$"));
                awaitBlocked(1);
                writer.sendCommand(redis.clients.jedis.Protocol.Command.XADD, key, "2-1", "f", "new");
                String expected = "*1\r\n*2\r\n$" + key.length() + "\r\n" + key + "\r\n*1\r\n*2\r\n$3\r\n2-1\r\n"
                        + "*2\r\n$1\r\nf\r\n$3\r\nnew\r\n";
                assertEquals(expected, reader.read(expected.length()));
                writer.del(key);
            }
        }
    }

    private void runTimers() throws Exception {
        for (EventLoop loop : server.loops()) {
            loop.runTimersNow().get(10, TimeUnit.SECONDS);
        }
    }
}
