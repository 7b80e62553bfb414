package dev.sabaody.kv.data.cms;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/** CMS.INFO key (CMSKetch_Info): width, depth and the total count, as a map (flat array in RESP2). */
final class CmsInfo implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("cms.info", 2, new CmsInfo())
                .flags(CommandFlag.READONLY, CommandFlag.MODULE, CommandFlag.FAST)
                .acl(READ, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Returns information about a sketch", "2.0.0", "cms", "O(1)", Arg.key("key", 0)));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        CountMinSketch sketch = CountMinSketchCommands.sketchOrReply(ctx, ctx.db().lookupRead(ctx.argv(), 1));
        if (sketch == null) {
            return;
        }
        ctx.reply().mapHeader(3);
        ctx.reply().simpleString("width");
        ctx.reply().integer(sketch.width);
        ctx.reply().simpleString("depth");
        ctx.reply().integer(sketch.depth);
        ctx.reply().simpleString("count");
        ctx.reply().integer(sketch.count());
    }
}
