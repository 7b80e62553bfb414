package dev.sabaody.kv.data.hll;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.HYPERLOGLOG;
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

/**
 * PFADD key [element ...]: adds the elements to the HLL, creating it (sparse) if needed. Answers 1
 * when a register changed or the key was created, else 0 (pfaddCommand).
 */
final class PfAdd implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("pfadd", -2, new PfAdd())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, HYPERLOGLOG, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of("Adds the specified elements to the specified HyperLogLog.", "2.8.9",
                        "hyperloglog", "O(1) to add every element.",
                        Arg.key("key", 0), Arg.of("element", "string").optional().multiple()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        HllString hll;
        int updated = 0;
        if (e == null) {
            hll = HllString.create();
            updated++;
        } else {
            byte[] stored = HyperLogLogCommands.hllOrReply(ctx, e);
            if (stored == null) {
                return;
            }
            hll = HllString.of(stored);
            e.origin(StringOrigin.RAW); // dbUnshareStringValue, even when nothing is added
        }
        for (int j = 2; j < argv.argc(); j++) {
            int changed = hll.add(argv.buffer(), argv.offset(j), argv.length(j));
            if (changed < 0) {
                // Redis edits in place, so what was added before the corruption was found stays.
                if (e != null) {
                    db.replaceValue(e, hll.value());
                }
                ctx.reply().error(HyperLogLog.INVALID_HLL);
                return;
            }
            updated += changed;
        }
        if (updated > 0) {
            long mark = db.changeMark();
            hll.invalidateCache();
            if (e == null) {
                e = db.add(argv.copy(1), hll.value()); // createHLLObject
                e.origin(StringOrigin.RAW);
            } else {
                db.replaceValue(e, hll.value());
                db.signalModified(e.key);
            }
            db.countChanges(mark, updated); // pfaddCommand: server.dirty += registers changed, +1 for a new key
            db.notify(KeyspaceEvents.STRING, "pfadd", e.key); // pfaddCommand: only when a register changed
        }
        ctx.reply().integer(updated > 0 ? 1 : 0);
    }
}
