package dev.sabaody.kv.data.tx;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.TransactionControl;
import java.util.ArrayList;
import java.util.List;

/**
 * One client's MULTI state (multi.c's multiState): whether it is queueing, the commands queued, and
 * whether an error while queueing has doomed the EXEC.
 *
 * <h2>Redis's semantics, which this keeps</h2>
 * <ul>
 *   <li>After MULTI every command but EXEC, DISCARD, MULTI, WATCH, QUIT and RESET is checked
 *       (exists, arity) and queued: the reply is {@code +QUEUED}, nothing runs.
 *   <li>A command rejected while queueing (unknown, wrong arity) makes EXEC answer
 *       {@code -EXECABORT} and run nothing.
 *   <li>A command that fails while EXEC runs it (WRONGTYPE) does not stop the others: its error is
 *       one element of EXEC's array. There is no rollback.
 *   <li>WATCHed keys written (or expired) between WATCH and EXEC make EXEC answer a null array.
 *   <li>Nothing else runs while EXEC runs its queue: the transaction is atomic.
 * </ul>
 */
public final class Transaction implements dev.sabaody.kv.resp.PendingTransaction {

    /** A command waiting for EXEC, with a copy of its arguments (the originals are input-buffer slices). */
    public record Queued(CommandSpec<Db> spec, Argv argv) {
    }

    private boolean queueing;
    /** CLIENT_DIRTY_EXEC: a command was rejected while queueing. */
    private boolean aborted;
    private final List<Queued> queued = new ArrayList<>();
    /** The client it belongs to: CLIENT LIST shows its multi and multi-mem. */
    private Client client;
    /** The queued commands' argument bytes (multi-mem). */
    private long queuedBytes;

    /** The client's transaction state, created on first use. */
    public static Transaction of(Client client) {
        Transaction tx = client.attachment();
        if (tx == null) {
            tx = new Transaction();
            tx.client = client;
            client.attach(tx);
        }
        return tx;
    }

    /** Whether {@code client} is between MULTI and EXEC/DISCARD. */
    @Override
    public boolean queueing() {
        return queueing;
    }

    public static boolean queueing(Client client) {
        return client.attachment() instanceof Transaction tx && tx.queueing;
    }

    /**
     * Whether {@code client}'s next command {@code spec} is to be queued rather than run: it is inside
     * MULTI, and the command is not one of those that run at once there
     * ({@link TransactionControl}: processCommand's list in server.c).
     */
    public static boolean queues(Client client, CommandSpec<?> spec) {
        return queueing(client) && !(spec.implementation() instanceof TransactionControl<?>);
    }

    public boolean isQueueing() {
        return queueing;
    }

    public boolean isAborted() {
        return aborted;
    }

    void begin() {
        queueing = true;
        client.multiState(0, 0, false);
    }

    public void queue(CommandSpec<Db> spec, Argv argv) {
        queued.add(new Queued(spec, Argv.copyOf(argv)));
        for (int i = 0; i < argv.argc(); i++) {
            queuedBytes += argv.length(i);
        }
        client.multiState(queued.size(), queuedBytes, false);
    }

    /**
     * What the runner does with a command the session refused (rejectCommand in server.c): inside
     * MULTI it dooms the transaction; a refused EXEC ends it at once with EXECABORT, inside MULTI or
     * not (execCommandAbort). Returns true when it wrote that reply itself.
     */
    public static boolean rejected(CommandContext<?> ctx, String error) {
        if (Transaction.queueing(ctx.client())) {
            Transaction.of(ctx.client()).abort();
        }
        if (TransactionCommands.isExec(ctx.command())) {
            // execCommandAbort: the error's own code ("-OOM") loses its dash inside the EXECABORT text
            String cause = error.startsWith("-") ? error.substring(1) : error;
            ctx.reply().error("-EXECABORT Transaction discarded because of: " + cause);
            if (ctx.client().attachment() instanceof Transaction tx) {
                tx.reset();
            }
            return true;
        }
        return false;
    }

    /** A command was refused while queueing (flagTransaction). */
    public void abort() {
        if (queueing) {
            aborted = true;
        }
    }

    public List<Queued> queued() {
        return queued;
    }

    /** Back to normal mode (discardTransaction), the queue dropped. */
    public void reset() {
        queueing = false;
        aborted = false;
        queued.clear();
        queuedBytes = 0;
        client.multiState(-1, 0, false);
    }
}
