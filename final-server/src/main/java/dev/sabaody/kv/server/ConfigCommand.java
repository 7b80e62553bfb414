package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CONFIG GET pattern [pattern ...] and CONFIG HELP. The directives and their values come from the one
 * configuration model, {@link ServerConfig}; CONFIG SET is not offered (the configuration is fixed at
 * start-up), so Redis's "unknown subcommand" answers it.
 */
final class ConfigCommand {

    private ConfigCommand() {
    }

    static <D> CommandSpec.Builder<D> spec(ServerConfig config) {
        Command<Object> get = ctx -> {
            List<String> patterns = new ArrayList<>();
            for (int i = 2; i < ctx.argv().argc(); i++) {
                patterns.add(ctx.argv().string(i));
            }
            Map<String, String> found = config.matching(patterns);
            ctx.reply().mapHeader(found.size());
            found.forEach((name, value) -> {
                ctx.reply().bulkString(name);
                ctx.reply().bulkString(value);
            });
        };
        Command<Object> help = ctx -> ctx.replyHelp("CONFIG",
                "GET <pattern>",
                "    Return parameters matching the glob-like <pattern> and their values.");
        return CommandSpec.<D>container("config", -2)
                .subcommand(CommandSpec.<D>command("get", -3, get)
                        .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(ADMIN, SLOW, DANGEROUS)
                        .doc(CommandDoc.of("Get the values of configuration parameters", "2.0.0", "server",
                                "O(N) when N is the number of configuration parameters provided",
                                CommandDoc.Arg.of("parameter", "string"))))
                .subcommand(CommandSpec.<D>command("help", 2, help)
                        .flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(SLOW)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands", "5.0.0",
                                "server", "O(1)")))
                .doc(CommandDoc.of("A container for server configuration commands", "2.0.0", "server",
                        "Depends on subcommand."));
    }
}
