package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.resp.AclCategory;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.Glob;
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.resp.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count] (db.c scanGenericCommand on a sorted set).
 *
 * <p>A set Redis would hold as a listpack is answered whole, in score order, with cursor 0, and
 * COUNT is ignored: a listpack has no buckets to resume from. A larger set is scanned through its
 * hash with the reverse-binary cursor of {@link dev.sabaody.kv.data.Dict#scan}, about COUNT
 * buckets a call; the order then depends on the hash function, so it differs from Redis's, but
 * the guarantee (every member present for the whole scan is returned at least once) is the same.
 * Scores are bulk strings even in RESP3.
 */
final class ZScan {

    /** db.c scanGenericCommand: buckets visited per call by default. */
    static final int DEFAULT_COUNT = 10;

    private ZScan() {
    }

    static CommandSpec.Builder<Db> zscan() {
        return CommandSpec.<Db>command("zscan", -3, ZScan::zscan)
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.SLOW)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Incrementally iterate sorted sets elements and associated scores", "2.8.0", "sorted-set", "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
                        Arg.key("key", 0),
                        Arg.of("cursor", "integer"),
                        Arg.of("pattern", "pattern").withToken("MATCH").optional(),
                        Arg.of("count", "integer").withToken("COUNT").optional()));
    }

    static void zscan(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Long cursor = parseCursor(argv.copy(2));
        if (cursor == null) {
            ctx.reply().error("invalid cursor");
            return;
        }
        SortedSet z = ZRead.read(ctx, 1);
        if (z == ZRead.WRONG) {
            return;
        }
        if (z == null) {
            ctx.reply().arrayHeader(2);
            ctx.reply().bulkAscii("0");
            ctx.reply().arrayHeader(0);
            return;
        }
        long count = DEFAULT_COUNT;
        byte[] pattern = null;
        long[] n = new long[1];
        for (int i = 3; i < argv.argc(); ) {
            int left = argv.argc() - i;
            if (argv.equalsIgnoreCase(i, "count") && left >= 2) {
                if (!Arguments.parseLong(ctx, i + 1, n, null)) {
                    return;
                }
                if (n[0] < 1) {
                    ctx.replySyntaxError();
                    return;
                }
                count = n[0];
                i += 2;
            } else if (argv.equalsIgnoreCase(i, "match") && left >= 2) {
                byte[] p = argv.copy(i + 1);
                pattern = p.length == 1 && p[0] == '*' ? null : p;
                i += 2;
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        List<byte[]> members = new ArrayList<>();
        List<String> scores = new ArrayList<>();
        long next;
        if (z.isListpack()) {
            for (Node node = z.list().first(); node != null; node = node.next()) {
                members.add(node.key);
                scores.add(listpackScore(node.score));
            }
            next = 0;
        } else {
            next = cursor;
            // dictScan: keep visiting buckets until COUNT members or ten times COUNT buckets.
            long maxIterations = count * 10;
            do {
                next = z.scan(next, node -> {
                    members.add(node.key);
                    scores.add(Numbers.formatDouble17g(node.score));
                });
            } while (next != 0 && maxIterations-- > 0 && members.size() < count);
        }
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (pattern == null || Glob.matches(pattern, members.get(i), false)) {
                kept.add(i);
            }
        }
        ctx.reply().arrayHeader(2);
        ctx.reply().bulkAscii(Long.toUnsignedString(next));
        ctx.reply().arrayHeader(kept.size() * 2L);
        for (int i : kept) {
            ctx.reply().bulk(members.get(i));
            ctx.reply().bulk(scores.get(i).getBytes(StandardCharsets.US_ASCII));
        }
    }

    /**
     * A score as a listpack holds it: an integer when the double is one within ±2^62 (double2ll),
     * else d2string's %.17g.
     */
    static String listpackScore(double score) {
        if (score >= (double) (-Long.MAX_VALUE / 2) && score <= (double) (Long.MAX_VALUE / 2) && score == (long) score) {
            return Long.toString((long) score);
        }
        return Numbers.formatDouble17g(score);
    }

    /**
     * parseScanCursorOrReply: strtoul in base 10: no leading space, an optional sign ("-1" wraps
     * around as C does), digits to the end, no overflow. The empty string is cursor 0. Null when
     * invalid.
     */
    static Long parseCursor(byte[] s) {
        if (s.length > 0 && Strtod.isSpace(s[0])) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (i == s.length) {
            return s.length == 0 ? 0L : null;
        }
        long v = 0;
        for (; i < s.length; i++) {
            if (s[i] < '0' || s[i] > '9') {
                return null;
            }
            int d = s[i] - '0';
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                return null;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }
}
