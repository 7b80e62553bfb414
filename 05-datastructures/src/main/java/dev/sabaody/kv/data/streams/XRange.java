package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STREAM;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * XRANGE key start end [COUNT count], XREVRANGE key end start [COUNT count] (xrangeGenericCommand).
 * Bounds are IDs, "-" and "+", or a lone millisecond (its first or last sequence); a "(" makes a
 * bound exclusive. COUNT 0 (or negative) answers the null array, as 7.0 does.
 */
final class XRange implements Command<Db> {

    private final boolean reverse;

    private XRange(boolean reverse) {
        this.reverse = reverse;
    }

    static CommandSpec.Builder<Db> xrange() {
        return spec("xrange", new XRange(false), StreamDocs.xrange());
    }

    static CommandSpec.Builder<Db> xrevrange() {
        return spec("xrevrange", new XRange(true), StreamDocs.xrevrange());
    }

    private static CommandSpec.Builder<Db> spec(String name, XRange impl, CommandDoc doc) {
        return CommandSpec.<Db>command(name, -4, impl)
                .flags(CommandFlag.READONLY)
                .acl(READ, STREAM, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(doc);
    }

    /** Parses an interval bound (streamParseIntervalIDOrReply); null after answering the error. */
    static StreamId parseBound(CommandContext<?> ctx, int i, long missingSeq, boolean start) {
        byte[] text = ctx.argv().copy(i);
        boolean exclusive = text.length > 1 && text[0] == '(';
        StreamId.Parsed p = exclusive
                ? StreamId.parse(java.util.Arrays.copyOfRange(text, 1, text.length), missingSeq, true, false)
                : StreamId.parse(text, missingSeq, false, false);
        if (p == null) {
            ctx.reply().error(StreamId.INVALID);
            return null;
        }
        StreamId id = p.id();
        if (exclusive) {
            id = start ? id.next() : id.previous();
            if (id == null) {
                ctx.reply().error(start ? "invalid start ID for the interval" : "invalid end ID for the interval");
                return null;
            }
        }
        return id;
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        int startArg = reverse ? 3 : 2;
        int endArg = reverse ? 2 : 3;
        StreamId start = parseBound(ctx, startArg, 0, true);
        if (start == null) {
            return;
        }
        StreamId end = parseBound(ctx, endArg, -1L, false);
        if (end == null) {
            return;
        }
        long count = -1;
        for (int j = 4; j < argv.argc(); j++) {
            int additional = argv.argc() - j - 1;
            if (argv.equalsIgnoreCase(j, "COUNT") && additional >= 1) {
                Long n = Streams.parseLong(ctx, j + 1);
                if (n == null) {
                    return;
                }
                count = Math.max(n, 0);
                j++;
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        StreamValue s = Streams.lookup(ctx, 1, true);
        if (s == Streams.WRONG_TYPE) {
            return;
        }
        if (s == null) {
            ctx.reply().arrayHeader(0);
            return;
        }
        if (count == 0) {
            ctx.reply().nullArray();
            return;
        }
        writeRange(ctx, s, start, end, count == -1 ? 0 : count, reverse);
    }

    /** Writes the live entries of [start, end], at most {@code count} (0: all), as an array. */
    static void writeRange(CommandContext<?> ctx, StreamValue s, StreamId start, StreamId end, long count,
                           boolean reverse) {
        // No deferred lengths in the encoder: find the entries first (node and offset), then write.
        List<StreamNode> nodes = new ArrayList<>();
        int[] offsets = new int[16];
        int n = 0;
        StreamIterator it = new StreamIterator(s, start, end, reverse);
        while ((count == 0 || n < count) && it.next()) {
            if (n == offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, n * 2);
            }
            nodes.add(it.node());
            offsets[n++] = it.cursor().at;
        }
        ctx.reply().arrayHeader(n);
        StreamNode.Cursor c = new StreamNode.Cursor();
        for (int i = 0; i < n; i++) {
            StreamNode node = nodes.get(i);
            node.read(offsets[i], c);
            Streams.writeEntry(ctx.reply(), node, c);
        }
    }
}
