package dev.sabaody.kv.data.strings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import dev.sabaody.kv.resp.RespFrames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every expiry option of the string commands, on a server whose clock only moves when the test
 * moves it: the absolute time each option stores (read from the keyspace), and the key vanishing at
 * exactly that millisecond and not one before.
 */
class StringExpiryTest {

    /** The manual clock's epoch: 2023-11-14T22:13:20Z. */
    private static final long NOW = 1_700_000_000_000L;

    private final ManualClock clock = new ManualClock(NOW);
    private DataServer server;

    @BeforeEach
    void start() {
        server = DataTests.start(clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Sends one command; answers its reply escaped ("+OK\r\n", "$-1\r\n"). */
    private String send(String... command) {
        byte[] reply = DifferentialHarness.ask(server.port(), Case.commands(command[0], command)).bytes();
        return RespFrames.escape(reply).replace("\\r\\n", "\n");
    }

    /** The stored expiry of {@code key} (-1: none; -2: no such key), read on the server's loop. */
    private long expireAt(String key) {
        CompletableFuture<Long> at = new CompletableFuture<>();
        server.loop().execute(() -> {
            Entry e = server.keyspace().db(0).peek(key.getBytes(StandardCharsets.UTF_8));
            at.complete(e == null ? -2L : e.expireAt());
        });
        return at.join();
    }

    private void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    @Test
    void setEx_expiresAtNowPlusSeconds_notAMillisecondBefore() {
        assertEquals("+OK\n", send("SET", "k", "v", "EX", "10"));
        assertEquals(NOW + 10_000, expireAt("k"));
        advance(9_999);
        assertEquals("$1\nv\n", send("GET", "k"));
        advance(1);
        assertEquals("$1\nv\n", send("GET", "k"), "on its millisecond it still lives, as Redis's keyIsExpired (now > when)");
        advance(1);
        assertEquals("$-1\n", send("GET", "k"));
        assertEquals(-2, expireAt("k"));
    }

    @Test
    void setPxExatPxat_storeTheirAbsoluteTimes() {
        send("SET", "px", "v", "PX", "1500");
        send("SET", "exat", "v", "EXAT", String.valueOf(NOW / 1000 + 5));
        send("SET", "pxat", "v", "PXAT", String.valueOf(NOW + 1234));
        assertEquals(NOW + 1500, expireAt("px"));
        assertEquals(NOW + 5000, expireAt("exat"));
        assertEquals(NOW + 1234, expireAt("pxat"));
        advance(1235);
        assertEquals("$-1\n", send("GET", "pxat"));
        assertEquals("$1\nv\n", send("GET", "px"));
    }

    @Test
    void setKeepTtl_keepsTheTime_plainSetDropsIt() {
        send("SET", "k", "v", "EX", "100");
        assertEquals("+OK\n", send("SET", "k", "w", "KEEPTTL"));
        assertEquals(NOW + 100_000, expireAt("k"));
        assertEquals("+OK\n", send("SET", "k", "x"));
        assertEquals(-1, expireAt("k"));
    }

    @Test
    void setWithNewTime_replacesTheOldOne() {
        send("SET", "k", "v", "EX", "100");
        send("SET", "k", "w", "PX", "50");
        assertEquals(NOW + 50, expireAt("k"));
    }

    @Test
    void setPx_overflowDependsOnNow_asRedisComputesIt() {
        long largest = Long.MAX_VALUE - NOW;
        assertEquals("+OK\n", send("SET", "k", "v", "PX", String.valueOf(largest)));
        assertEquals(Long.MAX_VALUE, expireAt("k"));
        assertEquals("-ERR invalid expire time in 'set' command\n",
                send("SET", "k", "v", "PX", String.valueOf(largest + 1)));
    }

    @Test
    void setexPsetex_storeRelativeTimes() {
        send("SETEX", "s", "7", "v");
        send("PSETEX", "p", "7", "v");
        assertEquals(NOW + 7000, expireAt("s"));
        assertEquals(NOW + 7, expireAt("p"));
        advance(8);
        assertEquals("$-1\n", send("GET", "p"));
        assertEquals("$1\nv\n", send("GET", "s"));
    }

    @Test
    void getex_setsAndRemovesTheTime() {
        send("SET", "k", "v");
        assertEquals("$1\nv\n", send("GETEX", "k", "EX", "3"));
        assertEquals(NOW + 3000, expireAt("k"));
        send("GETEX", "k", "PX", "30");
        assertEquals(NOW + 30, expireAt("k"));
        send("GETEX", "k", "EXAT", String.valueOf(NOW / 1000 + 60));
        assertEquals(NOW + 60_000, expireAt("k"));
        send("GETEX", "k", "PXAT", String.valueOf(NOW + 61));
        assertEquals(NOW + 61, expireAt("k"));
        send("GETEX", "k");
        assertEquals(NOW + 61, expireAt("k"));
        send("GETEX", "k", "PERSIST");
        assertEquals(-1, expireAt("k"));
    }

    @Test
    void getexPxatNow_answersThenDeletes() {
        send("SET", "k", "v");
        assertEquals("$1\nv\n", send("GETEX", "k", "PXAT", String.valueOf(NOW)));
        assertEquals(-2, expireAt("k"));
    }

    @Test
    void inPlaceWrites_keepTheTime_getsetDropsIt() {
        for (String[] write : new String[][] {
                {"APPEND", "k", "x"}, {"SETRANGE", "k", "0", "7"}, {"INCR", "k"}, {"INCRBYFLOAT", "k", "1.5"}}) {
            send("SET", "k", "1", "EX", "100");
            send(write);
            assertEquals(NOW + 100_000, expireAt("k"), write[0] + " must keep the TTL");
        }
        send("SET", "k", "1", "EX", "100");
        send("GETSET", "k", "2");
        assertEquals(-1, expireAt("k"));
        send("SET", "k", "1", "EX", "100");
        send("MSET", "k", "2");
        assertEquals(-1, expireAt("k"));
    }

    @Test
    void expiredKey_isMissingForEveryCommand() {
        send("SET", "k", "5", "PX", "10");
        advance(11);
        assertEquals("$-1\n", send("GET", "k"));
        send("SET", "k", "5", "PX", "10");
        advance(11);
        assertEquals(":1\n", send("INCR", "k"));
        send("SET", "n", "v", "PX", "10");
        advance(11);
        assertEquals(":1\n", send("SETNX", "n", "w"));
        assertEquals(-1, expireAt("n"));
    }
}
