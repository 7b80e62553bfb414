package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.STRING;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.LoggedForm;
import dev.sabaody.kv.resp.KeySpec;

/**
 * GETEX key [EX seconds | PX ms | EXAT unix-s | PXAT unix-ms | PERSIST]: GET that also sets or
 * removes the TTL.
 *
 * <p>Unlike SET, the key is looked up before the time is checked (t_string.c getexCommand): GETEX on
 * a missing key answers nil even with {@code EX -1}, and on a list answers WRONGTYPE. An EXAT/PXAT
 * already past deletes the key after answering its value, as Redis does, rather than leaving a key
 * that is expired but present.
 */
final class GetEx implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("getex", -2, new GetEx())
                .logged(LoggedForm.ABSOLUTE_EXPIRY)
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(WRITE, STRING, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE)
                        .withNotes("RW and UPDATE because it changes the TTL"))
                .doc(CommandDoc.of("Get the value of a key and optionally set its expiration", "6.2.0", "string", "O(1)",
                        Arg.key("key", 0),
                        Arg.oneOf("expiration",
                                Arg.of("seconds", "integer").withToken("EX"),
                                Arg.of("milliseconds", "integer").withToken("PX"),
                                Arg.of("unix-time-seconds", "unix-time").withToken("EXAT"),
                                Arg.of("unix-time-milliseconds", "unix-time").withToken("PXAT"),
                                Arg.token("persist", "PERSIST")).optional()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        long parsed = ExpireOptions.parse(ctx, 2, false);
        if (parsed < 0) {
            return;
        }
        Db db = ctx.db();
        Entry e = db.lookupRead(ctx.argv(), 1);
        if (e == null) {
            ctx.reply().nullBulk();
            return;
        }
        byte[] value = Strings.stringOrReply(ctx, e);
        if (value == Strings.WRONG_TYPE) {
            return;
        }
        int flags = ExpireOptions.flags(parsed);
        long expireAt = -1;
        if ((flags & ExpireOptions.ANY_EXPIRE) != 0) {
            expireAt = ExpireOptions.absoluteMillis(ctx, parsed);
            if (expireAt < 0) {
                return;
            }
        }
        ctx.reply().bulk(value);
        if ((flags & (ExpireOptions.EXAT | ExpireOptions.PXAT)) != 0 && expireAt <= db.keyspace().now()) {
            db.deleteEntry(e);
            db.notify(KeyspaceEvents.GENERIC, "del", e.key); // getexCommand
        } else if (expireAt >= 0) {
            db.setExpire(e, expireAt);
            db.notify(KeyspaceEvents.GENERIC, "expire", e.key);
        } else if ((flags & ExpireOptions.PERSIST) != 0 && e.expireAt() != -1) {
            db.persist(e);
            db.notify(KeyspaceEvents.GENERIC, "persist", e.key);
        }
    }
}
