package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STRING;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.LoggedForm;
import dev.sabaody.kv.resp.KeySpec;

/**
 * SETNX, SETEX and PSETEX: the SET options of Redis 1.0 and 2.x, kept as commands of their own. Each
 * is {@link Set#setGeneric} with fixed flags; SETNX answers 1/0 where SET NX answers OK/nil.
 */
final class SetShortcuts {

    private SetShortcuts() {
    }

    static CommandSpec.Builder<Db> setnx() {
        return CommandSpec.<Db>command("setnx", 3, SetShortcuts::setnx)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, STRING, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.OW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of("Set the value of a key, only if the key does not exist", "1.0.0", "string", "O(1)",
                        Arg.key("key", 0),
                        Arg.of("value", "string")));
    }

    static CommandSpec.Builder<Db> setex() {
        return CommandSpec.<Db>command("setex", 4, ctx -> withTime(ctx, true))
                .logged(LoggedForm.SET_WITH_EXPIRY)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, STRING, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.OW, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Set the value and expiration of a key", "2.0.0", "string", "O(1)",
                        Arg.key("key", 0),
                        Arg.of("seconds", "integer"),
                        Arg.of("value", "string")));
    }

    static CommandSpec.Builder<Db> psetex() {
        return CommandSpec.<Db>command("psetex", 4, ctx -> withTime(ctx, false))
                .logged(LoggedForm.SET_WITH_EXPIRY)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, STRING, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.OW, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Set the value and expiration in milliseconds of a key", "2.6.0", "string", "O(1)",
                        Arg.key("key", 0),
                        Arg.of("milliseconds", "integer"),
                        Arg.of("value", "string")));
    }

    private static void setnx(CommandContext<? extends Db> ctx) {
        Set.setGeneric(ctx, ExpireOptions.NX, 2, -1, Set.Reply.ONE, Set.Reply.ZERO);
    }

    /** SETEX key seconds value / PSETEX key milliseconds value: the time is argument 2. */
    private static void withTime(CommandContext<? extends Db> ctx, boolean seconds) {
        long expireAt = ExpireOptions.absoluteMillis(ctx, 2, seconds, true);
        if (expireAt < 0) {
            return;
        }
        Set.setGeneric(ctx, 0, 3, expireAt, Set.Reply.OK, Set.Reply.NULL);
    }
}
