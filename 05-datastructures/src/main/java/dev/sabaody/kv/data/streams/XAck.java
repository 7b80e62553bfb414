package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.STREAM;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * XACK key group id [id ...] (xackCommand): removes the IDs from the group's PEL and their
 * consumers'. A missing key or group acknowledges nothing, without an error and before the IDs are
 * read; then all IDs are parsed first, so that a bad one acknowledges nothing.
 */
final class XAck implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("xack", -4, new XAck())
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(WRITE, STREAM, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE))
                .doc(StreamDocs.xack());
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        StreamValue s = Streams.lookup(ctx, 1, true);
        if (s == Streams.WRONG_TYPE) {
            return;
        }
        Argv argv = ctx.argv();
        ConsumerGroup g = s == null ? null : s.group(argv.copy(2));
        if (g == null) {
            ctx.reply().integer(0); // 7.0 looks for the group before it parses the IDs
            return;
        }
        StreamId[] ids = new StreamId[argv.argc() - 3];
        for (int j = 3; j < argv.argc(); j++) {
            ids[j - 3] = StreamId.parse(argv, j, 0, true);
            if (ids[j - 3] == null) {
                ctx.reply().error(StreamId.INVALID);
                return;
            }
        }
        long acknowledged = 0;
        for (StreamId id : ids) {
            ConsumerGroup.PendingEntry p = g.pel.remove(id);
            if (p != null) {
                p.consumer.pel.remove(id);
                acknowledged++;
            }
        }
        if (acknowledged > 0) {
            long mark = ctx.db().changeMark();
            ctx.db().signalModified(argv.copy(1));
            ctx.db().countChanges(mark, acknowledged); // xackCommand: server.dirty++ per entry acknowledged
        }
        ctx.reply().integer(acknowledged);
    }
}
