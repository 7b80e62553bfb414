package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.CONNECTION;
import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.CommandFlag.ALLOW_BUSY;
import static dev.sabaody.kv.resp.CommandFlag.LOADING;
import static dev.sabaody.kv.resp.CommandFlag.NOSCRIPT;
import static dev.sabaody.kv.resp.CommandFlag.NO_AUTH;
import static dev.sabaody.kv.resp.CommandFlag.STALE;

/**
 * QUIT: {@code +OK}, then the server closes the connection once the reply is out. Commands pipelined
 * after it are not run, as in Redis (CLIENT_CLOSE_AFTER_REPLY stops processInputBuffer).
 */
final class Quit implements TransactionControl<Object> {

    static <D> CommandSpec.Builder<D> spec() {
        return CommandSpec.<D>command("quit", -1, new Quit())
                .flags(NOSCRIPT, LOADING, STALE, CommandFlag.FAST, NO_AUTH, ALLOW_BUSY)
                .acl(FAST, CONNECTION)
                .allowedWhileSubscribed()
                .doc(CommandDoc.of("Close the connection", "1.0.0", "connection", "O(1)"));
    }

    @Override
    public void execute(CommandContext<?> ctx) {
        ctx.reply().ok();
        ctx.closeAfterReply();
    }
}
