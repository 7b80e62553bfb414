package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.ScanArgs;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.resp.AclCategory;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
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
        ScanArgs.KeyScan<SortedSet> scan = ScanArgs.startKeyScan(ctx, SortedSet.class);
        if (scan == null) {
            return;
        }
        SortedSet z = scan.value();
        ScanArgs args = scan.args();
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
            next = args.walk(scan.cursor(), members::size, c -> z.scan(c, node -> {
                members.add(node.key);
                scores.add(Numbers.formatDouble17g(node.score));
            }));
        }
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (args.matches(members.get(i))) {
                kept.add(i);
            }
        }
        ScanArgs.replyHeader(ctx.reply(), next, kept.size() * 2L);
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

}
