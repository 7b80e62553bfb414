package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Command;
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
final class DbSize implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("dbsize", 1, new DbSize())
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(KEYSPACE, READ, FAST)
                .tips("request_policy:all_shards", "response_policy:agg_sum")
                .doc(CommandDoc.of("Return the number of keys in the selected database", "1.0.0", "server", "O(1)"));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        ctx.reply().integer(ctx.db().size());
    }
}
