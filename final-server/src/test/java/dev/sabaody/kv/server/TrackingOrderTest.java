package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis's promise to a tracking client, across loops: the invalidation is in the client's output
 * before the writer's reply leaves. So a reader told of the write by the writer, over any channel,
 * that then sends a command, reads the invalidation before that command's reply.
 *
 * <p>The race is made certain rather than likely. A loop's turn reads its sockets, runs its tasks,
 * then its timers; the reader's loop is held in its timers (a clock that blocks when the loop's cron
 * reads the time), while a writer on another loop changes a key of another shard and gets its reply,
 * and the reader sends PING. Then the loop goes on: its next turn reads the PING before it runs any
 * task, so an invalidation that travelled as a task would come after PONG.
 */
class TrackingOrderTest extends RawSocketsTest {

    /** The system clock, except that once armed it stops one loop's thread in its timers until released. */
    static final class HoldingClock implements Clock {
        private volatile int armedLoop = -1;
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        void arm(int loop) {
            armedLoop = loop;
        }

        @Override
        public long nanoTime() {
            int armed = armedLoop;
            if (armed >= 0) {
                dev.sabaody.kv.nio.EventLoop loop = dev.sabaody.kv.nio.EventLoop.current();
                if (loop != null && loop.index() == armed && inTimers()) {
                    armedLoop = -1;
                    holding.countDown();
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            return System.nanoTime();
        }

        private static boolean inTimers() {
            return StackWalker.getInstance().walk(frames -> frames.anyMatch(
                    f -> f.getClassName().endsWith(".EventLoop") && f.getMethodName().equals("runTimers")));
        }

        @Override
        public long currentTimeMillis() {
            nanoTime(); // the cron reads either
            return System.currentTimeMillis();
        }
    }

    private static String keyOn(int shard, int shards) {
        for (int i = 0; ; i++) {
            String key = "k" + i;
            if (KeyHash.shardOf(key.getBytes(StandardCharsets.UTF_8), shards) == shard) {
                return key;
            }
        }
    }

    private static String push(String key) {
        return ">2\r\n$10\r\ninvalidate\r\n*1\r\n$" + key.length() + "\r\n" + key + "\r\n";
    }

    @ParameterizedTest(name = "{0} shards")
    @ValueSource(ints = {2, 3})
    void invalidation_fromAnotherLoop_isReadBeforeTheReplyToAnyLaterCommand(int shards) throws Exception {
        HoldingClock clock = new HoldingClock();
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)),
                clock);
        Socket reader = connect();
        call(reader, "HELLO", "3");
        int readerLoop = loopOf(reader);
        Socket writer = connect();
        while (loopOf(writer) == readerLoop) {
            writer = connect();
        }
        int writerLoop = loopOf(writer);
        String key = keyOn(writerLoop, shards); // the write runs on the writer's loop, not the reader's

        assertEquals("+OK\r\n", call(reader, "CLIENT", "TRACKING", "on"));
        assertEquals("+OK\r\n", call(writer, "SET", key, "old"));
        assertEquals("$3\r\nold\r\n", call(reader, "GET", key));

        clock.arm(readerLoop);
        assertTrue(clock.holding.await(30, TimeUnit.SECONDS), "the reader's loop never ran its timers");
        assertEquals("+OK\r\n", call(writer, "SET", key, "new")); // the reader's loop is still held
        send(reader, "PING"); // sent once the write is acknowledged
        clock.release.countDown();

        List<String> frames = new ArrayList<>();
        while (!frames.contains("+PONG\r\n")) {
            frames.add(RespFrames.read(reader.getInputStream()));
        }
        assertEquals(List.of(push(key), "+PONG\r\n"), frames);
    }
}
