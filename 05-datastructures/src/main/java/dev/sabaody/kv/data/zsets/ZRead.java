package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.resp.AclCategory;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * The small read commands: ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT. Each is a
 * hash lookup or one or two skip-list searches; ZCOUNT and ZLEXCOUNT find the first and last node in
 * range and subtract their ranks, so counting a million members costs two O(log n) searches.
 */
final class ZRead {

    private ZRead() {
    }

    static CommandSpec.Builder<Db> zcard() {
        return CommandSpec.<Db>command("zcard", 2, ZRead::zcard)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Get the number of members in a sorted set", "1.2.0", "sorted-set", "O(1)",
                        Arg.key("key", 0)));
    }

    static CommandSpec.Builder<Db> zscore() {
        return CommandSpec.<Db>command("zscore", 3, ZRead::zscore)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get the score associated with the given member in a sorted set", "1.2.0", "sorted-set", "O(1)",
                        Arg.key("key", 0),
                        Arg.of("member", "string")));
    }

    static CommandSpec.Builder<Db> zmscore() {
        return CommandSpec.<Db>command("zmscore", -3, ZRead::zmscore)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get the score associated with the given members in a sorted set", "6.2.0", "sorted-set", "O(N) where N is the number of members being requested.",
                        Arg.key("key", 0),
                        Arg.of("member", "string").multiple()));
    }

    static CommandSpec.Builder<Db> zrank() {
        return CommandSpec.<Db>command("zrank", 3, ctx -> rank(ctx, false))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Determine the index of a member in a sorted set", "2.0.0", "sorted-set", "O(log(N))",
                        Arg.key("key", 0),
                        Arg.of("member", "string")));
    }

    static CommandSpec.Builder<Db> zrevrank() {
        return CommandSpec.<Db>command("zrevrank", 3, ctx -> rank(ctx, true))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Determine the index of a member in a sorted set, with scores ordered from high to low", "2.0.0", "sorted-set", "O(log(N))",
                        Arg.key("key", 0),
                        Arg.of("member", "string")));
    }

    static CommandSpec.Builder<Db> zcount() {
        return CommandSpec.<Db>command("zcount", 4, ZRead::zcount)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Count the members in a sorted set with scores within the given values", "2.0.0", "sorted-set", "O(log(N)) with N being the number of elements in the sorted set.",
                        Arg.key("key", 0),
                        Arg.of("min", "double"),
                        Arg.of("max", "double")));
    }

    static CommandSpec.Builder<Db> zlexcount() {
        return CommandSpec.<Db>command("zlexcount", 4, ZRead::zlexcount)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Count the number of members in a sorted set between a given lexicographical range", "2.8.9", "sorted-set", "O(log(N)) with N being the number of elements in the sorted set.",
                        Arg.key("key", 0),
                        Arg.of("min", "string"),
                        Arg.of("max", "string")));
    }

    /**
     * The sorted set at argument {@code i} for reading, null when absent; {@link #WRONG} after
     * writing WRONGTYPE when the key holds another type.
     */
    static SortedSet read(CommandContext<? extends Db> ctx, int i) {
        Entry e = ctx.db().lookupRead(ctx.argv(), i);
        if (e == null) {
            return null;
        }
        if (e.value instanceof SortedSet z) {
            return z;
        }
        ctx.reply().error(Values.WRONGTYPE);
        return WRONG;
    }

    /** What {@link #read} returns for a key of another type; never stored anywhere. */
    static final SortedSet WRONG = new SortedSet();

    static void zcard(CommandContext<? extends Db> ctx) {
        SortedSet z = read(ctx, 1);
        if (z != WRONG) {
            ctx.reply().integer(z == null ? 0 : z.size());
        }
    }

    static void zscore(CommandContext<? extends Db> ctx) {
        SortedSet z = read(ctx, 1);
        if (z == WRONG) {
            return;
        }
        Argv argv = ctx.argv();
        Node n = z == null ? null : z.get(argv.buffer(), argv.offset(2), argv.length(2));
        if (n == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().doubleValue(n.score);
        }
    }

    static void zmscore(CommandContext<? extends Db> ctx) {
        SortedSet z = read(ctx, 1);
        if (z == WRONG) {
            return;
        }
        Argv argv = ctx.argv();
        ctx.reply().arrayHeader(argv.argc() - 2);
        for (int i = 2; i < argv.argc(); i++) {
            Node n = z == null ? null : z.get(argv.buffer(), argv.offset(i), argv.length(i));
            if (n == null) {
                ctx.reply().nullBulk();
            } else {
                ctx.reply().doubleValue(n.score);
            }
        }
    }

    /** zrankGenericCommand: the 0-based rank from the low end, or from the high end when reversed. */
    static void rank(CommandContext<? extends Db> ctx, boolean reverse) {
        SortedSet z = read(ctx, 1);
        if (z == WRONG) {
            return;
        }
        Argv argv = ctx.argv();
        Node n = z == null ? null : z.get(argv.buffer(), argv.offset(2), argv.length(2));
        if (n == null) {
            ctx.reply().nullBulk();
            return;
        }
        int rank = z.rankOf(n);
        ctx.reply().integer(reverse ? z.size() - 1 - rank : rank);
    }

    static void zcount(CommandContext<? extends Db> ctx) {
        ScoreRange range = ScoreRange.parse(ctx.argv().copy(2), ctx.argv().copy(3));
        if (range == null) {
            ctx.reply().error(ScoreRange.NOT_FLOAT);
            return;
        }
        count(ctx, range);
    }

    static void zlexcount(CommandContext<? extends Db> ctx) {
        LexRange range = LexRange.parse(ctx.argv().copy(2), ctx.argv().copy(3));
        if (range == null) {
            ctx.reply().error(LexRange.NOT_VALID);
            return;
        }
        count(ctx, range);
    }

    /** ZCOUNT and ZLEXCOUNT: the ranks of the first and last nodes inside, subtracted. */
    private static void count(CommandContext<? extends Db> ctx, NodeRange range) {
        SortedSet z = read(ctx, 1);
        if (z == WRONG) {
            return;
        }
        Node first = z == null ? null : z.list().firstInRange(range);
        if (first == null) {
            ctx.reply().integer(0);
            return;
        }
        Node last = z.list().lastInRange(range);
        ctx.reply().integer(z.rankOf(last) - z.rankOf(first) + 1);
    }
}
