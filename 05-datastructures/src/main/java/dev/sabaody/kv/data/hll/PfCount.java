package dev.sabaody.kv.data.hll;

import static dev.sabaody.kv.resp.AclCategory.HYPERLOGLOG;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

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

/**
 * PFCOUNT key [key ...] (pfcountCommand). One key: the cached cardinality if the header holds a
 * valid one, else the estimate, which is then written into the header (a read command that changes
 * the value, as in Redis: GET shows the cache). Several keys: the estimate of their union, computed
 * on a scratch array of one byte per register and cached nowhere. Missing keys count as empty HLLs.
 */
final class PfCount implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("pfcount", -2, new PfCount())
                .flags(CommandFlag.READONLY)
                .acl(READ, HYPERLOGLOG, SLOW)
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS).withNotes(
                        "RW because it may change the internal representation of the key, and propagate to replicas"))
                .doc(CommandDoc.of(
                        "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
                        "2.8.9", "hyperloglog",
                        "O(1) with a very small average constant time when called with a single key. O(N) with N"
                                + " being the number of keys, and much bigger constant times, when called with"
                                + " multiple keys.",
                        Arg.key("key", 0).multiple()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        if (argv.argc() > 2) {
            byte[] max = new byte[HyperLogLog.HLL_REGISTERS];
            for (int j = 1; j < argv.argc(); j++) {
                Entry e = db.lookupRead(argv, j);
                if (e == null) {
                    continue;
                }
                byte[] s = HyperLogLogCommands.hllOrReply(ctx, e);
                if (s == null) {
                    return;
                }
                if (!HyperLogLog.mergeInto(max, s)) {
                    ctx.reply().error(HyperLogLog.INVALID_HLL);
                    return;
                }
            }
            ctx.reply().integer(HyperLogLog.countRaw(max));
            return;
        }
        Entry e = db.lookupRead(argv, 1);
        if (e == null) {
            ctx.reply().integer(0);
            return;
        }
        byte[] s = HyperLogLogCommands.hllOrReply(ctx, e);
        if (s == null) {
            return;
        }
        e.origin(StringOrigin.RAW); // dbUnshareStringValue, before the cache is even read
        if (HyperLogLog.cacheValid(s)) {
            ctx.reply().integer(HyperLogLog.cachedCardinality(s));
            return;
        }
        long card = HyperLogLog.count(s, s.length);
        if (card < 0) {
            ctx.reply().error(HyperLogLog.INVALID_HLL);
            return;
        }
        HyperLogLog.storeCardinality(s, card);
        db.signalModified(e.key);
        ctx.reply().integer(card);
    }
}
