package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import java.util.function.ToLongFunction;

/** DBSIZE: the keys of the selected database, summed over every shard (run with all of them parked). */
final class DbSize<D> implements Command<D> {

    private final Shards<D> shards;
    private final ToLongFunction<D> keyCount;

    private DbSize(Shards<D> shards, ToLongFunction<D> keyCount) {
        this.shards = shards;
        this.keyCount = keyCount;
    }

    static <D> CommandSpec.Builder<D> spec(Shards<D> shards, ToLongFunction<D> keyCount) {
        return CommandSpec.<D>command("dbsize", 1, new DbSize<>(shards, keyCount))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(KEYSPACE, READ, FAST)
                .tips("request_policy:all_shards", "response_policy:agg_sum")
                .doc(CommandDoc.of("Return the number of keys in the selected database", "1.0.0",
                        "server", "O(1)"));
    }

    @Override
    public void execute(CommandContext<? extends D> ctx) {
        long keys = 0;
        for (Shard<D> shard : shards.all()) {
            keys += keyCount.applyAsLong(shard.state().databases().get(ctx.client().db()));
        }
        ctx.reply().integer(keys);
    }
}
