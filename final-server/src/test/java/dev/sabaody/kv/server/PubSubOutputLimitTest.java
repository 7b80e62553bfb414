package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code client-output-buffer-limit pubsub}: a subscriber that stops reading is closed once what it
 * is owed crosses the hard limit, or stays above the soft limit for its seconds; the publisher gets
 * every reply and a subscriber that reads gets every message meanwhile. With two shards the slow
 * subscriber and the reader live on the other loop from the publisher, and on the same.
 */
class PubSubOutputLimitTest {

    private static final int MESSAGE_BYTES = 16 * 1024;
    /** 16 MiB in all: far more than the kernel's socket buffers hold for a client that never reads. */
    private static final int MESSAGES = 1024;

    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 2})
    void subscriberThatNeverReads_crossesHardLimit_closedWhilePublisherAndReaderGoOn(int shards) throws Exception {
        ServerConfig config = ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards))
                .with("client-output-buffer-limit", "pubsub 4mb 0 0");
        try (SabaodyServer server = TestServers.start(config, Clock.system());
             Socket slow = subscriber(server.port(), "feed");
             Socket reader = subscriber(server.port(), "feed", 0);
             Socket publisher = connect(server.port())) {
            CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> readMessages(reader, MESSAGES));
            publishAll(publisher, "feed", MESSAGES);

            assertEquals(MESSAGES, read.get(), "the subscriber that reads got every message");
            long slowBytes = drainToEnd(slow); // what reached its socket before the close, then the end of stream
            assertTrue(slowBytes < (long) MESSAGES * MESSAGE_BYTES, "closed before all was sent: " + slowBytes);
            String numsub = roundTrip(publisher, "PUBSUB", "NUMSUB", "feed");
            assertTrue(numsub.endsWith("feed\r\n:1\r\n"), "the closed subscriber is gone from the channel: " + numsub);
        }
    }

    @Test
    void subscriberAboveSoftLimit_forItsSeconds_closedAtTheNextMessage() throws Exception {
        ManualClock clock = new ManualClock();
        ServerConfig config = ServerConfig.defaults().with("port", "0").with("shards", "1")
                .with("client-output-buffer-limit", "pubsub 0 256kb 10");
        try (SabaodyServer server = TestServers.start(config, clock);
             Socket slow = subscriber(server.port(), "feed");
             Socket publisher = connect(server.port())) {
            publishAll(publisher, "feed", MESSAGES); // above the soft limit from here on: its clock starts
            assertEquals(":1\r\n", roundTrip(publisher, "PUBLISH", "feed", "still within its 10 seconds"));
            clock.advance(Duration.ofSeconds(11));
            roundTrip(publisher, "PUBLISH", "feed", "over the soft limit for 11 seconds");
            long slowBytes = drainToEnd(slow);
            assertTrue(slowBytes < (long) MESSAGES * MESSAGE_BYTES, "closed before all was sent: " + slowBytes);
            assertEquals(":0\r\n", roundTrip(publisher, "PUBLISH", "feed", "nobody left"));
        }
    }

    @Test
    void pubsubLimit_defaultsToRedis() throws Exception {
        try (SabaodyServer server = TestServers.start(1); Socket client = connect(server.port())) {
            String reply = roundTrip(client, "CONFIG", "GET", "client-output-buffer-limit");
            assertTrue(reply.contains("pubsub 33554432 8388608 60"), reply);
        }
    }

    /** A subscriber that will not read: a small receive window, so the server's output fills quickly. */
    private static Socket subscriber(int port, String channel) throws IOException {
        return subscriber(port, channel, 4096);
    }

    private static Socket subscriber(int port, String channel, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer); // before connecting: the window the kernel offers stays small
        }
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        s.setSoTimeout(30_000);
        s.getOutputStream().write(RawClient.command("SUBSCRIBE", channel).getBytes(StandardCharsets.UTF_8));
        RespFrames.read(s.getInputStream());
        return s;
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return s;
    }

    /**
     * Publishes {@code count} messages, pipelined 8 at a time (128 KiB), and reads every reply: a
     * subscriber that reads is never far behind, one that does not falls behind by everything.
     */
    private static void publishAll(Socket publisher, String channel, int count) throws IOException {
        String payload = "x".repeat(MESSAGE_BYTES);
        for (int sent = 0; sent < count; sent += 8) {
            StringBuilder group = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                group.append(RawClient.command("PUBLISH", channel, payload));
            }
            publisher.getOutputStream().write(group.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 8; i++) {
                String reply = RespFrames.read(publisher.getInputStream());
                assertTrue(reply.startsWith(":"), reply);
            }
        }
    }

    private static String roundTrip(Socket s, String... argv) throws IOException {
        s.getOutputStream().write(RawClient.command(argv).getBytes(StandardCharsets.UTF_8));
        return RespFrames.read(s.getInputStream());
    }

    private static int readMessages(Socket s, int count) {
        try {
            InputStream in = s.getInputStream();
            for (int i = 0; i < count; i++) {
                RespFrames.read(in);
            }
            return count;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long drainToEnd(Socket s) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        InputStream in = s.getInputStream();
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
        }
        return total;
    }
}
