package dev.sabaody.kv.data.sets;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.SET;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.LoggedForm;
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.random.RandomGenerator;

/**
 * SPOP key [count]: removes and answers random members; without a count one member (or null), with
 * one a set (an array in RESP2). The three cases of Redis's spopWithCountCommand:
 * <ol>
 *   <li>count at least the size: the whole set, in its own order (ascending for an intset), and the
 *       key is deleted;
 *   <li>few to pop next to what stays ({@code remaining * 5 > count}): pop random members one by one;
 *   <li>most of the set goes: draw the members that stay into a new set, answer what is left in the
 *       old one (in its order), and keep the new one. The new set starts as an intset again when the
 *       members that stay allow it, as Redis's does.
 * </ol>
 */
final class SPop implements Command<Db> {

    /** t_set.c SPOP_MOVE_STRATEGY_MUL: the ratio between case 2 and case 3. */
    static final int SPOP_MOVE_STRATEGY_MUL = 5;

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("spop", -2, new SPop())
                .logged(LoggedForm.RESULTING_VALUE)
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(WRITE, SET, FAST)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Remove and return one or multiple random members from a set", "1.0.0", "set",
                        "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.",
                        Arg.key("key", 0), Arg.of("count", "integer").since("3.2.0").optional())
                        .withHistory("3.2.0", "Added the `count` argument."));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() > 3) {
            ctx.replySyntaxError();
            return;
        }
        if (argv.argc() == 3) {
            withCount(ctx);
            return;
        }
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        if (e == null) {
            ctx.reply().nullBulk();
            return;
        }
        if (!(e.value instanceof SetValue set)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        byte[] member = popOne(set, db.keyspace().random());
        ctx.reply().bulk(member);
        db.notify(KeyspaceEvents.SET, "spop", e.key); // spopCommand
        if (set.size() == 0) {
            db.deleteEntry(e);
            db.notify(KeyspaceEvents.GENERIC, "del", e.key);
        } else {
            db.signalModified(e.key);
        }
    }

    private static byte[] popOne(SetValue set, RandomGenerator random) {
        if (set.isIntset()) {
            int at = random.nextInt(set.size());
            long v = set.intAt(at);
            set.removeIntAt(at);
            return SetValue.decimal(v);
        }
        byte[] member = set.dict().random(random).key;
        set.remove(member);
        return member;
    }

    private static void withCount(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(2) || argv.parsedLong() < 0) {
            ctx.reply().error("value is out of range, must be positive");
            return;
        }
        long count = argv.parsedLong();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        RespEncoder reply = ctx.reply();
        if (e == null) {
            reply.setHeader(0);
            return;
        }
        if (!(e.value instanceof SetValue set)) {
            reply.error(Values.WRONGTYPE);
            return;
        }
        if (count == 0) {
            reply.setHeader(0);
            return;
        }
        db.notify(KeyspaceEvents.SET, "spop", e.key); // spopWithCountCommand: once, whatever the count
        int size = set.size();
        long mark = db.changeMark();
        if (count >= size) {
            SetReplies.writeSet(reply, set);
            db.deleteEntry(e);
            db.countChanges(mark, size); // spopWithCountCommand: server.dirty += size
            db.notify(KeyspaceEvents.GENERIC, "del", e.key); // the whole set: the key goes
            return;
        }
        RandomGenerator random = db.keyspace().random();
        int n = (int) count;
        int remaining = size - n;
        reply.setHeader(n);
        if ((long) remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            for (int i = 0; i < n; i++) {
                reply.bulk(popOne(set, random));
            }
        } else {
            SetValue kept = new SetValue();
            for (int i = 0; i < remaining; i++) {
                kept.add(popOne(set, random));
            }
            SetReplies.writeMembers(reply, set);
            db.replaceValue(e, kept);
        }
        db.signalModified(e.key);
        db.countChanges(mark, n); // server.dirty += count
    }
}
