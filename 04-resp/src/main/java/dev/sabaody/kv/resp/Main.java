package dev.sabaody.kv.resp;

import dev.sabaody.kv.blocking.Args;
import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.NioServer;
import java.io.IOException;
import java.net.BindException;

/**
 * Starts module 04's server: RESP on module 03's event loop, over {@link SimpleDb}.
 *
 * <pre>
 *   ./mvnw -B -q -pl 04-resp -am package -DskipTests
 *   java -XX:+UseCompactObjectHeaders -jar 04-resp/target/resp-server.jar [--port 6380]
 * </pre>
 *
 * One event loop only: {@link SimpleDb} is a plain HashMap, safe because one thread touches it.
 * Serving it from several loops would need a lock around every command; final-server instead gives
 * each loop its own shard of the keyspace. SIGINT (Ctrl-C) and SIGTERM stop it gracefully.
 */
public final class Main {

    /** Module servers listen on 6380 so that a real Redis on 6379 can run beside them. */
    static final int DEFAULT_PORT = 6380;

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port;
        int loops;
        try {
            port = Args.port(args, DEFAULT_PORT);
            loops = Args.intOption(args, "--loops", 1);
        } catch (IllegalArgumentException e) {
            dev.sabaody.kv.blocking.Main.exitWithError(e.getMessage() + "\nusage: Main [--port N]");
            return;
        }
        if (loops != 1) {
            Log.warn("--loops %d: module 04 runs one event loop, because its store has no lock;"
                    + " final-server runs one per core, each with its own shard", loops);
            System.exit(2);
            return;
        }
        NioServer server;
        try {
            server = start(NioServer.Config.onPort(port));
        } catch (BindException e) {
            Log.warn("cannot listen on port %d: %s (is another server running there? try --port)", port, e.getMessage());
            System.exit(1);
            return;
        }
        dev.sabaody.kv.blocking.Main.runUntilSignalled(server);
    }

    /** Starts a module-04 server with {@code config} (port 0 for tests): one loop, 16 databases. */
    public static NioServer start(NioServer.Config config) throws IOException {
        return NioServer.start(config.withLoops(1), protocol(config.clock()));
    }

    /** The RESP protocol over 16 {@link SimpleDb}s: what {@link #start} serves, and what benchmarks drive directly. */
    public static RespProtocol<SimpleDb> protocol(Clock clock) {
        ServerState<SimpleDb> state = new ServerState<>(Commands.module04(),
                new Databases<>(Databases.DEFAULT_DATABASES, SimpleDb::new), clock);
        return new RespProtocol<>(state);
    }
}
