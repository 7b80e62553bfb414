package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.AclCategory;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * ZREM and ZREMRANGEBYRANK / BYSCORE / BYLEX (t_zset.c zremCommand, zremrangeGenericCommand). A
 * range delete finds its first node once and unlinks forward from there, fixing the spans as it
 * goes, so it costs O(log n + removed). A set left empty is deleted with its key.
 */
final class ZRem {

    private ZRem() {
    }

    static CommandSpec.Builder<Db> zrem() {
        return CommandSpec.<Db>command("zrem", -3, ZRem::zrem)
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Remove one or more members from a sorted set", "1.2.0", "sorted-set", "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.",
                        Arg.key("key", 0),
                        Arg.of("member", "string").multiple())
                        .withHistory("2.4.0", "Accepts multiple elements."));
    }

    static CommandSpec.Builder<Db> zremrangebyrank() {
        return CommandSpec.<Db>command("zremrangebyrank", 4, ZRem::byRank)
                .flags(CommandFlag.WRITE)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Remove all members in a sorted set within the given indexes", "2.0.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
                        Arg.key("key", 0),
                        Arg.of("start", "integer"),
                        Arg.of("stop", "integer")));
    }

    static CommandSpec.Builder<Db> zremrangebyscore() {
        return CommandSpec.<Db>command("zremrangebyscore", 4, ZRem::byScore)
                .flags(CommandFlag.WRITE)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Remove all members in a sorted set within the given scores", "1.2.0", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
                        Arg.key("key", 0),
                        Arg.of("min", "double"),
                        Arg.of("max", "double")));
    }

    static CommandSpec.Builder<Db> zremrangebylex() {
        return CommandSpec.<Db>command("zremrangebylex", 4, ZRem::byLex)
                .flags(CommandFlag.WRITE)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Remove all members in a sorted set between the given lexicographical range", "2.8.9", "sorted-set", "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
                        Arg.key("key", 0),
                        Arg.of("min", "string"),
                        Arg.of("max", "string")));
    }

    static void zrem(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        if (e == null) {
            ctx.reply().integer(0);
            return;
        }
        if (!(e.value instanceof SortedSet z)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        int deleted = 0;
        for (int i = 2; i < argv.argc(); i++) {
            if (z.remove(argv.copy(i))) {
                deleted++;
            }
            if (z.size() == 0) {
                break;
            }
        }
        finish(db, e, z, deleted);
        if (deleted > 0) {
            db.notify(KeyspaceEvents.ZSET, "zrem", e.key); // zremCommand
            if (z.size() == 0) {
                db.notify(KeyspaceEvents.GENERIC, "del", e.key);
            }
        }
        ctx.reply().integer(deleted);
    }

    /** {@link #finish}, then zremrangeGenericCommand's notifications: {@code event}, and "del" if the key went. */
    static void finish(Db db, Entry e, SortedSet z, int deleted, String event) {
        finish(db, e, z, deleted);
        if (deleted > 0) {
            db.notify(KeyspaceEvents.ZSET, event, e.key);
            if (z.size() == 0) {
                db.notify(KeyspaceEvents.GENERIC, "del", e.key);
            }
        }
    }

    /** Deletes an emptied set's key, or tells WATCH the set changed. */
    static void finish(Db db, Entry e, SortedSet z, int deleted) {
        long mark = db.changeMark();
        if (z.size() == 0) {
            db.deleteEntry(e);
        } else if (deleted > 0) {
            db.signalModified(e.key);
        }
        db.countChanges(mark, deleted); // zremCommand, zremrangeGenericCommand: server.dirty += deleted
    }

    static void byRank(CommandContext<? extends Db> ctx) {
        long[] n = new long[1];
        if (!Arguments.parseLong(ctx, 2, n, null)) {
            return;
        }
        long start = n[0];
        if (!Arguments.parseLong(ctx, 3, n, null)) {
            return;
        }
        long end = n[0];
        Entry e = lookupWrite(ctx);
        if (e == null) {
            return;
        }
        SortedSet z = (SortedSet) e.value;
        long length = z.size();
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
            ctx.reply().integer(0);
            return;
        }
        if (end >= length) {
            end = length - 1;
        }
        int deleted = z.removeRangeByRank((int) start, (int) end);
        finish(ctx.db(), e, z, deleted, "zremrangebyrank");
        ctx.reply().integer(deleted);
    }

    static void byScore(CommandContext<? extends Db> ctx) {
        ScoreRange range = ScoreRange.parse(ctx.argv().copy(2), ctx.argv().copy(3));
        if (range == null) {
            ctx.reply().error(ScoreRange.NOT_FLOAT);
            return;
        }
        Entry e = lookupWrite(ctx);
        if (e == null) {
            return;
        }
        SortedSet z = (SortedSet) e.value;
        int deleted = z.removeRange(range);
        finish(ctx.db(), e, z, deleted, "zremrangebyscore");
        ctx.reply().integer(deleted);
    }

    static void byLex(CommandContext<? extends Db> ctx) {
        LexRange range = LexRange.parse(ctx.argv().copy(2), ctx.argv().copy(3));
        if (range == null) {
            ctx.reply().error(LexRange.NOT_VALID);
            return;
        }
        Entry e = lookupWrite(ctx);
        if (e == null) {
            return;
        }
        SortedSet z = (SortedSet) e.value;
        int deleted = z.removeRange(range);
        finish(ctx.db(), e, z, deleted, "zremrangebylex");
        ctx.reply().integer(deleted);
    }

    /** lookupKeyWriteOrReply(czero) + checkType: the entry of a sorted set, or null after replying. */
    private static Entry lookupWrite(CommandContext<? extends Db> ctx) {
        Entry e = ctx.db().lookup(ctx.argv(), 1);
        if (e == null) {
            ctx.reply().integer(0);
            return null;
        }
        if (!(e.value instanceof SortedSet)) {
            ctx.reply().error(Values.WRONGTYPE);
            return null;
        }
        return e;
    }
}
