package dev.sabaody.kv.server;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ConfigException;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar final-server.jar [config-file] [--directive value ...]}, as redis-server is run.
 *
 * <p>SIGINT and SIGTERM, like the SHUTDOWN command, stop the server in order (see
 * {@link SabaodyServer#close}) and the process exits 0. A configuration error stops start-up with a
 * message naming the directive, and exit status 1.
 *
 * <p>{@code -v}, {@code --version}, {@code -h}, {@code --help} and {@code --test-memory} first are
 * answered as redis-server answers them ({@link CommandLine}).
 *
 * <p>The log goes where {@code logfile} says, standard output when it is "" (Redis's default).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        int status = CommandLine.answer(args, System.out, System.err);
        if (status >= 0) {
            System.exit(status);
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.fromArgs(args);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        Log.to(logStream(config.logFile()));
        String configFile = config.configFile() == null ? "" : config.configFile().toString(); // absolute, as Redis shows it
        Log.info("Sabaody-KV %s starting: pid %d, %d shard(s), Java %s", SabaodyServer.VERSION,
                ProcessHandle.current().pid(), config.shards(), Runtime.version());
        SabaodyServer server;
        try {
            server = SabaodyServer.start(config, configFile, Clock.system(), () -> {
                Log.info("shutdown: SHUTDOWN received");
                System.exit(0); // runs the shutdown hook below, which stops the server in order
            });
        } catch (ConfigException e) {
            System.err.println(e.getMessage()); // maxmemory the heap cannot hold: both numbers, and the fix
            System.exit(1);
            return;
        } catch (IOException e) {
            // Redis's words (anetTcpServer, anetUnixServer; a corrupt dump's offset and reason), without a
            // stack trace: the operator needs the address, or the file, and the reason.
            Log.warn("%s", e.getMessage());
            System.exit(1);
            return;
        }
        dev.sabaody.kv.blocking.Main.runUntilSignalled(server::stop,
                () -> Log.info("Ready to accept connections on port %d", server.port()));
    }

    /** logfile: appended to, one line flushed at a time, as Redis opens it for each line. */
    private static PrintStream logStream(String logfile) throws IOException {
        if (logfile.isEmpty()) {
            return System.out;
        }
        return new PrintStream(new FileOutputStream(logfile, true), true, StandardCharsets.UTF_8);
    }
}
