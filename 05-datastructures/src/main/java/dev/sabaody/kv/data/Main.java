package dev.sabaody.kv.data;

import dev.sabaody.kv.blocking.Args;
import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.NioServer;
import java.io.IOException;
import java.net.BindException;

/**
 * Starts module 05's server: module 04's RESP over the {@link Keyspace}, with every data command.
 *
 * <pre>
 *   ./mvnw -B -q -pl 05-datastructures -am package -DskipTests
 *   java -XX:+UseCompactObjectHeaders -jar 05-datastructures/target/data-server.jar [--port 6380]
 * </pre>
 *
 * One event loop, one keyspace, as Redis has: the keyspace has no lock because one thread touches it.
 */
public final class Main {

    /** Module servers listen on 6380 so that a real Redis on 6379 can run beside them. */
    static final int DEFAULT_PORT = 6380;

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port;
        try {
            port = Args.port(args, DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            dev.sabaody.kv.blocking.Main.exitWithError(e.getMessage() + "\nusage: Main [--port N]");
            return;
        }
        DataServer server;
        try {
            server = DataServer.start(NioServer.Config.onPort(port).withClock(Clock.system()));
        } catch (BindException e) {
            Log.warn("cannot listen on port %d: %s (is another server running there? try --port)", port, e.getMessage());
            System.exit(1);
            return;
        }
        Log.info("module 05 listening on port %d: %d commands", server.port(), server.commandCount());
        dev.sabaody.kv.blocking.Main.runUntilSignalled(server);
    }
}
