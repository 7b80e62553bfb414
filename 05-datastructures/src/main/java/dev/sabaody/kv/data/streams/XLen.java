package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.STREAM;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/** XLEN key, and XDEL key id [id ...]: the two small commands that count and delete entries. */
final class XLen {

    private XLen() {
    }

    static CommandSpec.Builder<Db> xlen() {
        return CommandSpec.<Db>command("xlen", 2, XLen::length)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, STREAM, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO))
                .doc(StreamDocs.xlen());
    }

    static CommandSpec.Builder<Db> xdel() {
        return CommandSpec.<Db>command("xdel", -3, XLen::delete)
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(WRITE, STREAM, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.DELETE))
                .doc(StreamDocs.xdel());
    }

    private static void length(CommandContext<? extends Db> ctx) {
        StreamValue s = Streams.lookup(ctx, 1, true);
        if (s != Streams.WRONG_TYPE) {
            ctx.reply().integer(s == null ? 0 : s.length);
        }
    }

    /**
     * xdelCommand: every ID is parsed before any is deleted, so a bad ID deletes nothing; the key
     * is looked up first, so a missing key answers 0 whatever the IDs.
     */
    private static void delete(CommandContext<? extends Db> ctx) {
        StreamValue s = Streams.lookup(ctx, 1, false);
        if (s == Streams.WRONG_TYPE) {
            return;
        }
        if (s == null) {
            ctx.reply().integer(0);
            return;
        }
        Argv argv = ctx.argv();
        StreamId[] ids = new StreamId[argv.argc() - 2];
        for (int j = 2; j < argv.argc(); j++) {
            ids[j - 2] = StreamId.parse(argv, j, 0, true);
            if (ids[j - 2] == null) {
                ctx.reply().error(StreamId.INVALID);
                return;
            }
        }
        long deleted = 0;
        boolean firstEntry = false;
        for (StreamId id : ids) {
            if (s.delete(id)) {
                if (id.equals(s.firstId)) {
                    firstEntry = true;
                }
                if (id.compareTo(s.maxDeletedId) > 0) {
                    s.maxDeletedId = id;
                }
                deleted++;
            }
        }
        if (deleted > 0) {
            if (s.length == 0) {
                s.firstId = StreamId.MIN;
            } else if (firstEntry) {
                s.firstId = s.edgeId(true);
            }
            long mark = ctx.db().changeMark();
            ctx.db().signalModified(argv.copy(1));
            ctx.db().countChanges(mark, deleted); // xdelCommand: server.dirty += deleted
            ctx.db().notify(KeyspaceEvents.STREAM, "xdel", argv, 1); // xdelCommand
        }
        ctx.reply().integer(deleted);
    }
}
