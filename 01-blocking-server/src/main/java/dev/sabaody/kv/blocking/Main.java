package dev.sabaody.kv.blocking;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * Starts module 01's server: {@code java -jar ... [--port 6380]}.
 *
 * <p>SIGINT (Ctrl-C) and SIGTERM run the JVM's shutdown hooks; ours stops the server in order (see
 * {@link BlockingServer#close}) before the JVM exits.
 */
public final class Main {

    /** Modules listen on 6380 so that a real Redis on 6379 can run beside them. */
    static final int DEFAULT_PORT = 6380;

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Args.intOption(args, "--port", DEFAULT_PORT);
        BlockingServer server = new BlockingServer(
                BlockingServer.Config.onPort(port), new Store(), new ThreadPerConnection()).start();
        runUntilSignalled(server);
    }

    /** Blocks until SIGINT or SIGTERM, then stops {@code server} before the JVM exits. */
    public static void runUntilSignalled(AutoCloseable server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            try {
                server.close();
            } catch (Exception e) {
                Log.warn("error while stopping: %s", e);
            } finally {
                stopped.countDown();
            }
        }));
        stopped.await();
    }
}
