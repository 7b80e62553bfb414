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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server over real sockets on port 0: the protocol, persistent connections, many clients at once. */
class BlockingServerTest {

    private final Store store = new Store();
    private final ThreadPerConnection dispatcher = new ThreadPerConnection();
    private BlockingServer server;

    @BeforeAll
    static void warmUp() throws Exception {
        ServerLeaks.warmUp();
    }

    @BeforeEach
    void start() throws IOException {
        server = new BlockingServer(BlockingServer.Config.onPort(0), store, dispatcher).start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        Await.equal("connection threads alive after close", 0, dispatcher::liveThreads);
    }

    @Test
    void persistentConnection_manyRequests_answeredInOrder() throws IOException {
        try (LineClient client = new LineClient(server.port())) {
            assertEquals("PONG", client.call("PING"));
            for (int i = 0; i < 100; i++) {
                assertEquals("OK", client.call("SET k" + i + " v" + i));
            }
            for (int i = 0; i < 100; i++) {
                assertEquals("v" + i, client.call("GET k" + i));
            }
            assertEquals("1", client.call("DEL k0"));
            assertEquals("0", client.call("EXISTS k0"));
            assertEquals("ERR unknown command 'FOO'", client.call("FOO"));
            assertEquals("ERR wrong number of arguments for 'get' command", client.call("GET"));
            assertEquals("PONG", client.call("PING"), "an error reply leaves the connection usable");
        }
        Await.equal("ended by close", 1, () -> server.endedBy(EndReason.CLIENT_CLOSED));
    }

    @Test
    void pipelinedRequests_inOneWrite_allAnsweredInOrder() throws IOException {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            batch.append("SET p").append(i).append(' ').append(i).append("\r\nGET p").append(i).append('\n');
        }
        try (LineClient client = new LineClient(server.port())) {
            client.send(batch.toString());
            for (int i = 0; i < 2_000; i++) {
                assertEquals("OK", client.readLine());
                assertEquals(String.valueOf(i), client.readLine());
            }
        }
    }

    @Test
    void quit_byeThenEndOfStream() throws IOException {
        try (LineClient client = new LineClient(server.port())) {
            assertEquals("BYE", client.call("QUIT"));
            assertTrue(client.atEndOfStream());
        }
        Await.equal("ended by QUIT", 1, () -> server.endedBy(EndReason.QUIT));
    }

    @Test
    void manyConcurrentClients_eachWithItsOwnKeys_allServedAndAllEnd() throws Exception {
        int clients = 200;
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                int id = c;
                done.add(pool.submit(() -> {
                    try (LineClient client = new LineClient(server.port())) {
                        for (int i = 0; i < 20; i++) {
                            assertEquals("OK", client.call("SET c" + id + ":" + i + " " + i));
                            assertEquals(String.valueOf(i), client.call("GET c" + id + ":" + i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(); // rethrows a client's assertion failure
            }
        }
        assertEquals(clients * 20, store.size());
        Await.equal("clients that ended by closing", clients, () -> server.endedBy(EndReason.CLIENT_CLOSED));
        Await.equal("open connections", 0, server::openConnections);
        Await.equal("connection threads", 0, dispatcher::liveThreads);
    }

    @Test
    void dispatcherRefuses_clientGetsBusyErrorThenEndOfStream() throws IOException {
        Dispatcher refusing = new Dispatcher() {
            @Override public void dispatch(Runnable connection) {
                throw new java.util.concurrent.RejectedExecutionException("full");
            }
            @Override public void shutdown() { }
            @Override public boolean awaitTermination(java.time.Duration timeout) { return true; }
            @Override public int liveThreads() { return 0; }
        };
        try (BlockingServer full = new BlockingServer(BlockingServer.Config.onPort(0), store, refusing).start();
             LineClient client = new LineClient(full.port())) {
            assertEquals("ERR server is busy, try again later", client.readLine());
            assertNull(client.readLine());
            Await.equal("rejected", 1, () -> full.endedBy(EndReason.REJECTED));
            assertEquals(0, full.openConnections());
        }
    }
}
