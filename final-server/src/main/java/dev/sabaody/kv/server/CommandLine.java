package dev.sabaody.kv.server;

import dev.sabaody.kv.resp.ServerState;
import java.io.PrintStream;

/**
 * The options redis-server answers before it reads any configuration, when they come first (its
 * main(), server.c): {@code -v}/{@code --version} print the version and exit 0; {@code -h}/{@code --help}
 * print the usage to standard error and exit 1; {@code --test-memory} is refused, since a JVM cannot
 * test physical memory as Redis's memtest does.
 */
final class CommandLine {

    /** How the jar is run, in the usage's place of "./redis-server". */
    static final String PROGRAM = "java -jar final-server.jar";

    private CommandLine() {
    }

    /** The exit status if {@code args} asked for one of these, after printing its answer; -1 to go on. */
    static int answer(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return -1;
        }
        switch (args[0]) {
            case "-v", "--version" -> {
                out.println("Sabaody-KV server v=" + SabaodyServer.VERSION + " redis=" + ServerState.REDIS_VERSION
                        + " malloc=jvm bits=64 java=" + Runtime.version());
                return 0;
            }
            case "-h", "--help" -> {
                err.print(usage());
                return 1;
            }
            case "--test-memory" -> {
                err.println("--test-memory is not available: Sabaody-KV runs in a JVM, which cannot reach physical"
                        + " memory as redis-server's memtest does.");
                err.println("Test the machine's memory with redis-server --test-memory <megabytes> or memtester.");
                return 1;
            }
            default -> {
                return -1;
            }
        }
    }

    /** redis-server's usage(), with this program's name and its own flag. */
    static String usage() {
        String p = PROGRAM;
        return "Usage: " + p + " [/path/to/redis.conf] [options]\n"
                + "       " + p + " -v or --version\n"
                + "       " + p + " -h or --help\n"
                + "\n"
                + "Examples:\n"
                + "       " + p + " (run the server with default conf)\n"
                + "       " + p + " /etc/redis/6379.conf\n"
                + "       " + p + " --port 7777\n"
                + "       " + p + " /etc/myredis.conf --loglevel verbose\n"
                + "       " + p + " --port 7777 --shards 4 (Sabaody-KV's own: event loops, one slice of keys each)\n"
                + "\n"
                + "Every redis.conf directive is an option: --name value [value ...].\n";
    }
}
