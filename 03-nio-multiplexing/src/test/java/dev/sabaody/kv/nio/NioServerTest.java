package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The event loop's I/O, through a real socket: partial reads, limits, endings, pause and resume, stopping. */
class NioServerTest {

    private final EchoLines protocol = new EchoLines();
    private NioServer server;

    private NioServer start(NioServer.Config config) throws Exception {
        server = NioServer.start(config, protocol);
        return server;
    }

    private NioServer start() throws Exception {
        return start(NioServer.Config.onPort(0));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void onInput_requestSplitAtEveryByte_sameReplies() throws Exception {
        start();
        String request = "alpha\nbravo charlie\n\ndelta\n";
        for (int split = 0; split <= request.length(); split++) {
            try (Client client = new Client(server.port())) {
                protocol.awaitOpen();
                protocol.inputs.clear();
                if (split > 0) {
                    client.send(request.substring(0, split));
                    // wait until the session has been offered these bytes, so the rest is another read
                    int received = 0;
                    while (received < split) {
                        received = protocol.awaitInput();
                    }
                }
                client.send(request.substring(split));
                assertEquals(request, client.readLines(4), "split at byte " + split);
            }
        }
    }

    @Test
    void read_largeRequestArrivingOverManyReads_keptUntilComplete() throws Exception {
        start(NioServer.Config.onPort(0).withMaxInputBytes(1 << 20));
        String big = "y".repeat(200_000);
        try (Client client = new Client(server.port())) {
            client.send(big.substring(0, 100_000));
            client.send(big.substring(100_000) + "\nafter\n");
            assertEquals(big + "\nafter\n", client.readLines(2));
        }
    }

    @Test
    void read_requestLargerThanInputLimit_closesThatConnectionOnly() throws Exception {
        start(NioServer.Config.onPort(0).withMaxInputBytes(1024));
        try (Client good = new Client(server.port()); Client bad = new Client(server.port())) {
            protocol.awaitOpen();
            long badId = protocol.awaitOpen().id();
            bad.send("z".repeat(5000)); // no newline: a request that never fits
            assertTrue(bad.closedByServer());
            assertEquals(badId, protocol.awaitClose());
            assertEquals("still here\n", good.send("still here\n").readLines(1));
            assertEquals(1, server.connectionCount());
        }
    }

    @Test
    void write_clientThatNeverReads_closedAtOutputLimitOthersServed() throws Exception {
        start(NioServer.Config.onPort(0).withOutputLimits(
                new OutputLimits(new OutputLimits.Limit(1 << 20, 0, 0), Long.MAX_VALUE)));
        try (Client good = new Client(server.port()); Client greedy = new Client(server.port())) {
            protocol.awaitOpen();
            long greedyId = protocol.awaitOpen().id();
            greedy.socket.setReceiveBufferSize(4096);
            // 256 replies of 64 KiB: 16 MiB, far more than the socket buffers and the 1 MiB limit hold
            String requests = "BIG 65536\n".repeat(256);
            greedy.send(requests);
            assertEquals(greedyId, protocol.awaitClose());
            assertEquals("ok\n", good.send("ok\n").readLines(1));
            assertEquals(1, server.connectionCount());
            assertEquals(1, protocol.closesById.get(greedyId).get());
        }
    }

    /**
     * No per-connection limit (Redis's default for normal clients), but a total: a client that asks
     * for 16 MiB of replies and never reads is refused once the loop holds 2 MiB of output, and closed;
     * a client that reads is served, and before the fix the replies were all encoded first.
     */
    @Test
    void write_noPerClientLimit_clientThatNeverReadsClosedAtTheTotalLimit() throws Exception {
        start(NioServer.Config.onPort(0).withOutputLimits(new OutputLimits(OutputLimits.Limit.NONE, 2 << 20)));
        try (Client good = new Client(server.port()); Client greedy = new Client(server.port())) {
            protocol.awaitOpen();
            long greedyId = protocol.awaitOpen().id();
            greedy.socket.setReceiveBufferSize(4096);
            greedy.send("BIG 65536\n".repeat(256));
            assertEquals(greedyId, protocol.awaitClose());
            assertEquals("ok\n", good.send("ok\n").readLines(1));
            assertEquals(1, server.connectionCount());
        }
    }

    /**
     * Client eviction under the total (Redis's maxmemory-clients): the loop closes the connection
     * holding the most output and counts it (evicted_clients), but never one flagged CLIENT NO-EVICT.
     * The exempt client holds an 8 MiB array for a 6 MB reply it does not read; a second greedy client
     * grows past the 16 MiB share: without the exemption the first, larger, would be closed.
     */
    @Test
    void write_totalLimitReached_largestEvictableClosedAndCountedNoEvictKept() throws Exception {
        start(NioServer.Config.onPort(0).withOutputLimits(new OutputLimits(OutputLimits.Limit.NONE, 16 << 20)));
        try (Client exempt = new Client(server.port()); Client greedy = new Client(server.port())) {
            Connection kept = protocol.awaitOpen();
            long greedyId = protocol.awaitOpen().id();
            CompletableFuture<Void> flagged = new CompletableFuture<>();
            kept.loop().execute(() -> {
                kept.setNoEvict(true);
                flagged.complete(null);
            });
            flagged.get(10, TimeUnit.SECONDS);
            exempt.socket.setReceiveBufferSize(4096);
            greedy.socket.setReceiveBufferSize(4096);
            exempt.send("BIG 6000000\n");
            int held;
            do { // until the whole reply is encoded: its array has grown to 8 MiB
                CompletableFuture<Integer> capacity = new CompletableFuture<>();
                kept.loop().execute(() -> capacity.complete(((NioConnection) kept).outputCapacity()));
                held = capacity.get(10, TimeUnit.SECONDS);
            } while (held < (8 << 20));
            greedy.send("BIG 65536\n".repeat(256));
            assertEquals(greedyId, protocol.awaitClose());
            assertTrue(kept.isOpen());
            CompletableFuture<Long> evicted = new CompletableFuture<>();
            kept.loop().execute(() -> evicted.complete(kept.loop().evictedClients()));
            assertEquals(1, evicted.get(10, TimeUnit.SECONDS), "the greedy one, evicted as the largest evictable");
        }
    }

    /**
     * An 8 MiB request arriving in many reads: what the connection holds of it is never copied again
     * on each read (that was quadratic: about 2 GB moved for 8 MiB), only when its buffer doubles,
     * which copies at most about twice the request in all.
     */
    @Test
    void read_largeRequestInManyReads_copiedInLinearTime() throws Exception {
        start();
        int size = 8 << 20;
        try (Client client = new Client(server.port())) {
            Connection connection = protocol.openedConnections.take();
            String line = "x".repeat(size);
            assertEquals(line + "\n", client.send(line + "\n").readLines(1));
            CompletableFuture<Long> copied = new CompletableFuture<>();
            connection.loop().execute(() -> copied.complete(((NioConnection) connection).inputBytesCopied()));
            long bytes = copied.get(10, TimeUnit.SECONDS);
            assertTrue(bytes <= 3L * size, "copied " + bytes + " bytes for a request of " + size);
        }
    }

    @Test
    void write_largeReplyToSlowButReadingClient_arrivesWhole() throws Exception {
        start();
        try (Client client = new Client(server.port())) {
            client.socket.setReceiveBufferSize(256 * 1024);
            // 20 MB: more than loopback's socket buffers hold, so the server must wait for OP_WRITE
            client.send("BIG 20000000\n");
            assertEquals(20_000_001, client.readLines(1).length());
        }
    }

    @Test
    void close_peerResetsMidRequest_sessionClosedOnceCountBackToZero() throws Exception {
        start();
        Client client = new Client(server.port());
        long id = protocol.awaitOpen().id();
        client.send("half a requ");
        protocol.awaitInput();
        client.reset();
        assertEquals(id, protocol.awaitClose());
        assertEquals(0, server.connectionCount());
        assertEquals(0, server.loops().getFirst().connectionCount());
        assertEquals(1, protocol.closesById.get(id).get());
    }

    @Test
    void close_peerClosesMidRequest_sessionClosedOnceCountBackToZero() throws Exception {
        start();
        Client client = new Client(server.port());
        long id = protocol.awaitOpen().id();
        client.send("echo me\nhalf a requ");
        assertEquals("echo me\n", client.readLines(1));
        client.close();
        assertEquals(id, protocol.awaitClose());
        assertEquals(0, server.connectionCount());
        assertEquals(1, protocol.closesById.get(id).get());
    }

    @Test
    void close_peerHalfClosesAfterPipeline_getsEveryReply() throws Exception {
        start();
        try (Client client = new Client(server.port())) {
            client.send("one\ntwo\nthree\n");
            client.socket.shutdownOutput();
            assertEquals("one\ntwo\nthree\n", new String(client.readToEnd(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void idleTimeout_manualClockPastTimeout_closesWithoutSleeping() throws Exception {
        ManualClock clock = new ManualClock();
        start(NioServer.Config.onPort(0).withIdleTimeout(Duration.ofSeconds(10)).withClock(clock));
        EventLoop loop = server.loops().getFirst();
        try (Client client = new Client(server.port())) {
            long id = protocol.awaitOpen().id();

            clock.advance(Duration.ofSeconds(6));
            loop.runTimersNow().join();
            assertEquals("active\n", client.send("active\n").readLines(1)); // activity at t=6s

            clock.advance(Duration.ofSeconds(6)); // t=12s: 12 s since open, 6 s since activity
            loop.runTimersNow().join();
            assertEquals(1, server.connectionCount());

            clock.advance(Duration.ofSeconds(4)); // t=16s: idle for 10 s
            loop.runTimersNow().join();
            assertEquals(0, server.connectionCount());
            assertEquals(id, protocol.awaitClose());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void idleTimeout_clockMovedWhileLoopSlept_measuredFromAccept() throws Exception {
        ManualClock clock = new ManualClock();
        start(NioServer.Config.onPort(0).withIdleTimeout(Duration.ofSeconds(10)).withClock(clock));
        EventLoop loop = server.loops().getFirst();
        while (!loop.sleeper().mayBeAsleep()) { // spin, no sleep: the loop's last reading of the clock is now t=0
            Thread.onSpinWait();
        }
        clock.advance(Duration.ofSeconds(5));
        try (Client client = new Client(server.port())) {
            protocol.awaitOpen(); // accepted at t=5s
            clock.advance(Duration.ofSeconds(6)); // t=11s: 6 s after the accept
            loop.runTimersNow().join();
            assertEquals(1, server.connectionCount(), "idle time counts from the accept, not the loop's last turn");
            assertEquals("alive\n", client.send("alive\n").readLines(1));
        }
    }

    @Test
    void idleTimeout_zero_neverCloses() throws Exception {
        ManualClock clock = new ManualClock();
        start(NioServer.Config.onPort(0).withClock(clock));
        try (Client client = new Client(server.port())) {
            protocol.awaitOpen();
            clock.advance(Duration.ofDays(365));
            server.loops().getFirst().runTimersNow().join();
            assertEquals("alive\n", client.send("alive\n").readLines(1));
        }
    }

    @Test
    void resumeReading_pipelinedRequestsAfterPark_reofferedWithoutNewBytes() throws Exception {
        start();
        try (Client client = new Client(server.port())) {
            client.send("a\nPARK\nb\nc\n");
            Connection parked = protocol.parked.poll(10, TimeUnit.SECONDS);
            assertEquals("a\n", client.readLines(1));
            int inputsBefore = protocol.inputs.size();
            // Another loop's reply comes back through the task queue, as final-server's hops will.
            parked.loop().execute(() -> {
                parked.output().writeAscii("parked reply\n");
                parked.flush();
                parked.resumeReading();
            });
            assertEquals("parked reply\nb\nc\n", client.readLines(3));
            assertEquals(inputsBefore + 1, protocol.inputs.size(), "b and c came from the kept bytes, in one offer");
        }
    }

    @Test
    void resumeReading_insideOnInput_bytesLeftUnconsumedOfferedNextTurn() throws Exception {
        start();
        try (Client client = new Client(server.port())) {
            client.send("a\nBOUNCE\nb\nc\n");
            assertEquals("a\nbounced\nb\nc\n", client.readLines(4));
        }
    }

    @Test
    void pauseReading_bytesArriveWhilePaused_notOfferedUntilResumed() throws Exception {
        start();
        try (Client client = new Client(server.port())) {
            client.send("PARK\n");
            Connection parked = protocol.parked.poll(10, TimeUnit.SECONDS);
            client.send("later\n");
            // On loopback the bytes are in the server's socket when send returns; the turn that runs
            // this task would have read them first had the socket still been watched.
            CompletableFuture<Integer> inputsWhilePaused = new CompletableFuture<>();
            parked.loop().execute(() -> inputsWhilePaused.complete(protocol.inputs.size()));
            assertEquals(1, inputsWhilePaused.get(10, TimeUnit.SECONDS));
            parked.loop().execute(parked::resumeReading);
            assertEquals("later\n", client.readLines(1));
        }
    }

    @Test
    void maxConnections_oneMore_getsRejectionAndClose() throws Exception {
        protocol.rejection = "ERR max number of clients reached\n".getBytes(StandardCharsets.US_ASCII);
        start(NioServer.Config.onPort(0).withMaxConnections(2));
        try (Client a = new Client(server.port()); Client b = new Client(server.port())) {
            protocol.awaitOpen();
            protocol.awaitOpen();
            try (Client c = new Client(server.port())) {
                assertEquals("ERR max number of clients reached\n", new String(c.readToEnd(), StandardCharsets.US_ASCII));
            }
            assertEquals(1, server.rejectedConnections());
            assertEquals(2, protocol.opened.get());
            assertEquals("a\n", a.send("a\n").readLines(1));
        }
    }

    @Test
    void loops_severalLoops_connectionsDealtRoundRobinAndInitializerRunOnEach() throws Exception {
        Set<String> initializedOn = ConcurrentHashMap.newKeySet();
        Map<Integer, String> shards = new ConcurrentHashMap<>();
        start(NioServer.Config.onPort(0).withLoops(3).withLoopInitializer(loop -> {
            initializedOn.add(Thread.currentThread().getName());
            shards.put(loop.index(), "shard-" + loop.index());
        }));
        assertEquals(Set.of("nio-loop-0", "nio-loop-1", "nio-loop-2"), initializedOn);
        List<Client> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                clients.add(new Client(server.port()));
                protocol.awaitOpen();
            }
            for (Client c : clients) {
                assertEquals("hi\n", c.send("hi\n").readLines(1));
            }
            for (long id = 1; id <= 6; id++) {
                assertEquals((int) ((id - 1) % 3), protocol.loopOf.get(id), "connection " + id);
            }
            for (EventLoop loop : server.loops()) {
                assertEquals(2, loop.connectionCount());
                assertEquals("shard-" + loop.index(), shards.get(loop.index()));
            }
        } finally {
            clients.forEach(Client::close);
        }
    }

    @Test
    void close_pendingRepliesToAClientNotYetReading_flushedBeforeClosing() throws Exception {
        start();
        Client client = new Client(server.port());
        client.socket.setReceiveBufferSize(256 * 1024);
        protocol.awaitOpen();
        client.send("BIG 8000000\nlast\n");
        protocol.awaitInput();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        byte[] got = client.readToEnd(); // reads only now: the reply waited in the server's output
        closing.get(10, TimeUnit.SECONDS);
        assertEquals(8_000_001 + 5, got.length);
        assertArrayEquals("\nlast\n".getBytes(StandardCharsets.US_ASCII),
                java.util.Arrays.copyOfRange(got, got.length - 6, got.length));
        assertEquals(0, server.connectionCount());
        client.close();
    }

    @Test
    void close_twice_isHarmless() throws Exception {
        start();
        server.close();
        server.close();
        assertTrue(server.loops().stream().noneMatch(loop -> loop.thread().isAlive()));
    }
}
