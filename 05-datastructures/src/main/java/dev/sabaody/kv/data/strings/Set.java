package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STRING;
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
 * SET key value [NX | XX] [GET] [EX seconds | PX ms | EXAT unix-s | PXAT unix-ms | KEEPTTL], and the
 * one routine (t_string.c setGenericCommand) that SETNX, SETEX and PSETEX share with it.
 *
 * <p>The order of checks is Redis's, because it decides which error a bad request gets: option
 * syntax first, then the expire time, then GET's type check (a GET on a list answers WRONGTYPE and
 * sets nothing), then NX/XX. Overwriting drops the old TTL unless KEEPTTL or a new time is given.
 */
final class Set implements Command<Db> {

    /** Module 04's SET, run over the keyspace. */
    static CommandSpec.Builder<Db> spec() {
        return dev.sabaody.kv.resp.Set.spec(new Set());
    }

    /** What a variant answers when it sets, and when NX/XX stops it. */
    enum Reply { OK, NULL, ONE, ZERO }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        long parsed = ExpireOptions.parse(ctx, 3, true);
        if (parsed < 0) {
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
        setGeneric(ctx, flags, 2, expireAt, Reply.OK, Reply.NULL);
    }

    /**
     * setGenericCommand: stores argument {@code valueIndex} at argument 1 under {@code flags}
     * (NX, XX, GET, KEEPTTL), with the absolute expiry {@code expireAt} (-1: none).
     */
    static void setGeneric(CommandContext<? extends Db> ctx, int flags, int valueIndex, long expireAt,
                           Reply ok, Reply aborted) {
        boolean get = (flags & ExpireOptions.GET) != 0;
        if (get && !Strings.replyValue(ctx)) {
            return;
        }
        Db db = ctx.db();
        Argv argv = ctx.argv();
        if ((flags & (ExpireOptions.NX | ExpireOptions.XX)) != 0) {
            boolean found = db.lookup(argv, 1) != null;
            if (((flags & ExpireOptions.NX) != 0 && found) || ((flags & ExpireOptions.XX) != 0 && !found)) {
                if (!get) {
                    reply(ctx, aborted);
                }
                return;
            }
        }
        boolean keepTtl = (flags & ExpireOptions.KEEPTTL) != 0 || expireAt >= 0;
        // Db.set hashes the key once for its lookup and its insert: the plain SET does one hash.
        long mark = db.changeMark();
        Entry e = db.set(argv.copy(1), argv.copy(valueIndex), keepTtl);
        if (expireAt >= 0) {
            db.setExpire(e, expireAt);
        }
        db.countChanges(mark, 1); // setGenericCommand: server.dirty++, with a TTL or not
        db.notify(KeyspaceEvents.STRING, "set", e.key); // setGenericCommand
        if (expireAt >= 0) {
            db.notify(KeyspaceEvents.GENERIC, "expire", e.key);
        }
        if (!get) {
            reply(ctx, ok);
        }
    }

    private static void reply(CommandContext<? extends Db> ctx, Reply r) {
        switch (r) {
            case OK -> ctx.reply().ok();
            case NULL -> ctx.reply().nullBulk();
            case ONE -> ctx.reply().integer(1);
            case ZERO -> ctx.reply().integer(0);
        }
    }
}
