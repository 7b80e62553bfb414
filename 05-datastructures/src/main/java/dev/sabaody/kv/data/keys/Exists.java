package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * EXISTS key [key ...]: how many of the keys exist, a key named twice counting twice (db.c
 * existsCommand). The lookup leaves the LRU clock alone: asking whether a key exists is not using it.
 */
final class Exists implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("exists", -2, new Exists())
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(KEYSPACE, READ, FAST)
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Determine if a key exists", "1.0.0", "generic",
                                "O(N) where N is the number of keys to check.", Arg.key("key", 0).multiple())
                        .withHistory("3.0.3", "Accepts multiple `key` arguments."));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        long found = 0;
        for (int i = 1; i < argv.argc(); i++) {
            if (KeyArgs.lookupReadNoTouch(ctx.db(), argv, i) != null) {
                found++;
            }
        }
        ctx.reply().integer(found);
    }
}
