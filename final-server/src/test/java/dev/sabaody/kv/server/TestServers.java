package dev.sabaody.kv.server;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.Bytes;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.Commands;
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.resp.SimpleDb;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Servers for tests, on port 0. Their data model is today's plus MSET and MGET over module 04's map,
 * so that multi-key commands spanning shards can be tested before module 05 brings the real ones.
 */
final class TestServers {

    /** How many times a test server's SHUTDOWN command asked the process to exit. */
    static final AtomicInteger SHUTDOWN_REQUESTS = new AtomicInteger();

    private TestServers() {
    }

    static SabaodyServer<SimpleDb> start(int shards) throws IOException {
        return start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)), Clock.system());
    }

    static SabaodyServer<SimpleDb> start(ServerConfig config, Clock clock) throws IOException {
        DataModel<SimpleDb> model = new DataModel<>(
                () -> Commands.module04().add(msetSpec()).add(mgetSpec()), SimpleDb::new, SimpleDb::size);
        return SabaodyServer.start(model, config, "", clock, SHUTDOWN_REQUESTS::incrementAndGet);
    }

    private static CommandSpec.Builder<SimpleDb> msetSpec() {
        return CommandSpec.<SimpleDb>command("mset", -3, ctx -> {
                    if (ctx.argv().argc() % 2 == 0) {
                        ctx.replyWrongArity();
                        return;
                    }
                    for (int i = 1; i < ctx.argv().argc(); i += 2) {
                        ctx.db().set(Bytes.wrap(ctx.argv().copy(i)), ctx.argv().copy(i + 1));
                    }
                    ctx.reply().ok();
                })
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(KeySpec.range(1, -1, 2, KeySpec.Flag.OW, KeySpec.Flag.UPDATE));
    }

    private static CommandSpec.Builder<SimpleDb> mgetSpec() {
        return CommandSpec.<SimpleDb>command("mget", -2, ctx -> {
                    ctx.reply().arrayHeader(ctx.argv().argc() - 1);
                    for (int i = 1; i < ctx.argv().argc(); i++) {
                        byte[] value = ctx.db().get(Bytes.wrap(ctx.argv().copy(i)));
                        if (value == null) {
                            ctx.reply().nullBulk();
                        } else {
                            ctx.reply().bulk(value);
                        }
                    }
                })
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS));
    }
}
