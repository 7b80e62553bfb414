package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STREAM;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.LoggedForm;
import dev.sabaody.kv.resp.KeySpec;

/**
 * XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [...]
 * (xaddCommand), and XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] (xtrimCommand).
 *
 * <p>XADD answers the new ID, then trims; it wakes the clients blocked on the key (XREAD,
 * XREADGROUP) even when the stream already existed, which is where streams differ from lists: a
 * list is only ever waited on while empty, a stream for entries newer than an ID.
 */
final class XAdd implements Command<Db> {

    private final boolean trimOnly;

    private XAdd(boolean trimOnly) {
        this.trimOnly = trimOnly;
    }

    static CommandSpec.Builder<Db> xadd() {
        return CommandSpec.<Db>command("xadd", -5, new XAdd(false))
                .logged(LoggedForm.GENERATED_ID)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, STREAM, FAST)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE)
                        .withNotes("UPDATE instead of INSERT because of the optional trimming feature"))
                .doc(StreamDocs.xadd());
    }

    static CommandSpec.Builder<Db> xtrim() {
        return CommandSpec.<Db>command("xtrim", -4, new XAdd(true))
                .flags(CommandFlag.WRITE)
                .acl(WRITE, STREAM, SLOW)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.DELETE))
                .doc(StreamDocs.xtrim());
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        if (trimOnly) {
            trim(ctx);
        } else {
            add(ctx);
        }
    }

    private static void trim(CommandContext<? extends Db> ctx) {
        TrimArgs args = TrimArgs.parse(ctx, false);
        if (args == null) {
            return;
        }
        StreamValue s = Streams.lookup(ctx, 1, false);
        if (s == Streams.WRONG_TYPE) {
            return;
        }
        if (s == null) {
            ctx.reply().integer(0);
            return;
        }
        long deleted = s.trim(args.trim);
        if (deleted > 0) {
            long mark = ctx.db().changeMark();
            ctx.db().signalModified(ctx.argv().copy(1));
            ctx.db().countChanges(mark, deleted); // xtrimCommand: server.dirty += deleted
            ctx.db().notify(KeyspaceEvents.STREAM, "xtrim", ctx.argv(), 1); // xtrimCommand
        }
        ctx.reply().integer(deleted);
    }

    private static void add(CommandContext<? extends Db> ctx) {
        TrimArgs args = TrimArgs.parse(ctx, true);
        if (args == null) {
            return;
        }
        Argv argv = ctx.argv();
        int fieldPos = args.idIndex + 1;
        int pairs = argv.argc() - fieldPos;
        if (pairs < 2 || pairs % 2 == 1) {
            ctx.replyWrongArity();
            return;
        }
        if (args.idGiven && args.seqGiven && args.id.isZero()) {
            ctx.reply().error("The ID specified in XADD must be greater than 0-0");
            return;
        }
        Db db = ctx.db();
        StreamValue s = Streams.lookup(ctx, 1, false);
        if (s == Streams.WRONG_TYPE) {
            return;
        }
        byte[] key = argv.copy(1);
        long mark = db.changeMark();
        if (s == null) {
            if (args.noMkStream) {
                ctx.reply().nullBulk();
                return;
            }
            s = new StreamValue();
            db.add(key, s);
        }
        if (s.lastId.equals(StreamId.MAX)) {
            ctx.reply().error("The stream has exhausted the last possible ID, unable to add more items");
            return;
        }
        byte[][] fields = Streams.copyArgs(argv, fieldPos);
        Object added = s.append(fields, 0, pairs / 2, args.idGiven ? args.id : null, args.seqGiven,
                db.keyspace().now());
        if (added == StreamValue.AppendError.ID_TOO_SMALL) {
            ctx.reply().error("The ID specified in XADD is equal or smaller than the target stream top item");
            return;
        }
        if (added == StreamValue.AppendError.TOO_LARGE) {
            ctx.reply().error("Elements are too large to be stored");
            return;
        }
        Streams.writeId(ctx.reply(), (StreamId) added);
        db.signalModified(key);
        db.countChanges(mark, 1); // xaddCommand: server.dirty++, a new stream or not, trimmed or not
        db.notify(KeyspaceEvents.STREAM, "xadd", key); // xaddCommand: the entry, then what trimming took
        if (args.trim != null && s.trim(args.trim) > 0) {
            db.notify(KeyspaceEvents.STREAM, "xtrim", key);
        }
        db.keyspace().signalReady(db, key);
    }
}
