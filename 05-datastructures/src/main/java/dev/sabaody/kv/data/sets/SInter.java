package dev.sabaody.kv.data.sets;

import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SET;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Destination;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyspaceEvents;
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
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The intersection family, Redis's sinterGenericCommand: SINTER key [key ...], SMEMBERS key (the
 * intersection of one set), SINTERSTORE destination key [key ...], SINTERCARD numkeys key [key ...]
 * [LIMIT limit].
 *
 * <p>Every key is looked up and type-checked first (a missing key does not stop the checks, so
 * {@code SINTER missing string} is WRONGTYPE). Any missing key makes the result empty. Otherwise the
 * sets are sorted by size, smallest first (stably, as glibc's merge-sort qsort leaves equal sizes),
 * and each member of the smallest is tested against the others: the answer comes in the smallest
 * set's order, which for an intset is ascending. SINTERSTORE overwrites the destination whatever its
 * type, and deletes it when the intersection is empty.
 */
final class SInter implements Command<Db> {

    private enum Kind { INTER, STORE, CARD }

    private final Kind kind;

    private SInter(Kind kind) {
        this.kind = kind;
    }

    static CommandSpec.Builder<Db> sinter() {
        return CommandSpec.<Db>command("sinter", -2, new SInter(Kind.INTER))
                .flags(CommandFlag.READONLY)
                .acl(READ, SET, SLOW)
                .tips("nondeterministic_output_order")
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Intersect multiple sets", "1.0.0", "set",
                        "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
                        Arg.key("key", 0).multiple()));
    }

    static CommandSpec.Builder<Db> smembers() {
        return CommandSpec.<Db>command("smembers", 2, new SInter(Kind.INTER))
                .flags(CommandFlag.READONLY)
                .acl(READ, SET, SLOW)
                .tips("nondeterministic_output_order")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get all the members in a set", "1.0.0", "set",
                        "O(N) where N is the set cardinality.", Arg.key("key", 0)));
    }

    static CommandSpec.Builder<Db> sinterstore() {
        return CommandSpec.<Db>command("sinterstore", -3, new SInter(Kind.STORE))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, SET, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE),
                        KeySpec.range(2, -1, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Intersect multiple sets and store the resulting set in a key", "1.0.0", "set",
                        "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
                        Arg.key("destination", 0), Arg.key("key", 1).multiple()));
    }

    static CommandSpec.Builder<Db> sintercard() {
        return CommandSpec.<Db>command("sintercard", -3, new SInter(Kind.CARD))
                .flags(CommandFlag.READONLY)
                .acl(READ, SET, SLOW)
                .keys(new KeySpec(null, EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS), new KeySpec.Index(1),
                        new KeySpec.KeyNum(0, 1, 1)))
                .doc(CommandDoc.of("Intersect multiple sets and return the cardinality of the result", "7.0.0", "set",
                        "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
                        Arg.of("numkeys", "integer"), Arg.key("key", 0).multiple(),
                        Arg.of("limit", "integer").withToken("LIMIT").optional()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        switch (kind) {
            case INTER -> run(ctx, 1, ctx.argv().argc(), false);
            case STORE -> run(ctx, 2, ctx.argv().argc(), true);
            case CARD -> card(ctx);
        }
    }

    private static void card(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(1) || argv.parsedLong() < 1) {
            ctx.reply().error("numkeys should be greater than 0");
            return;
        }
        long numkeys = argv.parsedLong();
        if (numkeys > argv.argc() - 2) {
            ctx.reply().error("Number of keys can't be greater than number of args");
            return;
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < argv.argc(); j++) {
            boolean more = argv.argc() - 1 - j > 0;
            if (more && argv.equalsIgnoreCase(j, "limit")) {
                j++;
                if (!argv.parseLong(j) || argv.parsedLong() < 0) {
                    ctx.reply().error("LIMIT can't be negative");
                    return;
                }
                limit = argv.parsedLong();
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        countIntersection(ctx, 2, 2 + (int) numkeys, limit);
    }

    /** The sets of arguments [from, to), null for a missing key; null (after WRONGTYPE) on a wrong type. */
    static List<SetValue> lookupSets(CommandContext<? extends Db> ctx, int from, int to) {
        List<SetValue> sets = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            Entry e = ctx.db().lookupRead(ctx.argv(), i);
            if (e == null) {
                sets.add(null);
            } else if (e.value instanceof SetValue s) {
                sets.add(s);
            } else {
                ctx.reply().error(Values.WRONGTYPE);
                return null;
            }
        }
        return sets;
    }

    private static void countIntersection(CommandContext<? extends Db> ctx, int from, int to, long limit) {
        List<SetValue> sets = lookupSets(ctx, from, to);
        if (sets == null) {
            return;
        }
        if (sets.contains(null)) {
            ctx.reply().integer(0);
            return;
        }
        long[] cardinality = {0};
        intersect(sets, limit, member -> cardinality[0]++);
        ctx.reply().integer(cardinality[0]);
    }

    private static void run(CommandContext<? extends Db> ctx, int from, int to, boolean store) {
        List<SetValue> sets = lookupSets(ctx, from, to);
        if (sets == null) {
            return;
        }
        Db db = ctx.db();
        RespEncoder reply = ctx.reply();
        if (sets.contains(null)) {
            if (store) {
                Destination.clear(db, ctx.argv(), 1);
                reply.integer(0);
            } else {
                reply.setHeader(0);
            }
            return;
        }
        if (store) {
            SetValue result = new SetValue();
            intersect(sets, 0, result::add);
            if (result.size() > 0) {
                Destination.store(db, ctx.argv().copy(1), result, KeyspaceEvents.SET, "sinterstore");
                reply.integer(result.size());
            } else {
                Destination.clear(db, ctx.argv(), 1);
                reply.integer(0);
            }
            return;
        }
        List<byte[]> members = new ArrayList<>();
        intersect(sets, 0, members::add);
        reply.setHeader(members.size());
        for (byte[] m : members) {
            reply.bulk(m);
        }
    }

    /** Calls {@code sink} with each member of the intersection, in the smallest set's order; stops at {@code limit} (0: none). */
    static void intersect(List<SetValue> sets, long limit, java.util.function.Consumer<byte[]> sink) {
        List<SetValue> bySize = new ArrayList<>(sets);
        bySize.sort(Comparator.comparingInt(SetValue::size));
        SetValue smallest = bySize.getFirst();
        long found = 0;
        if (smallest.isIntset()) {
            for (int i = 0; i < smallest.size(); i++) {
                long v = smallest.intAt(i);
                if (inAllOthers(bySize, smallest, s -> s.containsLong(v))) {
                    sink.accept(SetValue.decimal(v));
                    if (++found == limit) {
                        return;
                    }
                }
            }
            return;
        }
        List<byte[]> members = new ArrayList<>(smallest.size());
        smallest.dict().forEach(n -> members.add(n.key));
        for (byte[] m : members) {
            if (inAllOthers(bySize, smallest, s -> s.contains(m))) {
                sink.accept(m);
                if (++found == limit) {
                    return;
                }
            }
        }
    }

    private static boolean inAllOthers(List<SetValue> sets, SetValue smallest,
                                       java.util.function.Predicate<SetValue> contains) {
        for (int j = 1; j < sets.size(); j++) {
            SetValue s = sets.get(j);
            if (s != smallest && !contains.test(s)) {
                return false;
            }
        }
        return true;
    }
}
