package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis writes a message to every subscriber's output before PUBLISH answers: a subscriber told of
 * the PUBLISH by the publisher, that then sends a command, reads the message before that command's
 * reply. Made certain as in {@link TrackingOrderTest}: the subscriber's loop is held in its timers
 * while a publisher on another loop publishes and gets its reply, and the subscriber sends PING.
 */
class PubSubOrderTest {

    private SabaodyServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(30_000);
        sockets.add(s);
        return s;
    }

    private static void send(Socket s, String... argv) throws IOException {
        s.getOutputStream().write(RawClient.command(argv).getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static String call(Socket s, String... argv) throws IOException {
        send(s, argv);
        return RespFrames.read(s.getInputStream());
    }

    private int loopOf(Socket s) throws IOException {
        long id = Long.parseLong(call(s, "CLIENT", "ID").substring(1).trim());
        return server.shards().get(0).state().clients().byId(id).connection().loop().index();
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {2, 3})
    void message_fromAnotherLoop_isReadBeforeTheReplyToAnyLaterCommand(int shards) throws Exception {
        TrackingOrderTest.HoldingClock clock = new TrackingOrderTest.HoldingClock();
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)),
                clock);
        Socket subscriber = connect();
        call(subscriber, "HELLO", "3");
        int subscriberLoop = loopOf(subscriber);
        Socket publisher = connect();
        while (loopOf(publisher) == subscriberLoop) {
            publisher = connect();
        }
        assertEquals(">3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n", call(subscriber, "SUBSCRIBE", "news"));

        clock.arm(subscriberLoop);
        assertTrue(clock.holding.await(30, TimeUnit.SECONDS), "the subscriber's loop never ran its timers");
        assertEquals(":1\r\n", call(publisher, "PUBLISH", "news", "hi")); // the subscriber's loop is still held
        send(subscriber, "PING");
        clock.release.countDown();

        List<String> frames = new ArrayList<>();
        while (!frames.contains("+PONG\r\n")) {
            frames.add(RespFrames.read(subscriber.getInputStream()));
        }
        assertEquals(List.of(">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n", "+PONG\r\n"), frames);
    }
}
