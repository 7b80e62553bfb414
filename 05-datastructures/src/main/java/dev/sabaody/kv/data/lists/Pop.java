package dev.sabaody.kv.data.lists;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.LIST;
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
 * LPOP, RPOP key [count] (popGenericCommand). Without a count: one element as a bulk string, or the
 * null bulk string. With one: an array of up to count elements in pop order, the null array when
 * the key is missing, the empty array for a count of 0. The count is checked before the key.
 */
final class Pop implements Command<Db> {

    /** t_list.c via getPositiveLongFromObjectOrReply: also the answer to a count that is not a number. */
    static final String COUNT_NOT_POSITIVE = "value is out of range, must be positive";

    /** Pops at the head (LPOP) or the tail. */
    private final boolean left;

    private Pop(boolean left) {
        this.left = left;
    }

    static CommandSpec.Builder<Db> lpop() {
        return spec("lpop", new Pop(true), "Remove and get the first elements in a list");
    }

    static CommandSpec.Builder<Db> rpop() {
        return spec("rpop", new Pop(false), "Remove and get the last elements in a list");
    }

    private static CommandSpec.Builder<Db> spec(String name, Pop impl, String summary) {
        return CommandSpec.<Db>command(name, -2, impl)
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(WRITE, LIST, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of(summary, "1.0.0", "list", "O(N) where N is the number of elements returned",
                        Arg.key("key", 0), Arg.of("count", "integer").since("6.2.0").optional())
                        .withHistory("6.2.0", "Added the `count` argument."));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() > 3) {
            ctx.replyWrongArity();
            return;
        }
        boolean hasCount = argv.argc() == 3;
        long count = 0;
        if (hasCount) {
            if (!argv.parseLong(2) || argv.parsedLong() < 0) {
                ctx.reply().error(COUNT_NOT_POSITIVE);
                return;
            }
            count = argv.parsedLong();
        }
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        if (e == null) {
            if (hasCount) {
                ctx.reply().nullArray();
            } else {
                ctx.reply().nullBulk();
            }
            return;
        }
        if (!(e.value instanceof ListValue list)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        if (!hasCount) {
            ctx.reply().bulk(list.remove(left));
            Lists.removed(db, e, left ? "lpop" : "rpop");
        } else if (count == 0) {
            ctx.reply().arrayHeader(0);
        } else {
            Lists.popAndReply(ctx.reply(), db, e, left, count, left ? "lpop" : "rpop");
        }
    }
}
