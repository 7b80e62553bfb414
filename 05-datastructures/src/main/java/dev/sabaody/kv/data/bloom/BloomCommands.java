package dev.sabaody.kv.data.bloom;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandTable;

/**
 * RedisBloom's BF.* commands (src/rebloom.c) on {@link ScalableBloomFilter}: RESERVE, ADD, MADD,
 * INSERT, EXISTS, MEXISTS, INFO, CARD. Replies and error texts are RedisBloom's, including the ones
 * without an "ERR" code ("Bad error rate", "Nonscaling filters cannot expand").
 */
public final class BloomCommands {

    // RedisBloom's texts, whole: a leading "-" keeps the encoder from adding a second "ERR".
    static final String NOT_FOUND = "-ERR not found";
    static final String ITEM_EXISTS = "-ERR item exists";
    static final String FILTER_FULL = "-ERR non scaling filter is full";
    static final String COULD_NOT_CREATE = "-ERR could not create filter";

    private BloomCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(BfReserve.spec())
                .add(BfAdd.spec("bf.add", 3, false))
                .add(BfAdd.spec("bf.madd", -3, true))
                .add(BfInsert.spec())
                .add(BfExists.spec("bf.exists", 3, false))
                .add(BfExists.spec("bf.mexists", -3, true))
                .add(BfInfo.spec())
                .add(BfCard.spec());
    }

    /**
     * bfInsertCommon: finds or creates the filter, adds {@code argv[first..]}, replies one boolean
     * per item (an array when {@code multi}). A full NONSCALING filter ends the reply with an error
     * in place of the item's answer, and the items after it are not added, as in RedisBloom.
     */
    static void insert(CommandContext<? extends Db> ctx, int first, boolean multi, boolean autocreate,
                       long capacity, double errorRate, int expansion, boolean nonScaling) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        ScalableBloomFilter filter;
        if (e == null) {
            if (!autocreate) {
                ctx.reply().error(NOT_FOUND);
                return;
            }
            filter = ScalableBloomFilter.create(capacity, errorRate, expansion, nonScaling);
            if (filter == null) {
                ctx.reply().error(COULD_NOT_CREATE);
                return;
            }
            db.add(argv.copy(1), filter);
        } else if (e.value instanceof ScalableBloomFilter existing) {
            filter = existing;
        } else {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        int items = argv.argc() - first;
        int[] results = new int[items];
        int answered = 0;
        boolean changed = false;
        while (answered < items) {
            int rv = filter.add(argv.buffer(), argv.offset(first + answered), argv.length(first + answered));
            results[answered++] = rv;
            if (rv < 0) {
                break;
            }
            changed |= rv == ScalableBloomFilter.ADDED;
        }
        if (changed && e != null) {
            db.signalModified(e.key);
        }
        if (multi) {
            ctx.reply().arrayHeader(answered);
        }
        for (int i = 0; i < answered; i++) {
            switch (results[i]) {
                case ScalableBloomFilter.FULL -> ctx.reply().error(FILTER_FULL);
                case ScalableBloomFilter.CANNOT_GROW -> ctx.reply().error(COULD_NOT_CREATE);
                default -> ctx.reply().bool(results[i] == ScalableBloomFilter.ADDED);
            }
        }
    }

    /** The filter at argument 1 for a read command, null when missing or of another type. */
    static ScalableBloomFilter lookupRead(CommandContext<? extends Db> ctx) {
        Entry e = ctx.db().lookupRead(ctx.argv(), 1);
        return e != null && e.value instanceof ScalableBloomFilter f ? f : null;
    }
}
