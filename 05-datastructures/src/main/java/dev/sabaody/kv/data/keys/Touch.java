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
 * TOUCH key [key ...]: a read of each key that does nothing but move its LRU clock to now (and
 * count a hit), answering how many exist (db.c touchCommand). Its use is to keep keys from being
 * chosen by an LRU eviction (module 06).
 */
final class Touch implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("touch", -2, new Touch())
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(KEYSPACE, READ, FAST)
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Alters the last access time of a key(s). Returns the number of existing keys"
                                + " specified.", "3.2.1", "generic",
                        "O(N) where N is the number of keys that will be touched.", Arg.key("key", 0).multiple()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        long touched = 0;
        for (int i = 1; i < argv.argc(); i++) {
            if (ctx.db().lookupRead(argv, i) != null) {
                touched++;
            }
        }
        ctx.reply().integer(touched);
    }
}
