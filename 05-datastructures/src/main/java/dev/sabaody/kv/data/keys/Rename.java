package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
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
import java.util.Arrays;

/**
 * RENAME and RENAMENX key newkey (db.c renameGenericCommand). The value moves as it is, without a
 * copy, and keeps its TTL; whatever {@code newkey} held is deleted first (RENAME) or the rename does
 * not happen (RENAMENX answers 0).
 *
 * <p>Renaming a key to itself changes nothing but still needs the key to exist: {@code ERR no such
 * key} when it does not, else OK (RENAME) or 0 (RENAMENX, since 3.2: before, an error).
 */
final class Rename implements Command<Db> {

    /** server.c shared.nokeyerr. */
    static final String NO_SUCH_KEY = "no such key";

    private final boolean nx;

    private Rename(boolean nx) {
        this.nx = nx;
    }

    static CommandSpec.Builder<Db> rename() {
        return CommandSpec.<Db>command("rename", 3, new Rename(false))
                .flags(CommandFlag.WRITE)
                .acl(KEYSPACE, WRITE, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE),
                        KeySpec.range(2, 0, 1, KeySpec.Flag.OW, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Rename a key", "1.0.0", "generic", "O(1)",
                        Arg.key("key", 0), Arg.key("newkey", 1)));
    }

    static CommandSpec.Builder<Db> renamenx() {
        return CommandSpec.<Db>command("renamenx", 3, new Rename(true))
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(KEYSPACE, WRITE, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE),
                        KeySpec.range(2, 0, 1, KeySpec.Flag.OW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of("Rename a key, only if the new key does not exist", "1.0.0", "generic", "O(1)",
                                Arg.key("key", 0), Arg.key("newkey", 1))
                        .withHistory("3.2.0",
                                "The command no longer returns an error when source and destination names are the same."));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        byte[] newKey = argv.copy(2);
        boolean sameKey = Arrays.equals(argv.copy(1), newKey);
        Entry source = db.lookup(argv, 1);
        if (source == null) {
            ctx.reply().error(NO_SUCH_KEY);
            return;
        }
        if (sameKey) {
            reply(ctx, false);
            return;
        }
        long expireAt = source.expireAt();
        long mark = db.changeMark();
        Entry target = db.lookup(newKey);
        if (target != null) {
            if (nx) {
                reply(ctx, false);
                return;
            }
            db.deleteEntry(target);
        }
        Entry moved = db.add(newKey, source.value);
        moved.inherit(source); // the same object in Redis: its access time and encoding go with it
        if (expireAt != -1) {
            db.setExpire(moved, expireAt);
        }
        db.deleteEntry(source);
        db.countChanges(mark, 1); // renameGenericCommand: server.dirty++, the old target deleted or not
        db.notify(KeyspaceEvents.GENERIC, "rename_from", source.key); // renameGenericCommand
        db.notify(KeyspaceEvents.GENERIC, "rename_to", newKey);
        reply(ctx, true);
    }

    private void reply(CommandContext<?> ctx, boolean renamed) {
        if (nx) {
            ctx.reply().integer(renamed ? 1 : 0);
        } else {
            ctx.reply().ok();
        }
    }
}
