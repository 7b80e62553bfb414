package dev.sabaody.kv.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Stopping the server: the listener closes, requests already read are answered, every thread ends. */
class GracefulCloseTest {

    private final Store store = new Store();
    private final ThreadPerConnection dispatcher = new ThreadPerConnection();

    @Test
    void close_requestInProgress_stillGetsItsReplyThenEndOfStream() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LineProtocol protocol = new LineProtocol(store);
        Function<String, Reply> commands = line -> {
            if (!line.equals("SLOW")) {
                return protocol.execute(line);
            }
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.of("DONE");
        };
        BlockingServer server = new BlockingServer(BlockingServer.Config.onPort(0), commands, dispatcher).start();
        int port = server.port();
        try (LineClient client = new LineClient(port)) {
            client.send("SLOW\n");
            assertTrue(started.await(10, TimeUnit.SECONDS));
            CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, Executors.newVirtualThreadPerTaskExecutor());
            Await.until("the listener to close", () -> {
                try {
                    new LineClient(port).close();
                    return false;
                } catch (ConnectException refused) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            release.countDown();
            assertEquals("DONE", client.readLine(), "the request in progress is answered");
            assertNull(client.readLine(), "then the server closes the connection");
            closing.get(10, TimeUnit.SECONDS);
        }
        // at least ours; probes that slipped in before the listener closed were stopped too
        assertTrue(server.endedBy(EndReason.SERVER_STOPPED) >= 1);
        assertEquals(0, dispatcher.liveThreads());
    }

    @Test
    void close_pipelinedBatchInProgress_everyExecutedRequestWasAnswered() throws Exception {
        BlockingServer server = new BlockingServer(BlockingServer.Config.onPort(0), store, dispatcher).start();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            batch.append("SET k").append(i).append(" v\n");
        }
        try (LineClient client = new LineClient(server.port())) {
            // read while sending, as a real client does, so replies never wait on a full receive window
            CompletableFuture<Integer> replies = CompletableFuture.supplyAsync(() -> {
                int ok = 0;
                try {
                    for (String line; (line = client.readLine()) != null; ok++) {
                        assertEquals("OK", line);
                    }
                } catch (IOException e) {
                    // requests the server never read make its close an RST; replies already sent are read first
                }
                return ok;
            }, Executors.newVirtualThreadPerTaskExecutor());
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    client.send(batch.toString());
                } catch (IOException e) {
                    // the server stopped reading halfway: expected
                }
            }, Executors.newVirtualThreadPerTaskExecutor());
            Await.until("the server to start executing the batch", () -> store.size() > 0);
            server.close();
            int answered = replies.get(10, TimeUnit.SECONDS);
            assertTrue(answered > 0);
            assertEquals(store.size(), answered, "every request the server executed was answered, and no other");
            sending.get(10, TimeUnit.SECONDS);
        }
        assertEquals(0, dispatcher.liveThreads());
    }

    @Test
    void close_idleConnections_eachSeesEndOfStream_threadsJoined_noNewConnection() throws Exception {
        BlockingServer server = new BlockingServer(BlockingServer.Config.onPort(0), store, dispatcher).start();
        int port = server.port();
        List<LineClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                LineClient client = new LineClient(port);
                assertEquals("PONG", client.call("PING"));
                clients.add(client);
            }
            assertEquals(50, dispatcher.liveThreads());
            server.close();
            assertEquals(0, dispatcher.liveThreads(), "close() returns once every connection thread has ended");
            for (LineClient client : clients) {
                assertTrue(client.atEndOfStream());
            }
            assertEquals(50, server.endedBy(EndReason.SERVER_STOPPED));
            assertThrows(ConnectException.class, () -> new LineClient(port).close());
        } finally {
            for (LineClient client : clients) {
                client.close();
            }
        }
    }
}
