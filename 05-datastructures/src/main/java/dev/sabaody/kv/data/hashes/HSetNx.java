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

/**
 * HSETNX key field value: sets the field only when it is absent; 1 if it did, 0 if not. An existing
 * field is found before any conversion, so a long value that is not stored leaves a listpack alone.
 */
final class HSetNx implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("hsetnx", 4, new HSetNx())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, HASH, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of("Set the value of a hash field, only if the field does not exist", "2.0.0", "hash",
                        "O(1)", Arg.key("key", 0), Arg.of("field", "string"), Arg.of("value", "string")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        if (e == null) {
            HashValue hash = new HashValue();
            hash.set(argv.copy(2), argv.copy(3));
            db.add(argv.copy(1), hash);
            db.notify(KeyspaceEvents.HASH, "hset", argv, 1); // hsetnxCommand
            ctx.reply().integer(1);
        } else if (!(e.value instanceof HashValue hash)) {
            ctx.reply().error(Values.WRONGTYPE);
        } else if (hash.get(argv, 2) != null) {
            ctx.reply().integer(0);
        } else {
            hash.set(argv.copy(2), argv.copy(3));
            db.signalModified(e.key);
            db.notify(KeyspaceEvents.HASH, "hset", e.key);
            ctx.reply().integer(1);
        }
    }
}
