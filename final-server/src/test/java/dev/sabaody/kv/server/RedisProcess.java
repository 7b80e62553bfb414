package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sabaody.kv.resp.RedisOracle;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of a test's own, started with the test's arguments: the configuration tests change
 * the server's configuration, so they cannot share {@link RedisOracle}'s. Skipped (or failed in CI)
 * where redis-server is missing, as the oracle is.
 */
final class RedisProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private RedisProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code redis-server [configFile] --port <free> args...} in {@code dir}, and waits for PING. */
    static RedisProcess start(Path dir, String configFile, String... args) throws IOException, InterruptedException {
        String binary = RedisOracle.requireTool("redis-server");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(binary);
        if (configFile != null) {
            command.add(configFile);
        }
        command.addAll(List.of("--port", Integer.toString(port)));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-process.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!answersPing(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroy();
                fail("redis-server did not answer PING on port " + port + "; see " + dir.resolve("redis-process.log"));
            }
            Thread.sleep(20); // an external process: no clock to inject
        }
        return new RedisProcess(process, port);
    }

    int port() {
        return port;
    }

    private static boolean answersPing(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(7), StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    /** SHUTDOWN NOSAVE, so that Redis writes no snapshot on its way out; then the process is gone. */
    @Override
    public void close() throws InterruptedException {
        try (RawClient client = new RawClient(port)) {
            client.send(RawClient.command("SHUTDOWN", "NOSAVE"));
            client.readToEnd();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
