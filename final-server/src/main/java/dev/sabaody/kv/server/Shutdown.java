package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.SlicedCommand;
import dev.sabaody.kv.server.scripting.Scripting;
import java.util.List;
import java.util.Locale;

/**
 * SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]: the same orderly stop as SIGTERM, after the final
 * save Redis makes (prepareForShutdown): with SAVE, or with save points configured and no NOSAVE.
 * A failed save keeps the server running and answers "Errors trying to SHUTDOWN. Check logs.",
 * unless FORCE. As in Redis, a successful SHUTDOWN sends no reply: the client sees its connection
 * close. The stop runs on a thread of its own, because it waits for the loops, and this command runs
 * on one of them (or on the coordinator, with every shard parked, which is what lets it save).
 *
 * <p>NOW (do not wait for replicas) has nothing to skip here; ABORT has no shutdown to abort, since
 * none waits.
 */
final class Shutdown implements SlicedCommand<Db, Keyspace>, Scripting.WhileBusy {

    private static final int NOSAVE = 1;
    private static final int SAVE = 2;
    private static final int FORCE = 4;

    private final Runnable stopServer;
    private final Persistence persistence;

    private Shutdown(Runnable stopServer, Persistence persistence) {
        this.stopServer = stopServer;
        this.persistence = persistence;
    }

    static CommandSpec.Builder<Db> spec(Runnable stopServer, Persistence persistence) {
        return CommandSpec.<Db>command("shutdown", -1, new Shutdown(stopServer, persistence))
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE,
                        CommandFlag.NO_MULTI, CommandFlag.ALLOW_BUSY)
                .acl(ADMIN, SLOW, DANGEROUS)
                .doc(CommandDoc.of("Synchronously save the dataset to disk and then shut down the server",
                        "1.0.0", "server", "O(N) when saving, where N is the total number of keys in all databases"));
    }

    /** {@link #parse}: a wrong option or combination (shared.syntaxerr). */
    private static final int SYNTAX_ERROR = -1;
    /** {@link #parse}: ABORT, with no shutdown in progress to abort. */
    private static final int ABORT = -2;

    /** The options as flags, or {@link #SYNTAX_ERROR} or {@link #ABORT}: shutdownCommand's checks, in its order. */
    private static int parse(Argv argv) {
        int flags = 0;
        boolean abort = false;
        for (int i = 1; i < argv.argc(); i++) {
            switch (argv.string(i).toLowerCase(Locale.ROOT)) {
                case "nosave" -> flags |= NOSAVE;
                case "save" -> flags |= SAVE;
                case "force" -> flags |= FORCE;
                case "now" -> { }
                case "abort" -> abort = true;
                default -> {
                    return SYNTAX_ERROR;
                }
            }
        }
        if ((flags & (NOSAVE | SAVE)) == (NOSAVE | SAVE) || (abort && (flags != 0 || argv.argc() > 2))) {
            return SYNTAX_ERROR;
        }
        return abort ? ABORT : flags;
    }

    /** The options as flags, or -1 after answering an error. */
    private static int flags(CommandContext<? extends Db> ctx) {
        int flags = parse(ctx.argv());
        if (flags == SYNTAX_ERROR) {
            ctx.replySyntaxError();
            return -1;
        }
        if (flags == ABORT) {
            ctx.reply().error("No shutdown in progress.");
            return -1;
        }
        return flags;
    }

    /**
     * While a script is busy, asked before the command is routed (so before any shard is parked,
     * which would wait for the script): without NOSAVE, the script's -BUSY; with NOSAVE, the scripts
     * are stopped, written or not, and the stop goes on (shutdownCommand, Redis 7.0). The option
     * errors come first, as there.
     */
    @Override
    public String whileBusy(CommandContext<?> ctx, Scripting scripting) {
        int flags = parse(ctx.argv());
        if (flags == SYNTAX_ERROR) {
            return "-ERR syntax error";
        }
        if (flags == ABORT) {
            return "-ERR No shutdown in progress.";
        }
        if ((flags & NOSAVE) == 0) {
            return scripting.busyReply();
        }
        scripting.killForShutdown();
        return null;
    }

    @Override
    public boolean check(CommandContext<? extends Db> ctx) {
        return flags(ctx) >= 0;
    }

    @Override
    public Keyspace part(CommandContext<? extends Db> ctx) {
        return ctx.db().keyspace();
    }

    @Override
    public void answer(CommandContext<? extends Db> ctx, List<Keyspace> parts) {
        int flags = flags(ctx);
        if (persistence.loading().active()) {
            flags = (flags & ~SAVE) | NOSAVE; // shutdownCommand: a half-read dataset must not overwrite the file
        }
        Log.info("User requested shutdown...");
        persistence.abortBackground("shutdown"); // prepareForShutdown kills a saving child first
        if ((flags & NOSAVE) == 0 && (persistence.savePointsConfigured() || (flags & SAVE) != 0)) {
            Log.info("Saving the final RDB snapshot before exiting.");
            if (!persistence.save(parts)) {
                if ((flags & FORCE) == 0) {
                    Log.warn("Error trying to save the DB, can't exit.");
                    ctx.reply().error("Errors trying to SHUTDOWN. Check logs.");
                    return;
                }
                Log.warn("Error trying to save the DB. Exit anyway.");
            }
        }
        persistence.finalSaveHandled();
        Thread.ofPlatform().name("shutdown-command").start(stopServer);
    }
}
