package dev.sabaody.kv.data.cms;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * CMS.INCRBY key item increment [item increment ...] (CMSketch_IncrBy): adds to each item's count and
 * answers the new estimates. Does not create the sketch. Every increment is checked before any is
 * applied, so a bad one changes nothing.
 */
final class CmsIncrBy implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("cms.incrby", -4, new CmsIncrBy())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.MODULE)
                .acl(WRITE, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Increases the count of one or more items by increment", "2.0.0", "cms",
                        "O(n) where n is the number of items",
                        Arg.key("key", 0), Arg.block("items", Arg.of("item", "string"),
                                Arg.of("increment", "integer")).multiple()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() % 2 == 1) {
            ctx.replyWrongArity();
            return;
        }
        Entry e = ctx.db().lookup(argv, 1);
        CountMinSketch sketch = CountMinSketchCommands.sketchOrReply(ctx, e);
        if (sketch == null) {
            return;
        }
        int pairs = (argv.argc() - 2) / 2;
        long[] increments = new long[pairs];
        for (int i = 0; i < pairs; i++) {
            if (!argv.parseLong(3 + 2 * i)) {
                ctx.reply().error("-CMS: Cannot parse number");
                return;
            }
            if (argv.parsedLong() < 0) {
                ctx.reply().error("-CMS: Number cannot be negative");
                return;
            }
            increments[i] = argv.parsedLong();
        }
        ctx.reply().arrayHeader(pairs);
        for (int i = 0; i < pairs; i++) {
            int item = 2 + 2 * i;
            long estimate = sketch.incrBy(argv.buffer(), argv.offset(item), argv.length(item), increments[i]);
            if (estimate == CountMinSketch.CMS_COUNTER_MAX) {
                ctx.reply().error("-CMS: INCRBY overflow");
            } else {
                ctx.reply().integer(estimate);
            }
        }
        ctx.db().signalModified(e.key);
    }
}
