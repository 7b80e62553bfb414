package dev.sabaody.kv.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.ManualClock;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new sections of a file against Redis 7.0: redis-check-rdb walks Sabaody-KV's Bloom filters and
 * sketches by their module opcodes and accepts the file; a redis-server without RedisBloom refuses
 * it with "no matching module type" (as it refuses a RedisBloom user's own dump); function libraries
 * cross both ways.
 */
class ModuleAndFunctionDifferentialTest {

    static final String LIBRARY = "#!lua name=mylib\n"
            + "redis.register_function('myfunc', function(keys, args) return args[1] end)\n"
            + "redis.register_function{function_name='ro', callback=function() return 1 end, flags={'no-writes'}}\n";

    private static byte[] fileWithModuleValues(boolean compression) throws Exception {
        Keyspace keyspace = new Keyspace(new ManualClock(System.currentTimeMillis()));
        Commands c = new Commands(keyspace);
        c.run("BF.RESERVE", "bf", "0.01", "10", "EXPANSION", "2");
        for (int i = 0; i < 100; i++) { // several links
            c.run("BF.ADD", "bf", "item-" + i);
        }
        c.run("CMS.INITBYDIM", "cms", "100", "5");
        c.run("CMS.INCRBY", "cms", "a", "5", "b", "12345678");
        c.run("SET", "plain", "value");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        RdbWriter.write(List.of(keyspace), new SaveOptions(compression, true, SaveOptions.Clocks.NONE, 0, 0), out);
        return out.toByteArray();
    }

    private static String check(Path file) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-check-rdb")), "redis-check-rdb is not installed");
        Process check = new ProcessBuilder("redis-check-rdb", file.toString()).redirectErrorStream(true).start();
        String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, check.waitFor(), report);
        return report;
    }

    @Test
    void moduleValues_redisCheckRdbAcceptsTheFile(@TempDir Path dir) throws Exception {
        for (boolean compression : new boolean[] {true, false}) {
            Path file = dir.resolve("modules-" + compression + ".rdb");
            Files.write(file, fileWithModuleValues(compression));
            String report = check(file);
            assertTrue(report.contains("RDB looks OK"), report);
            assertTrue(report.contains("keys read: 3") || report.contains("3 keys read"), report);
        }
    }

    @Test
    void moduleValues_redisWithoutRedisBloom_refusesTheFileNamingTheType(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "redis-server is not installed");
        Files.write(dir.resolve("dump.rdb"), fileWithModuleValues(true));
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--dbfilename", "dump.rdb",
                "--save", "", "--appendonly", "no", "--logfile", dir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "redis-server exits instead of serving a file it cannot load");
        // no exit status to assert: rdbCheckThenExit runs redis-check-rdb's code on the file before it exits,
        // and that check accepts module values it can walk, so Redis 7.0 exits with 0 here
        String log = Files.readString(dir.resolve("redis.log"));
        // the first module value met names its type: the filter or the sketch, in hash-table order
        assertTrue(log.contains("The RDB file contains module data I can't load: no matching module type 'MBbloom--'")
                || log.contains("The RDB file contains module data I can't load: no matching module type 'CMSk-TYPE'"), log);
    }

    @Test
    void functions_sabaodyFile_loadsIntoRedisWithTheLibrary(@TempDir Path dir) throws Exception {
        Keyspace keyspace = new Keyspace(new ManualClock(System.currentTimeMillis()));
        new Commands(keyspace).run("SET", "k", "v");
        Path file = dir.resolve("functions.rdb");
        try (var out = Files.newOutputStream(file)) {
            RdbWriter.write(List.of(keyspace), new SaveOptions(true, true, SaveOptions.Clocks.NONE, 0, 0)
                    .withFunctions(List.of(LIBRARY.getBytes(StandardCharsets.UTF_8))), out);
        }
        String report = check(file);
        assertTrue(report.contains("RDB looks OK"), report);
        try (RealRedis redis = RealRedis.start(dir, "functions.rdb")) {
            assertEquals("hello", redis.jedis.fcall("myfunc", List.of(), List.of("hello")));
            assertEquals(1, redis.jedis.functionList().size());
            assertEquals(LIBRARY, redis.jedis.functionListWithCode().getFirst().getLibraryCode());
            assertEquals("v", redis.jedis.get("k"));
        }
    }

    @Test
    void functions_redisFile_readsEveryLibrary(@TempDir Path dir) throws Exception {
        String second = "#!lua name=other\nredis.register_function('f2', function() return 2 end)\n";
        try (RealRedis redis = RealRedis.start(dir, "redis.rdb")) {
            redis.jedis.functionLoad(LIBRARY);
            redis.jedis.functionLoad(second);
            redis.jedis.set("k", "v");
            redis.jedis.save();
        }
        Path file = dir.resolve("redis.rdb");
        List<LoadedKey> keys = new ArrayList<>();
        RdbReader.Summary summary;
        try (InputStream in = Files.newInputStream(file)) {
            summary = RdbReader.read(in, Files.size(file), 16, keys::add);
        }
        assertEquals(1, keys.size());
        List<String> codes = summary.functions().stream().map(b -> new String(b, StandardCharsets.UTF_8)).sorted().toList();
        assertEquals(List.of(LIBRARY, second).stream().sorted().toList(), codes);
    }

    @Test
    void functions_writtenThenRead_sameCodes() throws Exception {
        List<byte[]> libraries = List.of(LIBRARY.getBytes(StandardCharsets.UTF_8), "#!lua name=x\n".repeat(50).getBytes());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        RdbWriter.write(List.of(new Keyspace(new ManualClock(0))),
                new SaveOptions(true, true, SaveOptions.Clocks.NONE, 0, 0).withFunctions(libraries), out);
        byte[] file = out.toByteArray();
        RdbReader.Summary summary = RdbReader.read(new java.io.ByteArrayInputStream(file), file.length, 16, k -> { });
        assertEquals(2, summary.functions().size());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(libraries.get(i), summary.functions().get(i));
        }
    }

    @Test
    void functions_preReleaseOpcode_refusedAsRedis70Refuses() {
        byte[] file = new ModuleTypesTest.Bytes().raw("REDIS0010".getBytes()).b(246, 1, 'x', 255).zeros(8).bytes();
        RdbFormatException e = org.junit.jupiter.api.Assertions.assertThrows(RdbFormatException.class,
                () -> RdbRoundTripTest.load(file));
        assertEquals(9, e.offset());
        assertTrue(e.getMessage().endsWith("Pre-release function format not supported."), e.getMessage());
    }
}
