package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server}, the oracle of every differential test: started once per test JVM on a
 * free port, with persistence off, and stopped when the JVM exits.
 *
 * <p>Where the binary is missing, a test that needs it is skipped with a message saying how to get
 * it; in CI ({@code CI=true}) that is a failure instead, because CI must prove compatibility, not
 * skip it. The same rule holds for {@link #requireTool} (redis-cli, redis-benchmark).
 */
public final class RedisOracle {

    private static Process process;
    private static int port;
    private static String failure;

    private RedisOracle() {
    }

    /** The port of the running oracle; starts it on first use. Skips (or fails in CI) when Redis is absent. */
    public static synchronized int port() {
        requireTool("redis-server");
        if (failure != null) {
            fail(failure);
        }
        if (process == null) {
            start();
        }
        return port;
    }

    /** Skips the calling test when {@code tool} is not on the PATH, or fails it when CI=true. */
    public static String requireTool(String tool) {
        String path = which(tool);
        String message = tool + " is not installed, so this comparison with real Redis cannot run."
                + " Install it (Debian/Ubuntu: apt-get install redis-server redis-tools) and run again.";
        if (path == null && "true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: a missing oracle is a failure, not a skip)");
        }
        assumeTrue(path != null, message);
        return path;
    }

    private static void start() {
        try {
            port = freePort();
            process = new ProcessBuilder(which("redis-server"), "--port", String.valueOf(port),
                    "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--loglevel", "warning")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> process.destroy()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!answersPing(port)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    failure = "redis-server did not answer PING on port " + port;
                    fail(failure);
                }
                Thread.sleep(20); // waiting on an external process: there is no clock to inject here
            }
        } catch (IOException e) {
            failure = "cannot start redis-server: " + e;
            fail(failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while starting redis-server");
        }
    }

    private static boolean answersPing(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return n == 7 && new String(buf, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String which(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, tool);
            if (candidate.canExecute()) {
                return candidate.getAbsolutePath();
            }
        }
        return null;
    }
}
