package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Scripts over two shards: declared keys on both run atomically with both parked; an undeclared
 * key of another shard gets Redis Cluster's error; a long script makes the other shard's clients
 * get -BUSY, and SCRIPT KILL from there stops it.
 */
class ScriptShardingTest {

    private SabaodyServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Two keys owned by different shards of two. */
    private static List<String> keysOnBothShards() {
        List<String> keys = new ArrayList<>();
        int first = -1;
        for (int i = 0; keys.size() < 2; i++) {
            String key = "sk" + i;
            int shard = KeyHash.shardOf(key.getBytes(), 2);
            if (keys.isEmpty() || shard != first) {
                first = keys.isEmpty() ? shard : first;
                keys.add(key);
            }
        }
        return keys;
    }

    @Test
    void eval_declaredKeysOnTwoShards_readsAndWritesBoth() throws Exception {
        server = TestServers.start(2);
        List<String> k = keysOnBothShards();
        try (RawClient c = new RawClient(server.port())) {
            c.send(RawClient.command("EVAL",
                    "redis.call('set', KEYS[1], ARGV[1]); redis.call('set', KEYS[2], ARGV[2]); "
                            + "return redis.call('get', KEYS[1]) .. redis.call('get', KEYS[2])",
                    "2", k.get(0), k.get(1), "a", "b"));
            assertEquals("$2", c.readLine());
            assertEquals("ab", c.readLine());
            c.send(RawClient.command("MGET", k.get(0), k.get(1)));
            assertEquals("*2", c.readLine());
            assertEquals("$1", c.readLine());
            assertEquals("a", c.readLine());
            assertEquals("$1", c.readLine());
            assertEquals("b", c.readLine());
        }
    }

    @Test
    void eval_undeclaredKeyOfAnotherShard_nonLocalKeyError() throws Exception {
        server = TestServers.start(2);
        List<String> k = keysOnBothShards();
        try (RawClient c = new RawClient(server.port())) {
            c.send(RawClient.command("EVAL", "return redis.call('get', ARGV[1])", "1", k.get(0), k.get(1)));
            String reply = c.readLine();
            assertTrue(reply.startsWith("-ERR Script attempted to access a non local key in a cluster node script: "), reply);
            c.send(RawClient.command("EVAL", "return redis.pcall('get', ARGV[1])", "1", k.get(0), k.get(0)));
            assertEquals("$-1", c.readLine());
        }
    }

    /**
     * Connections are dealt to the two loops in turn: the first runs the script, the second is served
     * by the other loop, which answers -BUSY and takes SCRIPT KILL.
     */
    @Test
    void longScript_otherShardsClientGetsBusy_andScriptKillStopsIt() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2")
                .with("busy-reply-threshold", "1"), Clock.system());
        try (RawClient runner = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            other.send(RawClient.command("PING"));
            assertEquals("+PONG", other.readLine());
            runner.send(RawClient.command("EVAL", "local i = 0; while true do i = i + 1 end", "0"));
            String reply = "+PONG";
            for (int i = 0; i < POLLS && reply.equals("+PONG"); i++) {
                other.send(RawClient.command("PING")); // no key: answered by its own loop, never sent to the busy one
                reply = other.readLine();
            }
            assertEquals("-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.", reply);
            other.send(RawClient.command("SCRIPT", "KILL"));
            assertEquals("+OK", other.readLine());
            String killed = runner.readLine();
            assertTrue(killed.startsWith("-ERR Script killed by user with SCRIPT KILL... script: "), killed);
            other.send(RawClient.command("SCRIPT", "KILL"));
            assertEquals("-NOTBUSY No scripts in execution right now.", other.readLine());
            other.send(RawClient.command("PING"));
            assertEquals("+PONG", other.readLine());
        }
    }

    /** Bounds the polling loops: a test that cannot see what it waits for fails instead of hanging. */
    private static final int POLLS = 1_000_000;

    /** A key owned by the shard of {@code client}'s own loop: one a script run there may write undeclared. */
    private static String keyLocalTo(RawClient client) throws java.io.IOException {
        for (int i = 0; ; i++) {
            client.send(RawClient.command("EVAL", "return redis.pcall('exists', ARGV[1])", "0", "local" + i));
            if (client.readLine().equals(":0")) {
                return "local" + i;
            }
        }
    }

    @Test
    void writingScript_scriptKill_unkillable() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2")
                .with("busy-reply-threshold", "1"), Clock.system());
        try (RawClient runner = new RawClient(server.port()); RawClient other = new RawClient(server.port())) {
            other.send(RawClient.command("PING"));
            assertEquals("+PONG", other.readLine());
            String local = keyLocalTo(runner);
            // numkeys 0: the script runs on the runner's own loop, and writes a key of that shard
            runner.send(RawClient.command("EVAL",
                    "redis.call('set', ARGV[1], '1'); local n = 0; while n < 5000000 do n = n + 1 end; return n",
                    "0", local));
            String reply = "-NOTBUSY";
            for (int i = 0; i < POLLS && reply.startsWith("-NOTBUSY"); i++) {
                other.send(RawClient.command("SCRIPT", "KILL"));
                reply = other.readLine();
            }
            assertTrue(reply.startsWith("-UNKILLABLE Sorry the script already executed write commands"), reply);
            assertEquals(":5000000", runner.readLine());
        }
    }
}
