package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.server.config.ConfigException;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/** CONFIG SET on the directives that act at once: the server does what the new value says. */
class ConfigLiveTest {

    private static SabaodyServer start(String... pairs) throws Exception {
        ServerConfig config = ServerConfig.defaults().with("port", "0").with("shards", "2");
        for (int i = 0; i < pairs.length; i += 2) {
            config = config.with(pairs[i], pairs[i + 1]);
        }
        return TestServers.start(config, Clock.system());
    }

    @Test
    void configSetMaxclients_lowered_nextClientRefusedThenRaised_accepted() throws Exception {
        try (SabaodyServer server = start(); RawClient admin = new RawClient(server.port())) {
            admin.send(RawClient.command("CONFIG", "SET", "maxclients", "1"));
            assertEquals("+OK\r\n", admin.read(5));
            try (RawClient refused = new RawClient(server.port())) {
                assertEquals("-ERR max number of clients reached\r\n", refused.readToEnd());
            }
            admin.send(RawClient.command("CONFIG", "SET", "maxclients", "10"));
            assertEquals("+OK\r\n", admin.read(5));
            try (RawClient accepted = new RawClient(server.port())) {
                accepted.send(RawClient.command("PING"));
                assertEquals("+PONG\r\n", accepted.read(7));
            }
            try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
                assertTrue(jedis.info("stats").contains("rejected_connections:1\r\n"));
                assertTrue(jedis.info("clients").contains("maxclients:10\r\n"));
            }
        }
    }

    @Test
    void configSet_applyingFails_allValuesRolledBack() throws Exception {
        long limit = OpenFileLimit.current();
        assumeTrue(limit > 0 && limit < Integer.MAX_VALUE - 100,
                "no open-file limit to exceed");
        try (SabaodyServer server = start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            JedisDataException e = assertThrows(JedisDataException.class,
                    () -> jedis.configSet("timeout", "9", "maxclients", Long.toString(limit + 100)));
            assertEquals("ERR CONFIG SET failed (possibly related to argument 'maxclients') - The operating system is "
                    + "not able to handle the specified number of clients, try with " + (limit - 32), e.getMessage());
            assertEquals(Map.of("timeout", "0", "maxclients", "10000"), jedis.configGet("timeout", "maxclients"));
        }
    }

    @Test
    void configSetHz_infoAndCronFollow() throws Exception {
        ManualClock clock = new ManualClock();
        ServerConfig config = ServerConfig.defaults().with("port", "0").with("shards", "2");
        try (SabaodyServer server = TestServers.start(config, clock);
             Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            jedis.configSet("hz", "100");
            assertTrue(jedis.info("server").contains("hz:100\r\n"));
            jedis.set("short", "v", SetParams.setParams().px(1));
            for (int tick = 0; tick < 3; tick++) { // the tick due at the old hz, then two at the new one
                clock.advance(Duration.ofMillis(100));
                for (EventLoop loop : server.loops()) {
                    loop.runTimersNow().get();
                }
            }
            assertTrue(jedis.info("stats").contains("expired_keys:1\r\n"), "the active expiry cycle ran");
        }
    }

    @Test
    void configSetLoglevel_warning_infoLinesHiddenAtOnce() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try (SabaodyServer server = start(); Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            Log.to(capture);
            jedis.configSet("loglevel", "warning");
            Log.info("an info line");
            Log.warn("a warning");
            jedis.configSet("loglevel", "notice");
            Log.info("info again");
        } finally {
            Log.to(System.err);
            Log.showInfo(true);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("an info line"), log);
        assertTrue(log.contains("a warning") && log.contains("info again"), log);
    }

    @Test
    void configSetProtoMaxBulkLen_newConnectionsUseIt() throws Exception {
        try (SabaodyServer server = start()) {
            try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
                jedis.configSet("proto-max-bulk-len", "1mb");
            }
            try (RawClient client = new RawClient(server.port())) {
                client.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000\r\n");
                assertEquals("-ERR Protocol error: invalid bulk length\r\n", client.readToEnd());
            }
        }
    }

    @Test
    void start_renameCommand_checkedAsRedisChecksIt() throws Exception {
        ServerConfig base = ServerConfig.defaults().with("port", "0").with("shards", "1");
        var unknown = assertThrows(ConfigException.class, () -> TestServers.start(
                ServerConfig.fromArgs(new String[0]).with("port", "0").with("rename-command", "NOSUCH", "x"),
                Clock.system()));
        assertTrue(unknown.getMessage().contains("No such command in rename-command"), unknown.getMessage());
        var taken = assertThrows(ConfigException.class, () -> TestServers.start(
                base.with("rename-command", "GET", "set"), Clock.system()));
        assertTrue(taken.getMessage().contains("Target command name already exists"), taken.getMessage());
        try (SabaodyServer server = TestServers.start(base.with("rename-command", "FLUSHALL", ""),
                Clock.system())) {
            assertTrue(server.port() > 0, "accepted and applied (RenameCommandTest)");
        }
    }

    @Test
    void configSetTimeout_fromNone_closesConnectionsAlreadyOpen() throws Exception {
        ManualClock clock = new ManualClock();
        try (SabaodyServer server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2"),
                clock);
             RawClient idle = new RawClient(server.port());
             Jedis admin = new Jedis("127.0.0.1", server.port())) {
            idle.send(RawClient.command("PING"));
            assertEquals("+PONG\r\n", idle.read(7));
            assertEquals("OK", admin.configSet("timeout", "10"));
            assertEquals(Map.of("timeout", "10"), admin.configGet("timeout"));
            clock.advance(Duration.ofSeconds(11));
            for (EventLoop loop : server.loops()) {
                loop.runTimersNow().get();
            }
            assertEquals("", idle.readToEnd(), "opened with no timeout, closed by the one set since");
        }
    }

    @Test
    void configSetClientQueryBufferLimit_appliesToTheNextRead() throws Exception {
        try (SabaodyServer server = start(); Jedis admin = new Jedis("127.0.0.1", server.port());
             RawClient big = new RawClient(server.port())) {
            assertEquals("OK", admin.configSet("client-query-buffer-limit", "1mb"));
            boolean closed;
            try {
                big.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000\r\n" + "x".repeat(1_500_000));
                closed = big.readToEnd().isEmpty(); // a timeout (the limit not applied) throws instead
            } catch (java.net.SocketException reset) {
                closed = true; // closed while the request was still being sent: a broken pipe or a reset
            }
            assertTrue(closed, "a request over the new limit closes its connection");
            assertEquals("PONG", admin.ping());
        }
    }
}
