package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.CONNECTION;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.CommandFlag.LOADING;
import static dev.sabaody.kv.resp.CommandFlag.STALE;

import dev.sabaody.kv.resp.CommandDoc.Arg;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * COMMAND, the command table asking about itself: COMMAND [INFO|DOCS [name ...]], COUNT, LIST
 * [FILTERBY ...], GETKEYS, GETKEYSANDFLAGS, HELP.
 *
 * <p>Clients depend on it more than its name suggests. redis-cli 7 sends {@code COMMAND DOCS} the
 * moment it connects and builds its hints from the answer; cluster clients read key positions from
 * COMMAND INFO to route by key. The replies follow Redis 7.0 field by field
 * ({@link CommandIntrospection}), and for the commands both servers have they are byte-identical;
 * only the set of commands differs.
 */
final class CommandCommand {

    private CommandCommand() {
    }

    static <D> CommandSpec.Builder<D> spec() {
        return CommandSpec.<D>command("command", -1, CommandCommand::all)
                .flags(LOADING, STALE).acl(SLOW, CONNECTION)
                .tips("nondeterministic_output_order")
                .doc(CommandDoc.of("Get array of Redis command details", "2.8.13", "server",
                        "O(N) where N is the total number of Redis commands"))
                .subcommand(CommandSpec.<D>command("count", 2, ctx -> ctx.reply().integer(ctx.commands().size()))
                        .flags(LOADING, STALE).acl(SLOW, CONNECTION)
                        .doc(CommandDoc.of("Get total number of Redis commands", "2.8.13", "server", "O(1)")))
                .subcommand(CommandSpec.<D>command("docs", -2, CommandCommand::docs)
                        .flags(LOADING, STALE).acl(SLOW, CONNECTION)
                        .tips("nondeterministic_output_order")
                        .doc(CommandDoc.of("Get array of specific Redis command documentation", "7.0.0", "server",
                                "O(N) where N is the number of commands to look up",
                                Arg.of("command-name", "string").optional().multiple())))
                .subcommand(CommandSpec.<D>command("getkeys", -4, CommandCommand::getKeys)
                        .flags(LOADING, STALE).acl(SLOW, CONNECTION)
                        .doc(CommandDoc.of("Extract keys given a full Redis command", "2.8.13", "server",
                                "O(N) where N is the number of arguments to the command")))
                .subcommand(CommandSpec.<D>command("getkeysandflags", -4, CommandCommand::getKeysAndFlags)
                        .flags(LOADING, STALE).acl(SLOW, CONNECTION)
                        .doc(CommandDoc.of("Extract keys and access flags given a full Redis command", "7.0.0",
                                "server", "O(N) where N is the number of arguments to the command")))
                .subcommand(CommandSpec.<D>command("help", 2, CommandCommand::help)
                        .flags(LOADING, STALE).acl(SLOW, CONNECTION)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands", "5.0.0", "server",
                                "O(1)")))
                .subcommand(CommandSpec.<D>command("info", -2, CommandCommand::info)
                        .flags(LOADING, STALE).acl(SLOW, CONNECTION)
                        .tips("nondeterministic_output_order")
                        .doc(CommandDoc.of("Get array of specific Redis command details, or all when no argument"
                                        + " is given.", "2.8.13", "server",
                                        "O(N) where N is the number of commands to look up",
                                        Arg.of("command-name", "string").optional().multiple())
                                .withHistory("7.0.0", "Allowed to be called with no argument to get info on all"
                                        + " commands.")))
                .subcommand(CommandSpec.<D>command("list", -2, CommandCommand::list)
                        .flags(LOADING, STALE).acl(SLOW, CONNECTION)
                        .tips("nondeterministic_output_order")
                        .doc(CommandDoc.of("Get an array of Redis command names", "7.0.0", "server",
                                "O(N) where N is the total number of Redis commands",
                                Arg.oneOf("filterby",
                                        Arg.of("module-name", "string").withToken("MODULE"),
                                        Arg.of("category", "string").withToken("ACLCAT"),
                                        Arg.of("pattern", "pattern").withToken("PATTERN"))
                                        .withToken("FILTERBY").optional())));
    }

    /** COMMAND alone: COMMAND INFO of every command. */
    private static void all(CommandContext<?> ctx) {
        List<? extends CommandSpec<?>> commands = ctx.commands().all();
        ctx.reply().arrayHeader(commands.size());
        for (CommandSpec<?> spec : commands) {
            CommandIntrospection.info(ctx.reply(), spec);
        }
    }

    /** COMMAND INFO [name ...]: one entry per name asked, null for a name that is no command. */
    private static void info(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() == 2) {
            all(ctx);
            return;
        }
        ctx.reply().arrayHeader(argv.argc() - 2);
        for (int i = 2; i < argv.argc(); i++) {
            CommandSpec<?> spec = ctx.commands().byName(argv.latin1(i));
            if (spec == null) {
                ctx.reply().nullBulk();
            } else {
                CommandIntrospection.info(ctx.reply(), spec);
            }
        }
    }

    /** COMMAND DOCS [name ...]: a map from name to docs; names that are no command are left out. */
    private static void docs(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        List<CommandSpec<?>> found = new ArrayList<>();
        if (argv.argc() == 2) {
            found.addAll(ctx.commands().all());
        } else {
            for (int i = 2; i < argv.argc(); i++) {
                CommandSpec<?> spec = ctx.commands().byName(argv.latin1(i));
                if (spec != null) {
                    found.add(spec);
                }
            }
        }
        ctx.reply().mapHeader(found.size());
        for (CommandSpec<?> spec : found) {
            ctx.reply().bulkAscii(spec.fullName());
            CommandIntrospection.docs(ctx.reply(), spec);
        }
    }

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN glob]: full names, subcommands included. */
    private static void list(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        String filter = null;
        String value = null;
        if (argv.argc() == 5 && argv.equalsIgnoreCase(2, "filterby")) {
            for (String type : new String[] {"module", "aclcat", "pattern"}) {
                if (argv.equalsIgnoreCase(3, type)) {
                    filter = type;
                }
            }
            value = argv.latin1(4);
        }
        if (argv.argc() != 2 && filter == null) {
            ctx.replySyntaxError();
            return;
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec<?> spec : ctx.commands().all()) {
            collect(spec, filter, value, names);
        }
        ctx.reply().arrayHeader(names.size());
        names.forEach(ctx.reply()::bulkAscii);
    }

    private static void collect(CommandSpec<?> spec, String filter, String value, List<String> names) {
        boolean keep = switch (filter) {
            case null -> true;
            case "module" -> false; // no modules here
            case "aclcat" -> spec.categories().stream().anyMatch(c -> c.replyName().equalsIgnoreCase("@" + value));
            default -> Glob.matches(value.getBytes(StandardCharsets.ISO_8859_1),
                    spec.fullName().getBytes(StandardCharsets.ISO_8859_1), true);
        };
        if (keep) {
            names.add(spec.fullName());
        }
        for (CommandSpec<?> sub : spec.subcommands()) {
            collect(sub, filter, value, names);
        }
    }

    /**
     * COMMAND GETKEYS command [arg ...]: which arguments of that command line are keys, found by the
     * command's key positions: exactly what final-server computes to route a command to its shard.
     */
    private static void getKeys(CommandContext<?> ctx) {
        keys(ctx, false);
    }

    /** COMMAND GETKEYSANDFLAGS command [arg ...]: each key with the flags of the key spec that found it. */
    private static void getKeysAndFlags(CommandContext<?> ctx) {
        keys(ctx, true);
    }

    private static void keys(CommandContext<?> ctx, boolean withFlags) {
        Argv argv = ctx.argv();
        CommandSpec<?> spec = ctx.commands().byName(argv.latin1(2));
        if (spec != null && !spec.subcommands().isEmpty() && argv.argc() > 3) {
            spec = spec.subcommand(argv, 3);
        }
        int argc = argv.argc() - 2;
        if (spec == null) {
            ctx.reply().error("Invalid command specified");
        } else if (spec.keySpecs().isEmpty()) {
            ctx.reply().error("The command has no key arguments");
        } else if (!spec.arityAccepts(argc)) {
            ctx.reply().error("Invalid number of arguments specified for command");
        } else {
            java.util.List<byte[]> args = new java.util.ArrayList<>(argc);
            for (int i = 2; i < argv.argc(); i++) {
                args.add(argv.copy(i));
            }
            Argv command = Argv.of(args);
            int[] keys = spec.keyPositionsOrNull(command); // through the key specs: numkeys and keywords too
            if (keys == null || (keys.length == 0 && !spec.has(CommandFlag.NO_MANDATORY_KEYS))) {
                ctx.reply().error("Invalid arguments specified for command");
                return;
            }
            if (!withFlags) {
                ctx.reply().arrayHeader(keys.length);
                for (int key : keys) {
                    ctx.reply().bulk(argv, key + 2);
                }
                return;
            }
            // The same keys, each with the flags of the spec that found it, or, where the flags depend
            // on the arguments (SET ... GET), as the command's own procedure gives them
            List<Integer> positions = new ArrayList<>();
            List<java.util.Set<KeySpec.Flag>> flagSets = new ArrayList<>();
            spec.forEachKey(command, (position, flags) -> {
                positions.add(position);
                flagSets.add(flags);
                return true;
            });
            ctx.reply().arrayHeader(positions.size());
            for (int i = 0; i < positions.size(); i++) {
                ctx.reply().arrayHeader(2);
                ctx.reply().bulk(argv, positions.get(i) + 2);
                ctx.reply().setHeader(flagSets.get(i).size());
                for (KeySpec.Flag flag : flagSets.get(i)) {
                    ctx.reply().simpleString(flag.replyName);
                }
            }
        }
    }

    private static void help(CommandContext<?> ctx) {
        ctx.replyHelp("COMMAND",
                "(no subcommand)",
                "    Return details about all Redis commands.",
                "COUNT",
                "    Return the total number of commands in this Redis server.",
                "LIST",
                "    Return a list of all commands in this Redis server.",
                "INFO [<command-name> ...]",
                "    Return details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "DOCS [<command-name> ...]",
                "    Return documentation details about multiple Redis commands.",
                "    If no command names are given, documentation details for all",
                "    commands are returned.",
                "GETKEYS <full-command>",
                "    Return the keys from a full Redis command.",
                "GETKEYSANDFLAGS <full-command>",
                "    Return the keys and the access flags from a full Redis command.");
    }
}
