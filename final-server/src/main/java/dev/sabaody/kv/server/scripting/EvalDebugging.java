package dev.sabaody.kv.server.scripting;

import static dev.sabaody.kv.resp.AclCategory.SCRIPTING;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * SCRIPT DEBUG YES|SYNC|NO, and the EVAL that runs under it (eval.c ldbEnable, ldbStartSession,
 * ldbEndSession).
 *
 * <h2>SYNC and YES</h2>
 * Redis runs a SYNC session in the server itself: the server waits while the user steps, and what
 * the script wrote stays. Here too: the session runs on the connection's own loop, which serves
 * nobody else meanwhile (its shard waits, as the whole of Redis does; other shards go on).
 *
 * <p>Redis runs a YES session in a forked child, so that the server goes on and the script's writes
 * vanish with the child. Sabaody-KV has no fork; a YES session runs as a SYNC one does, and puts
 * back every key the script's write commands touched as it was before (its DUMP and its expiry,
 * taken before the first write to it: {@link LdbUndo}). So, as in Redis, what a debugged script
 * writes is gone when the session ends; unlike Redis, the connection's shard waits meanwhile. A
 * write command whose effect its keys do not describe (FLUSHALL, SWAPDB: no key arguments) cannot
 * be put back and is refused in a YES session.
 *
 * <h2>Where a session runs</h2>
 * The debugger talks to the client's socket directly ({@link Connection#direct()}), so it runs only
 * on the connection's own loop: a script whose keys live on another shard (or on several) would run
 * on that shard's thread or on the coordinator, and is refused with an error saying so. With one
 * shard every script runs at home.
 *
 * <h2>The end</h2>
 * As in Redis: {@code <endsession>}, then EVAL's own reply, then the connection is closed.
 */
final class EvalDebugging {

    enum Mode {
        /** Redis's forked session: the script's writes are undone at the end. */
        YES,
        /** Redis's synchronous session: the writes stay. */
        SYNC
    }

    /** The clients that asked for debugging (CLIENT_LUA_DEBUG, CLIENT_LUA_DEBUG_SYNC); weak, so a client gone is forgotten. */
    private static final Map<Client, Mode> MODES = Collections.synchronizedMap(new WeakHashMap<>());

    /** The error of a debugged EVAL that would run away from its connection's loop. */
    static final String AWAY = "-ERR SCRIPT DEBUG needs the script's keys on the shard of the debugging connection, "
            + "and these live on another shard; debug on a server with one shard (--shards 1), or a script without keys";

    private EvalDebugging() {
    }

    /** SCRIPT DEBUG's row of the command table (Redis 7.0's). */
    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("debug", 3, EvalDebugging::scriptDebug)
                .flags(CommandFlag.NOSCRIPT)
                .acl(SLOW, SCRIPTING)
                .doc(CommandDoc.of("Set the debug mode for executed scripts.", "3.2.0", "scripting", "O(1)",
                        Arg.oneOf("mode", Arg.token("yes", "YES"), Arg.token("sync", "SYNC"), Arg.token("no", "NO"))));
    }

    private static void scriptDebug(CommandContext<? extends Db> ctx) {
        Connection connection = ctx.connection();
        // clientHasPendingReplies: replies not yet sent (a pipeline, EXEC's array) would mix with the debugger's
        if (connection == null || connection.output().pending() > 0) {
            ctx.reply().error("SCRIPT DEBUG must be called outside a pipeline");
            return;
        }
        Argv argv = ctx.argv();
        if (argv.equalsIgnoreCase(2, "no")) {
            MODES.remove(ctx.client());
        } else if (argv.equalsIgnoreCase(2, "yes")) {
            MODES.put(ctx.client(), Mode.YES);
        } else if (argv.equalsIgnoreCase(2, "sync")) {
            MODES.put(ctx.client(), Mode.SYNC);
        } else {
            ctx.reply().error("Use SCRIPT DEBUG YES/SYNC/NO");
            return;
        }
        ctx.reply().ok();
    }

    /** The client's debug mode, or null when it is not debugging. */
    static Mode mode(Client client) {
        return MODES.get(client);
    }

    /**
     * evalGenericCommandWithDebugging: {@code eval} (EVAL's own work: numkeys, compile, run, reply)
     * inside a debugging session, then {@code <endsession>} and the connection closed after the reply.
     */
    static void run(CommandContext<Db> ctx, Scripting scripting, Mode mode, Runnable eval) {
        Connection connection = ctx.connection();
        if (connection == null || !connection.loop().inLoop()) {
            ctx.reply().error(AWAY);
            return;
        }
        Connection.Direct io = connection.direct();
        if (io == null) {
            ctx.reply().error("-ERR can't run EVAL in debugging mode: the connection is closing");
            return;
        }
        Log.warn(mode == Mode.SYNC ? "Synchronous debugging eval session started" : "Debugging eval session started");
        LuaEngine engine = scripting.engine();
        LuaDebugger ldb = new LuaDebugger(io, engine, ctx.argv().copy(1), ctx.clock(),
                scripting.busyThresholdNanos() / 1_000_000);
        if (mode == Mode.YES) {
            ldb.undo(new LdbUndo(ctx));
        }
        engine.debugger = ldb;
        try {
            eval.run();
        } finally {
            engine.debugger = null;
            try {
                ldb.restore();
                ldb.end();
            } finally {
                io.close();
                MODES.remove(ctx.client());
                ctx.closeAfterReply();
                Log.warn(mode == Mode.SYNC ? "Synchronous debugging eval session ended" : "Debugging eval session ended");
            }
        }
    }
}
