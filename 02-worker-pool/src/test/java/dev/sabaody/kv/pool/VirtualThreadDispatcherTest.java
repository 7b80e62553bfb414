package dev.sabaody.kv.pool;

import dev.sabaody.kv.blocking.Await;
import dev.sabaody.kv.blocking.LineClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.blocking.BlockingServer;
import dev.sabaody.kv.blocking.EndReason;
import dev.sabaody.kv.blocking.Store;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Virtual threads behind module 01's server: as many persistent clients as there are sockets. */
class VirtualThreadDispatcherTest {

    /** Ten times what a pool would sensibly hold, and within the 2,000-socket budget of a unit test. */
    private static final int CLIENTS = 1_000;

    private final Store store = new Store();
    private final VirtualThreadDispatcher dispatcher = new VirtualThreadDispatcher();
    private final List<LineClient> clients = new ArrayList<>();
    private BlockingServer server;

    @BeforeEach
    void start() throws IOException {
        server = new BlockingServer(BlockingServer.Config.onPort(0), store, dispatcher).start();
    }

    @AfterEach
    void stop() throws IOException {
        for (LineClient client : clients) {
            client.close();
        }
        server.close();
    }

    @Test
    void thousandPersistentConnections_allServedAtOnce_onAFewPlatformThreads() throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean(); // counts platform threads only
        int platformBefore = threads.getThreadCount();
        for (int i = 0; i < CLIENTS; i++) {
            LineClient client = new LineClient(server.port());
            clients.add(client);
            assertEquals("OK", client.call("SET c" + i + " " + i));
        }
        // every connection is open and idle in read, and every one still answers
        for (int i = 0; i < CLIENTS; i++) {
            assertEquals(String.valueOf(i), clients.get(i).call("GET c" + i));
        }
        assertEquals(CLIENTS, dispatcher.liveThreads());
        assertEquals(CLIENTS, server.openConnections());
        int platformAdded = threads.getThreadCount() - platformBefore;
        assertTrue(platformAdded < 50, "1,000 blocked connections took " + platformAdded + " platform threads");
    }

    @Test
    void close_thousandIdleConnections_allEnd_noThreadOrSocketLeak() throws Exception {
        Await.warmUpVirtualThreadSockets(server.port());
        long fdsBefore = Await.openFileDescriptors();
        for (int i = 0; i < CLIENTS; i++) {
            LineClient client = new LineClient(server.port());
            clients.add(client);
            assertEquals("PONG", client.call("PING"));
        }
        server.close();
        assertEquals(0, dispatcher.liveThreads(), "close() returns once every virtual thread has ended");
        for (LineClient client : clients) {
            assertTrue(client.atEndOfStream());
            client.close();
        }
        assertEquals(CLIENTS, server.endedBy(EndReason.SERVER_STOPPED));
        Await.atMost("open file descriptors (baseline " + fdsBefore + ")", fdsBefore, Await::openFileDescriptors);
    }

    @Test
    void vanishingClients_resetAndMidLine_endedRightly_othersServed() throws IOException {
        LineClient steady = new LineClient(server.port());
        clients.add(steady);
        for (int i = 0; i < 20; i++) {
            LineClient rst = new LineClient(server.port());
            assertEquals("PONG", rst.call("PING"));
            rst.socket.setSoLinger(true, 0);
            rst.close();
            try (LineClient midLine = new LineClient(server.port())) {
                midLine.send("SET never 1");
            }
            assertEquals("PONG", steady.call("PING"));
        }
        Await.equal("reset", 20, () -> server.endedBy(EndReason.RESET));
        Await.equal("mid-line", 20, () -> server.endedBy(EndReason.CLIENT_CLOSED_MID_LINE));
        assertEquals(null, store.get("never"));
        Await.equal("live virtual threads: only the steady client's", 1, dispatcher::liveThreads);
    }
}
