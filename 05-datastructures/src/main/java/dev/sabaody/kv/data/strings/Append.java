package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.STRING;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.StringOrigin;
import dev.sabaody.kv.data.GrowingString;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * APPEND and STRLEN. APPEND keeps the key's TTL (it changes the value in place, as Redis's
 * sdscatlen does) and refuses to grow a string past proto-max-bulk-len.
 */
final class Append {

    private Append() {
    }

    static CommandSpec.Builder<Db> append() {
        return CommandSpec.<Db>command("append", 3, Append::append)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, STRING, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of("Append a value to a key", "2.0.0", "string", "O(1). The amortized time complexity is"
                                + " O(1) assuming the appended value is small and the already present value is of any"
                                + " size, since the dynamic string library used by Redis will double the free space"
                                + " available on every reallocation.",
                        Arg.key("key", 0),
                        Arg.of("value", "string")));
    }

    static CommandSpec.Builder<Db> strlen() {
        return CommandSpec.<Db>command("strlen", 2, Append::strlen)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, STRING, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Get the length of the value stored in a key", "2.2.0", "string", "O(1)",
                        Arg.key("key", 0)));
    }

    private static void append(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry e = db.lookupForAppend(argv, 1);
        if (e == null) {
            byte[] value = argv.copy(2);
            Entry added = db.add(argv.copy(1), value);
            db.notify(KeyspaceEvents.STRING, "append", added.key);
            ctx.reply().integer(value.length);
            return;
        }
        GrowingString grown;
        if (e.value instanceof GrowingString g) {
            grown = g;
        } else {
            byte[] old = Strings.stringOrReply(ctx, e);
            if (old == Strings.WRONG_TYPE) {
                return;
            }
            if (!Strings.checkLength(ctx, (long) old.length + argv.length(2))) {
                return;
            }
            grown = new GrowingString(old, argv.length(2));
            db.replaceValue(e, grown);
        }
        if (!Strings.checkLength(ctx, (long) grown.length() + argv.length(2))) {
            return;
        }
        e.origin(StringOrigin.RAW); // dbUnshareStringValue: even an empty append leaves a raw string
        int at = grown.extend(argv.length(2));
        argv.buffer().get(argv.offset(2), grown.array(), at, argv.length(2));
        db.signalModified(e.key);
        db.notify(KeyspaceEvents.STRING, "append", e.key);
        ctx.reply().integer(grown.length());
    }

    private static void strlen(CommandContext<? extends Db> ctx) {
        Entry e = ctx.db().lookupForAppend(ctx.argv(), 1);
        if (e == null) {
            ctx.db().keyspace().stats().keyspaceMisses++;
            ctx.db().notify(KeyspaceEvents.KEY_MISS, "keymiss", ctx.argv(), 1); // lookupKeyRead
        } else {
            ctx.db().keyspace().stats().keyspaceHits++;
        }
        if (e != null && e.value instanceof GrowingString g) {
            ctx.reply().integer(g.length());
            return;
        }
        byte[] s = Strings.stringOrReply(ctx, e);
        if (s != Strings.WRONG_TYPE) {
            ctx.reply().integer(s == null ? 0 : s.length);
        }
    }
}
