package dev.sabaody.kv.data.streams;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.RespEncoder;

/** What the stream commands share: looking a stream up, and writing entries as Redis replies them. */
final class Streams {

    /** t_stream.c XREAD_BLOCKED_DEFAULT_COUNT: entries a woken XREAD without COUNT gets at most. */
    static final int XREAD_BLOCKED_DEFAULT_COUNT = 1000;

    private Streams() {
    }

    /** A sentinel for "the key holds another type" (the caller has answered WRONGTYPE). */
    static final StreamValue WRONG_TYPE = new StreamValue();

    /**
     * The stream at argument {@code i}, null when missing, or {@link #WRONG_TYPE} after answering
     * WRONGTYPE.
     */
    static StreamValue lookup(CommandContext<? extends Db> ctx, int i, boolean read) {
        Entry e = read ? ctx.db().lookupRead(ctx.argv(), i) : ctx.db().lookup(ctx.argv(), i);
        if (e == null) {
            return null;
        }
        if (e.value instanceof StreamValue s) {
            return s;
        }
        ctx.reply().error(Values.WRONGTYPE);
        return WRONG_TYPE;
    }

    /** One entry: [id, [field, value, ...]]. */
    static void writeEntry(RespEncoder reply, StreamNode node, StreamNode.Cursor c) {
        reply.arrayHeader(2);
        writeId(reply, c.ms, c.seq);
        reply.arrayHeader(2L * c.numFields);
        node.forEachFieldValue(c, new Bulk(reply));
    }

    static void writeId(RespEncoder reply, long ms, long seq) {
        reply.bulkAscii(Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq));
    }

    static void writeId(RespEncoder reply, StreamId id) {
        writeId(reply, id.ms(), id.seq());
    }

    /** Elements as bulk strings: an integer element is shown as its decimal text, as lpGet returns it. */
    record Bulk(RespEncoder reply) implements StreamNode.ElementSink {
        @Override
        public void string(byte[] bytes, int offset, int length) {
            reply.bulk(bytes, offset, length);
        }

        @Override
        public void integer(long value) {
            reply.bulkAscii(Long.toString(value));
        }
    }

    /** Every argument from {@code from} on, copied (field-value pairs for XADD). */
    static byte[][] copyArgs(Argv argv, int from) {
        byte[][] out = new byte[argv.argc() - from][];
        for (int i = from; i < argv.argc(); i++) {
            out[i - from] = argv.copy(i);
        }
        return out;
    }

    /** Argument {@code i} as a long, or null after answering Redis's "not an integer" error. */
    static Long parseLong(CommandContext<?> ctx, int i) {
        if (!ctx.argv().parseLong(i)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return null;
        }
        return ctx.argv().parsedLong();
    }
}
