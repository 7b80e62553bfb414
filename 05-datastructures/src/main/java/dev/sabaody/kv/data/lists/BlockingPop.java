package dev.sabaody.kv.data.lists;

import static dev.sabaody.kv.resp.AclCategory.BLOCKING;
import static dev.sabaody.kv.resp.AclCategory.LIST;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Blocking;
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
import java.util.ArrayList;
import java.util.List;

/**
 * BLPOP, BRPOP key [key ...] timeout (blockingPopGenericCommand): pop from the first of the keys
 * that holds a list, answering [key, element]; when none does, block until one is created or the
 * timeout (seconds, decimals allowed, 0 for ever) passes, then answer the null array.
 *
 * <p>The timeout is checked first. The keys are then tried in order: a missing key is skipped, a key
 * of another type is WRONGTYPE, but only if no earlier key could be served. Served after blocking,
 * the command runs again (see {@link Blocking}), serving from the key that became ready.
 */
final class BlockingPop implements Command<Db> {

    /** Pops at the head (BLPOP) or the tail. */
    private final boolean left;

    private BlockingPop(boolean left) {
        this.left = left;
    }

    static CommandSpec.Builder<Db> blpop() {
        return spec("blpop", new BlockingPop(true),
                "Remove and get the first element in a list, or block until one is available");
    }

    static CommandSpec.Builder<Db> brpop() {
        return spec("brpop", new BlockingPop(false),
                "Remove and get the last element in a list, or block until one is available");
    }

    private static CommandSpec.Builder<Db> spec(String name, BlockingPop impl, String summary) {
        return CommandSpec.<Db>command(name, -3, impl)
                .flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING)
                .acl(WRITE, LIST, SLOW, BLOCKING)
                .keys(KeySpec.range(1, -2, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of(summary, "2.0.0", "list", "O(N) where N is the number of provided keys.",
                        Arg.key("key", 0).multiple(), Arg.of("timeout", "double"))
                        .withHistory("6.0.0", "`timeout` is interpreted as a double instead of an integer."));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        int timeoutIndex = ctx.argv().argc() - 1;
        long timeout = Blocking.parseTimeoutSeconds(ctx, timeoutIndex);
        if (timeout < 0) {
            return;
        }
        popOrBlock(ctx, 1, timeoutIndex - 1, left, -1, timeout);
    }

    /**
     * The shared half of BLPOP, BRPOP and BLMPOP: pops from the first non-empty list among arguments
     * {@code first..last}, or blocks on all of them. {@code count} -1 answers [key, element]
     * (BLPOP); otherwise [key, [elements]] with up to count elements (BLMPOP).
     */
    static void popOrBlock(CommandContext<? extends Db> ctx, int first, int last, boolean left, long count,
                           long timeout) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        int serving = Blocking.servingIndex(ctx, first, last);
        for (int i = first; i <= last; i++) {
            if (serving >= 0 && i != serving) {
                continue; // woken by one key: served from that key only, as Redis 7.0 serves it
            }
            Entry e = db.lookup(argv, i);
            if (e == null) {
                continue;
            }
            if (!(e.value instanceof ListValue list)) {
                if (serving >= 0) {
                    break; // not a list (any more): stay blocked
                }
                ctx.reply().error(Values.WRONGTYPE);
                return;
            }
            ctx.reply().arrayHeader(2);
            ctx.reply().bulk(argv, i);
            String event = left ? "lpop" : "rpop"; // listPopRangeAndReplyWithKey, at once or when served
            if (count == -1) {
                ctx.reply().bulk(list.remove(left));
                Lists.removed(db, e, event);
            } else {
                Lists.popAndReply(ctx.reply(), db, e, left, count, event);
            }
            return;
        }
        List<byte[]> keys = new ArrayList<>(last - first + 1);
        for (int i = first; i <= last; i++) {
            keys.add(argv.copy(i));
        }
        Blocking.block(ctx, keys, timeout, Blocking.TimeoutReply.NULL_ARRAY);
    }
}
