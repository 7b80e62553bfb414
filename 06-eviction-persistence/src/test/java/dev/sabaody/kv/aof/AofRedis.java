package dev.sabaody.kv.aof;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * A private redis-server 7.0 with {@code appendonly yes} in a directory the test chooses: the oracle
 * for what Redis writes into its AOF directory and what it accepts from one. Skipped (not failed)
 * where redis-server is missing.
 */
final class AofRedis implements AutoCloseable {

    private static final Path SERVER = Path.of("/usr/bin/redis-server");

    final Process process;
    final Jedis jedis;
    final Path log;

    private AofRedis(Process process, int port, Path log) {
        this.process = process;
        this.jedis = new Jedis("127.0.0.1", port, 10_000);
        this.log = log;
    }

    static List<String> command(Path dir, int port, String... extra) {
        List<String> args = new ArrayList<>(List.of(SERVER.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "yes",
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
        args.addAll(List.of(extra));
        return args;
    }

    /** Starts Redis on {@code dir} and waits until it answers (after loading its AOF). */
    static AofRedis start(Path dir, String... extra) throws Exception {
        assumeTrue(Files.isExecutable(SERVER), "redis-server is not installed");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("redis.log");
        Process p = new ProcessBuilder(command(dir, port, extra)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 600; i++) {
            try (Jedis probe = new Jedis("127.0.0.1", port, 1000)) {
                if ("PONG".equals(probe.ping())) {
                    return new AofRedis(p, port, log);
                }
            } catch (Exception notYet) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("redis-server exited: " + Files.readString(log));
                }
                Thread.sleep(50); // a process start: no clock to inject
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer");
    }

    /** Starts Redis on {@code dir} expecting it to refuse to start; returns its log. */
    static String failedStart(Path dir, String... extra) throws Exception {
        assumeTrue(Files.isExecutable(SERVER), "redis-server is not installed");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(command(dir, port, extra)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("redis-server started where it should have refused to");
        }
        return Files.readString(dir.resolve("redis.log"), StandardCharsets.ISO_8859_1);
    }

    /** BGREWRITEAOF, then waits until the rewrite has finished and its new manifest is on disk. */
    void rewrite() throws InterruptedException {
        jedis.bgrewriteaof();
        for (int i = 0; i < 600; i++) {
            String info = jedis.info("persistence");
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")
                    && info.contains("aof_last_bgrewrite_status:ok")) {
                return;
            }
            Thread.sleep(20); // a child process: no clock to inject
        }
        throw new IllegalStateException("the rewrite did not finish");
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    /** SHUTDOWN: the AOF is flushed and fsynced, the process exits. */
    @Override
    public void close() throws Exception {
        try {
            jedis.shutdown();
        } catch (Exception closedUnderUs) {
            // SHUTDOWN closes the connection instead of replying
        }
        jedis.close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
