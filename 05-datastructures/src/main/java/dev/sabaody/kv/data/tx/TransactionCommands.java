package dev.sabaody.kv.data.tx;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.TRANSACTION;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.KeySpec;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH (multi.c). The queueing itself happens in the runner, before
 * a command would run ({@link dev.sabaody.kv.data.KeyspaceRunner}); these are the commands that
 * change the state and run the queue.
 */
public final class TransactionCommands {

    public static final String EXECABORT = "-EXECABORT Transaction discarded because of previous errors.";

    private TransactionCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(CommandSpec.<Db>command("multi", 1, TransactionCommands::multi)
                        .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                                CommandFlag.ALLOW_BUSY)
                        .acl(FAST, TRANSACTION)
                        .doc(CommandDoc.of("Start a transaction block", "1.2.0", "transactions", "O(1)")))
                .add(CommandSpec.<Db>command("exec", 1, TransactionCommands::exec)
                        .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SKIP_SLOWLOG)
                        .acl(SLOW, TRANSACTION)
                        .doc(CommandDoc.of("Execute all commands issued after MULTI", "1.2.0", "transactions",
                                "Depends on commands in the transaction")))
                .add(CommandSpec.<Db>command("discard", 1, TransactionCommands::discard)
                        .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                                CommandFlag.ALLOW_BUSY)
                        .acl(FAST, TRANSACTION)
                        .doc(CommandDoc.of("Discard all commands issued after MULTI", "2.0.0", "transactions",
                                "O(N), when N is the number of queued commands")))
                .add(CommandSpec.<Db>command("watch", -2, TransactionCommands::watch)
                        .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                                CommandFlag.ALLOW_BUSY)
                        .acl(FAST, TRANSACTION)
                        .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RO))
                        .doc(CommandDoc.of("Monitor changes to keys to conditionally execute a transaction",
                                "2.2.0", "transactions", "O(1) for every key.", Arg.key("key", 0).multiple())))
                .add(CommandSpec.<Db>command("unwatch", 1, TransactionCommands::unwatch)
                        .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                                CommandFlag.ALLOW_BUSY)
                        .acl(FAST, TRANSACTION)
                        .doc(CommandDoc.of("Forget about all watched keys", "2.2.0", "transactions", "O(1)")));
    }

    static void multi(CommandContext<? extends Db> ctx) {
        Transaction tx = Transaction.of(ctx.client());
        if (tx.isQueueing()) {
            ctx.reply().error("MULTI calls can not be nested");
            return;
        }
        tx.begin();
        ctx.reply().ok();
    }

    static void discard(CommandContext<? extends Db> ctx) {
        Transaction tx = Transaction.of(ctx.client());
        if (!tx.isQueueing()) {
            ctx.reply().error("DISCARD without MULTI");
            return;
        }
        tx.reset();
        ctx.db().keyspace().watches().unwatchAll(ctx.client().id());
        ctx.reply().ok();
    }

    static void watch(CommandContext<? extends Db> ctx) {
        if (Transaction.queueing(ctx.client())) {
            ctx.reply().error("WATCH inside MULTI is not allowed");
            return;
        }
        Db db = ctx.db();
        Argv argv = ctx.argv();
        for (int i = 1; i < argv.argc(); i++) {
            byte[] key = argv.copy(i);
            // keyIsExpired: the key is there but its time has passed (watchForKey records this).
            var entry = db.peek(key);
            boolean expired = entry != null && db.isExpired(entry);
            db.keyspace().watches().watch(ctx.client().id(), db.index(), key, expired);
        }
        ctx.reply().ok();
    }

    static void unwatch(CommandContext<? extends Db> ctx) {
        ctx.db().keyspace().watches().unwatchAll(ctx.client().id());
        ctx.reply().ok();
    }

    /**
     * EXEC on one keyspace: everything runs here, now, with time frozen and blocking denied, each
     * reply one element of the array (execCommand).
     */
    static void exec(CommandContext<? extends Db> ctx) {
        Transaction tx = Transaction.of(ctx.client());
        if (!tx.isQueueing()) {
            ctx.reply().error("EXEC without MULTI");
            return;
        }
        Keyspace keyspace = ctx.db().keyspace();
        if (!checkBeforeExec(ctx, tx, keyspace)) {
            return;
        }
        keyspace.fixTime(keyspace.clock().currentTimeMillis());
        keyspace.denyBlocking(true);
        try {
            ctx.reply().arrayHeader(tx.queued().size());
            for (Transaction.Queued q : tx.queued()) {
                q.spec().run(
                        CommandContext.detached(castServer(ctx), ctx.client(), ctx.reply(), q.argv(), q.spec()));
            }
        } finally {
            keyspace.fixTime(-1);
            keyspace.denyBlocking(false);
            tx.reset();
        }
    }

    /**
     * What EXEC checks before running anything, on any server: an abort while queueing answers
     * EXECABORT, a touched WATCH a null array; both end the transaction. Returns whether to run it.
     * The caller must see every watched key's database ({@code keyspace} here; every shard in
     * final-server).
     */
    public static boolean checkBeforeExec(CommandContext<?> ctx, Transaction tx,
                                          java.util.function.BiPredicate<Integer, byte[]> isExpired,
                                          dev.sabaody.kv.data.Watches watches) {
        long id = ctx.client().id();
        boolean watchFailed = watches.failsExec(id, isExpired);
        watches.unwatchAll(id);
        if (tx.isAborted()) {
            ctx.reply().error(EXECABORT);
            tx.reset();
            return false;
        }
        if (watchFailed) {
            ctx.reply().nullArray();
            tx.reset();
            return false;
        }
        return true;
    }

    private static boolean checkBeforeExec(CommandContext<? extends Db> ctx, Transaction tx, Keyspace keyspace) {
        return checkBeforeExec(ctx, tx, (db, key) -> {
            var e = keyspace.db(db).peek(key);
            return e != null && keyspace.db(db).isExpired(e);
        }, keyspace.watches());
    }

    @SuppressWarnings("unchecked")
    private static dev.sabaody.kv.resp.ServerState<Db> castServer(CommandContext<? extends Db> ctx) {
        return (dev.sabaody.kv.resp.ServerState<Db>) ctx.server();
    }
}
