package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.CommandFlag.LOADING;
import static dev.sabaody.kv.resp.CommandFlag.STALE;

/**
 * TIME: the server's clock, as two bulk strings, Unix seconds and the microseconds within that
 * second (server.c timeCommand). Read from the one injected clock, so a test's manual clock is what
 * TIME answers too.
 */
final class Time implements Command<Object> {

    static <D> CommandSpec.Builder<D> spec() {
        return CommandSpec.<D>command("time", 1, new Time())
                .flags(LOADING, STALE, CommandFlag.FAST)
                .acl(FAST)
                .tips("nondeterministic_output")
                .doc(CommandDoc.of("Return the current server time", "2.6.0", "server", "O(1)"));
    }

    @Override
    public void execute(CommandContext<?> ctx) {
        long micros = ctx.clock().currentTimeMicros();
        ctx.reply().arrayHeader(2);
        ctx.reply().bulkAscii(Long.toString(micros / 1_000_000));
        ctx.reply().bulkAscii(Long.toString(micros % 1_000_000));
    }
}
