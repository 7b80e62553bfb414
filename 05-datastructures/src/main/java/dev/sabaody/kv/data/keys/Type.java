package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * TYPE key: the value's type as a status reply, {@code none} when the key does not exist (db.c
 * typeCommand, getObjectTypeName). Every type but string names itself through
 * {@link dev.sabaody.kv.data.RedisValue#typeName}, so a new type needs nothing here.
 */
final class Type implements Command<Db> {

    /** getObjectTypeName's answer for a missing key. */
    static final String NONE = "none";

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("type", 2, new Type())
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(KEYSPACE, READ, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Determine the type stored at key", "1.0.0", "generic", "O(1)", Arg.key("key", 0)));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        ctx.reply().simpleString(typeName(KeyArgs.lookupReadNoTouch(ctx.db(), ctx.argv(), 1)));
    }

    /** getObjectTypeName: what TYPE and SCAN's TYPE filter call an entry, or a missing one. */
    static String typeName(Entry e) {
        return e == null ? NONE : Values.typeName(e.value);
    }
}
