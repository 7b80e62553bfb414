package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.Watches;
import dev.sabaody.kv.resp.SlicedCommand;
import java.util.List;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import java.util.function.Predicate;

/**
 * SWAPDB index1 index2 (db.c swapdbCommand, dbSwapDatabases): exchanges the contents of two
 * databases in O(1), by swapping their tables. Clients stay where they are: one that had selected
 * database 0 now sees what database 1 held.
 *
 * <p>What does not move is what belongs to the clients: their WATCHed keys and the keys they are
 * blocked on, both recorded per database number. So a swap is a write to every watched key that
 * exists on either side (the transaction must fail: the value it watched is no longer the one it
 * reads), and a blocked client may now find the key it waits for: every waited-on key is checked.
 */
final class SwapDb implements SlicedCommand<Db, Boolean> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("swapdb", 3, new SwapDb())
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(KEYSPACE, WRITE, FAST, DANGEROUS)
                .doc(CommandDoc.of("Swaps two Redis databases", "4.0.0", "server",
                        "O(N) where N is the count of clients watching or blocking on keys from both databases.",
                        Arg.of("index1", "integer"), Arg.of("index2", "integer")));
    }

    @Override
    public boolean check(CommandContext<? extends Db> ctx) {
        Integer first = KeyArgs.parseInt(ctx, 1, "invalid first DB index");
        if (first == null) {
            return false;
        }
        Integer second = KeyArgs.parseInt(ctx, 2, "invalid second DB index");
        if (second == null) {
            return false;
        }
        int count = ctx.databases().count();
        if (first < 0 || first >= count || second < 0 || second >= count) {
            ctx.reply().error(KeyArgs.DB_OUT_OF_RANGE);
            return false;
        }
        return true;
    }

    /** Every slice holds every database: each swaps its own two. */
    @Override
    public Boolean part(CommandContext<? extends Db> ctx) {
        swap(ctx.db().keyspace(), index(ctx.argv(), 1), index(ctx.argv(), 2));
        return Boolean.TRUE;
    }

    @Override
    public void answer(CommandContext<? extends Db> ctx, List<Boolean> parts) {
        Db db = ctx.db();
        db.countChanges(db.changeMark(), 1); // swapdbCommand: server.dirty++, once for all slices
        ctx.reply().ok();
    }

    /** A database index that {@link #check} has already found valid. */
    private static int index(dev.sabaody.kv.resp.Argv argv, int i) {
        argv.parseLong(i);
        return (int) argv.parsedLong();
    }

    /** Swaps databases {@code a} and {@code b} of {@code keyspace}, waking watchers and blocked clients. */
    static void swap(Keyspace keyspace, int a, int b) {
        if (a == b) {
            return;
        }
        Db first = keyspace.db(a);
        Db second = keyspace.db(b);
        Watches watches = keyspace.watches();
        if (watches.any()) {
            // touchAllWatchedKeysInDb, both ways: a key existing on either side changes on both.
            Predicate<byte[]> inEither = key -> first.peek(key) != null || second.peek(key) != null;
            watches.touchDb(a, inEither);
            watches.touchDb(b, inEither);
        }
        first.swapWith(second);
        keyspace.signalAllWaitedOn();
    }
}
