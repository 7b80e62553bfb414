package dev.sabaody.kv.pool;

import dev.sabaody.kv.blocking.Args;
import dev.sabaody.kv.blocking.BlockingServer;
import dev.sabaody.kv.blocking.Dispatcher;
import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.blocking.Store;
import java.io.IOException;

/**
 * Starts module 02's server: module 01's {@link BlockingServer}, protocol and store, with a bounded
 * pool ({@code --threads N --queue Q}) or virtual threads ({@code --virtual}) instead of a platform
 * thread per connection. SIGINT and SIGTERM stop it in order, as in module 01.
 */
public final class Main {

    static final int DEFAULT_PORT = 6380;
    /** Small on purpose: the lesson is what happens when clients outnumber workers. */
    static final int DEFAULT_THREADS = 16;
    static final int DEFAULT_QUEUE = 16;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        try {
            int port = Args.port(args, DEFAULT_PORT);
            Dispatcher dispatcher = Args.flag(args, "--virtual")
                    ? new VirtualThreadDispatcher()
                    : new PooledDispatcher(Args.intOption(args, "--threads", DEFAULT_THREADS),
                            Args.intOption(args, "--queue", DEFAULT_QUEUE));
            BlockingServer server = new BlockingServer(BlockingServer.Config.onPort(port), new Store(), dispatcher).start();
            Log.info("connections run on %s; Ctrl-C or SIGTERM stops the server", dispatcher);
            dev.sabaody.kv.blocking.Main.runUntilSignalled(server);
        } catch (IllegalArgumentException e) {
            dev.sabaody.kv.blocking.Main.exitWithError(e.getMessage()
                    + "\nusage: Main [--port N] [--threads N] [--queue Q] [--virtual]");
        } catch (IOException e) {
            dev.sabaody.kv.blocking.Main.exitWithError(dev.sabaody.kv.blocking.Main.startFailure(e));
        }
    }
}
