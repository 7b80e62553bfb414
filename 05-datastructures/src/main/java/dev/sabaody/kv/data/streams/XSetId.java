package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.STREAM;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id] (xsetidCommand): sets the stream's last
 * generated ID (replication and AOF use it), never below its last entry. Redis 7.0 does not compare
 * it with the stream's largest deleted ID (7.2 does), so neither do we.
 */
final class XSetId implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("xsetid", -3, new XSetId())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, STREAM, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE))
                .doc(StreamDocs.xsetid());
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        StreamId id = StreamId.parse(argv, 2, 0, true);
        if (id == null) {
            ctx.reply().error(StreamId.INVALID);
            return;
        }
        long entriesAdded = -1;
        StreamId maxDeleted = StreamId.MIN;
        int i = 3;
        while (i < argv.argc()) {
            int moreArgs = argv.argc() - 1 - i;
            if (argv.equalsIgnoreCase(i, "ENTRIESADDED") && moreArgs > 0) {
                Long n = Streams.parseLong(ctx, i + 1);
                if (n == null) {
                    return;
                }
                if (n < 0) {
                    ctx.reply().error("entries_added must be positive");
                    return;
                }
                entriesAdded = n;
                i += 2;
            } else if (argv.equalsIgnoreCase(i, "MAXDELETEDID") && moreArgs > 0) {
                maxDeleted = StreamId.parse(argv, i + 1, 0, true);
                if (maxDeleted == null) {
                    ctx.reply().error(StreamId.INVALID);
                    return;
                }
                if (id.compareTo(maxDeleted) < 0) {
                    ctx.reply().error("The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                    return;
                }
                i += 2;
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        StreamValue s = Streams.lookup(ctx, 1, false);
        if (s == Streams.WRONG_TYPE) {
            return;
        }
        if (s == null) {
            ctx.reply().error("no such key");
            return;
        }
        if (s.length > 0) {
            if (id.compareTo(s.lastValidId()) < 0) {
                ctx.reply().error("The ID specified in XSETID is smaller than the target stream top item");
                return;
            }
            if (entriesAdded != -1 && s.length > entriesAdded) {
                ctx.reply().error("The entries_added specified in XSETID is smaller than the target stream length");
                return;
            }
        }
        s.lastId = id;
        if (entriesAdded != -1) {
            s.entriesAdded = entriesAdded;
        }
        if (!maxDeleted.isZero()) {
            s.maxDeletedId = maxDeleted;
        }
        ctx.db().signalModified(argv.copy(1));
        ctx.db().notify(KeyspaceEvents.STREAM, "xsetid", argv, 1); // xsetidCommand
        ctx.reply().ok();
    }
}
