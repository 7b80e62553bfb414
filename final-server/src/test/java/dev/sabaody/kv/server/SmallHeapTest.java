package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * With no maxmemory, a server fed without end must not die of OutOfMemoryError: in a JVM of 64 MB,
 * writes stop with Redis's -OOM once the data reaches what the heap can hold, reads go on, and the
 * process is still there. A forked JVM, because the limit is the JVM's own.
 */
class SmallHeapTest {

    @TempDir
    Path dir;

    @Test
    void noMaxmemory_heapOf64Mb_writesGetOom_readsGoOn_processLives() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("server.log");
        Process server = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseCompactObjectHeaders",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--port", Integer.toString(port),
                "--save", "")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            waitForPing(port, server, log);
            String oom = null;
            int written = 0;
            String value = "v".repeat(10_000);
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                for (int i = 0; i < 20_000 && oom == null; i++) { // 200 MB offered to a 64 MB heap
                    try {
                        jedis.set("big:" + i, value);
                        written++;
                    } catch (JedisDataException e) {
                        oom = e.getMessage();
                    }
                }
                assertNotNull(oom, "20,000 writes of 10 kB into a 64 MB heap were all accepted");
                assertEquals("OOM command not allowed when used memory > 'maxmemory'.", oom);
                assertEquals(value, jedis.get("big:0"), "reads go on");
                assertEquals(value, jedis.get("big:" + (written - 1)));
                assertEquals(written, jedis.dbSize());
                assertEquals(1, jedis.del("big:0"), "deletes go on");
                for (int i = 1; i < 200; i++) { // 2 MB back under the limit: SETRANGE passes the memory check
                    jedis.del("big:" + i);
                }
                JedisDataException tooBig = org.junit.jupiter.api.Assertions.assertThrows(JedisDataException.class,
                        () -> jedis.setrange("huge", 300_000_000, "x"), "a 300 MB string in a 64 MB heap");
                // one command asking for more than the heap: module 04's last resort (CommandSpec) answers it
                assertEquals("OOM command not allowed: the server is out of memory", tooBig.getMessage());
                assertEquals(value, jedis.get("big:" + (written - 1)), "and the server goes on");
                assertEquals("PONG", jedis.ping());
            }
            assertTrue(server.isAlive(), "the server is still running");
            String output = Files.readString(log);
            // the only OutOfMemoryError is SETRANGE's own allocation, caught and logged; the writes never hit one
            assertEquals(1, output.lines().filter(line -> line.contains("OutOfMemoryError")).count(), output);
            assertTrue(output.contains("command 'setrange' failed: java.lang.OutOfMemoryError"), output);
            assertTrue(written > 1000, "the heap held " + written + " values of 10 kB");
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void waitForPing(int port, Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the forked server did not start: " + Files.readString(log), e);
                }
                Thread.sleep(50); // an external process: no clock to inject
            }
        }
    }
}
