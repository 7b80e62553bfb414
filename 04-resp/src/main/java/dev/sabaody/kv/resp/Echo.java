package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.CONNECTION;
import static dev.sabaody.kv.resp.AclCategory.FAST;

import dev.sabaody.kv.resp.CommandDoc.Arg;

/** ECHO message: the message back, byte for byte, straight from the input buffer to the output. */
final class Echo implements Command<Object> {

    static <D> CommandSpec.Builder<D> spec() {
        return CommandSpec.<D>command("echo", 2, new Echo())
                .flags(CommandFlag.LOADING, CommandFlag.STALE, CommandFlag.FAST)
                .acl(FAST, CONNECTION)
                .doc(CommandDoc.of("Echo the given string", "1.0.0", "connection", "O(1)",
                        Arg.of("message", "string")));
    }

    @Override
    public void execute(CommandContext<?> ctx) {
        ctx.reply().bulk(ctx.argv(), 1);
    }
}
