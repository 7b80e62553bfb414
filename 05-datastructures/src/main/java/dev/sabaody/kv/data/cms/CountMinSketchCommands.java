package dev.sabaody.kv.data.cms;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandTable;

/**
 * RedisBloom's CMS.* commands (src/rm_cms.c) on {@link CountMinSketch}: INITBYDIM, INITBYPROB,
 * INCRBY, QUERY, MERGE, INFO. Errors carry RedisBloom's "CMS: " texts, which have no error code.
 */
public final class CountMinSketchCommands {

    static final String KEY_DOES_NOT_EXIST = "-CMS: key does not exist";

    private CountMinSketchCommands() {
    }

    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table
                .add(CmsInit.spec("cms.initbydim", true))
                .add(CmsInit.spec("cms.initbyprob", false))
                .add(CmsIncrBy.spec())
                .add(CmsQuery.spec())
                .add(CmsMerge.spec())
                .add(CmsInfo.spec());
    }

    /** GetCMSKey: the sketch at argument {@code i}, or null after replying "key does not exist" or WRONGTYPE. */
    static CountMinSketch sketchOrReply(CommandContext<? extends Db> ctx, Entry e) {
        if (e == null) {
            ctx.reply().error(KEY_DOES_NOT_EXIST);
            return null;
        }
        if (!(e.value instanceof CountMinSketch sketch)) {
            ctx.reply().error(Values.WRONGTYPE);
            return null;
        }
        return sketch;
    }
}
