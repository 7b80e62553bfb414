package dev.sabaody.kv.data.bloom;

import static dev.sabaody.kv.resp.AclCategory.FAST;
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
 * BF.EXISTS key item and BF.MEXISTS key item [item ...] (BFCheck_RedisCommand): 1 (RESP3: true)
 * when every bit of the item is set in some link: "probably added"; 0 means "certainly not". A
 * missing key, or one of another type, answers 0 for every item: RedisBloom treats any lookup
 * failure as an empty filter here.
 */
final class BfExists implements Command<Db> {

    private final boolean multi;

    private BfExists(boolean multi) {
        this.multi = multi;
    }

    static CommandSpec.Builder<Db> spec(String name, int arity, boolean multi) {
        Arg item = multi ? Arg.of("item", "string").multiple() : Arg.of("item", "string");
        return CommandSpec.<Db>command(name, arity, new BfExists(multi))
                .flags(CommandFlag.READONLY, CommandFlag.MODULE, CommandFlag.FAST)
                .acl(READ, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of(multi ? "Checks whether one or more items exist in a Bloom Filter"
                                : "Checks whether an item exists in a Bloom Filter", "1.0.0", "bf",
                        multi ? "O(k * n), where k is the number of hash functions and n is the number of items"
                                : "O(k), where k is the number of hash functions used by the last sub-filter",
                        Arg.key("key", 0), item));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        ScalableBloomFilter filter = BloomCommands.lookupRead(ctx);
        if (multi) {
            ctx.reply().arrayHeader(argv.argc() - 2);
        }
        for (int i = 2; i < argv.argc(); i++) {
            ctx.reply().bool(filter != null && filter.contains(argv.buffer(), argv.offset(i), argv.length(i)));
        }
    }
}
