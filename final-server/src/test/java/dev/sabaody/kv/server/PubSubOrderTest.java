package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis writes a message to every subscriber's output before PUBLISH answers: a subscriber told of
 * the PUBLISH by the publisher, that then sends a command, reads the message before that command's
 * reply. Made certain as in {@link TrackingOrderTest}: the subscriber's loop is held in its timers
 * while a publisher on another loop publishes and gets its reply, and the subscriber sends PING.
 */
class PubSubOrderTest extends RawSocketsTest {

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
