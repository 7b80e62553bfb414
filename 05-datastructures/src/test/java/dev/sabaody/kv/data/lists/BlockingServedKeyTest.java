package dev.sabaody.kv.data.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.RedisOracle;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * Which key a woken client is served from, on our server and on real Redis 7.0 side by side: the
 * key that became ready, not the first of its keys (serveClientsBlockedOnListKey and its sorted-set
 * twin look at the ready key only).
 */
class BlockingServedKeyTest {

    private static DataServer server;
    private static final ExecutorService POOL = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
        server.close();
    }

    /** Runs {@code scenario} against a server: a blocked client, then writes from another; returns what the blocked one got. */
    private static Object run(int port, String[] blocking, Function<Jedis, Object> writes) throws Exception {
        try (Jedis setup = new Jedis("127.0.0.1", port)) {
            setup.flushAll();
        }
        try (Jedis blocked = new Jedis("127.0.0.1", port, 10_000); Jedis writer = new Jedis("127.0.0.1", port)) {
            Future<Object> reply = POOL.submit(() -> blocked.sendBlockingCommand(() -> blocking[0].getBytes(),
                    java.util.Arrays.copyOfRange(blocking, 1, blocking.length)));
            awaitBlocked(writer, port);
            writes.apply(writer);
            return decode(reply.get(10, TimeUnit.SECONDS));
        }
    }

    /** Until the blocked client is waiting: CLIENT LIST names its last command, on either server. */
    private static void awaitBlocked(Jedis writer, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!writer.clientList().contains("cmd=blpop") && !writer.clientList().contains("cmd=bzpopmin")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never blocked: " + writer.clientList());
            }
            Thread.sleep(2); // another process's state: nothing to inject
        }
    }

    private static Object decode(Object reply) {
        if (reply instanceof byte[] b) {
            return new String(b);
        }
        if (reply instanceof List<?> list) {
            return list.stream().map(BlockingServedKeyTest::decode).toList();
        }
        return reply;
    }

    private static void same(String[] blocking, Function<Jedis, Object> writes) throws Exception {
        Object redis = run(RedisOracle.port(), blocking, writes);
        Object ours = run(server.port(), blocking, writes);
        assertEquals(redis, ours);
    }

    @Test
    void blpop_twoKeysReadyInOneExec_servedFromTheFirstReady() throws Exception {
        same(new String[] {"BLPOP", "a", "b", "0"}, w -> {
            Transaction tx = w.multi();
            tx.rpush("b", "x");
            tx.rpush("a", "y");
            return tx.exec();
        });
    }

    @Test
    void bzpopmin_earlierKeyBecameAString_servedFromTheReadyKey() throws Exception {
        same(new String[] {"BZPOPMIN", "s", "z", "0"}, w -> {
            w.set("s", "not a sorted set");
            return w.zadd("z", 1, "m");
        });
    }
}
