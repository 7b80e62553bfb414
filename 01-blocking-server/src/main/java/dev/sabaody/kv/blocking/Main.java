package dev.sabaody.kv.blocking;

import java.io.IOException;
import java.net.BindException;
import java.util.concurrent.CountDownLatch;

/**
 * Starts module 01's server: {@code java -cp 01-blocking-server/target/classes dev.sabaody.kv.blocking.Main [--port 6380]}.
 *
 * <p>SIGINT (Ctrl-C) and SIGTERM run the JVM's shutdown hooks; ours stops the server in order (see
 * {@link BlockingServer#close}) before the JVM exits. The main thread only waits: the hook does the
 * work, and the JVM does not exit until the hook returns.
 */
public final class Main {

    /** Modules listen on 6380 so that a real Redis on 6379 can run beside them. */
    static final int DEFAULT_PORT = 6380;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        try {
            int port = Args.port(args, DEFAULT_PORT);
            BlockingServer server = new BlockingServer(
                    BlockingServer.Config.onPort(port), new Store(), new ThreadPerConnection()).start();
            Log.info("one platform thread per connection; Ctrl-C or SIGTERM stops the server");
            runUntilSignalled(server);
        } catch (IllegalArgumentException e) {
            exitWithError(e.getMessage() + "\nusage: Main [--port N]");
        } catch (IOException e) {
            exitWithError(startFailure(e));
        }
    }

    /**
     * Blocks until SIGINT or SIGTERM, then stops {@code server} before the JVM exits, with status 0
     * as redis-server does after an orderly stop (left to itself, the JVM reports 128 + the signal:
     * 143 for SIGTERM, which service managers read as a failure).
     */
    public static void runUntilSignalled(AutoCloseable server) throws InterruptedException {
        runUntilSignalled(server, () -> { });
    }

    /**
     * As {@link #runUntilSignalled(AutoCloseable)}, running {@code ready} (the "ready" log line a
     * supervisor or a test waits for) once a signal is sure to stop the server in order. The hook is
     * added before the handlers: a signal between the two would otherwise start the JVM's shutdown
     * before the hook exists ("Shutdown in progress") and leave with 143.
     */
    public static void runUntilSignalled(AutoCloseable server, Runnable ready) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            Log.info("shutdown requested (SIGINT or SIGTERM)");
            try {
                server.close();
            } catch (Exception e) {
                Log.warn("error while stopping: %s", e);
            } finally {
                stopped.countDown();
            }
        }));
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0)); // runs the hook above
        }
        ready.run();
        stopped.await();
    }

    /** Says why a server could not start, in words an operator can act on. */
    public static String startFailure(IOException e) {
        if (e instanceof BindException) {
            return "cannot listen: " + e.getMessage() + " (is another server on that port? try --port)";
        }
        return "cannot start: " + e;
    }

    /** Prints {@code message} to standard error and exits with status 2, as a usage error does. */
    public static void exitWithError(String message) {
        System.err.println("error: " + message);
        System.exit(2);
    }
}
