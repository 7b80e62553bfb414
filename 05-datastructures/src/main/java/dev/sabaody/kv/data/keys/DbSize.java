package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.SlicedCommand;
import java.util.List;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;

/**
 * DBSIZE: the number of keys in the selected database, read from the table's counter in O(1)
 * (db.c dbsizeCommand). Keys whose time has passed but that nobody has touched since are counted
 * until lazy expiry or the active cycle reclaims them: Redis counts them too, and checking each key
 * would make DBSIZE O(N).
 */
final class DbSize implements SlicedCommand<Db, Long> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("dbsize", 1, new DbSize())
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(KEYSPACE, READ, FAST)
                .tips("request_policy:all_shards", "response_policy:agg_sum")
                .doc(CommandDoc.of("Return the number of keys in the selected database", "1.0.0", "server", "O(1)"));
    }

    @Override
    public Long part(CommandContext<? extends Db> ctx) {
        return (long) ctx.db().size();
    }

    /** response_policy:agg_sum: every slice's count, added. */
    @Override
    public void answer(CommandContext<? extends Db> ctx, List<Long> parts) {
        long keys = 0;
        for (long part : parts) {
            keys += part;
        }
        ctx.reply().integer(keys);
    }
}
