package dev.sabaody.kv.server.config;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CONFIG GET, SET, RESETSTAT, REWRITE and HELP, over the one configuration model: {@link LiveConfig}
 * holds the values, {@link Directives} knows every name, {@link ConfigRewrite} writes the file.
 * Replies and errors are Redis 7.0's, word for word.
 */
public final class ConfigCommand {

    private ConfigCommand() {
    }

    /**
     * @param live       the configuration CONFIG GET reads and CONFIG SET changes
     * @param resetStats what CONFIG RESETSTAT resets: the counters INFO shows
     */
    public static <D> CommandSpec.Builder<D> spec(LiveConfig live, Runnable resetStats) {
        Command<Object> get = ctx -> {
            List<String> patterns = new ArrayList<>();
            for (int i = 2; i < ctx.argv().argc(); i++) {
                patterns.add(ctx.argv().string(i));
            }
            Map<String, String> found = live.current().matching(patterns);
            ctx.reply().mapHeader(found.size());
            found.forEach((name, value) -> {
                ctx.reply().bulkString(name);
                ctx.reply().bulkString(value);
            });
        };
        Command<Object> set = ctx -> {
            if (ctx.argv().argc() % 2 != 0) {
                ctx.replySyntaxError();
                return;
            }
            List<String> pairs = new ArrayList<>();
            for (int i = 2; i < ctx.argv().argc(); i++) {
                pairs.add(ctx.argv().string(i));
            }
            String error = live.set(pairs, protectedAllowed(live.current(), ctx.connection().remoteAddress()));
            if (error == null) {
                ctx.reply().ok();
            } else {
                ctx.reply().error(error);
            }
        };
        Command<Object> resetStat = ctx -> {
            resetStats.run();
            ctx.reply().ok();
        };
        Command<Object> rewrite = ctx -> {
            Path file = live.current().configFile();
            if (file == null) {
                ctx.reply().error("The server is running without a config file");
                return;
            }
            try {
                ConfigRewrite.rewrite(file, live.current());
            } catch (IOException e) {
                Log.warn("CONFIG REWRITE failed: %s", e.getMessage());
                ctx.reply().error("Rewriting config file: " + e.getMessage());
                return;
            }
            Log.warn("CONFIG REWRITE executed with success.");
            ctx.reply().ok();
        };
        Command<Object> help = ctx -> ctx.replyHelp("CONFIG",
                "GET <pattern>",
                "    Return parameters matching the glob-like <pattern> and their values.",
                "SET <directive> <value>",
                "    Set the configuration <directive> to <value>.",
                "RESETSTAT",
                "    Reset statistics reported by the INFO command.",
                "REWRITE",
                "    Rewrite the configuration file.");
        return CommandSpec.<D>container("config", -2)
                .subcommand(CommandSpec.<D>command("get", -3, get)
                        .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(ADMIN, SLOW, DANGEROUS)
                        .doc(CommandDoc.of("Get the values of configuration parameters", "2.0.0", "server",
                                "O(N) when N is the number of configuration parameters provided",
                                CommandDoc.Arg.of("parameter", "string"))))
                .subcommand(CommandSpec.<D>command("set", -4, set)
                        .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(ADMIN, SLOW, DANGEROUS)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc(CommandDoc.of("Set configuration parameters to the given values", "2.0.0", "server",
                                "O(N) when N is the number of configuration parameters provided",
                                CommandDoc.Arg.block("data", CommandDoc.Arg.of("parameter", "string"),
                                        CommandDoc.Arg.of("value", "string")))))
                .subcommand(CommandSpec.<D>command("resetstat", 2, resetStat)
                        .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(ADMIN, SLOW, DANGEROUS)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc(CommandDoc.of("Reset the stats returned by INFO", "2.0.0", "server", "O(1)")))
                .subcommand(CommandSpec.<D>command("rewrite", 2, rewrite)
                        .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(ADMIN, SLOW, DANGEROUS)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc(CommandDoc.of("Rewrite the configuration file with the in memory configuration",
                                "2.8.0", "server", "O(1)")))
                .subcommand(CommandSpec.<D>command("help", 2, help)
                        .flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(SLOW)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands", "5.0.0",
                                "server", "O(1)")))
                .doc(CommandDoc.of("A container for server configuration commands", "2.0.0", "server",
                        "Depends on subcommand."));
    }

    /** config.c's allowProtectedAction: enable-protected-configs yes, or local and the client is. */
    static boolean protectedAllowed(ServerConfig config, SocketAddress client) {
        return switch (config.get("enable-protected-configs")) {
            case "yes" -> true;
            case "local" -> client instanceof InetSocketAddress inet && inet.getAddress() != null
                    && inet.getAddress().isLoopbackAddress();
            default -> false;
        };
    }
}
