package dev.sabaody.kv.nio;

import dev.sabaody.kv.blocking.Args;
import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.blocking.Store;
import java.io.IOException;
import java.time.Duration;

/**
 * Starts module 03's server: module 01's line protocol on event loops.
 *
 * <pre>
 *   java -jar 03-nio-multiplexing/target/nio-server.jar [--port 6380] [--loops 1]
 *        [--idle-timeout SECONDS] [--max-connections 10000]
 * </pre>
 *
 * SIGINT (Ctrl-C) and SIGTERM stop it gracefully ({@link NioServer#close}).
 */
public final class Main {

    /** Modules listen on 6380 so that a real Redis on 6379 can run beside them. */
    static final int DEFAULT_PORT = 6380;

    private static final String USAGE =
            "usage: Main [--port N] [--loops N] [--idle-timeout SECONDS] [--max-connections N]";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        try {
            NioServer.Config config = NioServer.Config.onPort(Args.port(args, DEFAULT_PORT))
                    .withLoops(Args.intOption(args, "--loops", 1))
                    .withIdleTimeout(Duration.ofSeconds(Args.intOption(args, "--idle-timeout", 0)))
                    .withMaxConnections(Args.intOption(args, "--max-connections", 10_000));
            NioServer server = NioServer.start(config, new LineProtocolAdapter(new Store()));
            Log.info("%d event loop(s), idle timeout %s; Ctrl-C or SIGTERM stops the server",
                    config.loops(), config.inputLimits().idleTimeout().isZero() ? "none" : config.inputLimits().idleTimeout());
            dev.sabaody.kv.blocking.Main.runUntilSignalled(server);
        } catch (IllegalArgumentException e) {
            dev.sabaody.kv.blocking.Main.exitWithError(e.getMessage() + "\n" + USAGE);
        } catch (IOException e) {
            dev.sabaody.kv.blocking.Main.exitWithError(dev.sabaody.kv.blocking.Main.startFailure(e));
        }
    }
}
