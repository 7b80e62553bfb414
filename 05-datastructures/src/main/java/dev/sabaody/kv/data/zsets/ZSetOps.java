package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Destination;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.data.sets.SetValue;
import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.resp.AclCategory;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.function.ObjDoubleConsumer;
import java.util.Map;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms, and ZINTERCARD: one implementation, as t_zset.c's
 * zunionInterDiffGenericCommand. Inputs may be sorted sets or plain sets (each member scoring 1).
 *
 * <ul>
 *   <li>Inputs are sorted by size first (stably, as glibc's merge-sort qsort), because an
 *       intersection walks the smallest input and probes the others; the same order also fixes the
 *       order in which SUM adds a member's scores, which decides the last bits of the result.
 *   <li>{@code weight * score} that is NaN (0 × inf) counts as 0, and a SUM of +inf and -inf is 0
 *       (zunionInterAggregate): a stored score is never NaN.
 * </ul>
 */
final class ZSetOps {

    enum Op {
        UNION("zunionstore"), INTER("zinterstore"), DIFF("zdiffstore");

        /** The keyspace event of the STORE form (zunionInterDiffGenericCommand). */
        final String storeEvent;

        Op(String storeEvent) {
            this.storeEvent = storeEvent;
        }
    }

    enum Aggregate { SUM, MIN, MAX }

    private ZSetOps() {
    }

    /** ZUNION, ZINTER, ZDIFF: numkeys, keys, (WEIGHTS, AGGREGATE except for ZDIFF), WITHSCORES. */
    private static CommandSpec.Builder<Db> read(String name, Op op, String summary, String since, String complexity) {
        List<Arg> args = new ArrayList<>(List.of(Arg.of("numkeys", "integer"), Arg.key("key", 0).multiple()));
        if (op != Op.DIFF) {
            args.addAll(weightsAndAggregate());
        }
        args.add(Arg.of("withscores", "pure-token").withToken("WITHSCORES").optional());
        return CommandSpec.<Db>command(name, -3, ctx -> run(ctx, false, 1, op, false))
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(new KeySpec(null, EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS), new KeySpec.Index(1), new KeySpec.KeyNum(0, 1, 1)))
                .doc(CommandDoc.of(summary, since, "sorted-set", complexity, args.toArray(Arg[]::new)));
    }

    /** ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE: destination, numkeys, keys, (WEIGHTS, AGGREGATE except for ZDIFFSTORE). */
    private static CommandSpec.Builder<Db> store(String name, Op op, String summary, String since, String complexity) {
        List<Arg> args = new ArrayList<>(List.of(Arg.key("destination", 0), Arg.of("numkeys", "integer"),
                Arg.key("key", 1).multiple()));
        if (op != Op.DIFF) {
            args.addAll(weightsAndAggregate());
        }
        return CommandSpec.<Db>command(name, -4, ctx -> run(ctx, true, 2, op, false))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.OW, KeySpec.Flag.UPDATE),
                        new KeySpec(null, EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS), new KeySpec.Index(2), new KeySpec.KeyNum(0, 1, 1)))
                .doc(CommandDoc.of(summary, since, "sorted-set", complexity, args.toArray(Arg[]::new)));
    }

    private static List<Arg> weightsAndAggregate() {
        return List.of(Arg.of("weight", "integer").withToken("WEIGHTS").optional().multiple(),
                Arg.oneOf("aggregate",
                        Arg.of("sum", "pure-token").withToken("SUM"),
                        Arg.of("min", "pure-token").withToken("MIN"),
                        Arg.of("max", "pure-token").withToken("MAX")).withToken("AGGREGATE").optional());
    }

    private static final String UNION_COMPLEXITY = "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.";
    private static final String INTER_COMPLEXITY = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.";
    private static final String DIFF_COMPLEXITY = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.";

    static CommandSpec.Builder<Db> zunion() {
        return read("zunion", Op.UNION, "Add multiple sorted sets", "6.2.0", UNION_COMPLEXITY);
    }

    static CommandSpec.Builder<Db> zinter() {
        return read("zinter", Op.INTER, "Intersect multiple sorted sets", "6.2.0", INTER_COMPLEXITY);
    }

    static CommandSpec.Builder<Db> zdiff() {
        return read("zdiff", Op.DIFF, "Subtract multiple sorted sets", "6.2.0", DIFF_COMPLEXITY);
    }

    static CommandSpec.Builder<Db> zunionstore() {
        return store("zunionstore", Op.UNION, "Add multiple sorted sets and store the resulting sorted set in a new key",
                "2.0.0", "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.");
    }

    static CommandSpec.Builder<Db> zinterstore() {
        return store("zinterstore", Op.INTER,
                "Intersect multiple sorted sets and store the resulting sorted set in a new key", "2.0.0", INTER_COMPLEXITY);
    }

    static CommandSpec.Builder<Db> zdiffstore() {
        return store("zdiffstore", Op.DIFF,
                "Subtract multiple sorted sets and store the resulting sorted set in a new key", "6.2.0", DIFF_COMPLEXITY);
    }

    static CommandSpec.Builder<Db> zintercard() {
        return CommandSpec.<Db>command("zintercard", -3, ctx -> run(ctx, false, 1, Op.INTER, true))
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(new KeySpec(null, EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS), new KeySpec.Index(1), new KeySpec.KeyNum(0, 1, 1)))
                .doc(CommandDoc.of("Intersect multiple sorted sets and return the cardinality of the result", "7.0.0", "sorted-set", "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.",
                        Arg.of("numkeys", "integer"),
                        Arg.key("key", 0).multiple(),
                        Arg.of("limit", "integer").withToken("LIMIT").optional()));
    }

    /** One input: a sorted set, a plain set, or nothing (a missing key), with its weight. */
    private static final class Source {
        final Object value;
        double weight = 1;

        Source(Object value) {
            this.value = value;
        }

        int size() {
            return switch (value) {
                case SortedSet z -> z.size();
                case SetValue s -> s.size();
                case null, default -> 0;
            };
        }

        /** Visits (member, score) in the input's own order; a plain set's members score 1. */
        void forEach(ObjDoubleConsumer<byte[]> action) {
            if (value instanceof SortedSet z) {
                for (Node n = z.list().first(); n != null; n = n.next()) {
                    action.accept(n.key, n.score);
                }
            } else if (value instanceof SetValue s) {
                s.forEach(member -> action.accept(member, 1.0));
            }
        }

        /** zuiFind: the member's score here, or NaN when absent (a stored score is never NaN). */
        double find(byte[] member) {
            if (value instanceof SortedSet z) {
                Node n = z.get(member);
                return n == null ? Double.NaN : n.score;
            }
            return value instanceof SetValue s && s.contains(member) ? 1.0 : Double.NaN;
        }
    }

    static void run(CommandContext<? extends Db> ctx, boolean store, int numKeysIdx, Op op, boolean cardinalityOnly) {
        Argv argv = ctx.argv();
        long[] n = new long[1];
        if (!Arguments.parseLong(ctx, numKeysIdx, n, null)) {
            return;
        }
        long setNum = n[0];
        if (setNum < 1) {
            ctx.reply().error("at least 1 input key is needed for '" + ctx.command().fullName() + "' command");
            return;
        }
        if (setNum > argv.argc() - (numKeysIdx + 1)) {
            ctx.replySyntaxError();
            return;
        }
        List<Source> sources = new ArrayList<>((int) setNum);
        int j = numKeysIdx + 1;
        for (int i = 0; i < setNum; i++, j++) {
            Entry e = ctx.db().lookupRead(argv, j);
            if (e != null && !(e.value instanceof SortedSet || e.value instanceof SetValue)) {
                ctx.reply().error(Values.WRONGTYPE);
                return;
            }
            sources.add(new Source(e == null ? null : e.value));
        }
        Aggregate aggregate = Aggregate.SUM;
        boolean withScores = false;
        long limit = 0;
        int remaining = argv.argc() - j;
        while (remaining > 0) {
            if (op != Op.DIFF && !cardinalityOnly && remaining >= setNum + 1 && argv.equalsIgnoreCase(j, "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < setNum; i++, j++, remaining--) {
                    double w = Arguments.parseDouble(ctx, j, "weight value is not a float");
                    if (Double.isNaN(w)) {
                        return;
                    }
                    sources.get(i).weight = w;
                }
            } else if (op != Op.DIFF && !cardinalityOnly && remaining >= 2 && argv.equalsIgnoreCase(j, "aggregate")) {
                j++;
                if (argv.equalsIgnoreCase(j, "sum")) {
                    aggregate = Aggregate.SUM;
                } else if (argv.equalsIgnoreCase(j, "min")) {
                    aggregate = Aggregate.MIN;
                } else if (argv.equalsIgnoreCase(j, "max")) {
                    aggregate = Aggregate.MAX;
                } else {
                    ctx.replySyntaxError();
                    return;
                }
                j++;
                remaining -= 2;
            } else if (!store && !cardinalityOnly && argv.equalsIgnoreCase(j, "withscores")) {
                j++;
                remaining--;
                withScores = true;
            } else if (cardinalityOnly && remaining >= 2 && argv.equalsIgnoreCase(j, "limit")) {
                j++;
                if (!Arguments.parsePositiveLong(ctx, j, n, "LIMIT can't be negative")) {
                    return;
                }
                limit = n[0];
                j++;
                remaining -= 2;
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        if (op != Op.DIFF) {
            sources.sort((a, b) -> Integer.compare(a.size(), b.size()));
        }
        if (cardinalityOnly) {
            ctx.reply().integer(interCard(sources, limit));
            return;
        }
        SortedSet result = switch (op) {
            case INTER -> inter(sources, aggregate);
            case UNION -> union(sources, aggregate);
            case DIFF -> diff(sources);
        };
        if (store) {
            byte[] destination = argv.copy(1);
            if (result.size() > 0) {
                result.settleEncodingForStore();
                Destination.store(ctx.db(), destination, result, KeyspaceEvents.ZSET, op.storeEvent);
                ctx.reply().integer(result.size());
            } else {
                Destination.clear(ctx.db(), destination);
                ctx.reply().integer(0);
            }
            return;
        }
        Replies.header(ctx.reply(), result.size(), withScores);
        for (Node node = result.list().first(); node != null; node = node.next()) {
            Replies.member(ctx.reply(), node, withScores);
        }
    }

    /** zunionInterAggregate. */
    private static double aggregate(double target, double value, Aggregate aggregate) {
        return switch (aggregate) {
            case SUM -> {
                double sum = target + value;
                yield Double.isNaN(sum) ? 0.0 : sum; // +inf + -inf: Redis's convention is 0
            }
            case MIN -> value < target ? value : target;
            case MAX -> value > target ? value : target;
        };
    }

    private static double weighted(double weight, double score) {
        double s = weight * score;
        return Double.isNaN(s) ? 0 : s;
    }

    private static SortedSet inter(List<Source> sources, Aggregate aggregate) {
        SortedSet result = new SortedSet();
        Source first = sources.getFirst();
        if (first.size() == 0) {
            return result;
        }
        first.forEach((member, score) -> {
            double total = weighted(first.weight, score);
            for (int i = 1; i < sources.size(); i++) {
                Source s = sources.get(i);
                double value;
                if (s.value == first.value) {
                    value = score * s.weight;
                } else {
                    double found = s.find(member);
                    if (Double.isNaN(found)) {
                        return;
                    }
                    value = found * s.weight;
                }
                total = aggregate(total, value, aggregate);
            }
            result.insert(member, total);
        });
        return result;
    }

    private static long interCard(List<Source> sources, long limit) {
        Source first = sources.getFirst();
        long[] count = {0};
        if (first.size() == 0) {
            return 0;
        }
        // forEach cannot stop early; the limit only caps the answer, which is what the client sees.
        first.forEach((member, score) -> {
            if (limit > 0 && count[0] >= limit) {
                return;
            }
            for (int i = 1; i < sources.size(); i++) {
                Source s = sources.get(i);
                if (s.value != first.value && Double.isNaN(s.find(member))) {
                    return;
                }
            }
            count[0]++;
        });
        return count[0];
    }

    private static SortedSet union(List<Source> sources, Aggregate aggregate) {
        Map<ByteBuffer, double[]> accumulator = new HashMap<>();
        List<byte[]> order = new ArrayList<>();
        for (Source s : sources) {
            s.forEach((member, score) -> {
                double value = weighted(s.weight, score);
                double[] slot = accumulator.get(ByteBuffer.wrap(member));
                if (slot == null) {
                    accumulator.put(ByteBuffer.wrap(member), new double[] {value});
                    order.add(member);
                } else {
                    slot[0] = aggregate(slot[0], value, aggregate);
                }
            });
        }
        SortedSet result = new SortedSet();
        for (byte[] member : order) {
            result.insert(member, accumulator.get(ByteBuffer.wrap(member))[0]);
        }
        return result;
    }

    /** Members of the first input found in no other, with their first-input scores (no weights). */
    private static SortedSet diff(List<Source> sources) {
        SortedSet result = new SortedSet();
        Source first = sources.getFirst();
        first.forEach((member, score) -> {
            for (int i = 1; i < sources.size(); i++) {
                Source s = sources.get(i);
                if (s.value == first.value || !Double.isNaN(s.find(member))) {
                    return;
                }
            }
            result.insert(member, score);
        });
        return result;
    }
}
