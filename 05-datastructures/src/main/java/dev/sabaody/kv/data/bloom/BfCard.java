package dev.sabaody.kv.data.bloom;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * BF.CARD key (RedisBloom 2.4.4): the number of items added and found new (that set at least one
 * bit), 0 when the key is missing.
 */
final class BfCard implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("bf.card", 2, new BfCard())
                .flags(CommandFlag.READONLY, CommandFlag.MODULE, CommandFlag.FAST)
                .acl(READ, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Returns the cardinality of a Bloom filter", "2.4.4", "bf", "O(1)",
                        Arg.key("key", 0)));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Entry e = ctx.db().lookupRead(ctx.argv(), 1);
        if (e == null) {
            ctx.reply().integer(0);
        } else if (e.value instanceof ScalableBloomFilter filter) {
            ctx.reply().integer(filter.size());
        } else {
            ctx.reply().error(Values.WRONGTYPE);
        }
    }
}
