package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.SlicedCommand;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.Glob;
import java.util.ArrayList;
import java.util.List;

/**
 * KEYS pattern: every key matching a glob pattern, in table order (db.c keysCommand). It walks the
 * whole table in one go, which is why it is flagged {@code @dangerous}: SCAN is the way to walk a big
 * keyspace without stalling everyone else.
 *
 * <p>A key whose time has passed is left out but not deleted, as Redis's {@code keyIsExpired}
 * check does: deleting from the table while walking it would break the walk, and the active cycle
 * or the next lookup will reclaim it. {@code *} alone skips the matcher.
 */
final class Keys implements SlicedCommand<Db, List<byte[]>> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("keys", 2, new Keys())
                .flags(CommandFlag.READONLY)
                .acl(KEYSPACE, READ, SLOW, DANGEROUS)
                .tips("request_policy:all_shards", "nondeterministic_output_order")
                .doc(CommandDoc.of("Find all keys matching the given pattern", "1.0.0", "generic",
                        "O(N) with N being the number of keys in the database, under the assumption that the key"
                                + " names in the database and the given pattern have limited length.",
                        Arg.of("pattern", "pattern")));
    }

    @Override
    public List<byte[]> part(CommandContext<? extends Db> ctx) {
        Db db = ctx.db();
        byte[] pattern = ctx.argv().copy(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> found = new ArrayList<>();
        db.forEach(e -> {
            if ((all || Glob.matches(pattern, e.key, false)) && !db.isExpired(e)) {
                found.add(e.key);
            }
        });
        return found;
    }

    /** No response policy: a cluster client concatenates the shards' arrays, and so does this. */
    @Override
    public void answer(CommandContext<? extends Db> ctx, List<List<byte[]>> parts) {
        int count = 0;
        for (List<byte[]> part : parts) {
            count += part.size();
        }
        ctx.reply().arrayHeader(count);
        for (List<byte[]> part : parts) {
            for (byte[] key : part) {
                ctx.reply().bulk(key);
            }
        }
    }
}
