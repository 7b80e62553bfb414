package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.SlicedCommand;
import java.util.List;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;

/**
 * FLUSHDB and FLUSHALL [ASYNC|SYNC]: delete every key of the selected database, or of all of them.
 * ASYNC is accepted and does the same: the old tables are simply dropped for the garbage collector,
 * which is what Redis's lazy-free thread does by hand.
 */
final class Flush implements SlicedCommand<Db, Boolean> {

    /** COMMAND DOCS history of both commands. */
    private static final String[] HISTORY = {"4.0.0", "Added the `ASYNC` flushing mode modifier.",
            "6.2.0", "Added the `SYNC` flushing mode modifier."};

    private final boolean all;

    private Flush(boolean all) {
        this.all = all;
    }

    static CommandSpec.Builder<Db> flushdb() {
        return CommandSpec.<Db>command("flushdb", -1, new Flush(false))
                .flags(CommandFlag.WRITE)
                .acl(KEYSPACE, WRITE, SLOW, DANGEROUS)
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc(CommandDoc.of("Remove all keys from the current database", "1.0.0", "server",
                        "O(N) where N is the number of keys in the selected database", mode()).withHistory(HISTORY));
    }

    static CommandSpec.Builder<Db> flushall() {
        return CommandSpec.<Db>command("flushall", -1, new Flush(true))
                .flags(CommandFlag.WRITE)
                .acl(KEYSPACE, WRITE, SLOW, DANGEROUS)
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc(CommandDoc.of("Remove all keys from all databases", "1.0.0", "server",
                        "O(N) where N is the total number of keys in all databases", mode()).withHistory(HISTORY));
    }

    private static Arg mode() {
        return Arg.oneOf("async", Arg.token("async", "ASYNC").since("4.0.0"),
                Arg.token("sync", "SYNC").since("6.2.0")).optional();
    }

    /** getFlushCommandFlags (db.c): at most one argument, ASYNC or SYNC. */
    @Override
    public boolean check(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() > 2 || (argv.argc() == 2 && !argv.equalsIgnoreCase(1, "async")
                && !argv.equalsIgnoreCase(1, "sync"))) {
            ctx.replySyntaxError();
            return false;
        }
        return true;
    }

    @Override
    public Boolean part(CommandContext<? extends Db> ctx) {
        if (all) {
            var keyspace = ctx.db().keyspace();
            for (int i = 0; i < keyspace.databases().count(); i++) {
                keyspace.db(i).flush();
            }
        } else {
            ctx.db().flush();
        }
        return Boolean.TRUE;
    }

    /** response_policy:all_succeeded: a flush cannot fail once its arguments are checked. */
    @Override
    public void answer(CommandContext<? extends Db> ctx, List<Boolean> parts) {
        // once per command, whatever the number of parts: client-side caching's null invalidation
        ctx.db().keyspace().watches().flushed(all ? -1 : ctx.db().index());
        if (all) {
            ctx.db().keyspace().flushedAll(); // flushAllDataAndResetRDB: the snapshot follows the flush
        }
        ctx.reply().ok();
    }
}
