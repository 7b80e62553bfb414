package dev.sabaody.kv.data.sets;

import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SET;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.DictNode;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.data.hashes.ReplyLimit;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * SRANDMEMBER key [count]: random members, left in place. Without a count one member (or null);
 * with one always an array (RESP3 too), in the cases of Redis's srandmemberWithCountCommand:
 * <ol>
 *   <li>a negative count (or 1): that many independent draws, repeats allowed;
 *   <li>a count at least the size: the whole set in its order (ascending for an intset);
 *   <li>a count above a third of the size: a partial shuffle of all members;
 *   <li>otherwise draws until the count of distinct members is reached.
 * </ol>
 */
final class SRandMember implements Command<Db> {

    /** t_set.c SRANDMEMBER_SUB_STRATEGY_MUL: above count * 3 > size, remove from a copy instead of adding. */
    static final int SRANDMEMBER_SUB_STRATEGY_MUL = 3;

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("srandmember", -2, new SRandMember())
                .flags(CommandFlag.READONLY)
                .acl(READ, SET, SLOW)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get one or multiple random members from a set", "1.0.0", "set",
                        "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed"
                                + " count.",
                        Arg.key("key", 0), Arg.of("count", "integer").since("2.6.0").optional())
                        .withHistory("2.6.0", "Added the optional `count` argument."));
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
        Entry e = ctx.db().lookupRead(argv, 1);
        if (e == null) {
            ctx.reply().nullBulk();
        } else if (!(e.value instanceof SetValue set)) {
            ctx.reply().error(Values.WRONGTYPE);
        } else {
            ctx.reply().bulk(set.randomMember(ctx.db().keyspace().random()));
        }
    }

    private static void withCount(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(2)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        long l = argv.parsedLong();
        if (l == Long.MIN_VALUE) {
            ctx.reply().error("value is out of range, value must between -9223372036854775807 and 9223372036854775807");
            return;
        }
        Entry e = ctx.db().lookupRead(argv, 1);
        RespEncoder reply = ctx.reply();
        if (e == null) {
            reply.arrayHeader(0);
            return;
        }
        if (!(e.value instanceof SetValue set)) {
            reply.error(Values.WRONGTYPE);
            return;
        }
        long count = Math.abs(l);
        if (count == 0) {
            reply.arrayHeader(0);
            return;
        }
        RandomGenerator random = ctx.db().keyspace().random();
        int size = set.size();
        if (l < 0 || count == 1) {
            reply.arrayHeader(count);
            for (long i = 0; i < count; i++) {
                reply.bulk(set.randomMember(random));
                if (i % ReplyLimit.CHECK_EVERY == 0 && ReplyLimit.exceeded(ctx)) {
                    return;
                }
            }
            return;
        }
        if (count >= size) {
            reply.arrayHeader(size);
            SetReplies.writeMembers(reply, set);
            return;
        }
        int n = (int) count;
        reply.arrayHeader(n);
        if (set.isIntset()) {
            for (int at : distinctIndexes(n, size, random)) {
                reply.bulkAscii(Long.toString(set.intAt(at)));
            }
            return;
        }
        List<DictNode> picked;
        if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
            List<DictNode> all = new ArrayList<>(size);
            set.dict().forEach(all::add);
            for (int i = 0; i < n; i++) {
                Collections.swap(all, i, i + random.nextInt(size - i));
            }
            picked = all.subList(0, n);
        } else {
            Set<DictNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            picked = new ArrayList<>(n);
            while (picked.size() < n) {
                DictNode m = set.dict().random(random);
                if (seen.add(m)) {
                    picked.add(m);
                }
            }
        }
        for (DictNode m : picked) {
            reply.bulk(m.key);
        }
    }

    /** {@code n} distinct indexes below {@code size} (n < size <= 512), in draw order. */
    private static List<Integer> distinctIndexes(int n, int size, RandomGenerator random) {
        List<Integer> out = new ArrayList<>(n);
        Set<Integer> seen = new HashSet<>();
        while (out.size() < n) {
            int at = random.nextInt(size);
            if (seen.add(at)) {
                out.add(at);
            }
        }
        return out;
    }
}
