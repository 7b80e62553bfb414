package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/** The product's behaviour around the commands: shutdown, limits, INFO, CONFIG, idle clients. */
class ServerTest {

    private static ServerConfig config(String... pairs) {
        ServerConfig config = ServerConfig.defaults().with("port", "0").with("shards", "2");
        for (int i = 0; i < pairs.length; i += 2) {
            config = config.with(pairs[i], pairs[i + 1]);
        }
        return config;
    }

    @Test
    void close_clientMidPipeline_getsEveryReplyToWhatWasRead() throws Exception {
        SabaodyServer server = TestServers.start(config(), Clock.system());
        int commands = 5000;
        try (RawClient client = new RawClient(server.port()); Jedis observer = new Jedis("127.0.0.1", server.port())) {
            StringBuilder pipeline = new StringBuilder();
            for (int i = 0; i < commands; i++) {
                pipeline.append(RawClient.command("SET", "key:" + i, "v"));
            }
            client.send(pipeline.toString()); // and read nothing yet
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (observer.dbSize() < commands && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(commands, observer.dbSize(), "every command was read and run");
            server.close();
            assertEquals("+OK\r\n".repeat(commands), client.readToEnd());
        }
    }

    @Test
    void shutdownCommand_noReply_asksForTheOrderlyStop() throws Exception {
        int before = TestServers.SHUTDOWN_REQUESTS.get();
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (RawClient client = new RawClient(server.port())) {
            client.send(RawClient.command("SHUTDOWN", "NOSAVE") + RawClient.command("SHUTDOWN", "BOGUS"));
            assertEquals("-ERR syntax error\r\n", client.read("-ERR syntax error\r\n".length()));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (TestServers.SHUTDOWN_REQUESTS.get() == before && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(before + 1, TestServers.SHUTDOWN_REQUESTS.get());
        } finally {
            server.close();
        }
    }

    @Test
    void maxclients_reached_nextClientGetsRedisErrorThenClose() throws Exception {
        SabaodyServer server = TestServers.start(config("maxclients", "2"), Clock.system());
        try (RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port())) {
            a.send(RawClient.command("PING"));
            b.send(RawClient.command("PING"));
            assertEquals("+PONG\r\n", a.read(7));
            assertEquals("+PONG\r\n", b.read(7));
            try (RawClient c = new RawClient(server.port())) {
                assertEquals("-ERR max number of clients reached\r\n", c.readToEnd());
            }
        } finally {
            server.close();
        }
    }

    @Test
    void info_defaultSections_redisFieldNamesAndKeyspaceOverAllShards() throws Exception {
        SabaodyServer server = TestServers.start(config("shards", "3"), Clock.system());
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            for (int i = 0; i < 25; i++) {
                jedis.set("key:" + i, "v");
            }
            String info = jedis.info();
            for (String field : new String[] {"# Server\r\n", "redis_version:7.0.15\r\n", "multiplexing_api:epoll\r\n",
                    "tcp_port:" + server.port() + "\r\n", "shards:3\r\n", "# Clients\r\n", "connected_clients:1\r\n",
                    "maxclients:10000\r\n", "# Memory\r\n", "used_memory:", "# Stats\r\n",
                    "total_commands_processed:", "# Keyspace\r\n", "db0:keys=25,expires=0,avg_ttl=0\r\n"}) {
                assertTrue(info.contains(field), () -> "INFO lacks " + field + ":\n" + info);
            }
            String clients = jedis.info("clients");
            assertTrue(clients.startsWith("# Clients\r\n") && !clients.contains("# Server"), clients);
        } finally {
            server.close();
        }
    }

    @Test
    void configGet_patterns_pairsOfNameAndValue() throws Exception {
        SabaodyServer server = TestServers.start(config("timeout", "30"), Clock.system());
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertEquals(Map.of("timeout", "30"), jedis.configGet("timeout"));
            assertEquals(Map.of("save", "3600 1 300 100 60 10000", "appendonly", "no"), jedis.configGet("save", "appendonly"));
            assertEquals(Map.of(), jedis.configGet("nosuch*"));
        } finally {
            server.close();
        }
    }

    @Test
    void timeout_idleClient_closedWhenTheClockPassesIt() throws Exception {
        ManualClock clock = new ManualClock();
        SabaodyServer server = TestServers.start(config("timeout", "10"), clock);
        try (RawClient idle = new RawClient(server.port())) {
            idle.send(RawClient.command("PING"));
            assertEquals("+PONG\r\n", idle.read(7));
            clock.advance(Duration.ofSeconds(11));
            for (EventLoop loop : server.loops()) {
                loop.runTimersNow().get();
            }
            assertEquals("", idle.readToEnd());
        } finally {
            server.close();
        }
    }

    @Test
    void unknownCommand_throughShards_redisError() throws Exception {
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (RawClient client = new RawClient(server.port())) {
            client.send(RawClient.command("NOPE", "a"));
            String expected = "-ERR unknown command 'NOPE', with args beginning with: 'a' \r\n";
            assertEquals(expected, client.read(expected.length()));
        } finally {
            server.close();
        }
    }

    /**
     * INFO's total_commands_processed counts as Redis 7.0.15 does (the same steps against a real
     * redis-server gave these figures): a command once it has run, so INFO does not count itself
     * but the next INFO does; commands queued by MULTI when EXEC runs them; a blocked command once;
     * a refused command (unknown, wrong arity) not at all. Also with one shard, whose commands skip
     * the router. Raw sockets, because a client library's hand-shake would be counted too.
     */
    @ParameterizedTest(name = "{0} shard(s)")
    @ValueSource(ints = {1, 2, 3})
    void totalCommandsProcessed_countsWhatRedisCounts(int shardCount) throws Exception {
        SabaodyServer server = TestServers.start(config("shards", Integer.toString(shardCount)), Clock.system());
        try (RawClient client = new RawClient(server.port()); RawClient blocked = new RawClient(server.port())) {
            assertEquals(0, commandsProcessed(client), "a fresh server; INFO does not count itself");
            assertEquals(1, commandsProcessed(client), "the first INFO");

            String multi = RawClient.command("MULTI") + RawClient.command("SET", "a", "1")
                    + RawClient.command("GET", "a") + RawClient.command("EXEC");
            client.send(multi);
            String replies = "+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n$1\r\n1\r\n";
            assertEquals(replies, client.read(replies.length()));
            assertEquals(2 + 4, commandsProcessed(client), "MULTI, SET, GET, EXEC");

            client.send(RawClient.command("MSET", "a", "1", "b", "2", "c", "3", "d", "4")); // several shards
            assertEquals("+OK\r\n", client.read(5));
            assertEquals(7 + 1, commandsProcessed(client), "MSET");

            blocked.send(RawClient.command("BLPOP", "list", "5")); // blocks, or is served at once: one either way
            client.send(RawClient.command("RPUSH", "list", "x"));
            assertEquals(":1\r\n", client.read(4));
            String popped = "*2\r\n$4\r\nlist\r\n$1\r\nx\r\n";
            assertEquals(popped, blocked.read(popped.length()));
            assertEquals(9 + 2, commandsProcessed(client), "BLPOP, RPUSH");

            blocked.send(RawClient.command("NOSUCH") + RawClient.command("GET"));
            String refused = "-ERR unknown command 'NOSUCH', with args beginning with: \r\n"
                    + "-ERR wrong number of arguments for 'get' command\r\n";
            assertEquals(refused, blocked.read(refused.length()));
            assertEquals(12, commandsProcessed(client), "only the INFO before: refused commands do not count");
        } finally {
            server.close();
        }
    }

    private static long commandsProcessed(RawClient client) throws java.io.IOException {
        client.send(RawClient.command("INFO", "stats"));
        String header = client.readLine(); // $<length>
        String info = client.read(Integer.parseInt(header.substring(1)) + 2);
        for (String line : info.split("\r\n")) {
            if (line.startsWith("total_commands_processed:")) {
                return Long.parseLong(line.substring("total_commands_processed:".length()));
            }
        }
        throw new AssertionError("INFO stats has no total_commands_processed:\n" + info);
    }
}
