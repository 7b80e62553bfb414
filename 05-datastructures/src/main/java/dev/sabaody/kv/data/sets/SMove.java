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
import dev.sabaody.kv.resp.KeySpec;

/**
 * SMOVE source destination member: 1 when the member moved (or is in a set moved onto itself), 0
 * when the source lacks it. Redis's order of checks (smoveCommand): a missing source answers 0
 * before the destination's type is looked at; then both types; then the move.
 */
final class SMove implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("smove", 4, new SMove())
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(WRITE, SET, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE),
                        KeySpec.range(2, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of("Move a member from one set to another", "1.0.0", "set", "O(1)",
                        Arg.key("source", 0), Arg.key("destination", 1), Arg.of("member", "string")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry src = db.lookup(argv, 1);
        Entry dst = db.lookup(argv, 2);
        if (src == null) {
            ctx.reply().integer(0);
            return;
        }
        if (!(src.value instanceof SetValue from) || (dst != null && !(dst.value instanceof SetValue))) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        if (src == dst) {
            ctx.reply().integer(from.contains(argv, 3) ? 1 : 0);
            return;
        }
        if (!from.remove(argv, 3)) {
            ctx.reply().integer(0);
            return;
        }
        db.notify(KeyspaceEvents.SET, "srem", src.key); // smoveCommand
        if (from.size() == 0) {
            db.deleteEntry(src);
            db.notify(KeyspaceEvents.GENERIC, "del", src.key);
        } else {
            db.signalModified(src.key);
        }
        if (dst == null) {
            SetValue to = new SetValue();
            to.add(argv, 3);
            db.add(argv.copy(2), to);
            db.notify(KeyspaceEvents.SET, "sadd", argv, 2);
        } else if (((SetValue) dst.value).add(argv, 3)) {
            db.signalModified(dst.key);
            db.notify(KeyspaceEvents.SET, "sadd", dst.key);
        }
        ctx.reply().integer(1);
    }
}
