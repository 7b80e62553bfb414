package dev.sabaody.kv.data.hll;

import static dev.sabaody.kv.resp.AclCategory.HYPERLOGLOG;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.StringOrigin;
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
 * PFMERGE destkey [sourcekey ...] (pfmergeCommand): the register-wise maximum of every HLL named,
 * the destination included, written into the destination. The destination turns dense if any input
 * is dense; otherwise it stays sparse as long as the sparse rules allow, register by register.
 */
final class PfMerge implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("pfmerge", -2, new PfMerge())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, HYPERLOGLOG, SLOW)
                .keys(new KeySpec(null, EnumSet.of(KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.INSERT),
                                new KeySpec.Index(1), new KeySpec.Range(0, 1, 0)),
                        new KeySpec(null, EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS),
                                new KeySpec.Index(2), new KeySpec.Range(-1, 1, 0)))
                .doc(CommandDoc.of("Merge N different HyperLogLogs into a single one.", "2.8.9", "hyperloglog",
                        "O(N) to merge N HyperLogLogs, but with high constant times.",
                        Arg.key("destkey", 0), Arg.key("sourcekey", 1).optional().multiple()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        byte[] max = new byte[HyperLogLog.HLL_REGISTERS];
        boolean useDense = false;
        for (int j = 1; j < argv.argc(); j++) {
            Entry e = db.lookupRead(argv, j);
            if (e == null) {
                continue;
            }
            byte[] s = HyperLogLogCommands.hllOrReply(ctx, e);
            if (s == null) {
                return;
            }
            useDense |= HyperLogLog.isDense(s);
            if (!HyperLogLog.mergeInto(max, s)) {
                ctx.reply().error(HyperLogLog.INVALID_HLL);
                return;
            }
        }
        Entry dest = db.lookup(argv, 1);
        HllString hll = dest == null ? HllString.create() : HllString.of((byte[]) dest.value);
        if (useDense && !hll.toDense()) {
            ctx.reply().error(HyperLogLog.INVALID_HLL);
            return;
        }
        for (int j = 0; j < HyperLogLog.HLL_REGISTERS; j++) {
            if (max[j] != 0) {
                hll.set(j, max[j]);
            }
        }
        hll.invalidateCache();
        if (dest == null) {
            dest = db.add(argv.copy(1), hll.value()); // createHLLObject
        } else {
            db.replaceValue(dest, hll.value()); // dbUnshareStringValue
            db.signalModified(dest.key);
        }
        dest.origin(StringOrigin.RAW);
        db.notify(KeyspaceEvents.STRING, "pfadd", dest.key); // pfmergeCommand: always, even with nothing merged
        ctx.reply().ok();
    }
}
