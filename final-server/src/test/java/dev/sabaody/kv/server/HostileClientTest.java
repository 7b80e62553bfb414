package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * A client that asks for gigabytes of replies and never reads them, against a server with a small
 * heap (128 MiB), in a process of its own: the server must close that client near its output limit
 * and go on serving everyone else on every loop. Before, all of a read's replies were encoded before
 * any limit was looked at, and the heap ran out inside an event loop, which died with its clients.
 */
class HostileClientTest {

    private Process server;
    private Path log;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void clientThatNeverReads_smallHeap_closedNearItsLimitAndEveryLoopStillServes() throws Exception {
        int port = freePort();
        startServer(port, "-Xmx128m");
        byte[] value = new byte[1 << 20];
        java.util.Arrays.fill(value, (byte) 'v');
        // One big value on each shard: the client's replies are made on its own loop and on the other.
        List<String> keys = bigKeysOnBothShards();
        try (Jedis setup = new Jedis("127.0.0.1", port, 10_000)) {
            for (String key : keys) {
                setup.set(key.getBytes(StandardCharsets.US_ASCII), value);
            }
        }
        // 3,000 GETs of 1 MiB values: 3 GiB of replies for a heap of 128 MiB. Never read.
        Socket greedy = new Socket();
        greedy.setReceiveBufferSize(4096);
        greedy.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        StringBuilder pair = new StringBuilder();
        for (String key : keys) {
            pair.append(RawClient.command("GET", key));
        }
        byte[] get = pair.toString().getBytes(StandardCharsets.US_ASCII);
        Thread sender = Thread.ofPlatform().start(() -> {
            try {
                OutputStream out = greedy.getOutputStream(); // not closed here: that would close the socket
                for (int i = 0; i < 1500; i++) {
                    out.write(get);
                }
            } catch (IOException expected) {
                // the server closed it: what this test waits for
            }
        });
        try (Jedis watcher = new Jedis("127.0.0.1", port, 10_000)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!log().contains("scheduled to be closed ASAP for overcoming of output buffer limits")) {
                assertTrue(System.nanoTime() < deadline, "the greedy client was never closed; log:\n" + log());
                assertEquals("PONG", watcher.ping(), "a bystander is served meanwhile");
            }
        }
        sender.join(TimeUnit.SECONDS.toMillis(30));
        greedy.close();
        // Connections are dealt round-robin: four of them cover both loops twice.
        List<Jedis> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Jedis c = new Jedis("127.0.0.1", port, 10_000);
                clients.add(c);
                assertEquals("PONG", c.ping());
                assertEquals("OK", c.set("after:" + i, "v"));
                assertEquals(1 << 20, c.get(keys.get(i % 2).getBytes(StandardCharsets.US_ASCII)).length);
            }
        } finally {
            clients.forEach(Jedis::close);
        }
        assertTrue(server.isAlive());
        assertTrue(!log().contains("failed, closing its connections"), "an event loop died:\n" + log());
    }

    /** SIGTERM stops the server in order and the process exits 0, as redis-server does (the JVM alone: 143). */
    @Test
    void sigterm_orderlyStop_exitStatusZero() throws Exception {
        startServer(freePort(), "-Xmx128m");
        server.destroy(); // SIGTERM
        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server did not stop:\n" + log());
        assertEquals(0, server.exitValue(), log());
        assertTrue(log().contains("ready to exit"), log());
    }

    /** Two keys, one owned by each of two shards. */
    private static List<String> bigKeysOnBothShards() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < 2; i++) {
            String key = "big:" + i;
            int shard = dev.sabaody.kv.data.KeyHash.shardOf(key.getBytes(), 2);
            if (shard == keys.size()) {
                keys.add(key);
            }
        }
        return keys;
    }

    private void startServer(int port, String heap) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        log = Files.createTempFile("sabaody-hostile", ".log");
        server = new ProcessBuilder(java, heap, "-XX:+UseCompactObjectHeaders", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", Integer.toString(port), "--shards", "2", "--save", "")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!log().contains("Ready to accept connections")) {
            assertTrue(server.isAlive() && System.nanoTime() < deadline, "the server did not start:\n" + log());
            Thread.sleep(20); // another process starting: no clock of ours to move
        }
    }

    private String log() throws IOException {
        return Files.readString(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
