package dev.sabaody.kv.data.hll;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.HYPERLOGLOG;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.StringOrigin;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * PFDEBUG GETREG|DECODE|ENCODING|TODENSE key (pfdebugCommand): the registers (turning a sparse HLL
 * dense, as Redis does), the sparse opcodes as text, the encoding, or a forced conversion. For tests
 * and for learners who want to watch the sparse encoding grow.
 */
final class PfDebug implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("pfdebug", 3, new PfDebug())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.ADMIN)
                .acl(WRITE, HYPERLOGLOG, ADMIN, SLOW, DANGEROUS)
                .keys(KeySpec.range(2, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS))
                .doc(new CommandDoc("Internal commands for debugging HyperLogLog values", "2.8.9", "hyperloglog",
                        "N/A", List.of("syscmd"), null, null, List.of(),
                        List.of(Arg.of("subcommand", "string"), Arg.key("key", 0))));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Entry e = ctx.db().lookup(argv, 2);
        if (e == null) {
            ctx.reply().error("The specified key does not exist");
            return;
        }
        byte[] s = HyperLogLogCommands.hllOrReply(ctx, e);
        if (s == null) {
            return;
        }
        e.origin(StringOrigin.RAW); // dbUnshareStringValue, before the subcommand is read
        HllString hll = HllString.of(s);
        if (argv.equalsIgnoreCase(1, "getreg")) {
            if (!hll.toDense()) {
                ctx.reply().error(HyperLogLog.INVALID_HLL);
                return;
            }
            ctx.db().replaceValue(e, hll.value());
            ctx.reply().arrayHeader(HyperLogLog.HLL_REGISTERS);
            for (int j = 0; j < HyperLogLog.HLL_REGISTERS; j++) {
                ctx.reply().integer(hll.denseRegister(j));
            }
        } else if (argv.equalsIgnoreCase(1, "decode")) {
            if (hll.isDense()) {
                ctx.reply().error("HLL encoding is not sparse");
                return;
            }
            ctx.reply().bulk(hll.decode().getBytes(StandardCharsets.US_ASCII));
        } else if (argv.equalsIgnoreCase(1, "encoding")) {
            ctx.reply().simpleString(hll.isDense() ? "dense" : "sparse");
        } else if (argv.equalsIgnoreCase(1, "todense")) {
            boolean wasSparse = !hll.isDense();
            if (!hll.toDense()) {
                ctx.reply().error(HyperLogLog.INVALID_HLL);
                return;
            }
            ctx.db().replaceValue(e, hll.value());
            ctx.reply().integer(wasSparse ? 1 : 0);
        } else {
            ctx.reply().error("Unknown PFDEBUG subcommand '" + latin1(argv, 1) + "'");
        }
    }

    /** The subcommand as the bytes the client sent, for the error message. */
    private static String latin1(Argv argv, int i) {
        return new String(argv.copy(i), StandardCharsets.ISO_8859_1);
    }
}
