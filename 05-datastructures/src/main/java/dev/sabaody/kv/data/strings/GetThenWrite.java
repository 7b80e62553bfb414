package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.STRING;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * GETDEL and GETSET: GET, then delete or replace. Both answer WRONGTYPE for another type and touch
 * nothing; GETSET's new value drops any TTL, as SET without KEEPTTL does.
 */
final class GetThenWrite {

    private GetThenWrite() {
    }

    static CommandSpec.Builder<Db> getdel() {
        return CommandSpec.<Db>command("getdel", 2, GetThenWrite::getdel)
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(WRITE, STRING, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Get the value of a key and delete the key", "6.2.0", "string", "O(1)",
                        Arg.key("key", 0)));
    }

    static CommandSpec.Builder<Db> getset() {
        return CommandSpec.<Db>command("getset", 3, GetThenWrite::getset)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, STRING, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE))
                .doc(new CommandDoc("Set the string value of a key and return its old value", "1.0.0", "string", "O(1)",
                        java.util.List.of("deprecated"), "6.2.0", "`SET` with the `!GET` argument", java.util.List.of(),
                        java.util.List.of(Arg.key("key", 0), Arg.of("value", "string"))));
    }

    private static void getdel(CommandContext<? extends Db> ctx) {
        if (Strings.replyValue(ctx) && ctx.db().delete(ctx.argv(), 1)) {
            ctx.db().notify(KeyspaceEvents.GENERIC, "del", ctx.argv(), 1); // getdelCommand
        }
    }

    private static void getset(CommandContext<? extends Db> ctx) {
        if (!Strings.replyValue(ctx)) {
            return;
        }
        ctx.db().set(ctx.argv().copy(1), ctx.argv().copy(2), false);
        ctx.db().notify(KeyspaceEvents.STRING, "set", ctx.argv(), 1); // getsetCommand
    }
}
