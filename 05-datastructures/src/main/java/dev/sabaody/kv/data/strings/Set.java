package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STRING;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/** SET key value [NX | XX] [GET] [EX | PX | EXAT | PXAT | KEEPTTL]. (Options: to be completed.) */
final class Set implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("set", -3, new Set())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, STRING, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE,
                        KeySpec.Flag.VARIABLE_FLAGS).withNotes("RW and ACCESS due to the optional `GET` argument"))
                .doc(CommandDoc.of("Set the string value of a key", "1.0.0", "string", "O(1)",
                        Arg.key("key", 0), Arg.of("value", "string")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() > 3) {
            ctx.replySyntaxError();
            return;
        }
        ctx.db().set(argv.copy(1), argv.copy(2), false);
        ctx.reply().ok();
    }
}
