package dev.sabaody.kv.server.scripting;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.Selector;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One script running: its caller's context, what it may do, and each redis.call it makes
 * (script.c scriptCall, in Redis 7.0's order of checks):
 *
 * <ol>
 *   <li>arguments: strings or numbers ({@code %.17g}), at least one;
 *   <li>the command exists, its arity fits, it is not flagged {@code noscript};
 *   <li>a write command in a read-only run (EVAL_RO, FCALL_RO, {@code no-writes}) is refused;
 *   <li>each key it names is local: held by the shard the script runs on, or by one of the shards
 *       parked for it ({@link KeyReach}); otherwise Redis Cluster's error for a non-local key;
 *   <li>it runs on the script's own client (its database, its protocol), its reply parsed back
 *       into Lua ({@link LuaReplies}).
 * </ol>
 *
 * While it runs, the keyspace's time is frozen at its start (expiry as Redis sees it during a
 * script) and blocking commands answer at once as if timed out (Redis's CLIENT_DENY_BLOCKING),
 * unless an EXEC around it already did both.
 */
final class ScriptRun {

    private final Scripting scripting;
    private final CommandContext<Db> ctx;
    /** Name in error replies: the SHA1 for EVAL, the function's name for FCALL. */
    final String name;
    /** Chunk name errors point into: "@user_script" or "@user_function". */
    final String source;
    final boolean evalMode;
    private final boolean readOnly;
    /** The client the script's commands run as: the caller's database, the script's protocol. */
    private final CommandContext<Db> inner;
    private final OutputBuffer scratch = new OutputBuffer();
    final long startNanos;
    /** redis.setresp: the protocol of the replies redis.call parses and of booleans returned. */
    int resp = 2;
    /** A write command ran: SCRIPT KILL may no longer stop it (UNKILLABLE). */
    volatile boolean wrote;
    private volatile boolean killed;
    /** Past busy-reply-threshold: other clients get -BUSY. Written before it is counted busy, read after. */
    volatile boolean busy;
    /** The caller's command, copied once busy (FUNCTION STATS shows it; its bytes may be reused). */
    volatile List<byte[]> command;

    ScriptRun(Scripting scripting, CommandContext<Db> ctx, String name, String source, boolean evalMode,
              boolean readOnly) {
        this.scripting = scripting;
        this.ctx = ctx;
        this.name = name;
        this.source = source;
        this.evalMode = evalMode;
        this.readOnly = readOnly;
        Client client = scripting.scriptClient(ctx.client());
        this.inner = CommandContext.detached(ctx.server(), client, new RespEncoder(scratch), null, null);
        inner.select(ctx.client().db());
        this.startNanos = ctx.clock().nanoTime();
    }

    /**
     * Runs {@code function} with KEYS and ARGV from argument {@code first}, {@code numkeys} of them
     * keys, and writes its reply (or its error) to the caller.
     */
    void run(LuaEngine engine, LuaFunction function, int first, int numkeys, boolean asFunction) {
        Argv argv = ctx.argv();
        LuaTable keys = new LuaTable(numkeys, 0);
        LuaTable args = new LuaTable(Math.max(0, argv.argc() - first - numkeys), 0);
        for (int i = 0; i < numkeys; i++) {
            keys.rawset(i + 1, engine.string(argv.copy(first + i)));
        }
        for (int i = first + numkeys; i < argv.argc(); i++) {
            args.rawset(i - first - numkeys + 1, engine.string(argv.copy(i)));
        }
        Keyspace keyspace = ctx.db().keyspace();
        boolean nested = keyspace.blockingDenied(); // inside EXEC: time is frozen and blocking denied already
        if (!nested) {
            keyspace.fixTime(keyspace.clock().currentTimeMillis());
            keyspace.denyBlocking(true);
        }
        engine.prepare(this, keys, args);
        scripting.started(this);
        try {
            LuaValue result = asFunction ? function.call(keys, args) : function.call();
            LuaReplies.toResp(result, ctx.reply(), resp);
        } catch (LuaError e) {
            // a script run on the coordinator (keys on several shards) has no connection of its own
            Connection caller = ctx.connection() != null ? ctx.connection() : ctx.client().connection();
            if (forShutdown && caller != null) {
                // the server is going: Redis exits without answering it. Closed on its own loop, before
                // the (empty) reply a coordinator's run hands back to it.
                if (caller.loop().inLoop()) {
                    caller.close();
                } else {
                    caller.loop().execute(caller::close);
                }
            } else {
                replyError(engine, e);
            }
        } catch (StackOverflowError e) {
            // Lua's "stack overflow" (LUAI_MAXCALLS deep), where the last instruction ran
            String line = engine.lastLine();
            ctx.reply().error("-ERR " + engine.lastWhere() + "stack overflow"
                    + (line == null ? "" : " script: " + name + ", on " + source + ":" + line + "."));
        } finally {
            scripting.finished(this);
            engine.finish();
            if (!nested) {
                keyspace.fixTime(-1);
                keyspace.denyBlocking(false);
            }
        }
    }

    /**
     * The error reply of a script that raised one (luaCallFunction): a table's {@code err} as it is,
     * anything else as "ERR " and its text; then where it happened, as Redis's error handler adds.
     */
    private void replyError(LuaEngine engine, LuaError e) {
        String message = errorText(engine.errorValue(e));
        String line = engine.errorLine(e);
        String where = line == null ? "" : " script: " + name + ", on " + source + ":" + line + ".";
        ctx.reply().error("-" + message + where);
    }

    /** An error value as Redis's error handler words it: a table's err as it is, anything else "ERR " and its text. */
    static String errorText(LuaValue error) {
        if (error.istable() && error.get("err").isstring()) {
            return LuaReplies.latin1(error.get("err"));
        }
        return "ERR " + (error.isnil() ? "nil" : LuaFormat.tostring(error).tojstring());
    }

    /**
     * Every {@link LuaEngine#HOOK_INSTRUCTIONS} instructions: busy yet? Once busy, the loop this runs
     * on serves its other clients one step (they get -BUSY, or SCRIPT KILL runs: luaMaskCountHook then
     * processEventsWhileBlocked). Then: killed?
     */
    void checkpoint() {
        if (!busy) {
            long threshold = scripting.busyThresholdNanos();
            // 0 (or less): Redis installs no hook, so a script is never busy (eval.c, luaCallFunction)
            if (threshold > 0 && (ctx.clock().nanoTime() - startNanos) / 1_000_000 >= threshold / 1_000_000) {
                command = new ArrayList<>(ctx.argv().argc());
                for (int i = 0; i < ctx.argv().argc(); i++) {
                    command.add(ctx.argv().copy(i));
                }
                busy = true;
                scripting.becameBusy(this);
            }
        }
        if (busy && !killed) {
            EventLoop loop = EventLoop.current(); // null on the cross-shard coordinator
            if (loop != null) {
                loop.processEventsWhileBlocked();
            }
        }
        if (killed) {
            // the same words for FUNCTION KILL: Redis 7.0's hook has one text (script_lua.c, luaMaskCountHook)
            throw new LuaError(LuaReplies.single("err", LuaValue.valueOf("ERR Script killed by user with SCRIPT KILL...")));
        }
    }

    boolean killed() {
        return killed;
    }

    void kill() {
        killed = true;
    }

    /** SHUTDOWN NOSAVE: killed even after a write, and the caller is left unanswered. */
    void killForShutdown() {
        forShutdown = true;
        killed = true;
    }

    private volatile boolean forShutdown;

    // ---------------------------------------------------------------- redis.call

    /** redis.call ({@code raise}) and redis.pcall: the command's reply, or its error as a table. */
    Varargs call(Varargs args, boolean raise) {
        failed = false;
        LuaValue reply = callOrError(args);
        if (raise && failed) {
            throw new LuaError(reply);
        }
        return reply;
    }

    /** The last call answered an error (its reply is then {err=...}): redis.call raises it. */
    private boolean failed;

    /**
     * redis.acl_check_cmd (luaRedisAclCheckCmdPermissionsCommand): whether the caller's user may run
     * the command with these arguments; the argument errors of redis.call, raised.
     */
    LuaValue aclCheck(Varargs args) {
        Argv argv = argv(args);
        if (argv == null) {
            throw new LuaError(lastError);
        }
        CommandSpec<Db> spec = ctx.commands().lookup(argv);
        if (spec == null) {
            throw new LuaError(RedisLib.pushError("Invalid command passed to redis.acl_check_cmd()"));
        }
        return LuaValue.valueOf(ctx.client().user().check(spec, argv, new int[1]) == Selector.OK);
    }

    /** The error {@link #argv} met, as redis.call raises it. */
    private LuaValue lastError;

    /** luaArgsToRedisArgv: strings, or numbers as %.17g, at least one; null after an error ({@link #lastError}). */
    private Argv argv(Varargs args) {
        int n = args.narg();
        if (n == 0) {
            lastError = error("Please specify at least one argument for this redis lib call");
            return null;
        }
        List<byte[]> parts = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            LuaValue a = args.arg(i);
            if (a.type() == LuaValue.TNUMBER) {
                parts.add(LuaFormat.number17(a.todouble()).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            } else if (a.type() == LuaValue.TSTRING) {
                parts.add(LuaReplies.bytes(a));
            } else {
                lastError = error("Lua redis lib command arguments must be strings or integers");
                return null;
            }
        }
        return Argv.of(parts);
    }

    private LuaValue callOrError(Varargs args) {
        Argv argv = argv(args);
        if (argv == null) {
            return lastError;
        }
        LuaDebugger ldb = scripting.engine().debugger;
        if (ldb != null && ldb.logging()) {
            ldb.logCommand(argv);
        }
        CommandSpec<Db> spec = ctx.commands().lookup(argv);
        if (spec == null || spec.implementation() == null) {
            return error("Unknown Redis command called from script");
        }
        if (!spec.arityAccepts(argv.argc())) {
            return error("Wrong number of args calling Redis command from script");
        }
        if (spec.has(CommandFlag.NOSCRIPT)) {
            return error("This Redis command is not allowed from script");
        }
        if (spec.has(CommandFlag.WRITE)) {
            if (readOnly) {
                return error("Write commands are not allowed from read-only scripts.");
            }
        }
        for (int p : spec.keyPositions(argv)) {
            if (!scripting.reach().reachable(ctx.server(), argv.copy(p))) {
                return error("Script attempted to access a non local key in a cluster node");
            }
        }
        if (ldb != null && spec.has(CommandFlag.WRITE)) {
            String refused = ldb.beforeWrite(spec, argv, inner.client().db());
            if (refused != null) {
                return error(refused);
            }
        }
        if (spec.has(CommandFlag.WRITE)) {
            wrote = true;
        }
        scratch.clear();
        inner.setProtocol(resp);
        inner.bind(argv, spec);
        spec.run(inner);
        byte[] bytes = scratch.toByteArray();
        LuaValue reply = LuaReplies.toLua(bytes, new int[] {0});
        failed = bytes.length > 0 && bytes[0] == '-';
        if (ldb != null && ldb.logging()) {
            if (failed) {
                ldb.logError(new String(bytes, 0, Math.max(0, bytes.length - 2), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            ldb.logReply(bytes);
        }
        return reply;
    }

    /** luaPushError: {err='ERR msg'}, or {err='CODE msg'} for a "-CODE msg" text. */
    private LuaValue error(String message) {
        failed = true;
        LuaDebugger ldb = scripting.engine().debugger;
        if (ldb != null) {
            ldb.logError(message); // luaPushError logs what it raises while stepping
        }
        return RedisLib.pushError(message);
    }
}
