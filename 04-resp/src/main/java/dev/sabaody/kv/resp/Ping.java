package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.CONNECTION;
import static dev.sabaody.kv.resp.AclCategory.FAST;

import dev.sabaody.kv.resp.CommandDoc.Arg;

/** PING [message]: {@code +PONG}, or the message back as a bulk string. The same in RESP2 and RESP3. */
final class Ping implements Command<Object> {

    static <D> CommandSpec.Builder<D> spec() {
        return CommandSpec.<D>command("ping", -1, new Ping())
                .flags(CommandFlag.FAST)
                .acl(FAST, CONNECTION)
                .tips("request_policy:all_shards", "response_policy:all_succeeded")
                .doc(CommandDoc.of("Ping the server", "1.0.0", "connection", "O(1)",
                        Arg.of("message", "string").optional()));
    }

    @Override
    public void execute(CommandContext<?> ctx) {
        // Arity -1 lets any number through; PING itself refuses more than one message (pingCommand).
        if (ctx.argv().argc() > 2) {
            ctx.replyWrongArity();
        } else if (ctx.argv().argc() == 1) {
            ctx.reply().simpleString("PONG");
        } else {
            ctx.reply().bulk(ctx.argv(), 1);
        }
    }
}
