package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * MULTI/EXEC and WATCH when the keys of one transaction live on different shards: EXEC parks every
 * shard, so the transaction is atomic, and WATCH sees writes on any shard.
 */
class TransactionShardingTest {

    private SabaodyServer server;
    private List<String> keys;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(4);
        keys = ShardingTest.keysOnDistinctShards(3);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void exec_keysOnSeveralShards_runsEveryCommandInOrder() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            Transaction tx = jedis.multi();
            tx.set(keys.get(0), "a");
            tx.set(keys.get(1), "b");
            tx.get(keys.get(0));
            tx.get(keys.get(2));
            tx.mget(keys.get(0), keys.get(1));
            List<Object> replies = tx.exec();
            assertEquals(List.of("OK", "OK", "a"), replies.subList(0, 3));
            assertNull(replies.get(3));
            assertEquals(List.of("a", "b"), replies.get(4));
            assertEquals("b", jedis.get(keys.get(1)));
        }
    }

    @Test
    void exec_racingReadersOnEveryShard_neverSeenHalfApplied() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        AtomicLong torn = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> tasks = new ArrayList<>();
        tasks.add(pool.submit(() -> {
            try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
                for (int i = 0; i < 300; i++) {
                    // a long transaction: the first and last writes are far apart in time
                    Transaction tx = jedis.multi();
                    String v = Integer.toString(i);
                    tx.set(keys.get(0), v);
                    for (int j = 0; j < 200; j++) {
                        tx.set(keys.get(1), v);
                    }
                    tx.set(keys.get(2), v);
                    tx.exec();
                }
            } finally {
                running.set(false);
            }
        }));
        for (int r = 0; r < 3; r++) {
            tasks.add(pool.submit(() -> {
                try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
                    while (running.get()) {
                        // read the first key written, then the last: under atomicity the last is never older
                        String first = jedis.get(keys.get(0));
                        String last = jedis.get(keys.get(2));
                        reads.incrementAndGet();
                        if (first != null && (last == null || Integer.parseInt(last) < Integer.parseInt(first))) {
                            torn.incrementAndGet();
                        }
                    }
                }
            }));
        }
        for (Future<?> task : tasks) {
            task.get();
        }
        pool.shutdown();
        assertTrue(reads.get() > 0);
        assertEquals(0, torn.get(), "reads that saw a transaction half applied");
    }

    @Test
    void exec_watchedKeyWrittenOnAnotherShard_answersNull() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port());
             Jedis other = new Jedis("127.0.0.1", server.port())) {
            jedis.watch(keys.get(0), keys.get(1));
            other.set(keys.get(1), "changed");
            Transaction tx = jedis.multi();
            tx.set(keys.get(2), "x");
            assertNull(tx.exec());
            assertNull(jedis.get(keys.get(2)));
        }
    }

    @Test
    void exec_watchedKeysUntouched_runs() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.watch(keys.get(0), keys.get(1));
            Transaction tx = jedis.multi();
            tx.set(keys.get(2), "x");
            assertEquals(List.of("OK"), tx.exec());
        }
    }

    @Test
    void exec_afterAnUnknownCommandWhileQueueing_abortsEverything() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            // pipelined: the SET goes to another shard's slot, the error and EXEC must still follow it
            client.send(RawClient.command("MULTI") + RawClient.command("SET", keys.get(1), "v")
                    + RawClient.command("NOSUCHCOMMAND") + RawClient.command("EXEC")
                    + RawClient.command("GET", keys.get(1)));
            String expected = "+OK\r\n+QUEUED\r\n"
                    + "-ERR unknown command 'NOSUCHCOMMAND', with args beginning with: \r\n"
                    + "-EXECABORT Transaction discarded because of previous errors.\r\n$-1\r\n";
            assertEquals(expected, client.read(expected.length()));
        }
    }
}
