package dev.sabaody.kv.data.hashes;

import static dev.sabaody.kv.resp.AclCategory.HASH;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.data.hashes.HashValue.HashField;
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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * HRANDFIELD key [count [WITHVALUES]], with the cases of Redis's hrandfieldWithCountCommand:
 * <ol>
 *   <li>a negative count (or 1): that many independent draws, repeats allowed, in draw order;
 *   <li>a count at least the size: the whole hash, in its own order (insertion order when small);
 *   <li>a small hash: a uniform sample of distinct fields that keeps insertion order, as listpack's
 *       lpRandomPairsUnique (selection sampling, one pass);
 *   <li>a big hash and a count above a third of it: a partial shuffle of all its fields;
 *   <li>otherwise random draws until the count of distinct fields is reached.
 * </ol>
 * With WITHVALUES, RESP2 gets field, value, field, value...; RESP3 an array of [field, value] pairs.
 */
final class HRandField implements Command<Db> {

    /** t_hash.c HRANDFIELD_SUB_STRATEGY_MUL: above count * 3 > size, remove from a copy instead of adding. */
    static final int HRANDFIELD_SUB_STRATEGY_MUL = 3;

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("hrandfield", -2, new HRandField())
                .flags(CommandFlag.READONLY)
                .acl(READ, HASH, SLOW)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get one or multiple random fields from a hash", "6.2.0", "hash",
                        "O(N) where N is the number of fields returned", Arg.key("key", 0),
                        Arg.block("options", Arg.of("count", "integer"),
                                Arg.token("withvalues", "WITHVALUES").optional()).optional()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() == 2) {
            single(ctx);
            return;
        }
        if (!argv.parseLong(2)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        long l = argv.parsedLong();
        if (l == Long.MIN_VALUE) {
            ctx.reply().error("value is out of range, value must between -9223372036854775807 and 9223372036854775807");
            return;
        }
        boolean withValues = false;
        if (argv.argc() > 4 || (argv.argc() == 4 && !argv.equalsIgnoreCase(3, "withvalues"))) {
            ctx.replySyntaxError();
            return;
        } else if (argv.argc() == 4) {
            withValues = true;
            // Twice as many replies as the count must still fit a long (the 7.0 fix for huge counts).
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                ctx.reply().error("value is out of range");
                return;
            }
        }
        withCount(ctx, l, withValues);
    }

    private static void single(CommandContext<? extends Db> ctx) {
        Entry e = ctx.db().lookupRead(ctx.argv(), 1);
        if (e == null) {
            ctx.reply().nullBulk();
        } else if (!(e.value instanceof HashValue hash)) {
            ctx.reply().error(Values.WRONGTYPE);
        } else {
            RandomGenerator random = ctx.db().keyspace().random();
            ctx.reply().bulk(hash.isListpack() ? hash.fieldAt(random.nextInt(hash.size())) : hash.dict().random(random).key);
        }
    }

    private static void withCount(CommandContext<? extends Db> ctx, long l, boolean withValues) {
        Entry e = ctx.db().lookupRead(ctx.argv(), 1);
        RespEncoder reply = ctx.reply();
        if (e == null) {
            reply.arrayHeader(0);
            return;
        }
        if (!(e.value instanceof HashValue hash)) {
            reply.error(Values.WRONGTYPE);
            return;
        }
        boolean unique = l >= 0;
        long count = Math.abs(l);
        int size = hash.size();
        if (count == 0) {
            reply.arrayHeader(0);
            return;
        }
        RandomGenerator random = ctx.db().keyspace().random();
        boolean pairs = withValues && reply.protocol() > 2;
        boolean flat = withValues && reply.protocol() == 2;
        if (!unique || count == 1) {
            reply.arrayHeader(flat ? count * 2 : count);
            for (long i = 0; i < count; i++) {
                if (hash.isListpack()) {
                    int at = random.nextInt(size);
                    write(reply, hash.fieldAt(at), hash.valueAt(at), withValues, pairs);
                } else {
                    HashField f = hash.dict().random(random);
                    write(reply, f.key, f.value, withValues, pairs);
                }
                if (i % ReplyLimit.CHECK_EVERY == 0 && ReplyLimit.exceeded(ctx)) {
                    return;
                }
            }
            return;
        }
        if (count >= size) {
            reply.arrayHeader(flat ? size * 2L : size);
            hash.forEach((f, v) -> write(reply, f, v, withValues, pairs));
            return;
        }
        int n = (int) count;
        reply.arrayHeader(flat ? n * 2L : n);
        if (hash.isListpack()) {
            // Selection sampling: field i is taken with probability needed / remaining.
            int needed = n;
            for (int i = 0; i < size && needed > 0; i++) {
                if (random.nextInt(size - i) < needed) {
                    write(reply, hash.fieldAt(i), hash.valueAt(i), withValues, pairs);
                    needed--;
                }
            }
            return;
        }
        List<HashField> picked;
        if (count * HRANDFIELD_SUB_STRATEGY_MUL > size) {
            List<HashField> all = new ArrayList<>(size);
            hash.dict().forEach(all::add);
            for (int i = 0; i < n; i++) {
                Collections.swap(all, i, i + random.nextInt(size - i));
            }
            picked = all.subList(0, n);
        } else {
            Set<HashField> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            picked = new ArrayList<>(n);
            while (picked.size() < n) {
                HashField f = hash.dict().random(random);
                if (seen.add(f)) {
                    picked.add(f);
                }
            }
        }
        for (HashField f : picked) {
            write(reply, f.key, f.value, withValues, pairs);
        }
    }

    private static void write(RespEncoder reply, byte[] field, byte[] value, boolean withValues, boolean pairs) {
        if (pairs) {
            reply.arrayHeader(2);
        }
        reply.bulk(field);
        if (withValues) {
            reply.bulk(value);
        }
    }
}
