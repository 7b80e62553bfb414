package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STRING;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence of two
 * strings, by the textbook dynamic programme (t_string.c lcsCommand).
 *
 * <h2>Same table, same walk, same answer</h2>
 * Two strings often have several longest common subsequences; which one is answered depends on how
 * the table is walked back. This walk is Redis's step for step (on a tie between "drop a byte of A"
 * and "drop a byte of B" it drops from B), so the string and the IDX ranges are the ones Redis
 * gives, ranges listed from the end of the strings backwards.
 *
 * <h2>Memory</h2>
 * The table has (|A|+1)(|B|+1) 32-bit cells. Like Redis, a table above proto-max-bulk-len (512 MB)
 * is refused up front; a table the heap cannot hold gets Redis's allocation-failure error instead of
 * taking the server down. LEN alone needs only the length, which two rows of the table give: same
 * answer, O(|B|) memory.
 */
final class Lcs implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("lcs", -3, new Lcs())
                .flags(CommandFlag.READONLY)
                .acl(READ, STRING, SLOW)
                .keys(KeySpec.range(1, 1, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Find longest common substring", "7.0.0", "string",
                        "O(N*M) where N and M are the lengths of s1 and s2, respectively",
                        Arg.key("key1", 0),
                        Arg.key("key2", 0),
                        Arg.token("len", "LEN").optional(),
                        Arg.token("idx", "IDX").optional(),
                        Arg.of("len", "integer").withToken("MINMATCHLEN").optional(),
                        Arg.token("withmatchlen", "WITHMATCHLEN").optional()));
    }

    private static final byte[] EMPTY = new byte[0];

    /** One matching run: a[aStart..aEnd] equals b[bStart..bEnd]. */
    private record Match(int aStart, int aEnd, int bStart, int bEnd) {
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry ea = db.lookupRead(argv, 1);
        Entry eb = db.lookupRead(argv, 2);
        if ((ea != null && !(ea.value instanceof byte[])) || (eb != null && !(eb.value instanceof byte[]))) {
            ctx.reply().error("The specified keys must contain string values");
            return;
        }
        byte[] a = ea == null ? EMPTY : (byte[]) ea.value;
        byte[] b = eb == null ? EMPTY : (byte[]) eb.value;
        boolean getLen = false;
        boolean getIdx = false;
        boolean withMatchLen = false;
        long minMatchLen = 0;
        for (int j = 3; j < argv.argc(); j++) {
            boolean moreArgs = j < argv.argc() - 1;
            if (argv.equalsIgnoreCase(j, "idx")) {
                getIdx = true;
            } else if (argv.equalsIgnoreCase(j, "len")) {
                getLen = true;
            } else if (argv.equalsIgnoreCase(j, "withmatchlen")) {
                withMatchLen = true;
            } else if (argv.equalsIgnoreCase(j, "minmatchlen") && moreArgs) {
                if (!argv.parseLong(++j)) {
                    ctx.reply().error(Values.NOT_INTEGER);
                    return;
                }
                minMatchLen = Math.max(0, argv.parsedLong());
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        if (getLen && getIdx) {
            ctx.reply().error("If you want both the length and indexes, please just use IDX.");
            return;
        }
        long cells = (long) (a.length + 1) * (b.length + 1);
        if (cells * Integer.BYTES > Strings.PROTO_MAX_BULK_LEN) {
            ctx.reply().error("Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
            return;
        }
        if (getLen) {
            ctx.reply().integer(length(a, b));
            return;
        }
        int[] table;
        try {
            table = new int[(int) cells];
        } catch (OutOfMemoryError oom) {
            ctx.reply().error("Insufficient memory, failed allocating transient memory for LCS");
            return;
        }
        fill(table, a, b);
        walkBack(ctx.reply(), table, a, b, getIdx, withMatchLen, minMatchLen);
    }

    /** LCS(i, j) = the length for a[0..i-1] and b[0..j-1], at table[j + i * (|b| + 1)]. */
    private static void fill(int[] table, byte[] a, byte[] b) {
        int w = b.length + 1;
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                if (a[i - 1] == b[j - 1]) {
                    table[j + i * w] = table[(j - 1) + (i - 1) * w] + 1;
                } else {
                    table[j + i * w] = Math.max(table[j + (i - 1) * w], table[(j - 1) + i * w]);
                }
            }
        }
    }

    /** The length only, from two rows. */
    private static int length(byte[] a, byte[] b) {
        int[] previous = new int[b.length + 1];
        int[] current = new int[b.length + 1];
        for (int i = 1; i <= a.length; i++) {
            for (int j = 1; j <= b.length; j++) {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length];
    }

    private static void walkBack(RespEncoder reply, int[] table, byte[] a, byte[] b, boolean getIdx,
                                 boolean withMatchLen, long minMatchLen) {
        int w = b.length + 1;
        int total = table[b.length + a.length * w];
        byte[] result = new byte[total];
        List<Match> matches = getIdx ? new ArrayList<>() : null;
        int idx = total;
        int aStart = a.length; // a.length: no range open
        int aEnd = 0;
        int bStart = 0;
        int bEnd = 0;
        int i = a.length;
        int j = b.length;
        while (i > 0 && j > 0) {
            boolean emit = false;
            if (a[i - 1] == b[j - 1]) {
                result[idx - 1] = a[i - 1];
                if (aStart == a.length) {
                    aStart = i - 1;
                    aEnd = i - 1;
                    bStart = j - 1;
                    bEnd = j - 1;
                } else if (aStart == i && bStart == j) {
                    aStart--; // the run extends backwards
                    bStart--;
                } else {
                    emit = true;
                }
                if (aStart == 0 || bStart == 0) {
                    emit = true; // matched a first byte: the walk is about to end
                }
                idx--;
                i--;
                j--;
            } else {
                if (table[j + (i - 1) * w] > table[(j - 1) + i * w]) {
                    i--;
                } else {
                    j--;
                }
                if (aStart != a.length) {
                    emit = true;
                }
            }
            if (emit) {
                int matchLen = aEnd - aStart + 1;
                if (matches != null && (minMatchLen == 0 || matchLen >= minMatchLen)) {
                    matches.add(new Match(aStart, aEnd, bStart, bEnd));
                }
                aStart = a.length;
            }
        }
        if (!getIdx) {
            reply.bulk(result);
            return;
        }
        reply.mapHeader(2);
        reply.bulkAscii("matches");
        reply.arrayHeader(matches.size());
        for (Match m : matches) {
            reply.arrayHeader(withMatchLen ? 3 : 2);
            reply.arrayHeader(2);
            reply.integer(m.aStart);
            reply.integer(m.aEnd);
            reply.arrayHeader(2);
            reply.integer(m.bStart);
            reply.integer(m.bEnd);
            if (withMatchLen) {
                reply.integer(m.aEnd - m.aStart + 1);
            }
        }
        reply.bulkAscii("len");
        reply.integer(total);
    }
}
