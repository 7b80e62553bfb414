package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.CONNECTION;
import static dev.sabaody.kv.resp.AclCategory.FAST;

import dev.sabaody.kv.resp.CommandDoc.Arg;

/**
 * PING [message]: {@code +PONG}, or the message back as a bulk string, in RESP2 and RESP3; a RESP2
 * client in the subscribed context gets an array instead.
 */
final class Ping implements Command<Object> {

    static <D> CommandSpec.Builder<D> spec() {
        return CommandSpec.<D>command("ping", -1, new Ping())
                .flags(CommandFlag.FAST)
                .allowedWhileSubscribed()
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
        } else if (ctx.client().subscribed() && ctx.reply().protocol() == 2) {
            // A RESP2 subscriber reads arrays only: pingCommand answers it ["pong", message or ""].
            ctx.reply().arrayHeader(2);
            ctx.reply().bulkAscii("pong");
            if (ctx.argv().argc() == 1) {
                ctx.reply().bulkAscii("");
            } else {
                ctx.reply().bulk(ctx.argv(), 1);
            }
        } else if (ctx.argv().argc() == 1) {
            ctx.reply().simpleString("PONG");
        } else {
            ctx.reply().bulk(ctx.argv(), 1);
        }
    }
}
