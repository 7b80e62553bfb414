package dev.sabaody.kv.data.cms;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.bloom.ModuleArgs;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * CMS.INITBYDIM key width depth and CMS.INITBYPROB key error probability (CMSketch_Create): a new,
 * empty sketch. By probability, width = ceil(2/error) and depth = ceil(log10(probability)/log10(0.5)):
 * estimates stay within error x (total count) with probability 1 - probability.
 */
final class CmsInit implements Command<Db> {

    private final boolean byDim;

    private CmsInit(boolean byDim) {
        this.byDim = byDim;
    }

    static CommandSpec.Builder<Db> spec(String name, boolean byDim) {
        CommandDoc doc = byDim
                ? CommandDoc.of("Initializes a Count-Min Sketch to dimensions specified by user", "2.0.0", "cms",
                        "O(1)", Arg.key("key", 0), Arg.of("width", "integer"), Arg.of("depth", "integer"))
                : CommandDoc.of("Initializes a Count-Min Sketch to accommodate requested tolerances.", "2.0.0", "cms",
                        "O(1)", Arg.key("key", 0), Arg.of("error", "double"), Arg.of("probability", "double"));
        return CommandSpec.<Db>command(name, 4, new CmsInit(byDim))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.MODULE)
                .acl(WRITE, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT))
                .doc(doc);
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (ctx.db().lookup(argv, 1) != null) {
            ctx.reply().error("-CMS: key already exists");
            return;
        }
        long width;
        long depth;
        if (byDim) {
            if (!argv.parseLong(2) || argv.parsedLong() < 1) {
                ctx.reply().error("-CMS: invalid width");
                return;
            }
            width = argv.parsedLong();
            if (!argv.parseLong(3) || argv.parsedLong() < 1) {
                ctx.reply().error("-CMS: invalid depth");
                return;
            }
            depth = argv.parsedLong();
        } else {
            double overEstimate = ModuleArgs.parseDouble(argv, 2);
            if (Double.isNaN(overEstimate) || overEstimate <= 0 || overEstimate >= 1) {
                ctx.reply().error("-CMS: invalid overestimation value");
                return;
            }
            double probability = ModuleArgs.parseDouble(argv, 3);
            if (Double.isNaN(probability) || probability <= 0 || probability >= 1) {
                ctx.reply().error("-CMS: invalid prob value");
                return;
            }
            width = CountMinSketch.widthFor(overEstimate);
            depth = CountMinSketch.depthFor(probability);
        }
        CountMinSketch sketch = CountMinSketch.create(width, depth);
        if (sketch == null) {
            ctx.reply().error("-CMS: invalid init arguments");
            return;
        }
        ctx.db().add(argv.copy(1), sketch);
        ctx.reply().ok();
    }
}
