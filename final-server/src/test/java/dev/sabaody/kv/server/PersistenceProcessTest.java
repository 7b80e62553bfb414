package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The final save and the atomic file, against a real process: SIGTERM saves (save points configured)
 * and a restart finds every key; a kill -9 in the middle of a SAVE or a BGSAVE leaves the previous dump intact.
 */
class PersistenceProcessTest {

    @TempDir
    Path dir;

    private Process fork(int port, Path log, String... extra) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:+UseCompactObjectHeaders", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "--port", Integer.toString(port),
                "--dir", dir.toString(), "--shards", "2"));
        command.addAll(List.of(extra));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                if ("PONG".equals(jedis.ping())) {
                    return server;
                }
            } catch (RuntimeException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the forked server did not start: " + Files.readString(log), e);
                }
                Thread.sleep(50); // an external process: no clock to inject
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void sigterm_withSavePoints_savesAndRestartFindsEveryKey() throws Exception {
        int port = freePort();
        Path log = dir.resolve("server.log");
        Process server = fork(port, log);
        Map<String, String> before;
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            PersistenceTest.populate(j);
            before = PersistenceTest.snapshot(j);
        } finally {
            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        }
        assertEquals(0, server.exitValue(), Files.readString(log));
        String output = Files.readString(log);
        assertTrue(output.contains("Saving the final RDB snapshot before exiting."), output);
        SabaodyServer again = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2")
                .with("dir", dir.toString()), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", again.port())) {
            assertEquals(before, PersistenceTest.snapshot(j));
        } finally {
            again.close();
        }
    }

    @Test
    void shutdownCommand_savesOnceExitsZero_restartFindsEveryKey() throws Exception {
        int port = freePort();
        Path log = dir.resolve("server.log");
        Process server = fork(port, log);
        Map<String, String> before;
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            PersistenceTest.populate(j);
            before = PersistenceTest.snapshot(j);
            try {
                j.shutdown();
            } catch (RuntimeException closedWithoutReply) {
                // SHUTDOWN answers by closing the connection
            }
        } finally {
            assertTrue(server.waitFor(60, TimeUnit.SECONDS));
        }
        String output = Files.readString(log);
        assertEquals(0, server.exitValue(), output);
        assertEquals(1, output.split("DB saved on disk", -1).length - 1, "saved once: " + output);
        SabaodyServer again = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "1")
                .with("dir", dir.toString()), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", again.port())) {
            assertEquals(before, PersistenceTest.snapshot(j));
        } finally {
            again.close();
        }
    }

    @Test
    void killDashNine_duringSave_previousDumpIntact() throws Exception {
        killDashNineDuring("SAVE");
    }

    @Test
    void killDashNine_duringBgsave_previousDumpIntact() throws Exception {
        killDashNineDuring("BGSAVE");
    }

    private void killDashNineDuring(String save) throws Exception {
        int port = freePort();
        Path log = dir.resolve("server.log");
        Process server = fork(port, log, "--save", "");
        byte[] first;
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            j.set("generation", "1");
            assertEquals("OK", j.save());
            first = Files.readAllBytes(dir.resolve("dump.rdb"));
            // enough data that the next SAVE takes a while to write
            Pipeline p = j.pipelined();
            byte[] value = "v".repeat(200).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 400_000; i++) {
                p.set(("key:" + i).getBytes(StandardCharsets.US_ASCII), value);
            }
            p.sync();
            j.set("generation", "2");
            try (Socket raw = new Socket("127.0.0.1", port)) {
                OutputStream out = raw.getOutputStream();
                out.write(("*1\r\n$" + save.length() + "\r\n" + save + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                boolean seen = false;
                while (!seen && System.nanoTime() < deadline) {
                    try (var files = Files.list(dir)) {
                        seen = files.anyMatch(f -> f.getFileName().toString().startsWith("temp-"));
                    }
                }
                assertTrue(seen, "the " + save + " started writing its temp file");
                server.destroyForcibly(); // SIGKILL in the middle of the write
                assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            }
        } finally {
            server.destroyForcibly();
        }
        assertArrayEquals(first, Files.readAllBytes(dir.resolve("dump.rdb")), "the previous dump, byte for byte");
        SabaodyServer again = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2")
                .with("dir", dir.toString()).with("save", ""), Clock.system());
        try (Jedis j = new Jedis("127.0.0.1", again.port())) {
            assertEquals("1", j.get("generation"));
            assertEquals(1, j.dbSize());
        } finally {
            again.close();
        }
    }
}
