package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Streams cross in files and DUMP payloads both ways with Redis 7.0 (RDB_TYPE_STREAM_LISTPACKS_2):
 * entries across several nodes, deleted entries, trimmed streams, consumer groups with pending
 * entries and consumers. Compared by XRANGE, XINFO STREAM, XINFO GROUPS and XPENDING.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class StreamPersistenceTest {

    @Parameter
    int shards;

    @TempDir
    Path dir;

    private static final List<String> KEYS = List.of("s:small", "s:big", "s:groups", "s:empty", "s:fields");

    static void populate(Jedis j) {
        j.sendCommand(Protocol.Command.XADD, "s:small", "1-1", "f", "v", "n", "12");
        for (int i = 1; i <= 350; i++) {
            j.sendCommand(Protocol.Command.XADD, "s:big", i + "-0", "field", "value-" + i, "num", Integer.toString(i));
        }
        j.sendCommand(Protocol.Command.XDEL, "s:big", "5-0", "100-0", "250-0");
        j.sendCommand(Protocol.Command.XTRIM, "s:big", "MINID", "20");
        for (int i = 1; i <= 20; i++) {
            j.sendCommand(Protocol.Command.XADD, "s:groups", "*", "k", "v" + i);
        }
        j.sendCommand(Protocol.Command.XGROUP, "CREATE", "s:groups", "g1", "0");
        j.sendCommand(Protocol.Command.XGROUP, "CREATE", "s:groups", "g2", "$");
        j.sendCommand(Protocol.Command.XREADGROUP, "GROUP", "g1", "alice", "COUNT", "5", "STREAMS", "s:groups", ">");
        j.sendCommand(Protocol.Command.XREADGROUP, "GROUP", "g1", "bob", "COUNT", "3", "STREAMS", "s:groups", ">");
        j.sendCommand(Protocol.Command.XGROUP, "CREATECONSUMER", "s:groups", "g2", "carol");
        j.sendCommand(Protocol.Command.XADD, "s:empty", "5-5", "a", "b");
        j.sendCommand(Protocol.Command.XDEL, "s:empty", "5-5");
        j.sendCommand(Protocol.Command.XADD, "s:fields", "1-0", "a", "1");
        j.sendCommand(Protocol.Command.XADD, "s:fields", "2-0", "b", "2", "c", "3");
        j.sendCommand(Protocol.Command.XADD, "s:fields", "3-0", "a", "x".repeat(300));
    }

    /** What a client can see of the streams; idle times (clock-dependent) left out. */
    static List<String> view(Jedis j) {
        List<String> out = new ArrayList<>();
        for (String key : KEYS) {
            out.add(key + " " + j.type(key));
            out.add(text(j.sendCommand(Protocol.Command.XRANGE, key, "-", "+")));
            List<?> info = (List<?>) j.sendCommand(Protocol.Command.XINFO, "STREAM", key);
            for (int i = 0; i < info.size(); i += 2) {
                String name = text(info.get(i));
                if (!name.startsWith("radix-tree")) { // the node layout is an implementation detail
                    out.add(name + "=" + text(info.get(i + 1)));
                }
            }
            out.add(text(j.sendCommand(Protocol.Command.XINFO, "GROUPS", key)));
            for (Object g : (List<?>) j.sendCommand(Protocol.Command.XINFO, "GROUPS", key)) {
                String group = text(((List<?>) g).get(1));
                out.add(text(j.sendCommand(Protocol.Command.XPENDING, key, group)));
                List<?> pending = (List<?>) j.sendCommand(Protocol.Command.XPENDING, key, group, "-", "+", "100");
                for (Object p : pending) {
                    List<?> e = (List<?>) p;
                    out.add(text(e.get(0)) + " " + text(e.get(1)) + " " + text(e.get(3)));
                }
                for (Object c : (List<?>) j.sendCommand(Protocol.Command.XINFO, "CONSUMERS", key, group)) {
                    List<?> consumer = (List<?>) c;
                    out.add(text(consumer.get(1)) + " pending " + text(consumer.get(3)));
                }
            }
        }
        return out;
    }

    private static String text(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) {
                parts.add(text(x));
            }
            return parts.toString();
        }
        return String.valueOf(o);
    }

    @Test
    void redisFile_loadsHere_thenOurFileLoadsIntoRedis_sameStreams() throws Exception {
        List<String> expected;
        try (RedisProcess redis = RedisProcess.start(dir, null, "--dir", dir.toString(), "--save", "", "--appendonly", "no");
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            populate(j);
            j.save();
            expected = view(j);
        }
        org.junit.jupiter.api.Assertions.assertTrue(expected.contains("s:big stream") && expected.contains("length=329")
                && expected.contains("entries-added=350") && expected.stream().anyMatch(l -> l.startsWith("alice pending 5")),
                expected.toString());
        ServerConfig config = ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards))
                .with("dir", dir.toString());
        SabaodyServer server = TestServers.start(config, Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            assertEquals(expected, view(j));
            Files.delete(dir.resolve("dump.rdb"));
            assertEquals("OK", j.save());
        } finally {
            server.close();
        }
        try (RedisProcess redis = RedisProcess.start(dir, null, "--dir", dir.toString(), "--save", "", "--appendonly", "no");
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            assertEquals(expected, view(j));
        }
    }

    @Test
    void dump_streams_crossBothWays() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "", "--appendonly", "no");
             Jedis r = new Jedis("127.0.0.1", redis.port())) {
            SabaodyServer server = TestServers.start(shards);
            try (Jedis s = new Jedis("127.0.0.1", server.port())) {
                populate(r);
                for (String key : KEYS) {
                    assertEquals("OK", s.restore(key, 0, r.dump(key)));
                }
                assertEquals(view(r), view(s));
                for (String key : KEYS) {
                    byte[] ours = s.dump(key);
                    r.del(key);
                    assertEquals("OK", r.restore(key, 0, ours));
                }
                assertEquals(view(s), view(r));
            } finally {
                server.close();
            }
        }
    }
}
