package dev.sabaody.kv.data.hll;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandTable;

/**
 * The HyperLogLog commands (Redis's hyperloglog.c): PFADD, PFCOUNT, PFMERGE, PFDEBUG. The HLL itself is
 * {@link HyperLogLog}; the commands only find the strings, check them, and store the results.
 */
public final class HyperLogLogCommands {

    private HyperLogLogCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(PfAdd.spec())
                .add(PfCount.spec())
                .add(PfMerge.spec())
                .add(PfDebug.spec());
    }

    /**
     * isHLLObjectOrReply: the entry's string if it is a valid HLL; otherwise writes WRONGTYPE (the
     * usual one for another type, the HLL one for a string that is not an HLL) and returns null.
     */
    static byte[] hllOrReply(CommandContext<? extends Db> ctx, Entry e) {
        if (!(e.value instanceof byte[] s)) {
            ctx.reply().error(Values.WRONGTYPE);
            return null;
        }
        if (!HyperLogLog.isValid(s)) {
            ctx.reply().error(HyperLogLog.NOT_AN_HLL);
            return null;
        }
        return s;
    }
}
