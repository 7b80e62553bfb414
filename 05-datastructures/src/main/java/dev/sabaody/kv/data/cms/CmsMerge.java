package dev.sabaody.kv.data.cms;

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
import java.util.EnumSet;

/**
 * CMS.MERGE destination numKeys source [source ...] [WEIGHTS weight [weight ...]] (CMSketch_Merge):
 * the destination, which must exist and have the sources' dimensions, becomes the weighted sum of
 * the sources. Sums are exact because every sketch with the same dimensions hashes alike.
 */
final class CmsMerge implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("cms.merge", -4, new CmsMerge())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.MODULE)
                .acl(WRITE)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE),
                        new KeySpec(null, EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS),
                                new KeySpec.Index(2), new KeySpec.KeyNum(0, 1, 1)))
                .doc(CommandDoc.of("Merges several sketches into one sketch", "2.0.0", "cms",
                        "O(n) where n is the number of sketches",
                        Arg.key("destination", 0), Arg.of("numKeys", "integer"), Arg.key("source", 1).multiple(),
                        Arg.of("weight", "integer").withToken("WEIGHTS").multiple().optional()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        CountMinSketch dest = CountMinSketchCommands.sketchOrReply(ctx, ctx.db().lookup(argv, 1));
        if (dest == null) {
            return;
        }
        if (!argv.parseLong(2)) {
            ctx.reply().error("-CMS: invalid numkeys");
            return;
        }
        long numKeys = argv.parsedLong();
        if (numKeys <= 0) {
            ctx.reply().error("-CMS: Number of keys must be positive");
            return;
        }
        int rest = argv.argc() - 3; // the arguments after numKeys
        int weightsAt = weightsIndex(argv);
        if (weightsAt < 0) {
            if (numKeys != rest) {
                ctx.reply().error("-CMS: wrong number of keys");
                return;
            }
        } else if (weightsAt != numKeys || rest != 1 + numKeys * 2) {
            ctx.reply().error("-CMS: wrong number of keys/weights");
            return;
        }
        int n = (int) numKeys;
        CountMinSketch[] sources = new CountMinSketch[n];
        long[] weights = new long[n];
        for (int i = 0; i < n; i++) {
            if (weightsAt < 0) {
                weights[i] = 1;
            } else if (argv.parseLong(3 + n + 1 + i)) {
                weights[i] = argv.parsedLong();
            } else {
                ctx.reply().error("-CMS: invalid weight value");
                return;
            }
            sources[i] = CountMinSketchCommands.sketchOrReply(ctx, ctx.db().lookupRead(argv, 3 + i));
            if (sources[i] == null) {
                return;
            }
            if (sources[i].width != dest.width || sources[i].depth != dest.depth) {
                ctx.reply().error("-CMS: width/depth is not equal");
                return;
            }
        }
        if (!dest.mergeFrom(sources, weights)) {
            ctx.reply().error("-CMS: MERGE overflow");
            return;
        }
        ctx.db().signalModified(argv.copy(1));
        ctx.reply().ok();
    }

    /** RMUtil_ArgIndex("WEIGHTS") over the arguments after numKeys, relative to them; -1 if absent. */
    private static int weightsIndex(Argv argv) {
        for (int i = 3; i < argv.argc(); i++) {
            if (argv.equalsIgnoreCase(i, "WEIGHTS")) {
                return i - 3;
            }
        }
        return -1;
    }
}
