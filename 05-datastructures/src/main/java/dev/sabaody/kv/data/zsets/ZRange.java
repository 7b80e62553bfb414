package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Destination;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.resp.AclCategory;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * ZRANGE and its seven older or storing forms, one implementation as in Redis 7
 * (t_zset.c zrangeGenericCommand): a form fixes some of (where the key is, whether the result is
 * stored, by rank/score/lex, direction) and the options may set the rest.
 *
 * <pre>
 *   ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
 *   ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]
 *   ZREVRANGE key start stop [WITHSCORES]
 *   ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]      (and ZREVRANGEBYSCORE max min)
 *   ZRANGEBYLEX key min max [LIMIT offset count]                     (and ZREVRANGEBYLEX max min)
 * </pre>
 *
 * A rank range costs O(log n) to find its first node by span plus one step per member; a score or
 * lex range O(log n) to its first node, then steps while the members stay in range.
 */
final class ZRange implements Command<Db> {

    enum By { AUTO, RANK, SCORE, LEX }

    enum Direction { AUTO, FORWARD, REVERSE }

    private final int keyIndex;
    private final boolean store;
    private final By fixedBy;
    private final Direction fixedDirection;

    private ZRange(int keyIndex, boolean store, By by, Direction direction) {
        this.keyIndex = keyIndex;
        this.store = store;
        this.fixedBy = by;
        this.fixedDirection = direction;
    }

    static CommandSpec.Builder<Db> zrange() {
        return CommandSpec.<Db>command("zrange", -4, new ZRange(1, false, By.AUTO, Direction.AUTO))
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Return a range of members in a sorted set", "1.2.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
                        Arg.key("key", 0),
                        Arg.of("start", "string"),
                        Arg.of("stop", "string"),
                        Arg.oneOf("sortby",
                            Arg.of("byscore", "pure-token").withToken("BYSCORE"),
                            Arg.of("bylex", "pure-token").withToken("BYLEX")).since("6.2.0").optional(),
                        Arg.of("rev", "pure-token").withToken("REV").since("6.2.0").optional(),
                        Arg.block("offset_count",
                            Arg.of("offset", "integer"),
                            Arg.of("count", "integer")).withToken("LIMIT").since("6.2.0").optional(),
                        Arg.of("withscores", "pure-token").withToken("WITHSCORES").optional())
                        .withHistory("6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."));
    }

    static CommandSpec.Builder<Db> zrangestore() {
        return CommandSpec.<Db>command("zrangestore", -5, new ZRange(2, true, By.AUTO, Direction.AUTO))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.OW, KeySpec.Flag.UPDATE),
                        KeySpec.range(2, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Store a range of members from sorted set into another key", "6.2.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.",
                        Arg.key("dst", 0),
                        Arg.key("src", 1),
                        Arg.of("min", "string"),
                        Arg.of("max", "string"),
                        Arg.oneOf("sortby",
                            Arg.of("byscore", "pure-token").withToken("BYSCORE"),
                            Arg.of("bylex", "pure-token").withToken("BYLEX")).optional(),
                        Arg.of("rev", "pure-token").withToken("REV").optional(),
                        Arg.block("offset_count",
                            Arg.of("offset", "integer"),
                            Arg.of("count", "integer")).withToken("LIMIT").optional()));
    }

    static CommandSpec.Builder<Db> zrevrange() {
        return CommandSpec.<Db>command("zrevrange", -4, new ZRange(1, false, By.RANK, Direction.REVERSE))
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(new CommandDoc("Return a range of members in a sorted set, by index, with scores ordered from high to low", "1.2.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
                        List.of("deprecated"), "6.2.0", "`ZRANGE` with the `REV` argument", List.of(), List.of(
                        Arg.key("key", 0),
                        Arg.of("start", "integer"),
                        Arg.of("stop", "integer"),
                        Arg.of("withscores", "pure-token").withToken("WITHSCORES").optional())));
    }

    static CommandSpec.Builder<Db> zrangebyscore() {
        return CommandSpec.<Db>command("zrangebyscore", -4, new ZRange(1, false, By.SCORE, Direction.FORWARD))
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(new CommandDoc("Return a range of members in a sorted set, by score", "1.0.5", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                        List.of("deprecated"), "6.2.0", "`ZRANGE` with the `BYSCORE` argument", List.<String[]>of(new String[] {"2.0.0", "Added the `WITHSCORES` modifier."}), List.of(
                        Arg.key("key", 0),
                        Arg.of("min", "double"),
                        Arg.of("max", "double"),
                        Arg.of("withscores", "pure-token").withToken("WITHSCORES").since("2.0.0").optional(),
                        Arg.block("offset_count",
                            Arg.of("offset", "integer"),
                            Arg.of("count", "integer")).withToken("LIMIT").optional())));
    }

    static CommandSpec.Builder<Db> zrevrangebyscore() {
        return CommandSpec.<Db>command("zrevrangebyscore", -4, new ZRange(1, false, By.SCORE, Direction.REVERSE))
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(new CommandDoc("Return a range of members in a sorted set, by score, with scores ordered from high to low", "2.2.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                        List.of("deprecated"), "6.2.0", "`ZRANGE` with the `REV` and `BYSCORE` arguments", List.<String[]>of(new String[] {"2.1.6", "`min` and `max` can be exclusive."}), List.of(
                        Arg.key("key", 0),
                        Arg.of("max", "double"),
                        Arg.of("min", "double"),
                        Arg.of("withscores", "pure-token").withToken("WITHSCORES").optional(),
                        Arg.block("offset_count",
                            Arg.of("offset", "integer"),
                            Arg.of("count", "integer")).withToken("LIMIT").optional())));
    }

    static CommandSpec.Builder<Db> zrangebylex() {
        return CommandSpec.<Db>command("zrangebylex", -4, new ZRange(1, false, By.LEX, Direction.FORWARD))
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(new CommandDoc("Return a range of members in a sorted set, by lexicographical range", "2.8.9", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                        List.of("deprecated"), "6.2.0", "`ZRANGE` with the `BYLEX` argument", List.of(), List.of(
                        Arg.key("key", 0),
                        Arg.of("min", "string"),
                        Arg.of("max", "string"),
                        Arg.block("offset_count",
                            Arg.of("offset", "integer"),
                            Arg.of("count", "integer")).withToken("LIMIT").optional())));
    }

    static CommandSpec.Builder<Db> zrevrangebylex() {
        return CommandSpec.<Db>command("zrevrangebylex", -4, new ZRange(1, false, By.LEX, Direction.REVERSE))
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(new CommandDoc("Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", "2.8.9", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                        List.of("deprecated"), "6.2.0", "`ZRANGE` with the `REV` and `BYLEX` arguments", List.of(), List.of(
                        Arg.key("key", 0),
                        Arg.of("max", "string"),
                        Arg.of("min", "string"),
                        Arg.block("offset_count",
                            Arg.of("offset", "integer"),
                            Arg.of("count", "integer")).withToken("LIMIT").optional())));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        By by = fixedBy;
        Direction direction = fixedDirection;
        boolean withScores = false;
        long[] number = new long[1];
        long offset = 0;
        long limit = -1;
        for (int j = keyIndex + 3; j < argv.argc(); j++) {
            int left = argv.argc() - j - 1;
            if (!store && argv.equalsIgnoreCase(j, "withscores")) {
                withScores = true;
            } else if (argv.equalsIgnoreCase(j, "limit") && left >= 2) {
                if (!Arguments.parseLong(ctx, j + 1, number, null)) {
                    return;
                }
                offset = number[0];
                if (!Arguments.parseLong(ctx, j + 2, number, null)) {
                    return;
                }
                limit = number[0];
                j += 2;
            } else if (direction == Direction.AUTO && argv.equalsIgnoreCase(j, "rev")) {
                direction = Direction.REVERSE;
            } else if (by == By.AUTO && argv.equalsIgnoreCase(j, "bylex")) {
                by = By.LEX;
            } else if (by == By.AUTO && argv.equalsIgnoreCase(j, "byscore")) {
                by = By.SCORE;
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        if (direction == Direction.AUTO) {
            direction = Direction.FORWARD;
        }
        if (by == By.AUTO) {
            by = By.RANK;
        }
        if (limit != -1 && by == By.RANK) {
            ctx.reply().error("syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
            return;
        }
        if (withScores && by == By.LEX) {
            ctx.reply().error("syntax error, WITHSCORES not supported in combination with BYLEX");
            return;
        }
        boolean reverse = direction == Direction.REVERSE;
        int minIdx = keyIndex + 1;
        int maxIdx = keyIndex + 2;
        if (reverse && by != By.RANK) {
            minIdx = keyIndex + 2; // given as max, min
            maxIdx = keyIndex + 1;
        }
        long start = 0;
        long end = 0;
        ScoreRange scores = null;
        LexRange lex = null;
        switch (by) {
            case SCORE -> {
                scores = ScoreRange.parse(argv.copy(minIdx), argv.copy(maxIdx));
                if (scores == null) {
                    ctx.reply().error(ScoreRange.NOT_FLOAT);
                    return;
                }
            }
            case LEX -> {
                lex = LexRange.parse(argv.copy(minIdx), argv.copy(maxIdx));
                if (lex == null) {
                    ctx.reply().error(LexRange.NOT_VALID);
                    return;
                }
            }
            default -> {
                if (!Arguments.parseLong(ctx, minIdx, number, null)) {
                    return;
                }
                start = number[0];
                if (!Arguments.parseLong(ctx, maxIdx, number, null)) {
                    return;
                }
                end = number[0];
            }
        }

        Entry e = ctx.db().lookupRead(argv, keyIndex);
        if (e != null && !(e.value instanceof SortedSet)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        List<Node> result = new ArrayList<>();
        if (e != null) {
            SortedSet zset = (SortedSet) e.value;
            switch (by) {
                case SCORE -> byRange(zset, scores, offset, limit, reverse, result);
                case LEX -> byRange(zset, lex, offset, limit, reverse, result);
                default -> byRank(zset, start, end, reverse, result);
            }
        }
        if (store) {
            store(ctx, result);
        } else {
            Replies.header(ctx.reply(), result.size(), withScores);
            for (Node n : result) {
                Replies.member(ctx.reply(), n, withScores);
            }
        }
    }

    /** genericZrangebyrankCommand: negative indexes count from the end; out-of-range is clamped. */
    static void byRank(SortedSet zset, long start, long end, boolean reverse, List<Node> out) {
        long length = zset.size();
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= length) {
            return;
        }
        if (end >= length) {
            end = length - 1;
        }
        long count = end - start + 1;
        SkipList list = zset.list();
        Node n;
        if (reverse) {
            n = start > 0 ? list.byRank(length - start) : list.last();
        } else {
            n = start > 0 ? list.byRank(start + 1) : list.first();
        }
        while (count-- > 0) {
            out.add(n);
            n = reverse ? n.prev() : n.next();
        }
    }

    /**
     * genericZrangebyscoreCommand and genericZrangebylexCommand: a negative offset skips everything; a
     * negative limit means all.
     */
    static void byRange(SortedSet zset, NodeRange range, long offset, long limit, boolean reverse, List<Node> out) {
        if (offset > 0 && offset >= zset.size()) {
            return;
        }
        SkipList list = zset.list();
        Node n = reverse ? list.lastInRange(range) : list.firstInRange(range);
        while (n != null && offset-- != 0) {
            n = reverse ? n.prev() : n.next();
        }
        while (n != null && limit-- != 0) {
            if (reverse ? !range.aboveMin(n) : !range.belowMax(n)) {
                break;
            }
            out.add(n);
            n = reverse ? n.prev() : n.next();
        }
    }

    /** zrangeResultFinalizeStore: the range becomes the destination, or deletes it when empty. */
    private static void store(CommandContext<? extends Db> ctx, List<Node> result) {
        Db db = ctx.db();
        byte[] destination = ctx.argv().copy(1);
        if (result.isEmpty()) {
            Destination.clear(db, destination);
            ctx.reply().integer(0);
            return;
        }
        SortedSet copy = new SortedSet();
        for (Node n : result) {
            copy.insert(n.key, n.score); // member bytes are never changed, so sharing them is safe
        }
        Destination.store(db, destination, copy, KeyspaceEvents.ZSET, "zrangestore");
        ctx.reply().integer(result.size());
    }
}
