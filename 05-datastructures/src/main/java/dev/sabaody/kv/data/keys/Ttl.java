package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * TTL, PTTL, EXPIRETIME and PEXPIRETIME key (expire.c ttlGenericCommand): -2 when the key does not
 * exist, -1 when it has no expiry, else the time left (or the absolute time), in seconds or
 * milliseconds.
 *
 * <p>Seconds are rounded to the nearest ({@code (ms + 500) / 1000}), not truncated: a key given
 * {@code EXPIRE k 10} answers TTL 10 for its first half second, not 9. The absolute forms round the
 * same way, as Redis does. A key due this very millisecond is already gone (lazy expiry in the
 * lookup), so a positive remainder never reads as negative; the clamp to 0 is Redis's belt and
 * braces, kept.
 */
final class Ttl implements Command<Db> {

    private final boolean millis;
    private final boolean absolute;

    private Ttl(boolean millis, boolean absolute) {
        this.millis = millis;
        this.absolute = absolute;
    }

    static CommandSpec.Builder<Db> ttl() {
        return spec("ttl", new Ttl(false, false), "Get the time to live for a key in seconds", "1.0.0", true)
                .tips("nondeterministic_output");
    }

    static CommandSpec.Builder<Db> pttl() {
        return spec("pttl", new Ttl(true, false), "Get the time to live for a key in milliseconds", "2.6.0", true)
                .tips("nondeterministic_output");
    }

    static CommandSpec.Builder<Db> expiretime() {
        return spec("expiretime", new Ttl(false, true), "Get the expiration Unix timestamp for a key", "7.0.0", false);
    }

    static CommandSpec.Builder<Db> pexpiretime() {
        return spec("pexpiretime", new Ttl(true, true),
                "Get the expiration Unix timestamp for a key in milliseconds", "7.0.0", false);
    }

    private static CommandSpec.Builder<Db> spec(String name, Ttl impl, String summary, String since,
                                                boolean historyOfMinusTwo) {
        CommandDoc doc = CommandDoc.of(summary, since, "generic", "O(1)", Arg.key("key", 0));
        return CommandSpec.<Db>command(name, 2, impl)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(KEYSPACE, READ, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(historyOfMinusTwo ? doc.withHistory("2.8.0", "Added the -2 reply.") : doc);
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Db db = ctx.db();
        Entry e = KeyArgs.lookupReadNoTouch(db, ctx.argv(), 1);
        if (e == null) {
            ctx.reply().integer(-2);
            return;
        }
        long expireAt = e.expireAt();
        if (expireAt == -1) {
            ctx.reply().integer(-1);
            return;
        }
        long ttl = Math.max(0, absolute ? expireAt : expireAt - db.keyspace().now());
        ctx.reply().integer(millis ? ttl : (ttl + 500) / 1000);
    }
}
