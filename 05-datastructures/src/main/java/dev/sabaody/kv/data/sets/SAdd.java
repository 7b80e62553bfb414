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
 * SADD key member [member ...] adds the members, answering how many were new; SREM key member
 * [member ...] removes them, answering how many were there, and deletes a set it empties.
 */
final class SAdd implements Command<Db> {

    private final boolean remove;

    private SAdd(boolean remove) {
        this.remove = remove;
    }

    static CommandSpec.Builder<Db> sadd() {
        return CommandSpec.<Db>command("sadd", -3, new SAdd(false))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, SET, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of("Add one or more members to a set", "1.0.0", "set",
                        "O(1) for each element added, so O(N) to add N elements when the command is called with"
                                + " multiple arguments.",
                        Arg.key("key", 0), Arg.of("member", "string").multiple())
                        .withHistory("2.4.0", "Accepts multiple `member` arguments."));
    }

    static CommandSpec.Builder<Db> srem() {
        return CommandSpec.<Db>command("srem", -3, new SAdd(true))
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(WRITE, SET, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Remove one or more members from a set", "1.0.0", "set",
                        "O(N) where N is the number of members to be removed.",
                        Arg.key("key", 0), Arg.of("member", "string").multiple())
                        .withHistory("2.4.0", "Accepts multiple `member` arguments."));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        if (e != null && !(e.value instanceof SetValue)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        if (remove) {
            srem(ctx, db, e);
            return;
        }
        SetValue set = e == null ? new SetValue() : (SetValue) e.value;
        long mark = db.changeMark();
        long added = 0;
        for (int i = 2; i < argv.argc(); i++) {
            if (set.add(argv, i)) {
                added++;
            }
        }
        if (e == null) {
            db.add(argv.copy(1), set);
        } else if (added > 0) {
            db.signalModified(e.key);
        }
        db.countChanges(mark, added); // saddCommand: server.dirty += added
        if (added > 0) {
            db.notify(KeyspaceEvents.SET, "sadd", argv, 1); // saddCommand
        }
        ctx.reply().integer(added);
    }

    private static void srem(CommandContext<? extends Db> ctx, Db db, Entry e) {
        if (e == null) {
            ctx.reply().integer(0);
            return;
        }
        SetValue set = (SetValue) e.value;
        Argv argv = ctx.argv();
        long mark = db.changeMark();
        long removed = 0;
        for (int i = 2; i < argv.argc(); i++) {
            if (set.remove(argv, i)) {
                removed++;
                if (set.size() == 0) {
                    break;
                }
            }
        }
        if (set.size() == 0) {
            db.deleteEntry(e);
        } else if (removed > 0) {
            db.signalModified(e.key);
        }
        db.countChanges(mark, removed); // sremCommand: server.dirty += deleted
        if (removed > 0) {
            db.notify(KeyspaceEvents.SET, "srem", e.key); // sremCommand
            if (set.size() == 0) {
                db.notify(KeyspaceEvents.GENERIC, "del", e.key);
            }
        }
        ctx.reply().integer(removed);
    }
}
