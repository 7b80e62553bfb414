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
import java.util.EnumSet;

/**
 * LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] and BLMPOP timeout numkeys ... (Redis 7.0,
 * lmpopGenericCommand): pop up to count elements (default 1) from the first of the keys that holds
 * a list, answering [key, [elements]]; with none, LMPOP answers the null array and BLMPOP blocks.
 *
 * <p>Checked in this order, each with its own error: numkeys (a positive integer, and no larger
 * than the arguments that follow, else a syntax error), LEFT|RIGHT, COUNT, then BLMPOP's timeout,
 * then the keys' types.
 */
final class MultiPop implements Command<Db> {

    static final String NUMKEYS_NOT_POSITIVE = "numkeys should be greater than 0";
    static final String COUNT_NOT_POSITIVE = "count should be greater than 0";

    /** Argument index of numkeys: 1 for LMPOP, 2 for BLMPOP (whose timeout is argument 1). */
    private final int numkeysIndex;

    private MultiPop(int numkeysIndex) {
        this.numkeysIndex = numkeysIndex;
    }

    private static Arg[] arguments(boolean blocking) {
        Arg[] rest = {
            Arg.of("numkeys", "integer"), Arg.key("key", 0).multiple(),
            Arg.oneOf("where", Arg.token("left", "LEFT"), Arg.token("right", "RIGHT")),
            Arg.of("count", "integer").withToken("COUNT").optional()
        };
        if (!blocking) {
            return rest;
        }
        Arg[] all = new Arg[rest.length + 1];
        all[0] = Arg.of("timeout", "double");
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static CommandSpec.Builder<Db> lmpop() {
        return CommandSpec.<Db>command("lmpop", -4, new MultiPop(1))
                .flags(CommandFlag.WRITE)
                .acl(WRITE, LIST, SLOW)
                .keys(new KeySpec(null, EnumSet.of(KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE),
                        new KeySpec.Index(1), new KeySpec.KeyNum(0, 1, 1)))
                .doc(CommandDoc.of("Pop elements from a list", "7.0.0", "list",
                        "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
                        arguments(false)));
    }

    static CommandSpec.Builder<Db> blmpop() {
        return CommandSpec.<Db>command("blmpop", -5, new MultiPop(2))
                .flags(CommandFlag.WRITE, CommandFlag.BLOCKING)
                .acl(WRITE, LIST, SLOW, BLOCKING)
                .keys(new KeySpec(null, EnumSet.of(KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE),
                        new KeySpec.Index(2), new KeySpec.KeyNum(0, 1, 1)))
                .doc(CommandDoc.of("Pop elements from a list, or block until one is available", "7.0.0", "list",
                        "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
                        arguments(true)));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(numkeysIndex) || argv.parsedLong() < 1) {
            ctx.reply().error(NUMKEYS_NOT_POSITIVE);
            return;
        }
        long numkeys = argv.parsedLong();
        // Compared without computing numkeysIndex + numkeys + 1, which overflows for a huge numkeys.
        if (numkeys >= argv.argc() - numkeysIndex - 1) {
            ctx.replySyntaxError();
            return;
        }
        int whereIndex = numkeysIndex + (int) numkeys + 1;
        Boolean left = Lists.where(ctx, whereIndex);
        if (left == null) {
            return;
        }
        long count = -1;
        for (int j = whereIndex + 1; j < argv.argc(); j++) {
            if (count == -1 && j + 1 < argv.argc() && argv.equalsIgnoreCase(j, "count")) {
                j++;
                if (!argv.parseLong(j) || argv.parsedLong() < 1) {
                    ctx.reply().error(COUNT_NOT_POSITIVE);
                    return;
                }
                count = argv.parsedLong();
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        if (count == -1) {
            count = 1;
        }
        if (numkeysIndex == 2) {
            long timeout = Blocking.parseTimeoutSeconds(ctx, 1);
            if (timeout < 0) {
                return;
            }
            BlockingPop.popOrBlock(ctx, numkeysIndex + 1, whereIndex - 1, left, count, timeout);
            return;
        }
        Db db = ctx.db();
        for (int i = numkeysIndex + 1; i < whereIndex; i++) {
            Entry e = db.lookup(argv, i);
            if (e == null) {
                continue;
            }
            if (!(e.value instanceof ListValue)) {
                ctx.reply().error(Values.WRONGTYPE);
                return;
            }
            ctx.reply().arrayHeader(2);
            ctx.reply().bulk(argv, i);
            Lists.popAndReply(ctx.reply(), db, e, left, count, left ? "lpop" : "rpop"); // lmpopGenericCommand
            return;
        }
        ctx.reply().nullArray();
    }
}
