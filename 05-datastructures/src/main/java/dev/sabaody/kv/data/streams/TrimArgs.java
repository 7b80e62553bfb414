package dev.sabaody.kv.data.streams;

import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;

/**
 * The options XADD and XTRIM share (streamParseAddOrTrimArgsOrReply): MAXLEN or MINID, each with
 * {@code =} (exact, the default) or {@code ~} (whole nodes only), LIMIT, and for XADD NOMKSTREAM
 * and the ID. Parsing stops at XADD's ID; errors are checked in Redis's order.
 *
 * <p>An approximate trim without LIMIT gets one of 100 nodes' worth of entries
 * ({@code 100 * stream-node-max-entries}, at most 10000): a trim never does unbounded work in one
 * command unless it was asked to be exact.
 */
final class TrimArgs {

    /** t_stream.c: without LIMIT, an approximate trim removes at most this many nodes' entries. */
    static final long DEFAULT_LIMIT_NODES = 100;
    /** t_stream.c: and never more than this many entries. */
    static final long MAX_DEFAULT_LIMIT = 10000;

    StreamValue.Trim trim;
    boolean noMkStream;
    StreamId id;
    boolean idGiven;
    boolean seqGiven = true;
    /** Argument index of the ID (XADD), where parsing stopped. */
    int idIndex;

    private TrimArgs() {
    }

    /** Parses; null after answering the error. */
    static TrimArgs parse(CommandContext<?> ctx, boolean xadd) {
        Argv argv = ctx.argv();
        TrimArgs a = new TrimArgs();
        boolean maxlen = false;
        boolean minid = false;
        boolean approx = false;
        long maxLength = 0;
        StreamId minId = null;
        long limit = 0;
        boolean limitGiven = false;
        int i = 2;
        for (; i < argv.argc(); i++) {
            int moreArgs = argv.argc() - 1 - i;
            if (xadd && argv.length(i) == 1 && argv.byteAt(i, 0) == '*') {
                break;
            } else if ((argv.equalsIgnoreCase(i, "maxlen") || argv.equalsIgnoreCase(i, "minid")) && moreArgs > 0) {
                if (maxlen || minid) {
                    ctx.reply().error("syntax error, MAXLEN and MINID options at the same time are not compatible");
                    return null;
                }
                boolean byLength = argv.equalsIgnoreCase(i, "maxlen");
                approx = false;
                if (moreArgs >= 2 && isSymbol(argv, i + 1, '~')) {
                    approx = true;
                    i++;
                } else if (moreArgs >= 2 && isSymbol(argv, i + 1, '=')) {
                    i++;
                }
                if (byLength) {
                    Long n = Streams.parseLong(ctx, i + 1);
                    if (n == null) {
                        return null;
                    }
                    if (n < 0) {
                        ctx.reply().error("The MAXLEN argument must be >= 0.");
                        return null;
                    }
                    maxLength = n;
                    maxlen = true;
                } else {
                    minId = StreamId.parse(argv, i + 1, 0, true);
                    if (minId == null) {
                        ctx.reply().error(StreamId.INVALID);
                        return null;
                    }
                    minid = true;
                }
                i++;
            } else if (argv.equalsIgnoreCase(i, "limit") && moreArgs > 0) {
                Long n = Streams.parseLong(ctx, i + 1);
                if (n == null) {
                    return null;
                }
                if (n < 0) {
                    ctx.reply().error("The LIMIT argument must be >= 0.");
                    return null;
                }
                limit = n;
                limitGiven = true;
                i++;
            } else if (xadd && argv.equalsIgnoreCase(i, "nomkstream")) {
                a.noMkStream = true;
            } else if (xadd) {
                StreamId.Parsed p = StreamId.parse(argv.copy(i), 0, true, true);
                if (p == null) {
                    ctx.reply().error(StreamId.INVALID);
                    return null;
                }
                a.id = p.id();
                a.seqGiven = p.seqGiven();
                a.idGiven = true;
                break;
            } else {
                ctx.replySyntaxError();
                return null;
            }
        }
        boolean strategy = maxlen || minid;
        if (limit != 0 && !strategy) {
            ctx.reply().error("syntax error, LIMIT cannot be used without specifying a trimming strategy");
            return null;
        }
        if (!xadd && !strategy) {
            ctx.reply().error("syntax error, XTRIM must be called with a trimming strategy");
            return null;
        }
        if (limitGiven) {
            if (!approx) {
                ctx.reply().error("syntax error, LIMIT cannot be used without the special ~ option");
                return null;
            }
        } else if (approx) {
            limit = DEFAULT_LIMIT_NODES * StreamValue.STREAM_NODE_MAX_ENTRIES;
            if (limit <= 0 || limit > MAX_DEFAULT_LIMIT) {
                limit = MAX_DEFAULT_LIMIT;
            }
        } else {
            limit = 0;
        }
        if (strategy) {
            a.trim = new StreamValue.Trim(maxlen, maxLength, minId, approx, limit);
        }
        a.idIndex = i;
        return a;
    }

    private static boolean isSymbol(Argv argv, int i, char symbol) {
        return argv.length(i) >= 1 && argv.byteAt(i, 0) == symbol && (argv.length(i) == 1 || argv.byteAt(i, 1) == 0);
    }
}
