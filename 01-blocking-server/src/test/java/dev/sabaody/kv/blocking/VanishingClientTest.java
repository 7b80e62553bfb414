package dev.sabaody.kv.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sudden TCP interruptions: a client that closes mid-line, resets the connection, half-closes, or
 * never sends a newline. Each must end that one connection the right way, leave the store as the
 * protocol says, and leak neither a thread nor a socket, while other clients keep being served.
 */
class VanishingClientTest {

    /** Small, so the test sends a few KiB rather than 64 KiB. */
    private static final int MAX_LINE_BYTES = 1024;

    private final Store store = new Store();
    private final ThreadPerConnection dispatcher = new ThreadPerConnection();
    private BlockingServer server;

    @BeforeAll
    static void warmUp() throws Exception {
        ServerLeaks.warmUp();
    }

    @BeforeEach
    void start() throws IOException {
        server = new BlockingServer(BlockingServer.Config.onPort(0).withMaxLineBytes(MAX_LINE_BYTES), store, dispatcher).start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private void closeMidLine(String key) throws IOException {
        try (LineClient client = new LineClient(server.port())) {
            assertEquals("OK", client.call("SET " + key + ":whole 1"));
            client.send("SET " + key + ":partial 2"); // no newline: then FIN
        }
    }

    private void reset() throws IOException {
        LineClient client = new LineClient(server.port());
        assertEquals("PONG", client.call("PING"));
        client.send("SET half"); // a request in flight, then RST instead of FIN
        client.socket.setSoLinger(true, 0);
        client.close();
    }

    private void halfClose(String key) throws IOException {
        try (LineClient client = new LineClient(server.port())) {
            client.send("SET " + key + " v\nGET " + key + "\nEXISTS " + key + "\n");
            client.socket.shutdownOutput(); // "I have no more requests", but still reading
            assertEquals("OK", client.readLine());
            assertEquals("v", client.readLine());
            assertEquals("1", client.readLine());
            assertNull(client.readLine(), "after the last reply the server closes its side");
        }
    }

    private void neverANewline() throws IOException {
        try (LineClient client = new LineClient(server.port())) {
            client.send("SET big " + "x".repeat(4 * MAX_LINE_BYTES));
            assertEquals("ERR line too long (more than " + MAX_LINE_BYTES + " bytes without a newline)", client.readLine());
            assertTrue(client.atEndOfStream(), "after the error the server closes (FIN, not RST)");
        }
    }

    @Test
    void clientClosesMidLine_partialLineNeverExecuted() throws IOException {
        closeMidLine("m");
        Await.equal("closed mid-line", 1, () -> server.endedBy(EndReason.CLIENT_CLOSED_MID_LINE));
        assertEquals("1", store.get("m:whole"));
        assertEquals(null, store.get("m:partial"));
    }

    @Test
    void clientResets_connectionEndsAsReset_othersServed() throws IOException {
        reset();
        Await.equal("reset", 1, () -> server.endedBy(EndReason.RESET));
        try (LineClient other = new LineClient(server.port())) {
            assertEquals("PONG", other.call("PING"));
        }
    }

    @Test
    void clientHalfCloses_stillReceivesEveryReplyThenEndOfStream() throws IOException {
        halfClose("h");
        Await.equal("closed by client", 1, () -> server.endedBy(EndReason.CLIENT_CLOSED));
    }

    @Test
    void clientNeverSendsNewline_errorThenClose_nothingStored() throws IOException {
        neverANewline();
        Await.equal("line too long", 1, () -> server.endedBy(EndReason.LINE_TOO_LONG));
        assertNull(store.get("big"));
    }

    @Test
    @Timeout(60)
    void everyWayToVanish_whileOthersAreServed_noThreadOrSocketLeak() throws Exception {
        long fdsBefore = Await.openFileDescriptors();
        int rounds = 25;
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong steadyRequests = new AtomicLong();
        List<Future<?>> steady = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < 4; s++) {
                int id = s;
                steady.add(pool.submit(() -> {
                    try (LineClient client = new LineClient(server.port())) {
                        for (long i = 0; running.get(); i++) {
                            assertEquals("OK", client.call("SET steady" + id + " " + i));
                            assertEquals(String.valueOf(i), client.call("GET steady" + id));
                            steadyRequests.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            try {
                for (int r = 0; r < rounds; r++) {
                    closeMidLine("r" + r);
                    reset();
                    halfClose("h" + r);
                    neverANewline();
                }
            } finally {
                running.set(false); // also on failure, or the steady clients would keep the executor open
            }
            for (Future<?> f : steady) {
                f.get();
            }
        }
        assertTrue(steadyRequests.get() > 0);
        Await.equal("closed mid-line", rounds, () -> server.endedBy(EndReason.CLIENT_CLOSED_MID_LINE));
        Await.equal("reset", rounds, () -> server.endedBy(EndReason.RESET));
        Await.equal("line too long", rounds, () -> server.endedBy(EndReason.LINE_TOO_LONG));
        Await.equal("closed (half-closers and steady clients)", rounds + 4, () -> server.endedBy(EndReason.CLIENT_CLOSED));
        Await.equal("open connections", 0, server::openConnections);
        Await.equal("connection threads", 0, dispatcher::liveThreads);
        Await.atMost("open file descriptors (baseline " + fdsBefore + ")", fdsBefore, Await::openFileDescriptors);
        for (int r = 0; r < rounds; r++) {
            assertNull(store.get("r" + r + ":partial"), "a partial line is never executed");
        }
    }
}
