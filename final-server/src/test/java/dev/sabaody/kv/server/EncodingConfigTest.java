package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.DifferentialHarness.Case;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encoding thresholds of redis.conf drive what OBJECT ENCODING reports, as in Redis: set by
 * CONFIG SET, they decide for the values written after; a value already converted stays so.
 */
class EncodingConfigTest {

    @TempDir
    Path dir;

    private static String[] cmd(String... args) {
        return args;
    }

    @Test
    void configSetThresholds_objectEncodingFollows_asRedis() throws Exception {
        Case thresholds = Case.commands("thresholds, then values on each side of them",
                cmd("CONFIG", "SET", "hash-max-listpack-entries", "2", "hash-max-listpack-value", "3",
                        "set-max-intset-entries", "2", "zset-max-listpack-entries", "1", "zset-max-listpack-value", "2"),
                cmd("HSET", "h", "a", "1", "b", "2"), cmd("OBJECT", "ENCODING", "h"),
                cmd("HSET", "h", "c", "3"), cmd("OBJECT", "ENCODING", "h"),
                cmd("HSET", "hv", "f", "abcd"), cmd("OBJECT", "ENCODING", "hv"),
                cmd("SADD", "s", "1", "2"), cmd("OBJECT", "ENCODING", "s"),
                cmd("SADD", "s", "3"), cmd("OBJECT", "ENCODING", "s"),
                cmd("ZADD", "z", "1", "a"), cmd("OBJECT", "ENCODING", "z"),
                cmd("ZADD", "z", "2", "b"), cmd("OBJECT", "ENCODING", "z"),
                cmd("ZADD", "zv", "1", "abc"), cmd("OBJECT", "ENCODING", "zv"),
                cmd("CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "64",
                        "set-max-intset-entries", "512", "zset-max-listpack-entries", "128",
                        "zset-max-listpack-value", "64"),
                cmd("HDEL", "h", "c"), cmd("OBJECT", "ENCODING", "h"), cmd("HSET", "h2", "a", "1"),
                cmd("OBJECT", "ENCODING", "h2"));
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "");
             SabaodyServer ours = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2"),
                     Clock.system())) {
            String expected = new String(DifferentialHarness.ask(redis.port(), thresholds).bytes(),
                    StandardCharsets.ISO_8859_1);
            String actual = new String(DifferentialHarness.ask(ours.port(), thresholds).bytes(),
                    StandardCharsets.ISO_8859_1);
            assertEquals(expected, actual);
            // the case crosses the thresholds: the defaults would have kept these compact
            assertEquals(true, expected.contains("$9\r\nhashtable") && expected.contains("$8\r\nskiplist"), expected);
        }
    }
}
