package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.Jedis;

/**
 * kill -9 under load with the append-only file on: writers record every write the server
 * acknowledged, the server is killed at a random moment, and the restarted server has every one of
 * them. With {@code always} the writes were fsynced before the reply; with {@code everysec} they were
 * in the file (the OS has them), which is all a process crash can take: in both, zero lost.
 */
class AofCrashTest {

    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} shard(s), appendfsync {1}, round {2}")
    @CsvSource({"1, always, 1", "1, always, 2", "2, always, 1", "2, always, 2", "2, always, 3",
            "1, everysec, 1", "2, everysec, 1"})
    void killDashNine_underLoad_everyAcknowledgedWriteBack(int shards, String fsync, int round) throws Exception {
        int port = freePort();
        Path log = dir.resolve("server.log");
        Process server = fork(port, log, shards, fsync);
        AtomicLongArray acked = new AtomicLongArray(WRITERS); // per writer: the last n acknowledged
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> {
                try (Jedis j = new Jedis("127.0.0.1", port)) {
                    for (long n = 1; !stop.get(); n++) {
                        j.set("w" + writer + ":" + n, Long.toString(n)); // each key on its own shard
                        j.set("w" + writer + ":last", Long.toString(n));
                        acked.set(writer, n);
                    }
                } catch (RuntimeException killed) {
                    // the server died under us: what was acknowledged is recorded
                }
            }));
        }
        Thread.sleep(300 + ThreadLocalRandom.current().nextInt(900)); // a random moment of the load
        server.destroyForcibly(); // SIGKILL
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        stop.set(true);
        for (Thread t : writers) {
            t.join();
        }
        Process again = fork(port, log, shards, fsync);
        try (Jedis j = new Jedis("127.0.0.1", port)) {
            for (int w = 0; w < WRITERS; w++) {
                long last = acked.get(w);
                assertTrue(last > 0, "writer " + w + " wrote something before the kill");
                long found = Long.parseLong(j.get("w" + w + ":last"));
                assertTrue(found >= last, "writer " + w + ": acknowledged " + last + ", found " + found);
                for (long n = 1; n <= last; n++) {
                    assertEquals(Long.toString(n), j.get("w" + w + ":" + n), "w" + w + ":" + n);
                }
            }
        } finally {
            again.destroyForcibly();
            again.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process fork(int port, Path log, int shards, String fsync) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-XX:+UseCompactObjectHeaders", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", Integer.toString(port), "--dir", dir.toString(), "--shards",
                Integer.toString(shards), "--appendonly", "yes", "--appendfsync", fsync, "--save", "");
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
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
}
