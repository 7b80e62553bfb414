package dev.sabaody.kv.data.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.nio.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP waiting for real, over sockets, on a server whose
 * clock the test moves: nothing here sleeps.
 *
 * <p>"Blocked" is established without guessing at timing: the server runs one command at a time on
 * one loop, so once CLIENT LIST (asked on another connection) reports a client's last command as
 * blpop, that BLPOP has run and parked its client.
 */
class ListBlockingTest {

    private final ManualClock clock = new ManualClock();
    private DataServer server;
    private RespClient control;

    @BeforeEach
    void start() {
        server = DataTests.start(clock);
        control = new RespClient(server.port());
    }

    @AfterEach
    void stop() {
        control.close();
        server.close();
    }

    private RespClient client() {
        return new RespClient(server.port());
    }

    /** Waits until {@code n} clients have {@code command} as their last command (see the class comment). */
    private void awaitLastCommand(String command, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            String list = control.call("CLIENT", "LIST");
            int count = list.split("cmd=" + command + " ", -1).length - 1;
            if (count >= n) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(n + " clients never ran " + command + ": " + list);
            }
            Thread.onSpinWait();
        }
    }

    private <T> T onLoop(Supplier<T> query) {
        return CompletableFuture.supplyAsync(query, server.loop()::execute).join();
    }

    private boolean anyoneBlocked() {
        return onLoop(() -> !server.keyspace().blocked().isEmpty());
    }

    private void runTimersAfter(Duration d) {
        clock.advance(d);
        server.loop().runTimersNow().join();
    }

    @Test
    void blpop_twoClientsOnOneKey_servedInArrivalOrder() {
        try (RespClient first = client(); RespClient second = client()) {
            first.send("BLPOP", "k", "0");
            awaitLastCommand("blpop", 1);
            second.send("BLPOP", "k", "0");
            awaitLastCommand("blpop", 2);

            assertEquals(":1\\r\\n", control.call("RPUSH", "k", "x"));
            assertEquals("*2\\r\\n$1\\r\\nk\\r\\n$1\\r\\nx\\r\\n", first.read());
            assertTrue(anyoneBlocked(), "the second client waits on");

            assertEquals(":1\\r\\n", control.call("RPUSH", "k", "y"));
            assertEquals("*2\\r\\n$1\\r\\nk\\r\\n$1\\r\\ny\\r\\n", second.read());
            assertEquals(":0\\r\\n", control.call("LLEN", "k"));
        }
    }

    @Test
    void blpop_twoWaitersOnePushOfTwo_eachGetsOneInOrder() {
        try (RespClient first = client(); RespClient second = client()) {
            first.send("BRPOP", "k", "0");
            awaitLastCommand("brpop", 1);
            second.send("BRPOP", "k", "0");
            awaitLastCommand("brpop", 2);

            assertEquals(":2\\r\\n", control.call("RPUSH", "k", "a", "b"));
            assertEquals("*2\\r\\n$1\\r\\nk\\r\\n$1\\r\\nb\\r\\n", first.read());
            assertEquals("*2\\r\\n$1\\r\\nk\\r\\n$1\\r\\na\\r\\n", second.read());
            assertFalse(anyoneBlocked());
        }
    }

    @Test
    void blpop_whileBlocked_otherClientsAreServed() {
        try (RespClient blocked = client(); RespClient other = client()) {
            blocked.send("BLPOP", "k", "0");
            awaitLastCommand("blpop", 1);

            assertEquals("+PONG\\r\\n", other.call("PING"));
            assertEquals(":1\\r\\n", other.call("RPUSH", "elsewhere", "v"));
            assertFalse(blocked.hasUnread());
            assertTrue(anyoneBlocked());
        }
    }

    @Test
    void blpop_severalKeys_servedFromTheKeyThatAppears() {
        try (RespClient blocked = client()) {
            blocked.send("BLPOP", "a", "b", "c", "0");
            awaitLastCommand("blpop", 1);
            control.call("LPUSH", "b", "v");
            assertEquals("*2\\r\\n$1\\r\\nb\\r\\n$1\\r\\nv\\r\\n", blocked.read());
        }
    }

    @Test
    void blpop_timeoutOnTheServersClock_answersNullArray() {
        try (RespClient blocked = client()) {
            blocked.send("BLPOP", "k", "1.5");
            awaitLastCommand("blpop", 1);

            runTimersAfter(Duration.ofMillis(1499));
            assertTrue(anyoneBlocked(), "1499 ms of 1500: still waiting");
            runTimersAfter(Duration.ofMillis(1));
            assertEquals("*-1\\r\\n", blocked.read());
            assertFalse(anyoneBlocked());
            assertEquals("+PONG\\r\\n", blocked.call("PING"));
        }
    }

    @Test
    void blmoveAndBrpoplpush_timeout_answerNullBulk() {
        try (RespClient blmove = client(); RespClient brpoplpush = client()) {
            blmove.send("BLMOVE", "s", "d", "LEFT", "RIGHT", "0.01");
            brpoplpush.send("BRPOPLPUSH", "s", "d", "2");
            awaitLastCommand("blmove", 1);
            awaitLastCommand("brpoplpush", 1);

            runTimersAfter(Duration.ofMillis(10));
            assertEquals("$-1\\r\\n", blmove.read());
            runTimersAfter(Duration.ofSeconds(2));
            assertEquals("$-1\\r\\n", brpoplpush.read());
        }
    }

    @Test
    void blmpop_timeout_answersNullArray_resp3Null() {
        try (RespClient resp2 = client(); RespClient resp3 = client()) {
            resp3.call("HELLO", "3");
            resp2.send("BLMPOP", "1", "1", "k", "LEFT");
            resp3.send("BLPOP", "k", "1");
            awaitLastCommand("blmpop", 1);
            awaitLastCommand("blpop", 1);

            runTimersAfter(Duration.ofSeconds(1));
            assertEquals("*-1\\r\\n", resp2.read());
            assertEquals("_\\r\\n", resp3.read());
        }
    }

    @Test
    void blpop_servedBeforeTimeout_timerDoesNotAnswerAgain() {
        try (RespClient blocked = client()) {
            blocked.send("BLPOP", "k", "5");
            awaitLastCommand("blpop", 1);
            control.call("RPUSH", "k", "x");
            assertEquals("*2\\r\\n$1\\r\\nk\\r\\n$1\\r\\nx\\r\\n", blocked.read());

            runTimersAfter(Duration.ofSeconds(10));
            assertEquals("+PONG\\r\\n", blocked.call("PING"));
        }
    }

    @Test
    void blpop_pipelineBehindIt_waitsUntilServed() {
        try (RespClient blocked = client()) {
            blocked.pipeline(new String[] {"BLPOP", "k", "0"}, new String[] {"PING"}, new String[] {"LLEN", "k"});
            awaitLastCommand("blpop", 1);
            // Its last command is still BLPOP: the PING behind it has not run.
            assertFalse(blocked.hasUnread());

            control.call("RPUSH", "k", "x", "y");
            assertEquals("*2\\r\\n$1\\r\\nk\\r\\n$1\\r\\nx\\r\\n", blocked.read());
            assertEquals("+PONG\\r\\n", blocked.read());
            assertEquals(":1\\r\\n", blocked.read());
        }
    }

    @Test
    void blmove_dataArrives_movesIt() {
        try (RespClient blocked = client()) {
            blocked.send("BLMOVE", "s", "d", "RIGHT", "LEFT", "0");
            awaitLastCommand("blmove", 1);

            control.call("RPUSH", "s", "a", "b");
            assertEquals("$1\\r\\nb\\r\\n", blocked.read());
            assertEquals("*1\\r\\n$1\\r\\nb\\r\\n", control.call("LRANGE", "d", "0", "-1"));
            assertEquals("*1\\r\\n$1\\r\\na\\r\\n", control.call("LRANGE", "s", "0", "-1"));
        }
    }

    @Test
    void blmove_intoAKeySomeoneWaitsOn_wakesThemToo() {
        try (RespClient mover = client(); RespClient popper = client()) {
            mover.send("BRPOPLPUSH", "s", "d", "0");
            awaitLastCommand("brpoplpush", 1);
            popper.send("BLPOP", "d", "0");
            awaitLastCommand("blpop", 1);

            control.call("LPUSH", "s", "x");
            assertEquals("$1\\r\\nx\\r\\n", mover.read());
            assertEquals("*2\\r\\n$1\\r\\nd\\r\\n$1\\r\\nx\\r\\n", popper.read());
            assertEquals(":0\\r\\n", control.call("LLEN", "d"));
            assertFalse(anyoneBlocked());
        }
    }

    /** As Redis 7.0 does: the waiter gets WRONGTYPE, is unblocked, and the element stays in the source. */
    @Test
    void blmove_destinationBecameAString_answersWrongTypeAndKeepsTheElement() {
        try (RespClient blocked = client()) {
            blocked.send("BLMOVE", "s", "d", "LEFT", "LEFT", "0");
            awaitLastCommand("blmove", 1);
            control.call("SET", "d", "string");
            control.call("RPUSH", "s", "x");
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\\r\\n", blocked.read());
            assertEquals(":1\\r\\n", control.call("LLEN", "s"));
            assertFalse(anyoneBlocked());
        }
    }

    @Test
    void blmpop_dataArrives_popsUpToCount() {
        try (RespClient blocked = client()) {
            blocked.send("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2");
            awaitLastCommand("blmpop", 1);
            control.call("RPUSH", "b", "1", "2", "3");
            assertEquals("*2\\r\\n$1\\r\\nb\\r\\n*2\\r\\n$1\\r\\n3\\r\\n$1\\r\\n2\\r\\n", blocked.read());
            assertEquals(":1\\r\\n", control.call("LLEN", "b"));
        }
    }

    @Test
    void blpop_pushInsideExec_servedAfterTheTransaction() {
        try (RespClient blocked = client()) {
            blocked.send("BLPOP", "k", "0");
            awaitLastCommand("blpop", 1);
            control.call("MULTI");
            control.call("RPUSH", "k", "x");
            control.call("RPUSH", "k", "y");
            assertEquals("*2\\r\\n:1\\r\\n:2\\r\\n", control.call("EXEC"));
            assertEquals("*2\\r\\n$1\\r\\nk\\r\\n$1\\r\\nx\\r\\n", blocked.read());
            assertEquals(":1\\r\\n", control.call("LLEN", "k"));
        }
    }

    @Test
    void blpop_keyCreatedAsAnotherType_staysBlocked() {
        try (RespClient blocked = client()) {
            blocked.send("BLPOP", "k", "0");
            awaitLastCommand("blpop", 1);
            control.call("SET", "k", "string");
            assertTrue(anyoneBlocked());
            assertFalse(blocked.hasUnread());
        }
    }

    @Test
    void blpop_insideMulti_answersAtOnce() {
        try (RespClient c = client()) {
            c.call("MULTI");
            c.call("BLPOP", "k", "0");
            c.call("BLMOVE", "k", "d", "LEFT", "LEFT", "0");
            assertEquals("*2\\r\\n*-1\\r\\n$-1\\r\\n", c.call("EXEC"));
            assertFalse(anyoneBlocked());
        }
    }

    /**
     * A client that goes away while blocked must leave the queue: the element pushed next stays in
     * the list rather than being popped for a connection nobody reads.
     */
    @Test
    void blpop_clientDisconnectsWhileBlocked_nextPushIsNotLost() {
        RespClient gone = client();
        gone.send("BLPOP", "k", "0");
        awaitLastCommand("blpop", 1);
        gone.close();
        awaitNoClientWithLastCommand("blpop");

        assertEquals(":1\\r\\n", control.call("RPUSH", "k", "x"));
        assertEquals(":1\\r\\n", control.call("LLEN", "k"));
        assertFalse(anyoneBlocked());
    }

    /** Waits (a bounded time) until the server has noticed the close of the client that ran {@code command}. */
    private void awaitNoClientWithLastCommand(String command) {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (control.call("CLIENT", "LIST").contains("cmd=" + command + " ") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
