package dev.sabaody.kv.data.cms;

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

/** CMS.QUERY key item [item ...] (CMSketch_Query): each item's estimated count. */
final class CmsQuery implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("cms.query", -3, new CmsQuery())
                .flags(CommandFlag.READONLY, CommandFlag.MODULE, CommandFlag.FAST)
                .acl(READ, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Returns the count for one or more items in a sketch", "2.0.0", "cms",
                        "O(n) where n is the number of items", Arg.key("key", 0), Arg.of("item", "string").multiple()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        CountMinSketch sketch = CountMinSketchCommands.sketchOrReply(ctx, ctx.db().lookupRead(argv, 1));
        if (sketch == null) {
            return;
        }
        ctx.reply().arrayHeader(argv.argc() - 2);
        for (int i = 2; i < argv.argc(); i++) {
            ctx.reply().integer(sketch.query(argv.buffer(), argv.offset(i), argv.length(i)));
        }
    }
}
