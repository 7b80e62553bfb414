package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import java.util.Locale;

/**
 * SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]: the same orderly stop as SIGTERM. As in Redis, a
 * successful SHUTDOWN sends no reply: the client sees its connection close. The stop runs on a
 * thread of its own, because it waits for the loops, and this command runs on one of them.
 */
final class Shutdown {

    private Shutdown() {
    }

    static <D> CommandSpec.Builder<D> spec(Runnable stopServer) {
        return CommandSpec.<D>command("shutdown", -1, ctx -> {
                    for (int i = 1; i < ctx.argv().argc(); i++) {
                        String option = ctx.argv().string(i).toLowerCase(Locale.ROOT);
                        if (option.equals("abort")) {
                            ctx.reply().error("No shutdown in progress.");
                            return;
                        }
                        if (!option.equals("nosave") && !option.equals("save") && !option.equals("now")
                                && !option.equals("force")) {
                            ctx.replySyntaxError();
                            return;
                        }
                    }
                    Thread.ofPlatform().name("shutdown-command").start(stopServer);
                })
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE,
                        CommandFlag.NO_MULTI, CommandFlag.ALLOW_BUSY)
                .acl(ADMIN, SLOW, DANGEROUS)
                .doc(CommandDoc.of("Synchronously save the dataset to disk and then shut down the server",
                        "1.0.0", "server", "O(N) when saving, where N is the total number of keys in all databases"));
    }
}
