package dev.sabaody.kv.server.admin;

import static dev.sabaody.kv.resp.AclCategory.CONNECTION;
import static dev.sabaody.kv.resp.AclCategory.FAST;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.tx.Transaction;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.TransactionControl;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * RESET: the connection as it was when it connected (resetCommand and clearClientConnectionState,
 * networking.c): the transaction discarded and the keys unwatched, database 0, RESP2, no name, CLIENT
 * REPLY ON, NO-EVICT off, the default user, authenticated only if that user needs no password.
 * Subscriptions and client-side caching end through {@link #onReset} hooks, which their engines
 * register: the seam where Pub/Sub plugs its pubsubUnsubscribeAll and tracking its disableTracking.
 *
 * <p>It runs at once inside MULTI (a {@link TransactionControl}), as in Redis.
 */
final class ResetCommand {

    /** What else a RESET clears, registered by the engines that keep per-client state. */
    private final List<Consumer<CommandContext<Db>>> hooks = new CopyOnWriteArrayList<>();

    void onReset(Consumer<CommandContext<Db>> hook) {
        hooks.add(hook);
    }

    CommandSpec.Builder<Db> spec() {
        TransactionControl<Db> reset = this::reset;
        return CommandSpec.<Db>command("reset", 1, reset)
                .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                        CommandFlag.NO_AUTH, CommandFlag.ALLOW_BUSY)
                .acl(FAST, CONNECTION)
                .allowedWhileSubscribed()
                .doc(CommandDoc.of("Reset the connection", "6.2.0", "connection", "O(1)"));
    }

    private void reset(CommandContext<? extends Db> any) {
        @SuppressWarnings("unchecked")
        CommandContext<Db> ctx = (CommandContext<Db>) any;
        if (ctx.client().attachment() instanceof Transaction tx) {
            tx.reset();
        }
        ctx.db().keyspace().watches().unwatchAll(ctx.client().id());
        for (Consumer<CommandContext<Db>> hook : hooks) {
            hook.accept(ctx);
        }
        ctx.client().reset(ctx.server().users());
        ctx.setProtocol(2);
        ctx.reply().simpleString("RESET");
    }
}
