package dev.sabaody.kv.data.bloom;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * BF.RESERVE key error_rate capacity [EXPANSION expansion] [NONSCALING] (BFReserve_RedisCommand):
 * an empty filter with the given parameters. The options are found anywhere after the key, as
 * RedisBloom's RMUtil_ArgIndex finds them; unknown words are ignored, as there.
 */
final class BfReserve implements Command<Db> {

    /** BF.RESERVE takes at most three optional words after its three arguments. */
    private static final int MAX_ARGC = 7;

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("bf.reserve", -4, new BfReserve())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.MODULE, CommandFlag.FAST)
                .acl(WRITE, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of("Creates a new Bloom Filter", "1.0.0", "bf", "O(1)",
                        Arg.key("key", 0), Arg.of("error_rate", "double"), Arg.of("capacity", "integer"),
                        Arg.of("expansion", "integer").withToken("EXPANSION").optional(),
                        Arg.token("nonscaling", "NONSCALING").optional()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() > MAX_ARGC) {
            ctx.replyWrongArity();
            return;
        }
        double errorRate = ModuleArgs.parseDouble(argv, 2);
        if (Double.isNaN(errorRate)) {
            ctx.reply().error("-ERR bad error rate");
            return;
        } else if (errorRate >= 1 || errorRate <= 0) {
            ctx.reply().error("-ERR (0 < error rate range < 1) ");
            return;
        }
        if (!argv.parseLong(3)) {
            ctx.reply().error("-ERR bad capacity");
            return;
        }
        long capacity = argv.parsedLong();
        if (capacity <= 0) {
            ctx.reply().error("-ERR (capacity should be larger than 0)");
            return;
        }
        boolean nonScaling = ModuleArgs.argIndex(argv, "NONSCALING") != -1;
        long expansion = ScalableBloomFilter.BF_DEFAULT_EXPANSION;
        int at = ModuleArgs.argIndex(argv, "EXPANSION");
        if (at + 1 == argv.argc()) {
            ctx.reply().error("-ERR no expansion");
            return;
        }
        if (at != -1) {
            if (nonScaling) {
                ctx.reply().error("-Nonscaling filters cannot expand");
                return;
            }
            // RedisBloom stores the factor in an unsigned int and does not check it; a factor below 1
            // would make the next link empty, so Sabaody-KV refuses it here instead.
            if (!argv.parseLong(at + 1) || argv.parsedLong() < 1 || argv.parsedLong() > Integer.MAX_VALUE) {
                ctx.reply().error("-ERR bad expansion");
                return;
            }
            expansion = argv.parsedLong();
        }
        Entry e = ctx.db().lookup(argv, 1);
        if (e != null) {
            ctx.reply().error(e.value instanceof ScalableBloomFilter ? BloomCommands.ITEM_EXISTS : Values.WRONGTYPE);
            return;
        }
        ScalableBloomFilter filter = ScalableBloomFilter.create(capacity, errorRate, (int) expansion, nonScaling);
        if (filter == null) {
            ctx.reply().error(BloomCommands.COULD_NOT_CREATE);
            return;
        }
        ctx.db().add(argv.copy(1), filter);
        ctx.reply().ok();
    }
}
