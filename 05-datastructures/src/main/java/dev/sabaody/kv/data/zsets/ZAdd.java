package dev.sabaody.kv.data.zsets;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.AclCategory;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...], and ZINCRBY key
 * increment member, which is ZADD INCR with one pair (t_zset.c zaddGenericCommand).
 *
 * <p>Every score is parsed before anything changes: a bad score in the third pair must leave the
 * first two unadded, since a command runs fully or not at all.
 */
final class ZAdd implements Command<Db> {

    private final int baseFlags;

    private ZAdd(int baseFlags) {
        this.baseFlags = baseFlags;
    }

    static CommandSpec.Builder<Db> zadd() {
        return CommandSpec.<Db>command("zadd", -4, new ZAdd(0))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Add one or more members to a sorted set, or update its score if it already exists", "1.2.0", "sorted-set", "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
                        Arg.key("key", 0),
                        Arg.oneOf("condition",
                            Arg.of("nx", "pure-token").withToken("NX"),
                            Arg.of("xx", "pure-token").withToken("XX")).since("3.0.2").optional(),
                        Arg.oneOf("comparison",
                            Arg.of("gt", "pure-token").withToken("GT"),
                            Arg.of("lt", "pure-token").withToken("LT")).since("6.2.0").optional(),
                        Arg.of("change", "pure-token").withToken("CH").since("3.0.2").optional(),
                        Arg.of("increment", "pure-token").withToken("INCR").since("3.0.2").optional(),
                        Arg.block("score_member",
                            Arg.of("score", "double"),
                            Arg.of("member", "string")).multiple())
                        .withHistory("2.4.0", "Accepts multiple elements.", "3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options.", "6.2.0", "Added the `GT` and `LT` options."));
    }

    static CommandSpec.Builder<Db> zincrby() {
        return CommandSpec.<Db>command("zincrby", 4, new ZAdd(SortedSet.ZADD_IN_INCR))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(AclCategory.WRITE, AclCategory.SORTEDSET, AclCategory.FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Increment the score of a member in a sorted set", "1.2.0", "sorted-set", "O(log(N)) where N is the number of elements in the sorted set.",
                        Arg.key("key", 0),
                        Arg.of("increment", "integer"),
                        Arg.of("member", "string")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        int flags = baseFlags;
        boolean ch = false;
        int scoreIdx = 2;
        for (; scoreIdx < argv.argc(); scoreIdx++) {
            if (argv.equalsIgnoreCase(scoreIdx, "nx")) {
                flags |= SortedSet.ZADD_IN_NX;
            } else if (argv.equalsIgnoreCase(scoreIdx, "xx")) {
                flags |= SortedSet.ZADD_IN_XX;
            } else if (argv.equalsIgnoreCase(scoreIdx, "ch")) {
                ch = true;
            } else if (argv.equalsIgnoreCase(scoreIdx, "incr")) {
                flags |= SortedSet.ZADD_IN_INCR;
            } else if (argv.equalsIgnoreCase(scoreIdx, "gt")) {
                flags |= SortedSet.ZADD_IN_GT;
            } else if (argv.equalsIgnoreCase(scoreIdx, "lt")) {
                flags |= SortedSet.ZADD_IN_LT;
            } else {
                break;
            }
        }
        boolean incr = (flags & SortedSet.ZADD_IN_INCR) != 0;
        boolean nx = (flags & SortedSet.ZADD_IN_NX) != 0;
        boolean xx = (flags & SortedSet.ZADD_IN_XX) != 0;
        boolean gt = (flags & SortedSet.ZADD_IN_GT) != 0;
        boolean lt = (flags & SortedSet.ZADD_IN_LT) != 0;
        int pairsArgs = argv.argc() - scoreIdx;
        if (pairsArgs == 0 || pairsArgs % 2 != 0) {
            ctx.replySyntaxError();
            return;
        }
        int pairs = pairsArgs / 2;
        if (nx && xx) {
            ctx.reply().error("XX and NX options at the same time are not compatible");
            return;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            ctx.reply().error("GT, LT, and/or NX options at the same time are not compatible");
            return;
        }
        if (incr && pairs > 1) {
            ctx.reply().error("INCR option supports a single increment-element pair");
            return;
        }
        double[] scores = new double[pairs];
        for (int j = 0; j < pairs; j++) {
            scores[j] = Arguments.parseDouble(ctx, scoreIdx + j * 2, null);
            if (Double.isNaN(scores[j])) {
                return;
            }
        }

        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        SortedSet zset;
        boolean created = false;
        if (e == null) {
            if (xx) {
                replyNothingDone(ctx, incr);
                return;
            }
            zset = new SortedSet();
            created = true;
        } else if (e.value instanceof SortedSet z) {
            zset = z;
        } else {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }

        int added = 0;
        int updated = 0;
        int processed = 0;
        double score = 0;
        for (int j = 0; j < pairs; j++) {
            int out = zset.add(argv.copy(scoreIdx + j * 2 + 1), scores[j], flags);
            if ((out & SortedSet.ZADD_OUT_NAN) != 0) {
                // Only INCR on an existing member can get here, so the key existed already.
                finish(db, argv, created, zset, added + updated, incr);
                ctx.reply().error("resulting score is not a number (NaN)");
                return;
            }
            if ((out & SortedSet.ZADD_OUT_ADDED) != 0) {
                added++;
            }
            if ((out & SortedSet.ZADD_OUT_UPDATED) != 0) {
                updated++;
            }
            if ((out & SortedSet.ZADD_OUT_NOP) == 0) {
                processed++;
                score = zset.lastScore();
            }
        }
        finish(db, argv, created, zset, added + updated, incr);
        if (incr) {
            if (processed > 0) {
                ctx.reply().doubleValue(score);
            } else {
                ctx.reply().nullBulk();
            }
        } else {
            ctx.reply().integer(ch ? added + updated : added);
        }
    }

    /**
     * A new set is stored once its members are in (without XX, a new key always gets them), so the
     * keyspace never holds an empty sorted set; an existing one that changed wakes WATCH.
     */
    private static void finish(Db db, Argv argv, boolean created, SortedSet zset, int changes, boolean incr) {
        long mark = db.changeMark();
        if (created) {
            if (zset.size() > 0) {
                db.add(argv.copy(1), zset);
            }
        } else if (changes > 0) {
            db.signalModified(argv.copy(1));
        }
        db.countChanges(mark, changes); // zaddGenericCommand: server.dirty += added + updated
        if (changes > 0) {
            db.notify(KeyspaceEvents.ZSET, incr ? "zincr" : "zadd", argv, 1); // zaddGenericCommand
        }
    }

    private static void replyNothingDone(CommandContext<? extends Db> ctx, boolean incr) {
        if (incr) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().integer(0);
        }
    }
}
