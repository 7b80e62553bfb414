package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;

/** DBSIZE: the keys of the selected database, summed over every shard (run with all of them parked). Replaces module 05's. */
final class DbSize implements Command<Db> {

    private final Shards shards;

    private DbSize(Shards shards) {
        this.shards = shards;
    }

    static CommandSpec.Builder<Db> spec(Shards shards) {
        return CommandSpec.<Db>command("dbsize", 1, new DbSize(shards))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(KEYSPACE, READ, FAST)
                .tips("request_policy:all_shards", "response_policy:agg_sum")
                .doc(CommandDoc.of("Return the number of keys in the selected database", "1.0.0",
                        "server", "O(1)"));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        long keys = 0;
        for (Shard shard : shards.all()) {
            keys += shard.keyspace().db(ctx.client().db()).size();
        }
        ctx.reply().integer(keys);
    }
}
