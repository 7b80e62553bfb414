package dev.sabaody.kv.data.cms;

/**
 * A Count-Min sketch as plain numbers: what RedisBloom's CMSRdbSave writes (rm_cms.c), so that
 * module 06 can put it in an RDB file or a DUMP payload and build it back.
 *
 * @param width    counters per row
 * @param depth    rows
 * @param count    the sum of every increment (CMSketch.counter)
 * @param counters row-major, width x depth unsigned 32-bit counters held in ints
 */
public record SavedSketch(long width, long depth, long count, int[] counters) {

    /** The sketch these numbers describe; IllegalArgumentException naming what is inconsistent. */
    public CountMinSketch restore() {
        return CountMinSketch.restore(this);
    }
}
