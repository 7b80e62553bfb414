package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
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
import java.util.Arrays;

/**
 * COPY source destination [DB destination-db] [REPLACE] (db.c copyCommand): a deep copy of the value,
 * with the source's TTL, into this or another database. 1 when copied; 0 when the source does not
 * exist or the destination does and REPLACE was not given.
 *
 * <p>The copy is deep ({@link Values#copy}, which each type implements through
 * {@link dev.sabaody.kv.data.RedisValue#copy}): changing one key afterwards must not change the other.
 * Copying a key onto itself in the same database is an error, even when the key does not exist.
 */
final class Copy implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("copy", -3, new Copy())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(KEYSPACE, WRITE, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS),
                        KeySpec.range(2, 0, 1, KeySpec.Flag.OW, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Copy a key", "6.2.0", "generic",
                        "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.",
                        Arg.key("source", 0), Arg.key("destination", 1),
                        Arg.of("destination-db", "integer").withToken("DB").optional(),
                        Arg.token("replace", "REPLACE").optional()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db source = ctx.db();
        Db target = source;
        boolean replace = false;
        for (int i = 3; i < argv.argc(); i++) {
            if (argv.equalsIgnoreCase(i, "replace")) {
                replace = true;
            } else if (argv.equalsIgnoreCase(i, "db") && i + 1 < argv.argc()) {
                Integer index = KeyArgs.parseInt(ctx, i + 1, null);
                if (index == null) {
                    return;
                }
                if (index < 0 || index >= ctx.databases().count()) {
                    ctx.reply().error(KeyArgs.DB_OUT_OF_RANGE);
                    return;
                }
                target = ctx.databases().get(index);
                i++;
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        byte[] newKey = argv.copy(2);
        if (source == target && Arrays.equals(argv.copy(1), newKey)) {
            ctx.reply().error(KeyArgs.SAME_OBJECT);
            return;
        }
        Entry e = source.lookupRead(argv, 1);
        if (e == null) {
            ctx.reply().integer(0);
            return;
        }
        long expireAt = e.expireAt();
        Entry existing = target.lookup(newKey);
        if (existing != null && !replace) {
            ctx.reply().integer(0);
            return;
        }
        Object copy = Values.copy(e.value);
        long mark = target.changeMark();
        if (existing != null) {
            target.deleteEntry(existing);
        }
        Entry added = target.add(newKey, copy);
        added.origin(e.origin()); // dupStringObject keeps the encoding
        if (expireAt != -1) {
            target.setExpire(added, expireAt);
        }
        target.countChanges(mark, 1); // copyCommand: server.dirty++, replacing or not
        target.notify(KeyspaceEvents.GENERIC, "copy_to", newKey); // copyCommand: in the destination's db
        ctx.reply().integer(1);
    }
}
