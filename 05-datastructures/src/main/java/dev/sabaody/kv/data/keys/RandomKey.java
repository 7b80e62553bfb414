package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.resp.SlicedCommand;
import java.util.List;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;

/**
 * RANDOMKEY: a random live key, or null when the database has none (db.c dbRandomKey).
 *
 * <p>{@link Db#randomEntry} deletes every expired key it draws and gives up after a hundred such
 * draws in a row; Redis's loop goes on until it finds a live key. Calling it again until the
 * database is empty gives Redis's answer: each failed call has deleted a hundred expired keys, so
 * the loop ends, and it cannot answer null while a live key exists.
 */
final class RandomKey implements SlicedCommand<Db, RandomKey.Draw> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("randomkey", 1, new RandomKey())
                .flags(CommandFlag.READONLY)
                .acl(KEYSPACE, READ, SLOW)
                .tips("request_policy:all_shards", "nondeterministic_output")
                .doc(CommandDoc.of("Return a random key from the keyspace", "1.0.0", "generic", "O(1)"));
    }

    /** One slice's random key (null when it has none) and how many keys it drew from. */
    record Draw(byte[] key, long keys) {
    }

    @Override
    public Draw part(CommandContext<? extends Db> ctx) {
        Entry e = randomLiveEntry(ctx.db());
        return new Draw(e == null ? null : e.key, ctx.db().size());
    }

    /**
     * One slice's key, the slice chosen with a weight of its key count, so that every key of the
     * keyspace is as likely as in one table (a shard picked uniformly would favour the keys of small
     * shards).
     */
    @Override
    public void answer(CommandContext<? extends Db> ctx, List<Draw> parts) {
        long total = 0;
        for (Draw d : parts) {
            total += d.key() == null ? 0 : d.keys();
        }
        byte[] chosen = null;
        if (total > 0) {
            long pick = ctx.db().keyspace().random().nextLong(total);
            for (Draw d : parts) {
                if (d.key() == null) {
                    continue;
                }
                chosen = d.key();
                pick -= d.keys();
                if (pick < 0) {
                    break;
                }
            }
        }
        if (chosen == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(chosen);
        }
    }

    static Entry randomLiveEntry(Db db) {
        Entry e;
        do {
            e = db.randomEntry();
        } while (e == null && db.size() > 0);
        return e;
    }
}
