package dev.sabaody.kv.data.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.RedisValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;

/**
 * The keys commands know no type: TYPE, OBJECT ENCODING, SCAN's TYPE filter, COPY, RENAME and MOVE
 * work for any {@link RedisValue} through its three methods. A made-up type proves it, so that no
 * other family has to exist for this test to run.
 */
class AnyValueTest {

    /** A value of a type the keys commands have never heard of. */
    private static final class Tally extends RedisValue {
        final int[] counts;

        Tally(int... counts) {
            this.counts = counts;
        }

        @Override
        public String typeName() {
            return "tally";
        }

        @Override
        public String encoding() {
            return counts.length > 2 ? "hashtable" : "listpack";
        }

        @Override
        public RedisValue copy() {
            return new Tally(counts.clone());
        }

        @Override
        public long bytes() {
            return 16 + 4L * counts.length;
        }
    }

    private DataServer server;
    private Jedis jedis;

    @BeforeEach
    void start() {
        server = DataTests.start();
        jedis = new Jedis("127.0.0.1", server.port());
    }

    @AfterEach
    void stop() {
        jedis.close();
        server.close();
    }

    /** Runs {@code action} on the server's loop, which owns the keyspace. */
    private <T> T onLoop(Function<Db, T> action) {
        return CompletableFuture.supplyAsync(() -> action.apply(server.keyspace().db(0)), server.loop()::execute)
                .join();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void typeAndEncoding_comeFromTheValue() {
        onLoop(db -> db.add(b("small"), new Tally(1, 2)));
        onLoop(db -> db.add(b("big"), new Tally(1, 2, 3)));
        assertEquals("tally", jedis.type("small"));
        assertEquals("listpack", jedis.objectEncoding("small"));
        assertEquals("hashtable", jedis.objectEncoding("big"));
        assertEquals(1L, jedis.objectRefcount("small"));
        assertEquals(List.of("small"), jedis.scan("0", new ScanParams().count(100).match("s*"), "TALLY").getResult());
    }

    @Test
    void copy_makesADeepCopy_renameAndMoveKeepTheValue() {
        Tally original = new Tally(7, 8);
        onLoop(db -> db.add(b("t"), original));
        jedis.expire("t", 100);

        assertEquals(true, jedis.copy("t", "c", false));
        Object copied = onLoop(db -> db.lookup(b("c")).value);
        assertNotSame(original, copied);
        assertNotSame(original.counts, ((Tally) copied).counts);
        assertEquals(100, jedis.ttl("c"));

        jedis.rename("t", "r");
        assertSame(original, onLoop(db -> db.lookup(b("r")).value));
        assertEquals(100, jedis.ttl("r"));

        assertEquals(1, jedis.move("r", 3));
        Object moved = CompletableFuture.supplyAsync(() -> server.keyspace().db(3).lookup(b("r")).value,
                server.loop()::execute).join();
        assertSame(original, moved);
    }
}
