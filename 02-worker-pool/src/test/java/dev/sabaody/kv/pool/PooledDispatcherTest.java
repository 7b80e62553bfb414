package dev.sabaody.kv.pool;

import dev.sabaody.kv.blocking.Await;
import dev.sabaody.kv.blocking.LineClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.blocking.BlockingServer;
import dev.sabaody.kv.blocking.EndReason;
import dev.sabaody.kv.blocking.Store;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A bounded pool behind module 01's server: queueing, rejection, and the cap on persistent clients. */
class PooledDispatcherTest {

    /** Long enough that a served client would have had its PONG many times over on loopback. */
    private static final Duration UNANSWERED = Duration.ofMillis(300);
    private static final String BUSY = "ERR server is busy, try again later";

    private final Store store = new Store();
    private final List<LineClient> clients = new ArrayList<>();
    private PooledDispatcher pool;
    private BlockingServer server;

    private void start(int threads, int queue) throws IOException {
        pool = new PooledDispatcher(threads, queue);
        server = new BlockingServer(BlockingServer.Config.onPort(0), store, pool).start();
    }

    private LineClient connect() throws IOException {
        LineClient client = new LineClient(server.port());
        clients.add(client);
        return client;
    }

    @AfterEach
    void stop() throws IOException {
        for (LineClient client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
            Await.equal("worker threads after close", 0, pool::liveThreads);
        }
    }

    @Test
    void fixedPool_servesOnlyNPersistentConnections_nextWaitsUnansweredUntilOneLeaves() throws IOException {
        start(3, 10);
        List<LineClient> served = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LineClient client = connect();
            assertEquals("PONG", client.call("PING"));
            served.add(client);
        }
        LineClient fourth = connect().send("PING\n");
        Await.equal("connections waiting in the queue", 1, pool::queued);
        assertTrue(fourth.silentFor(UNANSWERED), "three threads blocked in read: nobody reads the fourth client");
        assertEquals("PONG", served.get(0).call("PING"), "the first three are still served");

        served.get(0).close(); // one persistent client leaves: its worker takes the queued connection
        assertEquals("PONG", fourth.readLine());
        Await.equal("queue", 0, pool::queued);
    }

    @Test
    void poolAndQueueFull_nextClient_getsBusyErrorThenEndOfStream() throws IOException {
        start(2, 1);
        assertEquals("PONG", connect().call("PING"));
        assertEquals("PONG", connect().call("PING"));
        LineClient waiting = connect().send("PING\n");
        Await.equal("queued", 1, pool::queued);

        LineClient refused = connect();
        assertEquals(BUSY, refused.readLine());
        assertNull(refused.readLine(), "then the server closes");
        Await.equal("rejected", 1, () -> server.endedBy(EndReason.REJECTED));
        assertTrue(waiting.silentFor(UNANSWERED), "the queued client is kept, still waiting");
        assertEquals(3, server.openConnections());
    }

    @Test
    void noQueueOrNoThread_refusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PooledDispatcher(1, 0));
        assertEquals("--threads and --queue must be at least 1, not 1 and 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PooledDispatcher(0, 1));
    }

    @Test
    void shortConnections_manyMoreClientsThanThreads_allServed_noLeak() throws Exception {
        start(4, 512);
        Await.warmUpVirtualThreadSockets(server.port());
        long fdsBefore = Await.openFileDescriptors();
        int clientCount = 300;
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clientCount; c++) {
                int id = c;
                done.add(callers.submit(() -> {
                    try (LineClient client = new LineClient(server.port())) {
                        assertEquals("OK", client.call("SET s" + id + " " + id));
                        assertEquals(String.valueOf(id), client.call("GET s" + id));
                        assertEquals("BYE", client.call("QUIT"));
                        assertTrue(client.atEndOfStream());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals(clientCount, store.size());
        Await.equal("ended by QUIT", clientCount, () -> server.endedBy(EndReason.QUIT));
        assertEquals(0, server.endedBy(EndReason.REJECTED));
        Await.equal("open connections", 0, server::openConnections);
        assertEquals(4, pool.liveThreads(), "the pool keeps its threads, no more, no fewer");
        Await.atMost("open file descriptors (baseline " + fdsBefore + ")", fdsBefore, Await::openFileDescriptors);
    }

    @Test
    void close_requestsAlreadyReadAnswered_queuedConnectionsEnd_executorTerminates() throws Exception {
        start(1, 2);
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            batch.append("SET k").append(i).append(" v\n");
        }
        LineClient busy = connect();
        LineClient queued = connect(); // sends nothing: it has no request the server could have read
        Await.equal("queued", 1, pool::queued);
        try (ExecutorService io = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> replies = io.submit(() -> {
                int ok = 0;
                try {
                    for (String line; (line = busy.readLine()) != null; ok++) {
                        assertEquals("OK", line);
                    }
                } catch (IOException e) {
                    // unread requests make the server's close an RST; replies already sent are read first
                }
                return ok;
            });
            io.submit(() -> {
                busy.send(batch.toString());
                return null;
            });
            Await.until("the worker to start executing the batch", () -> store.size() > 0);
            server.close();
            assertTrue(pool.awaitTermination(Duration.ZERO), "close() returns once the executor has terminated");
            Await.equal("worker threads", 0, pool::liveThreads);

            int answered = replies.get();
            assertTrue(answered > 0);
            assertEquals(store.size(), answered, "every request a worker executed was answered, and no other");
            assertTrue(queued.atEndOfStream(), "the queued connection ran, saw its input shut, and was closed");
        }
        assertEquals(2, server.endedBy(EndReason.SERVER_STOPPED));
        assertEquals(0, server.openConnections());
    }
}
