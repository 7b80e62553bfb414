package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The acceptance test: final-server, run as a process with its {@code main}, starts with
 * Debian's stock /etc/redis/redis.conf (daemonize, logfile, dir, port and pidfile overridden on the
 * command line, as an operator trying it would) and with the file Redis's own test framework
 * writes for the servers it spawns; and each time it shows the configuration real Redis 7.0.15
 * shows when started the same way.
 */
class ConfigAcceptanceTest {

    private static final Pattern READY = Pattern.compile("Ready to accept connections on port (\\d+)");

    /** Values each server has of its own: where it listens, where it writes. */
    private static final Set<String> OWN = Set.of("port", "dir", "logfile", "pidfile");

    @TempDir
    Path dir;

    @Test
    void start_debianRedisConf_servesAndShowsWhatRedisShows() throws Exception {
        Path debian = Path.of("/etc/redis/redis.conf");
        assumeTrue(Files.isReadable(debian) || "true".equals(System.getenv("CI")),
                "Debian's redis-server package is not installed: no /etc/redis/redis.conf");
        Path conf = Files.copy(debian, dir.resolve("redis.conf"));
        Path ours = Files.createDirectories(dir.resolve("ours"));
        Path theirs = Files.createDirectories(dir.resolve("redis"));
        String[] overrides = {"--daemonize", "no", "--logfile", "server.log", "--pidfile", "server.pid"};
        try (Child child = Child.start(ours, conf, ours.resolve("server.log"), overrides);
             RedisProcess redis = RedisProcess.start(theirs, conf.toString(), join(overrides, "--dir",
                     theirs.toString()))) {
            child.assertServes();
            assertSameConfiguration(redis.port(), child.port(), Set.of());
            assertEquals(Long.toString(child.pid()), Files.readString(ours.resolve("server.pid")).strip());
            child.shutdown();
            assertFalse(Files.exists(ours.resolve("server.pid")), "the pid file goes at shutdown");
            String log = Files.readString(ours.resolve("server.log"));
            assertFalse(log.contains("Not applied"), log); // every directive of Debian's redis.conf acts here
            assertTrue(log.contains("listening on 127.0.0.1:" + child.port() + ", 0:0:0:0:0:0:0:1:" + child.port()),
                    log); // Debian's "bind 127.0.0.1 -::1": both addresses
        }
    }

    @Test
    void start_redisTestSuiteDefaultConf_servesAndShowsWhatRedisShows() throws Exception {
        Path conf = dir.resolve("default.conf");
        try (InputStream in = getClass().getResourceAsStream("/redis-test-suite-default.conf")) {
            Files.copy(in, conf);
        }
        Path ours = Files.createDirectories(dir.resolve("ours"));
        Path theirs = Files.createDirectories(dir.resolve("redis"));
        // What tests/support/server.tcl sets: dir and port; and a pid file of the test's own, not /var/run's.
        String[] overrides = {"--pidfile", "server.pid"};
        // "logfile stdout" is a file named stdout in the working directory, for Redis 7.0 as for us
        try (Child child = Child.start(ours, conf, ours.resolve("stdout"), overrides);
             RedisProcess redis = RedisProcess.start(theirs, conf.toString(), join(overrides, "--dir",
                     theirs.toString()))) {
            child.assertServes();
            assertSameConfiguration(redis.port(), child.port(), Set.of("bind"));
            String log = Files.readString(ours.resolve("stdout"));
            assertFalse(log.contains("Not applied"), log); // the save points and the AOF settings act here
            child.shutdown();
        }
    }

    private static void assertSameConfiguration(int redisPort, int ourPort, Set<String> alsoOwn) {
        Map<String, String> theirs;
        Map<String, String> ours;
        try (Jedis redis = new Jedis("127.0.0.1", redisPort); Jedis us = new Jedis("127.0.0.1", ourPort)) {
            theirs = new TreeMap<>(redis.configGet("*"));
            ours = new TreeMap<>(us.configGet("*"));
        }
        List<String> differences = new ArrayList<>();
        theirs.forEach((name, value) -> {
            if (!OWN.contains(name) && !alsoOwn.contains(name) && !value.equals(ours.get(name))) {
                differences.add(name + ": Redis '" + value + "', Sabaody-KV '" + ours.get(name) + "'");
            }
        });
        assertEquals(List.of(), differences);
    }

    private static String[] join(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** final-server's Main in a JVM of its own, in {@code workDir}, listening on a port it picks (--port 0). */
    private record Child(Process process, int port) implements AutoCloseable {

        static Child start(Path workDir, Path conf, Path log, String... overrides) throws IOException,
                InterruptedException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), conf.toString(), "--port", "0", "--dir", workDir.toString(), "--shards", "1"));
            command.addAll(List.of(overrides));
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("console.txt").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (Files.exists(log)) {
                    Matcher ready = READY.matcher(Files.readString(log));
                    if (ready.find()) {
                        return new Child(process, Integer.parseInt(ready.group(1)));
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50); // another process: no clock to inject
            }
            process.destroyForcibly();
            fail("final-server did not start; console: " + Files.readString(workDir.resolve("console.txt"))
                    + (Files.exists(log) ? "\nlog: " + Files.readString(log) : ""));
            return null;
        }

        long pid() {
            return process.pid();
        }

        void assertServes() {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                assertEquals("PONG", jedis.ping());
                assertEquals("OK", jedis.set("k", "v"));
                assertEquals("v", jedis.get("k"));
            }
        }

        void shutdown() throws Exception {
            try (RawClient client = new RawClient(port)) {
                client.send(RawClient.command("SHUTDOWN"));
                client.readToEnd();
            }
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "final-server exits after SHUTDOWN");
            assertEquals(0, process.exitValue());
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
