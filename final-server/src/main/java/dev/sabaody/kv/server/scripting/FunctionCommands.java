package dev.sabaody.kv.server.scripting;

import static dev.sabaody.kv.resp.AclCategory.SCRIPTING;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.Glob;
import dev.sabaody.kv.resp.RespEncoder;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaFunction;

/**
 * FCALL, FCALL_RO and FUNCTION LOAD | DELETE | FLUSH | KILL | LIST | STATS | DUMP | RESTORE | HELP (functions.c).
 * DUMP and RESTORE carry the libraries as Redis's RDB function section ({@link FunctionPayload}).
 */
final class FunctionCommands {

    private FunctionCommands() {
    }

    static void register(CommandTable<Db> table, Scripting scripting) {
        table.add(EvalCommands.spec("fcall", ctx -> fcall(ctx, scripting, false), "function",
                        "Invoke a function", "7.0.0"))
                .add(EvalCommands.spec("fcall_ro", ctx -> fcall(ctx, scripting, true), "function",
                        "Invoke a read-only function", "7.0.0"))
                .add(CommandSpec.<Db>container("function", -2)
                        .acl(SLOW)
                        .doc(CommandDoc.of("A container for function commands", "7.0.0", "scripting",
                                "Depends on subcommand."))
                        .subcommand(CommandSpec.<Db>command("load", -3, ctx -> load(ctx, scripting))
                                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.NOSCRIPT)
                                .acl(SLOW, SCRIPTING)
                                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                                .doc(CommandDoc.of("Create a function with the given arguments (name, code, description)",
                                        "7.0.0", "scripting", "O(1) (considering compilation time is redundant)",
                                        Arg.token("replace", "REPLACE").optional(), Arg.of("function-code", "string"))))
                        .subcommand(CommandSpec.<Db>command("delete", 3, ctx -> delete(ctx, scripting))
                                .flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT)
                                .acl(SLOW, SCRIPTING)
                                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                                .doc(CommandDoc.of("Delete a function by name", "7.0.0", "scripting", "O(1)",
                                        Arg.of("library-name", "string"))))
                        .subcommand(CommandSpec.<Db>command("flush", -2, ctx -> flush(ctx, scripting))
                                .flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT)
                                .acl(SLOW, SCRIPTING)
                                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                                .doc(CommandDoc.of("Deleting all functions", "7.0.0", "scripting",
                                        "O(N) where N is the number of functions deleted")))
                        .subcommand(CommandSpec.<Db>command("kill", 2, ctx -> kill(ctx, scripting))
                                .flags(CommandFlag.NOSCRIPT, CommandFlag.ALLOW_BUSY)
                                .acl(SLOW, SCRIPTING)
                                .tips("request_policy:all_shards", "response_policy:one_succeeded")
                                .doc(CommandDoc.of("Kill the function currently in execution.", "7.0.0", "scripting", "O(1)")))
                        .subcommand(CommandSpec.<Db>command("list", -2, ctx -> list(ctx, scripting))
                                .flags(CommandFlag.NOSCRIPT)
                                .acl(SLOW, SCRIPTING)
                                .tips("nondeterministic_output_order")
                                .doc(CommandDoc.of("List information about all the functions", "7.0.0", "scripting",
                                        "O(N) where N is the number of functions")))
                        .subcommand(CommandSpec.<Db>command("stats", 2, ctx -> stats(ctx, scripting))
                                .flags(CommandFlag.NOSCRIPT, CommandFlag.ALLOW_BUSY)
                                .acl(SLOW, SCRIPTING)
                                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                                .doc(CommandDoc.of("Return information about the function currently running (name, description, duration)",
                                        "7.0.0", "scripting", "O(1)")))
                        .subcommand(CommandSpec.<Db>command("dump", 2,
                                        ctx -> ctx.reply().bulk(FunctionPayload.dump(scripting.functions.libraries())))
                                .flags(CommandFlag.NOSCRIPT)
                                .acl(SLOW, SCRIPTING)
                                .doc(CommandDoc.of("Dump all functions into a serialized binary payload", "7.0.0",
                                        "scripting", "O(N) where N is the number of functions")))
                        .subcommand(CommandSpec.<Db>command("restore", -3, ctx -> restore(ctx, scripting))
                                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.NOSCRIPT)
                                .acl(SLOW, SCRIPTING)
                                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                                .doc(CommandDoc.of("Restore all the functions on the given payload", "7.0.0",
                                        "scripting", "O(N) where N is the number of functions on the payload",
                                        Arg.of("serialized-value", "string"),
                                        Arg.oneOf("policy", Arg.token("flush", "FLUSH"), Arg.token("append", "APPEND"),
                                                Arg.token("replace", "REPLACE")).optional())))
                        .subcommand(CommandSpec.<Db>command("help", 2, FunctionCommands::help)
                                .flags(CommandFlag.LOADING, CommandFlag.STALE)
                                .acl(SLOW, SCRIPTING)
                                .doc(CommandDoc.of("Show helpful text about the different subcommands", "7.0.0",
                                        "scripting", "O(1)"))));
    }

    private static void fcall(CommandContext<? extends Db> anyCtx, Scripting scripting, boolean readOnly) {
        @SuppressWarnings("unchecked")
        CommandContext<Db> ctx = (CommandContext<Db>) anyCtx;
        int numkeys = EvalCommands.numkeys(ctx, 2);
        if (numkeys < 0) {
            return;
        }
        String name = ctx.argv().string(1);
        Functions.Found found = scripting.functions.find(name);
        if (found == null) {
            ctx.reply().error("Function not found");
            return;
        }
        boolean noWrites = found.meta().flags().contains(Script.Flag.NO_WRITES);
        if (readOnly && !noWrites) {
            ctx.reply().error("Can not execute a script with write flag using *_ro command.");
            return;
        }
        LuaEngine engine = scripting.engine();
        LuaFunction callback = engine.function(found.library(), name);
        new ScriptRun(scripting, ctx, name, "@user_function", false, readOnly || noWrites)
                .run(engine, callback, 3, numkeys, true);
    }

    private static void load(CommandContext<? extends Db> ctx, Scripting scripting) {
        Argv argv = ctx.argv();
        boolean replace = false;
        int i = 2;
        for (; i < argv.argc() - 1; i++) {
            if (argv.equalsIgnoreCase(i, "replace")) {
                replace = true;
            } else {
                ctx.reply().error("Unknown option given: " + argv.string(i));
                return;
            }
        }
        try {
            ctx.reply().bulkString(scripting.functions.load(scripting.engine(), argv.copy(argv.argc() - 1), replace));
        } catch (Shebang.Invalid e) {
            ctx.reply().error(e.getMessage());
        }
    }

    private static void restore(CommandContext<? extends Db> ctx, Scripting scripting) {
        Argv argv = ctx.argv();
        Functions.RestorePolicy policy = Functions.RestorePolicy.APPEND;
        if (argv.argc() > 4) {
            subcommandSyntaxError(ctx);
            return;
        }
        if (argv.argc() == 4) {
            policy = null;
            for (Functions.RestorePolicy p : Functions.RestorePolicy.values()) {
                if (argv.equalsIgnoreCase(3, p.name())) {
                    policy = p;
                }
            }
            if (policy == null) {
                ctx.reply().error("Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
                return;
            }
        }
        try {
            scripting.functions.restore(scripting.engine(), FunctionPayload.read(argv.copy(2)), policy);
            ctx.reply().ok();
        } catch (Shebang.Invalid e) {
            ctx.reply().error(e.getMessage());
        }
    }

    private static void delete(CommandContext<? extends Db> ctx, Scripting scripting) {
        if (scripting.functions.delete(ctx.argv().string(2))) {
            ctx.reply().ok();
        } else {
            ctx.reply().error("Library not found");
        }
    }

    private static void flush(CommandContext<? extends Db> ctx, Scripting scripting) {
        Argv argv = ctx.argv();
        if (argv.argc() == 2 || (argv.argc() == 3 && (argv.equalsIgnoreCase(2, "sync") || argv.equalsIgnoreCase(2, "async")))) {
            scripting.functions.flush();
            ctx.reply().ok();
            return;
        }
        if (argv.argc() == 3) {
            ctx.reply().error("FUNCTION FLUSH only supports SYNC|ASYNC option");
        } else {
            subcommandSyntaxError(ctx);
        }
    }

    /** addReplySubcommandSyntaxError: the subcommand as the client wrote it. */
    private static void subcommandSyntaxError(CommandContext<? extends Db> ctx) {
        ctx.reply().error("unknown subcommand or wrong number of arguments for '" + ctx.argv().string(1)
                + "'. Try FUNCTION HELP.");
    }

    private static void kill(CommandContext<? extends Db> ctx, Scripting scripting) {
        String error = scripting.kill(false);
        if (error == null) {
            ctx.reply().ok();
        } else {
            ctx.reply().error(error);
        }
    }

    /** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE] (functionListCommand). */
    private static void list(CommandContext<? extends Db> ctx, Scripting scripting) {
        Argv argv = ctx.argv();
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < argv.argc(); i++) {
            if (argv.equalsIgnoreCase(i, "withcode") && !withCode) {
                withCode = true;
            } else if (argv.equalsIgnoreCase(i, "libraryname") && pattern == null) {
                if (i == argv.argc() - 1) {
                    ctx.reply().error("library name argument was not given");
                    return;
                }
                pattern = argv.copy(++i);
            } else {
                ctx.reply().error("Unknown argument " + argv.string(i));
                return;
            }
        }
        java.util.List<Functions.Library> libs = new java.util.ArrayList<>();
        for (Functions.Library lib : scripting.functions.libraries()) {
            if (pattern == null || Glob.matches(pattern, lib.name.getBytes(StandardCharsets.UTF_8), false)) {
                libs.add(lib);
            }
        }
        RespEncoder out = ctx.reply();
        out.arrayHeader(libs.size());
        for (Functions.Library lib : libs) {
            out.mapHeader(withCode ? 4 : 3);
            out.bulkString("library_name");
            out.bulkString(lib.name);
            out.bulkString("engine");
            out.bulkString("LUA");
            out.bulkString("functions");
            out.arrayHeader(lib.functions.size());
            for (Functions.Meta f : lib.functions.values()) {
                out.mapHeader(3);
                out.bulkString("name");
                out.bulkString(f.name());
                out.bulkString("description");
                if (f.description() == null) {
                    out.nullBulk();
                } else {
                    out.bulkString(f.description());
                }
                out.bulkString("flags");
                out.setHeader(f.flags().size());
                for (Script.Flag flag : f.flags()) {
                    out.simpleString(flag.shebangName);
                }
            }
            if (withCode) {
                out.bulkString("library_code");
                out.bulk(lib.code);
            }
        }
    }

    /**
     * FUNCTION STATS: the busy function (its name, its caller's command, how long it has run), or nil;
     * a busy EVAL script is -BUSY (functionStatsCommand). A script not yet busy is not seen: in
     * Redis nothing answers while it runs, and here it holds its own shard.
     */
    private static void stats(CommandContext<? extends Db> ctx, Scripting scripting) {
        ScriptRun run = scripting.busyRun();
        if (run != null && run.evalMode) {
            ctx.reply().error(Scripting.BUSY_EVAL);
            return;
        }
        RespEncoder out = ctx.reply();
        out.mapHeader(2);
        out.bulkString("running_script");
        if (run == null) {
            out.nullBulk();
        } else {
            out.mapHeader(3);
            out.bulkString("name");
            out.bulkString(run.name);
            out.bulkString("command");
            out.arrayHeader(run.command.size());
            for (byte[] arg : run.command) {
                out.bulk(arg);
            }
            out.bulkString("duration_ms");
            out.integer((ctx.clock().nanoTime() - run.startNanos) / 1_000_000);
        }
        out.bulkString("engines");
        out.mapHeader(1);
        out.bulkString("LUA");
        out.mapHeader(2);
        out.bulkString("libraries_count");
        out.integer(scripting.functions.libraries().size());
        out.bulkString("functions_count");
        out.integer(scripting.functions.functionCount());
    }

    private static void help(CommandContext<? extends Db> ctx) {
        ctx.replyHelp("FUNCTION",
                "LOAD [REPLACE] <FUNCTION CODE>",
                "    Create a new library with the given library name and code.",
                "DELETE <LIBRARY NAME>",
                "    Delete the given library.",
                "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
                "    Return general information on all the libraries:",
                "    * Library name",
                "    * The engine used to run the Library",
                "    * Library description",
                "    * Functions list",
                "    * Library code (if WITHCODE is given)",
                "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
                "STATS",
                "    Return information about the current function running:",
                "    * Function name",
                "    * Command used to run the function",
                "    * Duration in MS that the function is running",
                "    If no function is running, return nil",
                "    In addition, returns a list of available engines.",
                "KILL",
                "    Kill the current running function.",
                "FLUSH [ASYNC|SYNC]",
                "    Delete all the libraries.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the libraries.",
                "    * SYNC: Synchronously flush the libraries.",
                "DUMP",
                "    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
                "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
                "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
                "    control how to handle existing libraries (default APPEND):",
                "    * FLUSH: delete all existing libraries.",
                "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
                "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
                "      libraries with the new libraries (notice that even on this option there is a chance of failure",
                "      in case of functions name collision with another library).");
    }
}
