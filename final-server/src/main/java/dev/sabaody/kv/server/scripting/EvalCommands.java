package dev.sabaody.kv.server.scripting;

import static dev.sabaody.kv.resp.AclCategory.SCRIPTING;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.KeySpec;
import java.util.EnumSet;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO (eval.c evalGenericCommand): find or compile the script, check
 * its flags against the command, run it ({@link ScriptRun}).
 */
final class EvalCommands implements Command<Db> {

    /** shared.noscripterr. */
    static final String NOSCRIPT = "-NOSCRIPT No matching script. Please use EVAL.";

    private final Scripting scripting;
    private final boolean bySha;
    private final boolean readOnly;

    private EvalCommands(Scripting scripting, boolean bySha, boolean readOnly) {
        this.scripting = scripting;
        this.bySha = bySha;
        this.readOnly = readOnly;
    }

    static void register(CommandTable<Db> table, Scripting scripting) {
        table.add(spec("eval", new EvalCommands(scripting, false, false), "script",
                "Execute a Lua script server side", "2.6.0"))
                .add(spec("evalsha", new EvalCommands(scripting, true, false), "sha1",
                        "Execute a Lua script server side", "2.6.0"))
                .add(spec("eval_ro", new EvalCommands(scripting, false, true), "script",
                        "Execute a read-only Lua script server side", "7.0.0"))
                .add(spec("evalsha_ro", new EvalCommands(scripting, true, true), "sha1",
                        "Execute a read-only Lua script server side", "7.0.0"));
    }

    /** EVAL's row of Redis 7.0's table: numkeys then the keys; RW+ACCESS+UPDATE (RO for the _ro forms). */
    static CommandSpec.Builder<Db> spec(String name, Command<Db> impl, String first, String summary, String since) {
        boolean ro = name.endsWith("_ro");
        // Redis's tables carry a note on the key spec of EVAL, EVAL_RO, FCALL and FCALL_RO, not of EVALSHA's
        boolean noted = !name.startsWith("evalsha");
        String notes = !noted ? null : ro ? "We cannot tell how the keys will be used so we assume the worst, RO and ACCESS"
                : "We cannot tell how the keys will be used so we assume the worst, RW and UPDATE";
        KeySpec keys = new KeySpec(notes,
                ro ? EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS)
                        : EnumSet.of(KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE),
                new KeySpec.Index(2), new KeySpec.KeyNum(0, 1, 1));
        CommandSpec.Builder<Db> b = CommandSpec.<Db>command(name, -3, impl)
                .acl(SLOW, SCRIPTING)
                .keys(keys)
                .doc(CommandDoc.of(summary, since, "scripting", "Depends on the script that is executed.",
                        Arg.of(first, "string"), Arg.of("numkeys", "integer"),
                        Arg.key("key", 0).optional().multiple(), Arg.of("arg", "string").optional().multiple()));
        return ro
                ? b.flags(CommandFlag.READONLY, CommandFlag.NOSCRIPT, CommandFlag.SKIP_MONITOR,
                        CommandFlag.NO_MANDATORY_KEYS, CommandFlag.STALE)
                : b.flags(CommandFlag.NOSCRIPT, CommandFlag.SKIP_MONITOR, CommandFlag.NO_MANDATORY_KEYS,
                        CommandFlag.STALE);
    }

    @Override
    public void execute(CommandContext<? extends Db> anyCtx) {
        @SuppressWarnings("unchecked")
        CommandContext<Db> ctx = (CommandContext<Db>) anyCtx;
        EvalDebugging.Mode debugging = EvalDebugging.mode(ctx.client());
        if (debugging != null) {
            if (bySha) { // evalShaCommand: a SHA of the wrong length first, then no EVALSHA under the debugger
                ctx.reply().error(ctx.argv().length(1) != 40 ? NOSCRIPT : "Please use EVAL instead of EVALSHA for debugging");
                return;
            }
            EvalDebugging.run(ctx, scripting, debugging, () -> eval(ctx));
            return;
        }
        eval(ctx);
    }

    private void eval(CommandContext<Db> ctx) {
        Argv argv = ctx.argv();
        int numkeys = numkeys(ctx, 2);
        if (numkeys < 0) {
            return;
        }
        Script script;
        if (bySha) {
            script = argv.length(1) == 40 ? scripting.cached(argv.string(1).toLowerCase(java.util.Locale.ROOT)) : null;
            if (script == null) {
                ctx.reply().error(NOSCRIPT);
                return;
            }
        } else {
            try {
                script = scripting.compile(argv.copy(1));
            } catch (Shebang.Invalid e) {
                ctx.reply().error(e.getMessage());
                return;
            }
        }
        boolean compat = script.flags().contains(Script.Flag.EVAL_COMPAT_MODE);
        if (!compat && !script.flags().contains(Script.Flag.NO_WRITES) && readOnly) {
            ctx.reply().error("Can not execute a script with write flag using *_ro command.");
            return;
        }
        boolean runReadOnly = readOnly || script.flags().contains(Script.Flag.NO_WRITES);
        LuaEngine engine = scripting.engine();
        new ScriptRun(scripting, ctx, script.sha(), "@user_script", true, runReadOnly)
                .run(engine, engine.closure(script.prototype()), 3, numkeys, false);
    }

    /**
     * numkeys at argument {@code i}, checked as evalGenericCommand checks it; -1 once the error is
     * written.
     */
    static int numkeys(CommandContext<?> ctx, int i) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(i)) {
            ctx.reply().error("value is not an integer or out of range");
            return -1;
        }
        long n = argv.parsedLong();
        if (n > argv.argc() - (i + 1)) {
            ctx.reply().error("Number of keys can't be greater than number of args");
            return -1;
        }
        if (n < 0) {
            ctx.reply().error("Number of keys can't be negative");
            return -1;
        }
        return (int) n;
    }
}
