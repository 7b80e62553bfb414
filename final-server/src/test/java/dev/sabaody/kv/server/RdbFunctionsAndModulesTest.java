package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.rdb.RdbWriter;
import dev.sabaody.kv.rdb.SaveOptions;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Function libraries and RedisBloom's types in the RDB file, with one shard and two: they survive
 * SAVE and a restart (FUNCTION LIST, BF.*, CMS.* answer the same); a file Redis 7.0 wrote with
 * functions loads here with the same FUNCTION LIST, and ours loads into Redis the same; a library
 * that fails to load stops start-up, as it stops Redis's.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class RdbFunctionsAndModulesTest {

    static final String LIB_A = "#!lua name=liba\n"
            + "redis.register_function('echo_a', function(keys, args) return args[1] end)\n"
            + "redis.register_function{function_name='ro_a', callback=function() return 1 end, flags={'no-writes'},"
            + " description='reads nothing'}\n";
    static final String LIB_B = "#!lua name=libb\nredis.register_function('get_b', function(keys) return redis.call('GET', keys[1]) end)\n";

    @Parameter
    int shards;

    @TempDir
    Path dir;

    private ServerConfig config() {
        return ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards))
                .with("dir", dir.toString());
    }

    /**
     * FUNCTION LIST WITHCODE as text, libraries sorted and each library's functions sorted: Redis lists
     * both in its dicts' order, which a file does not carry (it holds each library's code only).
     */
    static String functionList(Jedis j) {
        TreeMap<String, String> libraries = new TreeMap<>();
        for (Object lib : (List<?>) j.sendCommand(Protocol.Command.FUNCTION, "LIST", "WITHCODE")) {
            List<?> fields = (List<?>) lib;
            List<String> items = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0 && text(fields.get(i - 1)).equals("functions")) {
                    List<String> functions = new ArrayList<>();
                    ((List<?>) fields.get(i)).forEach(f -> functions.add(text(f)));
                    functions.sort(null);
                    items.add(functions.toString());
                } else {
                    items.add(text(fields.get(i)));
                }
            }
            libraries.put(items.toString(), "");
        }
        return libraries.keySet().toString();
    }

    private static String text(Object reply) {
        return switch (reply) {
            case byte[] b -> new String(b, StandardCharsets.UTF_8);
            case List<?> l -> {
                List<String> items = new ArrayList<>();
                l.forEach(x -> items.add(text(x)));
                yield items.toString();
            }
            case null -> "nil";
            default -> reply.toString();
        };
    }

    private static List<String> probes(Jedis j) {
        List<String> answers = new ArrayList<>();
        answers.add(text(j.sendCommand(() -> "BF.INFO".getBytes(), "bf")));
        answers.add(text(j.sendCommand(() -> "CMS.INFO".getBytes(), "cms")));
        for (int i = 0; i < 300; i += 7) {
            answers.add(text(j.sendCommand(() -> "BF.EXISTS".getBytes(), "bf", "item-" + i)));
            answers.add(text(j.sendCommand(() -> "CMS.QUERY".getBytes(), "cms", "item-" + i)));
        }
        answers.add(j.type("bf") + " " + j.type("cms"));
        return answers;
    }

    @Test
    void save_thenRestart_librariesFiltersAndSketchesBack() throws Exception {
        String functions;
        List<String> answers;
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.functionLoad(LIB_A);
            j.functionLoad(LIB_B);
            j.sendCommand(() -> "BF.RESERVE".getBytes(), "bf", "0.01", "20");
            j.sendCommand(() -> "CMS.INITBYDIM".getBytes(), "cms", "64", "4");
            for (int i = 0; i < 150; i++) {
                j.sendCommand(() -> "BF.ADD".getBytes(), "bf", "item-" + i);
                j.sendCommand(() -> "CMS.INCRBY".getBytes(), "cms", "item-" + i, Integer.toString(i + 1));
            }
            j.set("k", "v");
            functions = functionList(j);
            answers = probes(j);
            assertEquals("OK", j.save());
        } finally {
            server.close();
        }
        SabaodyServer again = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", again.port())) {
            assertEquals(functions, functionList(j));
            assertEquals(answers, probes(j));
            assertEquals("hi", j.fcall("echo_a", List.of(), List.of("hi")));
            assertEquals("v", j.fcall("get_b", List.of("k"), List.of()));
        } finally {
            again.close();
        }
    }

    /** BGSAVE writes the same: libraries in the header, filters and sketches walked like any value. */
    @Test
    void bgsave_thenRestart_librariesFiltersAndSketchesBack() throws Exception {
        String functions;
        List<String> answers;
        SabaodyServer server = TestServers.start(config().with("save", ""), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.functionLoad(LIB_A);
            j.sendCommand(() -> "BF.RESERVE".getBytes(), "bf", "0.01", "20");
            j.sendCommand(() -> "CMS.INITBYDIM".getBytes(), "cms", "64", "4");
            for (int i = 0; i < 150; i++) {
                j.sendCommand(() -> "BF.ADD".getBytes(), "bf", "item-" + i);
                j.sendCommand(() -> "CMS.INCRBY".getBytes(), "cms", "item-" + i, Integer.toString(i + 1));
            }
            functions = functionList(j);
            answers = probes(j);
            assertEquals("Background saving started", j.bgsave());
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            while (!j.info("persistence").contains("rdb_saves:1\r\n")
                    || !j.info("persistence").contains("rdb_bgsave_in_progress:0\r\n")) {
                assertTrue(System.nanoTime() < deadline, "the background save ended in time");
                Thread.sleep(10); // the writer thread's progress: nothing to inject
            }
        } finally {
            server.close();
        }
        SabaodyServer again = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", again.port())) {
            assertEquals(functions, functionList(j));
            assertEquals(answers, probes(j));
        } finally {
            again.close();
        }
    }

    @Test
    void redisFileWithFunctions_loadsHere_sameFunctionList() throws Exception {
        String expected;
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "", "--dir", dir.toString());
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            j.functionLoad(LIB_A);
            j.functionLoad(LIB_B);
            j.set("k", "from-redis");
            expected = functionList(j);
            j.save();
        }
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            assertEquals(expected, functionList(j));
            assertEquals("from-redis", j.fcall("get_b", List.of("k"), List.of()));
        } finally {
            server.close();
        }
    }

    @Test
    void ourFileWithFunctions_loadsIntoRedis_sameFunctionList() throws Exception {
        String ours;
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.functionLoad(LIB_A);
            j.functionLoad(LIB_B);
            j.set("k", "from-sabaody");
            ours = functionList(j);
            j.save();
        } finally {
            server.close();
        }
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "", "--dir", dir.toString());
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            assertEquals(ours, functionList(j));
            assertEquals("from-sabaody", j.fcall("get_b", List.of("k"), List.of()));
        }
    }

    /** DUMP of a filter and a sketch restores here the same; a Redis without RedisBloom refuses it as it refuses any module payload. */
    @Test
    void dumpRestore_filterAndSketch_sameHere_badDataFormatInRedisWithoutTheModule() throws Exception {
        byte[] bfPayload;
        byte[] cmsPayload;
        SabaodyServer server = TestServers.start(config(), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.sendCommand(() -> "BF.RESERVE".getBytes(), "bf", "0.01", "20");
            j.sendCommand(() -> "CMS.INITBYDIM".getBytes(), "cms", "64", "4");
            for (int i = 0; i < 150; i++) {
                j.sendCommand(() -> "BF.ADD".getBytes(), "bf", "item-" + i);
                j.sendCommand(() -> "CMS.INCRBY".getBytes(), "cms", "item-" + i, Integer.toString(i + 1));
            }
            List<String> answers = probes(j);
            bfPayload = j.dump("bf");
            cmsPayload = j.dump("cms");
            j.del("bf", "cms");
            assertEquals("OK", j.restore("bf".getBytes(), 0, bfPayload));
            assertEquals("OK", j.restore("cms".getBytes(), 0, cmsPayload));
            assertEquals(answers, probes(j));
        } finally {
            server.close();
        }
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "");
             Jedis j = new Jedis("127.0.0.1", redis.port())) {
            for (byte[] payload : List.of(bfPayload, cmsPayload)) {
                var e = assertThrows(redis.clients.jedis.exceptions.JedisDataException.class,
                        () -> j.restore("k".getBytes(), 0, payload));
                assertEquals("ERR Bad data format", e.getMessage());
            }
        }
    }

    @Test
    void start_libraryThatFailsToLoad_stopsStartUp() throws Exception {
        String noFunctions = "#!lua name=empty\nlocal x = 1\n";
        try (var out = Files.newOutputStream(dir.resolve("dump.rdb"))) {
            RdbWriter.write(List.of(new Keyspace(new ManualClock(0))), new SaveOptions(true, true,
                    SaveOptions.Clocks.NONE, 0, 0).withFunctions(List.of(LIB_A.getBytes(), noFunctions.getBytes())), out);
        }
        IOException e = assertThrows(IOException.class, () -> TestServers.start(config(), Clock.system()));
        assertEquals("Failed loading library, No functions registered", e.getMessage());
    }

    @Test
    void start_twoLibrariesOfOneName_stopsStartUp() throws Exception {
        try (var out = Files.newOutputStream(dir.resolve("dump.rdb"))) {
            RdbWriter.write(List.of(new Keyspace(new ManualClock(0))), new SaveOptions(true, true,
                    SaveOptions.Clocks.NONE, 0, 0).withFunctions(List.of(LIB_A.getBytes(), LIB_A.getBytes())), out);
        }
        IOException e = assertThrows(IOException.class, () -> TestServers.start(config(), Clock.system()));
        assertTrue(e.getMessage().startsWith("Failed loading library, Library 'liba' already exists"), e.getMessage());
    }
}
