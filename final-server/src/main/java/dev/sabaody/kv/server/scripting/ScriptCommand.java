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

/** SCRIPT LOAD | EXISTS | FLUSH | KILL | HELP (eval.c scriptCommand). */
final class ScriptCommand {

    private ScriptCommand() {
    }

    static void register(CommandTable<Db> table, Scripting scripting) {
        table.add(CommandSpec.<Db>container("script", -2)
                .acl(SLOW)
                .doc(CommandDoc.of("A container for Lua scripts management commands", "2.6.0", "scripting",
                        "Depends on subcommand."))
                .subcommand(CommandSpec.<Db>command("load", 3, ctx -> load(ctx, scripting))
                        .flags(CommandFlag.NOSCRIPT, CommandFlag.STALE)
                        .acl(SLOW, SCRIPTING)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc(CommandDoc.of("Load the specified Lua script into the script cache.", "2.6.0",
                                "scripting", "O(N) with N being the length in bytes of the script body.",
                                Arg.of("script", "string"))))
                .subcommand(CommandSpec.<Db>command("exists", -3, ctx -> exists(ctx, scripting))
                        .flags(CommandFlag.NOSCRIPT)
                        .acl(SLOW, SCRIPTING)
                        .tips("request_policy:all_shards", "response_policy:agg_logical_and")
                        .doc(CommandDoc.of("Check existence of scripts in the script cache.", "2.6.0", "scripting",
                                "O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).",
                                Arg.of("sha1", "string").multiple())))
                .subcommand(CommandSpec.<Db>command("flush", -2, ctx -> flush(ctx, scripting))
                        .flags(CommandFlag.NOSCRIPT)
                        .acl(SLOW, SCRIPTING)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc(CommandDoc.of("Remove all the scripts from the script cache.", "2.6.0", "scripting",
                                "O(N) with N being the number of scripts in cache",
                                Arg.oneOf("flush-type", Arg.token("async", "ASYNC").since("6.2.0"),
                                        Arg.token("sync", "SYNC").since("6.2.0")).optional())))
                .subcommand(CommandSpec.<Db>command("kill", 2, ctx -> kill(ctx, scripting))
                        .flags(CommandFlag.NOSCRIPT, CommandFlag.ALLOW_BUSY)
                        .acl(SLOW, SCRIPTING)
                        .tips("request_policy:all_shards", "response_policy:one_succeeded")
                        .doc(CommandDoc.of("Kill the script currently in execution.", "2.6.0", "scripting", "O(1)")))
                .subcommand(EvalDebugging.spec())
                .subcommand(CommandSpec.<Db>command("help", 2, ScriptCommand::help)
                        .flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(SLOW, SCRIPTING)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands", "5.0.0",
                                "scripting", "O(1)"))));
    }

    private static void load(CommandContext<? extends Db> ctx, Scripting scripting) {
        try {
            ctx.reply().bulkAscii(scripting.compile(ctx.argv().copy(2)).sha());
        } catch (Shebang.Invalid e) {
            ctx.reply().error(e.getMessage());
        }
    }

    private static void exists(CommandContext<? extends Db> ctx, Scripting scripting) {
        Argv argv = ctx.argv();
        ctx.reply().arrayHeader(argv.argc() - 2);
        for (int i = 2; i < argv.argc(); i++) {
            ctx.reply().integer(scripting.exists(argv.string(i)) ? 1 : 0);
        }
    }

    private static void flush(CommandContext<? extends Db> ctx, Scripting scripting) {
        Argv argv = ctx.argv();
        if (argv.argc() == 2 || (argv.argc() == 3 && (argv.equalsIgnoreCase(2, "sync") || argv.equalsIgnoreCase(2, "async")))) {
            scripting.flush();
            ctx.reply().ok();
            return;
        }
        ctx.reply().error("SCRIPT FLUSH only support SYNC|ASYNC option");
    }

    private static void kill(CommandContext<? extends Db> ctx, Scripting scripting) {
        String error = scripting.kill(true);
        if (error == null) {
            ctx.reply().ok();
        } else {
            ctx.reply().error(error);
        }
    }

    private static void help(CommandContext<? extends Db> ctx) {
        ctx.replyHelp("SCRIPT",
                "DEBUG (YES|SYNC|NO)",
                "    Set the debug mode for subsequent scripts executed.",
                "EXISTS <sha1> [<sha1> ...]",
                "    Return information about the existence of the scripts in the script cache.",
                "FLUSH [ASYNC|SYNC]",
                "    Flush the Lua scripts cache. Very dangerous on replicas.",
                "    When called without the optional mode argument, the behavior is determined by the",
                "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
                "    * ASYNC: Asynchronously flush the scripts cache.",
                "    * SYNC: Synchronously flush the scripts cache.",
                "KILL",
                "    Kill the currently executing Lua script.",
                "LOAD <script>",
                "    Load a script into the scripts cache without executing it.");
    }
}
