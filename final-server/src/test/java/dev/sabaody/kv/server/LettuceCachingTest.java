package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.KeyHash;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lettuce's client-side caching against final-server: {@code ClientSideCaching.enable} over a RESP3
 * connection keeps a local map, and the server's invalidation pushes keep it coherent while other
 * connections, on the reader's loop and on the other loop, write keys of either shard.
 *
 * <p>No waiting: after each write the reader sends PING, and the invalidation must be read before
 * PING's reply (it was in the reader's output before the writer's reply left, as in Redis), so by
 * the time {@code ping()} returns, Lettuce's push listener has already evicted the entry. Lettuce 7.7
 * listens for RESP3 pushes only; the RESP2 form (REDIRECT to a connection subscribed to
 * {@code __redis__:invalidate}) is driven by hand through Lettuce's Pub/Sub connection, and
 * Lettuce's Pub/Sub listener gets its own test.
 */
class LettuceCachingTest {

    private SabaodyServer server;
    private RedisClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    private RedisClient start(int shards, ProtocolVersion protocol) throws Exception {
        server = TestServers.start(shards);
        client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        return client;
    }

    /** A key owned by {@code shard} of {@code shards}. */
    private static String keyOn(int shard, int shards, String prefix) {
        for (int i = 0; ; i++) {
            String key = prefix + i;
            if (KeyHash.shardOf(key.getBytes(StandardCharsets.UTF_8), shards) == shard) {
                return key;
            }
        }
    }

    /** Writers on every loop: connections are dealt to the loops in turn, so {@code shards} of them cover all. */
    private List<StatefulRedisConnection<String, String>> writers(int shards) {
        List<StatefulRedisConnection<String, String>> out = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            out.add(client.connect());
        }
        return out;
    }

    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 2})
    void resp3Frontend_writesFromEveryLoopToEveryShard_evictTheLocalEntryBeforeTheNextReply(int shards)
            throws Exception {
        start(shards, ProtocolVersion.RESP3);
        Map<String, String> local = new ConcurrentHashMap<>();
        try (StatefulRedisConnection<String, String> reader = client.connect()) {
            List<StatefulRedisConnection<String, String>> writers = writers(shards);
            CacheFrontend<String, String> frontend =
                    ClientSideCaching.enable(CacheAccessor.forMap(local), reader, TrackingArgs.Builder.enabled());
            RedisCommands<String, String> readerSync = reader.sync();
            int round = 0;
            for (int shard = 0; shard < shards; shard++) {
                String key = keyOn(shard, shards, "user:");
                for (StatefulRedisConnection<String, String> writer : writers) {
                    writer.sync().set(key, "v" + round);
                    readerSync.ping(); // the previous round cached its value: its eviction first
                    assertEquals("v" + round, frontend.get(key)); // read from the server, now cached
                    assertEquals("v" + round, local.get(key));
                    assertEquals("v" + round, frontend.get(key)); // from the map: nothing asked

                    round++;
                    writer.sync().set(key, "v" + round);
                    readerSync.ping(); // any reply after the write's reply comes after the invalidation
                    assertFalse(local.containsKey(key), key + " still cached after a write, round " + round);
                    assertEquals("v" + round, frontend.get(key));
                    round++;
                }
            }
            for (StatefulRedisConnection<String, String> w : writers) {
                w.close();
            }
            frontend.close();
        }
    }

    /**
     * The RESP2 form: the messages arrive on another connection, with no order against the reader's
     * replies (in Redis too), so the test waits for each one (a queue the listener fills after it
     * evicted the key) rather than for a reply.
     */
    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 2})
    void resp2Redirect_invalidationsOnLettucePubSub_evictTheLocalEntry(int shards) throws Exception {
        start(shards, ProtocolVersion.RESP2);
        Map<String, String> local = new ConcurrentHashMap<>();
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        try (StatefulRedisPubSubConnection<String, String> invalidations = client.connectPubSub();
             StatefulRedisConnection<String, String> reader = client.connect()) {
            invalidations.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    // The value is an array of keys; Lettuce's Pub/Sub decoder hands over its element.
                    local.remove(message);
                    messages.add(channel + " " + message);
                }
            });
            long redirect = invalidations.sync().clientId();
            invalidations.sync().subscribe("__redis__:invalidate");
            reader.sync().clientTracking(TrackingArgs.Builder.enabled().redirect(redirect));
            CacheFrontend<String, String> frontend = ClientSideCaching.create(CacheAccessor.forMap(local), reader);
            List<StatefulRedisConnection<String, String>> writers = writers(shards);
            for (int shard = 0; shard < shards; shard++) {
                String key = keyOn(shard, shards, "order:");
                boolean cached = false;
                for (StatefulRedisConnection<String, String> writer : writers) {
                    writer.sync().set(key, "old");
                    if (cached) { // the previous round cached "new"
                        assertEquals("__redis__:invalidate " + key, messages.poll(30, TimeUnit.SECONDS));
                    }
                    assertEquals("old", frontend.get(key));
                    assertTrue(local.containsKey(key));
                    writer.sync().set(key, "new");
                    assertEquals("__redis__:invalidate " + key, messages.poll(30, TimeUnit.SECONDS));
                    assertFalse(local.containsKey(key));
                    assertEquals("new", frontend.get(key));
                    cached = true;
                }
            }
            assertEquals(List.of(), List.copyOf(messages));
            for (StatefulRedisConnection<String, String> w : writers) {
                w.close();
            }
            frontend.close();
        }
    }

    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 2})
    void pubSubListener_receivesEveryLoopsMessagesInOrder(int shards) throws Exception {
        start(shards, ProtocolVersion.RESP3);
        List<String> received = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    received.add(channel + ":" + message);
                }

                @Override
                public void message(String pattern, String channel, String message) {
                    received.add(pattern + ">" + channel + ":" + message);
                }
            });
            sub.sync().subscribe("news");
            sub.sync().psubscribe("n*");
            List<StatefulRedisConnection<String, String>> publishers = writers(shards);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                StatefulRedisConnection<String, String> p = publishers.get(i % publishers.size());
                assertEquals(2L, p.sync().publish("news", "m" + i));
                expected.add("news:m" + i);
                expected.add("n*>news:m" + i);
            }
            sub.sync().ping(); // on its own loop, after every task that carried a message there
            // Messages from one publisher keep their order; two publishers may interleave.
            for (int w = 0; w < publishers.size(); w++) {
                List<String> mine = new ArrayList<>();
                List<String> got = new ArrayList<>();
                for (int i = w; i < 20; i += publishers.size()) {
                    mine.add("news:m" + i);
                    mine.add("n*>news:m" + i);
                }
                for (String r : received) {
                    if (mine.contains(r)) {
                        got.add(r);
                    }
                }
                assertEquals(mine, got);
            }
            assertEquals(expected.size(), received.size());
            for (StatefulRedisConnection<String, String> p : publishers) {
                p.close();
            }
        }
    }
}
