package dev.sabaody.kv.data.bloom;

import static dev.sabaody.kv.resp.AclCategory.WRITE;

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
 * BF.INSERT key [CAPACITY capacity] [ERROR error] [EXPANSION expansion] [NOCREATE] [NONSCALING]
 * ITEMS item [item ...] (BFInsert_RedisCommand). The options are told apart as RedisBloom tells
 * them: by their first letter (and the second of ERROR/EXPANSION, the third of NOCREATE/NONSCALING),
 * so "INSERT" reads as ITEMS, as it does there. CAPACITY, ERROR and EXPANSION matter only when the
 * filter is created.
 */
final class BfInsert implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("bf.insert", -4, new BfInsert())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.MODULE)
                .acl(WRITE)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of("Adds one or more items to a Bloom Filter. A filter will be created if it does"
                                + " not exist", "1.0.0", "bf",
                        "O(k * n), where k is the number of hash functions and n is the number of items",
                        Arg.key("key", 0),
                        Arg.of("capacity", "integer").withToken("CAPACITY").optional(),
                        Arg.of("error", "double").withToken("ERROR").optional(),
                        Arg.of("expansion", "integer").withToken("EXPANSION").optional(),
                        Arg.token("nocreate", "NOCREATE").optional(),
                        Arg.token("nonscaling", "NONSCALING").optional(),
                        Arg.token("items", "ITEMS"), Arg.of("item", "string").multiple()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        long capacity = ScalableBloomFilter.BF_DEFAULT_INIT_CAPACITY;
        double errorRate = ScalableBloomFilter.BF_DEFAULT_ERROR_RATE;
        long expansion = ScalableBloomFilter.BF_DEFAULT_EXPANSION;
        boolean autocreate = true;
        boolean nonScaling = false;
        int items = -1;
        int cur = 2;
        while (cur < argv.argc() && items < 0) {
            switch (letter(argv, cur, 0)) {
                case 'i' -> items = ++cur;
                case 'e' -> {
                    boolean error = letter(argv, cur, 1) == 'r';
                    if (++cur == argv.argc()) {
                        ctx.replyWrongArity();
                        return;
                    }
                    if (error) {
                        errorRate = ModuleArgs.parseDouble(argv, cur++);
                        if (Double.isNaN(errorRate)) {
                            ctx.reply().error("-Bad error rate");
                            return;
                        }
                    } else {
                        if (!argv.parseLong(cur++)) {
                            ctx.reply().error("-Bad expansion");
                            return;
                        }
                        expansion = argv.parsedLong();
                    }
                }
                case 'c' -> {
                    if (++cur == argv.argc()) {
                        ctx.replyWrongArity();
                        return;
                    }
                    if (!argv.parseLong(cur++)) {
                        ctx.reply().error("-Bad capacity");
                        return;
                    }
                    capacity = argv.parsedLong();
                }
                case 'n' -> {
                    if (letter(argv, cur, 2) == 'c') {
                        autocreate = false;
                    } else {
                        nonScaling = true;
                    }
                    cur++;
                }
                default -> {
                    ctx.reply().error("-Unknown argument received");
                    return;
                }
            }
        }
        if (items < 0 || items == argv.argc()) {
            ctx.replyWrongArity();
            return;
        }
        // RedisBloom keeps the expansion in an unsigned int; past that range Sabaody-KV refuses it.
        if (errorRate <= 0 || errorRate >= 1 || capacity < 1 || expansion < 1 || expansion > Integer.MAX_VALUE) {
            ctx.reply().error("-Bad argument received");
            return;
        }
        BloomCommands.insert(ctx, items, true, autocreate, capacity, errorRate, (int) expansion, nonScaling);
    }

    /** Character {@code at} of argument {@code i} in lower case, or 0 past its end (the C string's NUL). */
    private static int letter(Argv argv, int i, int at) {
        if (at >= argv.length(i)) {
            return 0;
        }
        int c = argv.byteAt(i, at) & 0xff;
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
