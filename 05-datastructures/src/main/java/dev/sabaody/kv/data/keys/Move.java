package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * MOVE key db (db.c moveCommand): moves the key, value and TTL unchanged, to another database. 1 when
 * moved; 0 when the key does not exist here or already exists there (nothing is overwritten).
 */
final class Move implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("move", 3, new Move())
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(KEYSPACE, WRITE, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Move a key to another database", "1.0.0", "generic", "O(1)",
                        Arg.key("key", 0), Arg.of("db", "integer")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Integer index = KeyArgs.parseInt(ctx, 2, null);
        if (index == null) {
            return;
        }
        if (index < 0 || index >= ctx.databases().count()) {
            ctx.reply().error(KeyArgs.DB_OUT_OF_RANGE);
            return;
        }
        Db source = ctx.db();
        Db target = ctx.databases().get(index);
        if (source == target) {
            ctx.reply().error(KeyArgs.SAME_OBJECT);
            return;
        }
        Entry e = source.lookup(argv, 1);
        if (e == null) {
            ctx.reply().integer(0);
            return;
        }
        long expireAt = e.expireAt();
        if (target.lookup(e.key) != null) {
            ctx.reply().integer(0);
            return;
        }
        long mark = source.changeMark(); // one keyspace: its databases share the count
        Entry moved = target.add(e.key, e.value);
        moved.inherit(e);
        if (expireAt != -1) {
            target.setExpire(moved, expireAt);
        }
        source.deleteEntry(e);
        source.countChanges(mark, 1); // moveCommand: server.dirty++
        source.notify(KeyspaceEvents.GENERIC, "move_from", e.key); // moveCommand
        target.notify(KeyspaceEvents.GENERIC, "move_to", e.key);
        ctx.reply().integer(1);
    }
}
