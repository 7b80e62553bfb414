package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.CONNECTION;
import static dev.sabaody.kv.resp.AclCategory.FAST;

import dev.sabaody.kv.resp.CommandDoc.Arg;

/** SELECT index: chooses the database later commands of this connection use. */
final class Select implements Command<Object> {

    static <D> CommandSpec.Builder<D> spec() {
        return CommandSpec.<D>command("select", 2, new Select())
                .flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .acl(FAST, CONNECTION)
                .doc(CommandDoc.of("Change the selected database for the current connection", "1.0.0",
                        "connection", "O(1)", Arg.of("index", "integer")));
    }

    @Override
    public void execute(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        // getIntFromObjectOrReply (object.c), with 7.0's wording, typo included.
        if (!argv.parseLong(1)) {
            ctx.reply().error("value is not an integer or out of range");
            return;
        }
        long index = argv.parsedLong();
        if (index < Integer.MIN_VALUE || index > Integer.MAX_VALUE) {
            ctx.reply().error("value is out of range, value must between -2147483648 and 2147483647");
            return;
        }
        if (index < 0 || index >= ctx.databases().count()) {
            ctx.reply().error("DB index is out of range");
            return;
        }
        ctx.select((int) index);
        ctx.reply().ok();
    }
}
