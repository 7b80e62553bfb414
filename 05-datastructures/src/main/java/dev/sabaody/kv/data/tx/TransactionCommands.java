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
import dev.sabaody.kv.resp.ServerState;
import dev.sabaody.kv.resp.TransactionControl;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * MULTI, EXEC, DISCARD, WATCH, UNWATCH (multi.c). The queueing itself happens in the runner, before
 * a command would run ({@link dev.sabaody.kv.data.KeyspaceRunner}); these are the commands that
 * change the state and run the queue.
 */
public final class TransactionCommands {

    public static final String EXECABORT = "-EXECABORT Transaction discarded because of previous errors.";

    /** EXEC's implementation: the runner of a server with several keyspaces knows EXEC by it, not by name. */
    private static final TransactionControl<Db> EXEC = TransactionCommands::exec;

    /** Whether {@code spec} is EXEC (null: an unknown command). */
    public static boolean isExec(CommandSpec<?> spec) {
        return spec != null && spec.implementation() == EXEC;
    }

    private TransactionCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(CommandSpec.<Db>command("multi", 1, (TransactionControl<Db>) TransactionCommands::multi)
                        .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                                CommandFlag.ALLOW_BUSY)
                        .acl(FAST, TRANSACTION)
                        .doc(CommandDoc.of("Start a transaction block", "1.2.0", "transactions", "O(1)")))
                .add(CommandSpec.<Db>command("exec", 1, EXEC)
                        .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.SKIP_SLOWLOG)
                        .acl(SLOW, TRANSACTION)
                        .doc(CommandDoc.of("Execute all commands issued after MULTI", "1.2.0", "transactions",
                                "Depends on commands in the transaction")))
                .add(CommandSpec.<Db>command("discard", 1, (TransactionControl<Db>) TransactionCommands::discard)
                        .flags(CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST,
                                CommandFlag.ALLOW_BUSY)
                        .acl(FAST, TRANSACTION)
                        .doc(CommandDoc.of("Discard all commands issued after MULTI", "2.0.0", "transactions",
                                "O(N), when N is the number of queued commands")))
                .add(CommandSpec.<Db>command("watch", -2, (TransactionControl<Db>) TransactionCommands::watch)
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

    /** EXEC on one keyspace: every queued command runs here, now. */
    static void exec(CommandContext<? extends Db> ctx) {
        Transaction tx = Transaction.of(ctx.client());
        if (!tx.isQueueing()) {
            ctx.reply().error("EXEC without MULTI");
            return;
        }
        Keyspace keyspace = ctx.db().keyspace();
        @SuppressWarnings("unchecked")
        ServerState<Db> server = (ServerState<Db>) ctx.server();
        execute(ctx, tx, List.of(keyspace), key -> keyspace,
                q -> q.spec().run(CommandContext.detached(server, ctx.client(), ctx.reply(), q.argv(), q.spec())));
    }

    /**
     * What EXEC does, on any server (execCommand): an abort while queueing answers EXECABORT, a touched
     * WATCH a null array; otherwise every queued command runs, each reply one element of the array,
     * with time frozen at one instant and blocking denied on every keyspace. Either way the
     * transaction ends. Module 05 runs it on its one keyspace; final-server with every shard parked,
     * each queued command run where its keys live.
     *
     * @param keyspaces every keyspace a queued command may touch
     * @param ownerOf   the keyspace that holds a key (for the WATCH check)
     * @param run       runs one queued command, its reply written to {@code ctx.reply()}
     */
    public static void execute(CommandContext<?> ctx, Transaction tx, List<Keyspace> keyspaces,
                               Function<byte[], Keyspace> ownerOf, Consumer<Transaction.Queued> run) {
        Keyspace any = keyspaces.getFirst();
        long id = ctx.client().id();
        boolean watchFailed = any.watches().failsExec(id, (db, key) -> {
            Db owner = ownerOf.apply(key).db(db);
            var e = owner.peek(key);
            return e != null && owner.isExpired(e);
        });
        any.watches().unwatchAll(id);
        try {
            if (tx.isAborted()) {
                ctx.reply().error(EXECABORT);
                return;
            }
            if (watchFailed) {
                ctx.reply().nullArray();
                return;
            }
            long now = any.clock().currentTimeMillis();
            for (Keyspace k : keyspaces) {
                k.fixTime(now);
                k.denyBlocking(true);
            }
            try {
                ctx.reply().arrayHeader(tx.queued().size());
                tx.queued().forEach(run);
            } finally {
                for (Keyspace k : keyspaces) {
                    k.fixTime(-1);
                    k.denyBlocking(false);
                }
            }
        } finally {
            tx.reset();
        }
    }
}
