package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.Blocking;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
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
import dev.sabaody.kv.resp.RespEncoder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms BZPOPMIN, BZPOPMAX, BZMPOP (t_zset.c
 * genericZpopCommand, blockingGenericZpopCommand, zmpopGenericCommand). Popping the lowest member
 * is the skip list's first node, the highest its tail: O(log n) each to unlink.
 *
 * <p>Four reply shapes, decided by whether the key is named and whether pairs are nested:
 * <pre>
 *   ZPOPMIN k [n]        RESP2: [m, s, m, s]     RESP3 with a count: [[m, s], [m, s]]
 *   BZPOPMIN k.. t       [key, m, s]
 *   ZMPOP / BZMPOP       [key, [[m, s], ...]]    (null array when nothing to pop)
 * </pre>
 * A blocking form that finds every key empty calls {@link Blocking#block}; the runner runs the
 * whole command again once one of the keys is created.
 */
final class ZPop {

    private static final boolean MIN = false;
    private static final boolean MAX = true;

    private ZPop() {
    }

    static CommandSpec.Builder<Db> zpopmin() {
        return CommandSpec.<Db>command("zpopmin", -2, ctx -> zpop(ctx, MIN))
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Remove and return members with the lowest scores in a sorted set", "5.0.0", "sorted-set", "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
                        Arg.key("key", 0),
                        Arg.of("count", "integer").optional()));
    }

    static CommandSpec.Builder<Db> zpopmax() {
        return CommandSpec.<Db>command("zpopmax", -2, ctx -> zpop(ctx, MAX))
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Remove and return members with the highest scores in a sorted set", "5.0.0", "sorted-set", "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
                        Arg.key("key", 0),
                        Arg.of("count", "integer").optional()));
    }

    static CommandSpec.Builder<Db> bzpopmin() {
        return CommandSpec.<Db>command("bzpopmin", -3, ctx -> bzpop(ctx, MIN))
                .flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING, CommandFlag.FAST)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.FAST, AclCategory.BLOCKING)
                .keys(KeySpec.range(1, -2, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", "5.0.0", "sorted-set", "O(log(N)) with N being the number of elements in the sorted set.",
                        Arg.key("key", 0).multiple(),
                        Arg.of("timeout", "double"))
                        .withHistory("6.0.0", "`timeout` is interpreted as a double instead of an integer."));
    }

    static CommandSpec.Builder<Db> bzpopmax() {
        return CommandSpec.<Db>command("bzpopmax", -3, ctx -> bzpop(ctx, MAX))
                .flags(CommandFlag.WRITE, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING, CommandFlag.FAST)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.FAST, AclCategory.BLOCKING)
                .keys(KeySpec.range(1, -2, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Remove and return the member with the highest score from one or more sorted sets, or block until one is available", "5.0.0", "sorted-set", "O(log(N)) with N being the number of elements in the sorted set.",
                        Arg.key("key", 0).multiple(),
                        Arg.of("timeout", "double"))
                        .withHistory("6.0.0", "`timeout` is interpreted as a double instead of an integer."));
    }

    static CommandSpec.Builder<Db> zmpop() {
        return CommandSpec.<Db>command("zmpop", -4, ctx -> zmpop(ctx, 1, false))
                .flags(CommandFlag.WRITE)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(new KeySpec(null, EnumSet.of(KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE), new KeySpec.Index(1), new KeySpec.KeyNum(0, 1, 1)))
                .doc(CommandDoc.of("Remove and return members with scores in a sorted set", "7.0.0", "sorted-set", "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
                        Arg.of("numkeys", "integer"),
                        Arg.key("key", 0).multiple(),
                        Arg.oneOf("where",
                            Arg.of("min", "pure-token").withToken("MIN"),
                            Arg.of("max", "pure-token").withToken("MAX")),
                        Arg.of("count", "integer").withToken("COUNT").optional()));
    }

    static CommandSpec.Builder<Db> bzmpop() {
        return CommandSpec.<Db>command("bzmpop", -5, ctx -> zmpop(ctx, 2, true))
                .flags(CommandFlag.WRITE, CommandFlag.BLOCKING)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.SLOW, AclCategory.BLOCKING)
                .keys(new KeySpec(null, EnumSet.of(KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE), new KeySpec.Index(2), new KeySpec.KeyNum(0, 1, 1)))
                .doc(CommandDoc.of("Remove and return members with scores in a sorted set or block until one is available", "7.0.0", "sorted-set", "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
                        Arg.of("timeout", "double"),
                        Arg.of("numkeys", "integer"),
                        Arg.key("key", 0).multiple(),
                        Arg.oneOf("where",
                            Arg.of("min", "pure-token").withToken("MIN"),
                            Arg.of("max", "pure-token").withToken("MAX")),
                        Arg.of("count", "integer").withToken("COUNT").optional()));
    }

    /** ZPOPMIN/ZPOPMAX key [count]. */
    static void zpop(CommandContext<? extends Db> ctx, boolean where) {
        Argv argv = ctx.argv();
        if (argv.argc() > 3) {
            ctx.replySyntaxError();
            return;
        }
        long count = -1; // a plain single pop, answered flat even in RESP3
        if (argv.argc() == 3) {
            long[] n = new long[1];
            if (!Arguments.parsePositiveLong(ctx, 2, n, null)) {
                return;
            }
            count = n[0];
        }
        boolean nested = ctx.reply().protocol() > 2 && count != -1;
        pop(ctx, keys(argv, 1, 1), where, false, count, nested, false);
    }

    /** BZPOPMIN/BZPOPMAX key [key ...] timeout. */
    static void bzpop(CommandContext<? extends Db> ctx, boolean where) {
        Argv argv = ctx.argv();
        blockingPop(ctx, keys(argv, 1, argv.argc() - 2), where, argv.argc() - 1, -1, false, false);
    }

    /** [B]ZMPOP [timeout] numkeys key [key ...] MIN | MAX [COUNT count]. */
    static void zmpop(CommandContext<? extends Db> ctx, int numKeysIdx, boolean blocking) {
        Argv argv = ctx.argv();
        long[] n = new long[1];
        if (!Arguments.parseRangeLong(ctx, numKeysIdx, 1, Long.MAX_VALUE, n, "numkeys should be greater than 0")) {
            return;
        }
        long numKeys = n[0];
        long whereIdx = numKeysIdx + numKeys + 1;
        if (whereIdx >= argv.argc()) {
            ctx.replySyntaxError();
            return;
        }
        boolean where;
        if (argv.equalsIgnoreCase((int) whereIdx, "min")) {
            where = MIN;
        } else if (argv.equalsIgnoreCase((int) whereIdx, "max")) {
            where = MAX;
        } else {
            ctx.replySyntaxError();
            return;
        }
        long count = -1;
        for (int j = (int) whereIdx + 1; j < argv.argc(); j++) {
            boolean more = argv.argc() - 1 - j > 0;
            if (count == -1 && argv.equalsIgnoreCase(j, "count") && more) {
                j++;
                if (!Arguments.parseRangeLong(ctx, j, 1, Long.MAX_VALUE, n, "count should be greater than 0")) {
                    return;
                }
                count = n[0];
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        if (count == -1) {
            count = 1;
        }
        List<byte[]> keys = keys(argv, numKeysIdx + 1, (int) numKeys);
        if (blocking) {
            blockingPop(ctx, keys, where, 1, count, true, true);
        } else {
            pop(ctx, keys, where, true, count, true, true);
        }
    }

    private static List<byte[]> keys(Argv argv, int from, int n) {
        List<byte[]> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add(argv.copy(from + i));
        }
        return keys;
    }

    /** blockingGenericZpopCommand: the timeout is read first, then the first non-empty key is served. */
    private static void blockingPop(CommandContext<? extends Db> ctx, List<byte[]> keys, boolean where,
                                    int timeoutIdx, long count, boolean nested, boolean nilWhenEmpty) {
        long timeout = Blocking.parseTimeoutSeconds(ctx, timeoutIdx);
        if (timeout < 0) {
            return;
        }
        byte[] serving = ctx.db().keyspace().blocked().servingKey(ctx.client().db());
        for (byte[] key : keys) {
            if (serving != null && !java.util.Arrays.equals(serving, key) && containsKey(keys, serving)) {
                continue; // woken by one key: served from that key only, as Redis 7.0 serves it
            }
            Entry e = ctx.db().lookup(key);
            if (e == null) {
                continue;
            }
            if (!(e.value instanceof SortedSet)) {
                if (serving != null && containsKey(keys, serving)) {
                    break; // not a sorted set (any more): stay blocked
                }
                ctx.reply().error(Values.WRONGTYPE);
                return;
            }
            pop(ctx, List.of(key), where, true, count, nested, nilWhenEmpty);
            return;
        }
        Blocking.block(ctx, keys, timeout, Blocking.TimeoutReply.NULL_ARRAY);
    }

    private static boolean containsKey(List<byte[]> keys, byte[] key) {
        for (byte[] k : keys) {
            if (java.util.Arrays.equals(k, key)) {
                return true;
            }
        }
        return false;
    }

    /** genericZpopCommand: pops from the first of {@code keys} that exists. */
    private static void pop(CommandContext<? extends Db> ctx, List<byte[]> keys, boolean where, boolean emitKey,
                            long count, boolean nested, boolean nilWhenEmpty) {
        Db db = ctx.db();
        Entry e = null;
        for (byte[] key : keys) {
            e = db.lookup(key);
            if (e == null) {
                continue;
            }
            if (!(e.value instanceof SortedSet)) {
                ctx.reply().error(Values.WRONGTYPE);
                return;
            }
            break;
        }
        RespEncoder reply = ctx.reply();
        if (e == null) {
            if (nilWhenEmpty) {
                reply.nullArray();
            } else {
                reply.arrayHeader(0);
            }
            return;
        }
        if (count == 0) {
            reply.arrayHeader(0);
            return;
        }
        if (count == -1) {
            count = 1;
        }
        SortedSet z = (SortedSet) e.value;
        long n = Math.min(count, z.size());
        long popped = n;
        long mark = db.changeMark();
        if (!nested && !emitKey) {
            reply.arrayHeader(n * 2);
        } else if (nested && !emitKey) {
            reply.arrayHeader(n);
        } else if (!nested) {
            reply.arrayHeader(n * 2 + 1);
            reply.bulk(e.key);
        } else {
            reply.arrayHeader(2);
            reply.bulk(e.key);
            reply.arrayHeader(n);
        }
        while (n-- > 0) {
            Node node = where == MAX ? z.list().last() : z.list().first();
            z.remove(node);
            if (nested) {
                reply.arrayHeader(2);
            }
            reply.bulk(node.key);
            reply.doubleValue(node.score);
        }
        db.notify(KeyspaceEvents.ZSET, where == MAX ? "zpopmax" : "zpopmin", e.key); // genericZpopCommand
        if (z.size() == 0) {
            db.deleteEntry(e);
            db.notify(KeyspaceEvents.GENERIC, "del", e.key);
        } else {
            db.signalModified(e.key);
        }
        db.countChanges(mark, popped); // genericZpopCommand: server.dirty += result_count
    }
}
