package dev.sabaody.kv.data.zsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.resp.RespFrames;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BZPOPMIN, BZPOPMAX and BZMPOP over real sockets: a client blocked on a missing key is served when
 * another client's ZADD creates it, and answers the null array when its timeout passes on the
 * server's (manual) clock. No sleeps: the test waits for the server to report the client parked.
 */
class BlockingPopTest {

    private final ManualClock clock = new ManualClock();
    private DataServer server;

    @BeforeEach
    void start() {
        server = DataTests.start(clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void bzpopmin_zaddArrives_servesLowestMemberAndDeletesEmptiedKey() throws Exception {
        try (Socket waiter = connect(); Socket writer = connect()) {
            send(waiter, "BZPOPMIN", "other", "z", "0");
            awaitBlocked();
            send(writer, "ZADD", "z", "2", "b", "1", "a");
            assertEquals(":2\r\n", reply(writer, ":2\r\n"));
            assertEquals("*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n", reply(waiter, "*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n"));
            send(writer, "ZRANGE", "z", "0", "-1");
            assertEquals("*1\r\n$1\r\nb\r\n", reply(writer, "*1\r\n$1\r\nb\r\n"));
        }
    }

    @Test
    void bzpopmax_timeoutPasses_answersNullArrayAndUnblocks() throws Exception {
        try (Socket waiter = connect()) {
            send(waiter, "BZPOPMAX", "z", "5");
            awaitBlocked();
            clock.advance(Duration.ofSeconds(4));
            server.loop().runTimersNow().join();
            assertTrue(isBlocked(), "still waiting before the timeout");
            clock.advance(Duration.ofSeconds(1));
            server.loop().runTimersNow().join();
            assertEquals("*-1\r\n", reply(waiter, "*-1\r\n"));
            send(waiter, "PING");
            assertEquals("+PONG\r\n", reply(waiter, "+PONG\r\n"));
        }
    }

    @Test
    void bzmpop_zaddArrives_servesCountFromTheTopInNestedShape() throws Exception {
        try (Socket waiter = connect(); Socket writer = connect()) {
            send(waiter, "BZMPOP", "0", "1", "z", "MAX", "COUNT", "2");
            awaitBlocked();
            send(writer, "ZADD", "z", "1", "a", "2", "b", "3", "c");
            assertEquals(":3\r\n", reply(writer, ":3\r\n"));
            String expected = "*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n$1\r\n3\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n";
            assertEquals(expected, reply(waiter, expected));
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(5000);
        return s;
    }

    private static void send(Socket s, String... command) throws IOException {
        s.getOutputStream().write(RespFrames.command(command));
        s.getOutputStream().flush();
    }

    /** Reads exactly as many bytes as {@code expected} has, and returns them as text. */
    private static String reply(Socket s, String expected) throws IOException {
        return read(s, expected.length());
    }

    private static String read(Socket s, int bytes) throws IOException {
        InputStream in = s.getInputStream();
        byte[] buf = in.readNBytes(bytes);
        return new String(buf, StandardCharsets.ISO_8859_1);
    }

    private boolean isBlocked() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        server.loop().execute(() -> answer.complete(!server.keyspace().blocked().isEmpty()));
        return answer.join();
    }

    /** Waits until the loop has parked a client: asks the loop itself, so no sleep is needed. */
    private void awaitBlocked() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!isBlocked()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no client blocked within 5 s");
            }
            Thread.onSpinWait();
        }
    }
}
