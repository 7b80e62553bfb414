package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.NioServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;

/** Jedis, as an application would use it, against module 04's server on an ephemeral port. */
class JedisIntegrationTest {

    private static NioServer server;
    private static HostAndPort address;

    @BeforeAll
    static void start() throws Exception {
        server = Main.start(NioServer.Config.onPort(0));
        address = new HostAndPort("127.0.0.1", server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void defaultConnection_handshakeAndStringCommands_work() {
        try (Jedis jedis = new Jedis(address)) {
            assertEquals("PONG", jedis.ping());
            assertEquals("OK", jedis.set("jedis:k", "v"));
            assertEquals("v", jedis.get("jedis:k"));
            assertTrue(jedis.exists("jedis:k"));
            assertEquals(1, jedis.del("jedis:k"));
            assertNull(jedis.get("jedis:k"));
            assertEquals("hello", jedis.echo("hello"));
        }
    }

    @Test
    void binaryValues_comeBackByteForByte() {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        try (Jedis jedis = new Jedis(address)) {
            jedis.set("jedis:bin".getBytes(), value);
            assertArrayEquals(value, jedis.get("jedis:bin".getBytes()));
        }
    }

    @Test
    void resp3_nameAndDatabase_fromClientConfig() {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .protocol(RedisProtocol.RESP3).clientName("jedis-test").database(3).build();
        try (Jedis jedis = new Jedis(address, config)) {
            assertEquals("jedis-test", jedis.clientGetname());
            jedis.set("jedis:db3", "three");
            assertTrue(jedis.clientInfo().contains(" db=3 "), jedis.clientInfo());
            assertTrue(jedis.clientInfo().contains(" resp=3"), jedis.clientInfo());
            assertNull(jedis.get("jedis:missing"));
        }
        try (Jedis jedis = new Jedis(address)) {
            assertNull(jedis.get("jedis:db3"), "database 0 is another database");
        }
    }

    @Test
    void pipeline_thousandCommands_repliesInOrder() {
        try (Jedis jedis = new Jedis(address)) {
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < 1000; i++) {
                pipeline.set("jedis:p" + i, "v" + i);
                pipeline.get("jedis:p" + i);
            }
            List<Object> replies = pipeline.syncAndReturnAll();
            assertEquals(2000, replies.size());
            for (int i = 0; i < 1000; i++) {
                assertEquals("OK", replies.get(2 * i));
                assertEquals("v" + i, replies.get(2 * i + 1));
            }
        }
    }

    @Test
    void serverError_reachesTheApplication() {
        try (Jedis jedis = new Jedis(address)) {
            JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.select(16));
            assertEquals("ERR DB index is out of range", e.getMessage());
            assertEquals("PONG", jedis.ping(), "the connection survives a command error");
        }
    }
}
