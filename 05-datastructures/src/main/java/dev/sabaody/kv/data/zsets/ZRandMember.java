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
import dev.sabaody.kv.resp.KeySpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * ZRANDMEMBER key [count [WITHSCORES]] (t_zset.c zrandmemberWithCountCommand), by the same cases:
 * <ol>
 *   <li>a negative count (or 1): that many independent draws, repeats allowed;
 *   <li>a count at least the set's size: the whole set, from the highest member down (Redis walks
 *       it with zuiNext, which iterates sorted sets from the tail);
 *   <li>a count above a third of the size: copy the set and drop random members until count remain
 *       (drawing distinct members would retry too often);
 *   <li>otherwise draw until count distinct members are found.
 * </ol>
 * Draws pick a random hash bucket and a random node of its chain ({@link dev.sabaody.kv.data.Dict#random}).
 */
final class ZRandMember {

    /** t_zset.c ZRANDMEMBER_SUB_STRATEGY_MUL: above size / 3 requested, remove instead of add. */
    static final int ZRANDMEMBER_SUB_STRATEGY_MUL = 3;

    private ZRandMember() {
    }

    static CommandSpec.Builder<Db> zrandmember() {
        return CommandSpec.<Db>command("zrandmember", -2, ZRandMember::zrandmember)
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.SLOW)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get one or multiple random elements from a sorted set", "6.2.0", "sorted-set", "O(N) where N is the number of elements returned",
                        Arg.key("key", 0),
                        Arg.block("options",
                            Arg.of("count", "integer"),
                            Arg.of("withscores", "pure-token").withToken("WITHSCORES").optional()).optional()));
    }

    static void zrandmember(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() >= 3) {
            long[] n = new long[1];
            if (!Arguments.parseRangeLong(ctx, 2, -Long.MAX_VALUE, Long.MAX_VALUE, n, null)) {
                return;
            }
            boolean withScores = false;
            if (argv.argc() > 4 || (argv.argc() == 4 && !argv.equalsIgnoreCase(3, "withscores"))) {
                ctx.replySyntaxError();
                return;
            } else if (argv.argc() == 4) {
                withScores = true;
                if (n[0] < -Long.MAX_VALUE / 2 || n[0] > Long.MAX_VALUE / 2) {
                    ctx.reply().error("value is out of range");
                    return;
                }
            }
            withCount(ctx, n[0], withScores);
            return;
        }
        SortedSet z = ZRead.read(ctx, 1);
        if (z == ZRead.WRONG) {
            return;
        }
        if (z == null) {
            ctx.reply().nullBulk();
            return;
        }
        ctx.reply().bulk(z.random(ctx.db().keyspace().random()).key);
    }

    private static void withCount(CommandContext<? extends Db> ctx, long l, boolean withScores) {
        SortedSet z = ZRead.read(ctx, 1);
        if (z == ZRead.WRONG) {
            return;
        }
        if (z == null) {
            ctx.reply().arrayHeader(0);
            return;
        }
        boolean unique = l >= 0;
        long count = unique ? l : -l;
        if (count == 0) {
            ctx.reply().arrayHeader(0);
            return;
        }
        RandomGenerator random = ctx.db().keyspace().random();
        if (!unique || count == 1) {
            Replies.header(ctx.reply(), count, withScores);
            while (count-- > 0) {
                Replies.member(ctx.reply(), z.random(random), withScores);
            }
            return;
        }
        int size = z.size();
        Replies.header(ctx.reply(), Math.min(count, size), withScores);
        if (count >= size) {
            for (Node n = z.list().last(); n != null; n = n.prev()) {
                Replies.member(ctx.reply(), n, withScores);
            }
            return;
        }
        List<Node> picked;
        if (count * ZRANDMEMBER_SUB_STRATEGY_MUL > size) {
            picked = new ArrayList<>(size);
            for (Node n = z.list().first(); n != null; n = n.next()) {
                picked.add(n);
            }
            while (picked.size() > count) {
                int i = random.nextInt(picked.size());
                Collections.swap(picked, i, picked.size() - 1);
                picked.removeLast();
            }
        } else {
            Map<Node, Boolean> chosen = new IdentityHashMap<>();
            while (chosen.size() < count) {
                chosen.put(z.random(random), Boolean.TRUE);
            }
            picked = new ArrayList<>(chosen.keySet());
        }
        for (Node n : picked) {
            Replies.member(ctx.reply(), n, withScores);
        }
    }
}
