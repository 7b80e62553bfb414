package dev.sabaody.kv.data.bloom;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * BF.ADD key item and BF.MADD key item [item ...] (BFAdd_RedisCommand): add, creating the filter
 * with the defaults (error 0.01, capacity 100, expansion 2) when the key is missing. 1 (RESP3: true)
 * when the item was new, 0 when it was, or seemed, already there.
 */
final class BfAdd implements Command<Db> {

    private final boolean multi;

    private BfAdd(boolean multi) {
        this.multi = multi;
    }

    static CommandSpec.Builder<Db> spec(String name, int arity, boolean multi) {
        Arg item = multi ? Arg.of("item", "string").multiple() : Arg.of("item", "string");
        return CommandSpec.<Db>command(name, arity, new BfAdd(multi))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.MODULE)
                .acl(WRITE, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of(multi ? "Adds one or more items to a Bloom Filter. A filter will be created if it"
                                + " does not exist" : "Adds an item to a Bloom Filter", "1.0.0", "bf",
                        multi ? "O(k * n), where k is the number of hash functions and n is the number of items"
                                : "O(k), where k is the number of hash functions used by the last sub-filter",
                        Arg.key("key", 0), item));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        BloomCommands.insert(ctx, 2, multi, true, ScalableBloomFilter.BF_DEFAULT_INIT_CAPACITY,
                ScalableBloomFilter.BF_DEFAULT_ERROR_RATE, ScalableBloomFilter.BF_DEFAULT_EXPANSION, false);
    }
}
