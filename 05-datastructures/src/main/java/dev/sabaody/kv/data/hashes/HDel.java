package dev.sabaody.kv.data.hashes;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.HASH;
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

/** HDEL key field [field ...]: removes the fields, answers how many existed; an emptied hash is deleted. */
final class HDel implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("hdel", -3, new HDel())
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(WRITE, HASH, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Delete one or more hash fields", "2.0.0", "hash",
                        "O(N) where N is the number of fields to be removed.",
                        Arg.key("key", 0), Arg.of("field", "string").multiple())
                        .withHistory("2.4.0", "Accepts multiple `field` arguments."));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        if (e == null) {
            ctx.reply().integer(0);
            return;
        }
        if (!(e.value instanceof HashValue hash)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        long mark = db.changeMark();
        long deleted = 0;
        for (int i = 2; i < argv.argc(); i++) {
            if (hash.remove(argv, i)) {
                deleted++;
                if (hash.size() == 0) {
                    break; // Redis stops here too: the key is about to go
                }
            }
        }
        if (hash.size() == 0) {
            db.deleteEntry(e);
        } else if (deleted > 0) {
            db.signalModified(e.key);
        }
        db.countChanges(mark, deleted); // hdelCommand: server.dirty += deleted
        if (deleted > 0) {
            db.notify(KeyspaceEvents.HASH, "hdel", e.key); // hdelCommand
            if (hash.size() == 0) {
                db.notify(KeyspaceEvents.GENERIC, "del", e.key);
            }
        }
        ctx.reply().integer(deleted);
    }
}
