package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.SlicedCommand;
import java.util.List;

/**
 * SAVE, BGSAVE and LASTSAVE. SAVE and BGSAVE are sliced commands whose part is the shard's keyspace
 * itself: with several shards they run with every shard parked, so the file holds one instant of all
 * of them. SAVE writes the file while they wait; BGSAVE only takes the instant and lets them go.
 */
final class SaveCommands {

    private SaveCommands() {
    }

    /** SAVE's work once every part is in: the keyspaces, still, written as one file. */
    static final class Save implements SlicedCommand<Db, Keyspace> {
        private final Persistence persistence;

        Save(Persistence persistence) {
            this.persistence = persistence;
        }

        @Override
        public Keyspace part(CommandContext<? extends Db> ctx) {
            return ctx.db().keyspace();
        }

        @Override
        public void answer(CommandContext<? extends Db> ctx, List<Keyspace> parts) {
            if (persistence.bgsaveInProgress()) {
                ctx.reply().error("Background save already in progress");
                return;
            }
            if (persistence.save(parts)) {
                ctx.reply().ok();
            } else {
                ctx.reply().error("-ERR"); // shared.err: the reason is in the log
            }
        }
    }

    static CommandSpec.Builder<Db> save(Persistence persistence) {
        return CommandSpec.<Db>command("save", 1, new Save(persistence))
                .flags(CommandFlag.NO_ASYNC_LOADING, CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.NO_MULTI)
                .acl(ADMIN, SLOW, DANGEROUS)
                .doc(CommandDoc.of("Synchronously save the dataset to disk", "1.0.0", "server",
                        "O(N) where N is the total number of keys in all databases"));
    }

    /** BGSAVE [SCHEDULE]: the instant is taken while the shards are parked; the file is written after. */
    static final class BackgroundSave implements SlicedCommand<Db, Keyspace> {
        private final Persistence persistence;

        BackgroundSave(Persistence persistence) {
            this.persistence = persistence;
        }

        @Override
        public boolean check(CommandContext<? extends Db> ctx) {
            if (ctx.argv().argc() > 2 || (ctx.argv().argc() == 2 && !ctx.argv().string(1).equalsIgnoreCase("schedule"))) {
                ctx.replySyntaxError();
                return false;
            }
            return true;
        }

        @Override
        public Keyspace part(CommandContext<? extends Db> ctx) {
            return ctx.db().keyspace();
        }

        @Override
        public void answer(CommandContext<? extends Db> ctx, List<Keyspace> parts) {
            // blocking is denied exactly while EXEC runs: bgsaveCommand's server.in_exec
            String reply = persistence.bgsave(parts, ctx.argv().argc() == 2, ctx.db().keyspace().blockingDenied());
            if (reply.startsWith("+")) {
                ctx.reply().simpleString(reply.substring(1));
            } else {
                ctx.reply().error(reply);
            }
        }
    }

    static CommandSpec.Builder<Db> bgsave(Persistence persistence) {
        return CommandSpec.<Db>command("bgsave", -1, new BackgroundSave(persistence))
                .flags(CommandFlag.NO_ASYNC_LOADING, CommandFlag.ADMIN, CommandFlag.NOSCRIPT)
                .acl(ADMIN, SLOW, DANGEROUS)
                .doc(CommandDoc.of("Asynchronously save the dataset to disk", "1.0.0", "server", "O(1)",
                                CommandDoc.Arg.token("schedule", "SCHEDULE").since("3.2.2").optional())
                        .withHistory("3.2.2", "Added the `SCHEDULE` option."));
    }

    /** BGREWRITEAOF: like BGSAVE, the instant is taken while the shards are parked. */
    static final class RewriteAof implements SlicedCommand<Db, Keyspace> {
        private final java.util.function.Supplier<dev.sabaody.kv.server.aof.Aof> aof;

        RewriteAof(java.util.function.Supplier<dev.sabaody.kv.server.aof.Aof> aof) {
            this.aof = aof;
        }

        @Override
        public Keyspace part(CommandContext<? extends Db> ctx) {
            return ctx.db().keyspace();
        }

        @Override
        public void answer(CommandContext<? extends Db> ctx, List<Keyspace> parts) {
            String reply = aof.get().bgrewriteaof(parts);
            if (reply.startsWith("+")) {
                ctx.reply().simpleString(reply.substring(1));
            } else {
                ctx.reply().error(reply);
            }
        }
    }

    static CommandSpec.Builder<Db> bgrewriteaof(java.util.function.Supplier<dev.sabaody.kv.server.aof.Aof> aof) {
        return CommandSpec.<Db>command("bgrewriteaof", 1, new RewriteAof(aof))
                .flags(CommandFlag.NO_ASYNC_LOADING, CommandFlag.ADMIN, CommandFlag.NOSCRIPT)
                .acl(ADMIN, SLOW, DANGEROUS)
                .doc(CommandDoc.of("Asynchronously rewrite the append-only file", "1.0.0", "server", "O(1)"));
    }

    static CommandSpec.Builder<Db> lastSave(Persistence persistence) {
        return CommandSpec.<Db>command("lastsave", 1, ctx -> ctx.reply().integer(persistence.lastSave()))
                .flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .acl(ADMIN, FAST, DANGEROUS)
                .doc(CommandDoc.of("Get the UNIX time stamp of the last successful save to disk", "1.0.0", "server",
                        "O(1)"));
    }
}
