package dev.sabaody.kv.data.sets;

import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SET;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Destination;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.util.List;

/**
 * SUNION, SDIFF and their STORE forms, Redis's sunionDiffGenericCommand: the result is built in a new
 * set that starts as an intset, and the reply walks that set, so an all-integer result of at most
 * 512 members comes back ascending whatever the inputs' forms were. Missing keys are empty sets; a
 * key of another type is WRONGTYPE (the destination of a STORE excepted: it is overwritten).
 */
final class SUnionDiff implements Command<Db> {

    private final boolean union;
    private final boolean store;

    private SUnionDiff(boolean union, boolean store) {
        this.union = union;
        this.store = store;
    }

    static CommandSpec.Builder<Db> sunion() {
        return read("sunion", true, "Add multiple sets");
    }

    static CommandSpec.Builder<Db> sdiff() {
        return read("sdiff", false, "Subtract multiple sets");
    }

    static CommandSpec.Builder<Db> sunionstore() {
        return write("sunionstore", true, "Add multiple sets and store the resulting set in a key");
    }

    static CommandSpec.Builder<Db> sdiffstore() {
        return write("sdiffstore", false, "Subtract multiple sets and store the resulting set in a key");
    }

    private static CommandSpec.Builder<Db> read(String name, boolean union, String summary) {
        return CommandSpec.<Db>command(name, -2, new SUnionDiff(union, false))
                .flags(CommandFlag.READONLY)
                .acl(READ, SET, SLOW)
                .tips("nondeterministic_output_order")
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of(summary, "1.0.0", "set",
                        "O(N) where N is the total number of elements in all given sets.", Arg.key("key", 0).multiple()));
    }

    private static CommandSpec.Builder<Db> write(String name, boolean union, String summary) {
        return CommandSpec.<Db>command(name, -3, new SUnionDiff(union, true))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, SET, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.OW, KeySpec.Flag.UPDATE),
                        KeySpec.range(2, -1, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of(summary, "1.0.0", "set",
                        "O(N) where N is the total number of elements in all given sets.",
                        Arg.key("destination", 0), Arg.key("key", 1).multiple()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        int from = store ? 2 : 1;
        List<SetValue> sets = SInter.lookupSets(ctx, from, ctx.argv().argc());
        if (sets == null) {
            return;
        }
        SetValue result = union ? union(sets) : diff(sets);
        if (!store) {
            SetReplies.writeSet(ctx.reply(), result);
            return;
        }
        Db db = ctx.db();
        if (result.size() > 0) {
            Destination.store(db, ctx.argv().copy(1), result, KeyspaceEvents.SET, union ? "sunionstore" : "sdiffstore");
            ctx.reply().integer(result.size());
        } else {
            Destination.clear(db, ctx.argv(), 1);
            ctx.reply().integer(0);
        }
    }

    private static SetValue union(List<SetValue> sets) {
        SetValue result = new SetValue();
        for (SetValue s : sets) {
            if (s != null) {
                addAll(result, s);
            }
        }
        return result;
    }

    /**
     * The members of the first set in none of the others. Redis picks between two algorithms by
     * estimated cost; both give this set, and the reply's order comes from the result set, not from
     * the algorithm, so one is enough here.
     */
    private static SetValue diff(List<SetValue> sets) {
        SetValue result = new SetValue();
        SetValue first = sets.getFirst();
        if (first == null) {
            return result;
        }
        for (int j = 1; j < sets.size(); j++) {
            if (sets.get(j) == first) {
                return result; // the same key again: everything is subtracted
            }
        }
        if (first.isIntset()) {
            for (int i = 0; i < first.size(); i++) {
                long v = first.intAt(i);
                if (!inAnyOther(sets, s -> s.containsLong(v))) {
                    result.addLong(v);
                }
            }
        } else {
            first.dict().forEach(n -> {
                if (!inAnyOther(sets, s -> s.contains(n.key))) {
                    result.add(n.key);
                }
            });
        }
        return result;
    }

    private static boolean inAnyOther(List<SetValue> sets, java.util.function.Predicate<SetValue> contains) {
        for (int j = 1; j < sets.size(); j++) {
            SetValue s = sets.get(j);
            if (s != null && contains.test(s)) {
                return true;
            }
        }
        return false;
    }

    private static void addAll(SetValue into, SetValue from) {
        if (from.isIntset()) {
            for (int i = 0; i < from.size(); i++) {
                into.addLong(from.intAt(i));
            }
        } else {
            from.dict().forEach(n -> into.add(n.key));
        }
    }
}
