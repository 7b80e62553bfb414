package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EventLoop#processEventsWhileBlocked}: a session that holds its loop's only thread still lets
 * the loop's other clients (new ones included) be served, its own pipelined bytes survive the other
 * reads, and the held connection itself is not read meanwhile.
 */
class WhileBlockedTest {

    /**
     * Lines: {@code HOLD} keeps the loop's thread, stepping, until another connection sends
     * {@code RELEASE}, then answers {@code held-done}; anything else is echoed.
     */
    private static final class Holding implements Protocol {
        final CountDownLatch holding = new CountDownLatch(1);
        volatile boolean released;
        volatile long stepsWhileHolding;

        @Override
        public Session open(Connection connection) {
            return input -> {
                while (true) {
                    int newline = -1;
                    for (int i = input.position(); i < input.limit(); i++) {
                        if (input.get(i) == '\n') {
                            newline = i;
                            break;
                        }
                    }
                    if (newline < 0) {
                        return;
                    }
                    byte[] line = new byte[newline - input.position()];
                    input.get(line);
                    input.get(); // the newline
                    String text = new String(line, StandardCharsets.UTF_8);
                    String reply = switch (text) {
                        case "HOLD" -> hold(connection.loop());
                        case "RELEASE" -> {
                            released = true;
                            yield "released";
                        }
                        default -> text;
                    };
                    connection.output().write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                }
            };
        }

        private String hold(EventLoop loop) {
            holding.countDown();
            long before = loop.blockedSteps();
            while (!released) {
                loop.processEventsWhileBlocked();
            }
            stepsWhileHolding = loop.blockedSteps() - before;
            return "held-done";
        }
    }

    private final Holding protocol = new Holding();
    private NioServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            protocol.released = true;
            server.close();
        }
    }

    @Test
    void holdingTheOnlyLoop_newClientServedAndReleases_holderPipelineIntact() throws Exception {
        server = NioServer.start(NioServer.Config.onPort(0).withLoops(1), protocol);
        try (Client holder = new Client(server.port())) {
            // "after" shares the read with HOLD: it waits in the shared buffer while other clients are read
            holder.send("HOLD\nafter\n");
            assertTrue(protocol.holding.await(10, TimeUnit.SECONDS));
            try (Client other = new Client(server.port())) { // accepted while the loop is held
                other.send("ping\n");
                assertEquals("ping\n", other.readLines(1));
                other.send("x".repeat(1000) + "\n");
                assertEquals("x".repeat(1000) + "\n", other.readLines(1));
                holder.send("unread while held\n");
                other.send("RELEASE\n");
                assertEquals("released\n", other.readLines(1));
            }
            assertEquals("held-done\nafter\nunread while held\n", holder.readLines(3));
            assertTrue(protocol.stepsWhileHolding > 0);
        }
    }

    @Test
    void processEventsWhileBlocked_fromAnotherThread_refused() throws Exception {
        server = NioServer.start(NioServer.Config.onPort(0).withLoops(1), protocol);
        EventLoop loop = server.loops().getFirst();
        assertThrows(IllegalStateException.class, loop::processEventsWhileBlocked);
        assertEquals(null, EventLoop.current());
    }
}
