package dev.sabaody.kv.server;

import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Servers for tests, on port 0, with module 05's commands. Where a command the sharding tests need
 * (MSET, MGET, DEL, EXISTS) is not in the table, a minimal one is added, so these tests never depend
 * on which data commands have landed.
 */
final class TestServers {

    /** How many times a test server's SHUTDOWN command asked the process to exit. */
    static final AtomicInteger SHUTDOWN_REQUESTS = new AtomicInteger();

    private TestServers() {
    }

    static SabaodyServer start(int shards) throws IOException {
        return start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)), Clock.system());
    }

    static SabaodyServer start(ServerConfig config, Clock clock) throws IOException {
        CommandTable<Db> table = DataCommands.table();
        addIfMissing(table, msetSpec());
        addIfMissing(table, mgetSpec());
        addIfMissing(table, countingSpec("del", CommandFlag.WRITE));
        addIfMissing(table, countingSpec("exists", CommandFlag.READONLY));
        return SabaodyServer.start(table, config, "", clock, SHUTDOWN_REQUESTS::incrementAndGet);
    }

    private static void addIfMissing(CommandTable<Db> table, CommandSpec.Builder<Db> spec) {
        CommandSpec<Db> built = spec.build();
        if (table.byName(built.name()) == null) {
            table.add(built);
        }
    }

    private static CommandSpec.Builder<Db> msetSpec() {
        return CommandSpec.<Db>command("mset", -3, ctx -> {
                    if (ctx.argv().argc() % 2 == 0) {
                        ctx.replyWrongArity();
                        return;
                    }
                    for (int i = 1; i < ctx.argv().argc(); i += 2) {
                        ctx.db().set(ctx.argv().copy(i), ctx.argv().copy(i + 1), false);
                    }
                    ctx.reply().ok();
                })
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(KeySpec.range(1, -1, 2, KeySpec.Flag.OW, KeySpec.Flag.UPDATE));
    }

    private static CommandSpec.Builder<Db> mgetSpec() {
        return CommandSpec.<Db>command("mget", -2, ctx -> {
                    ctx.reply().arrayHeader(ctx.argv().argc() - 1);
                    for (int i = 1; i < ctx.argv().argc(); i++) {
                        Entry e = ctx.db().lookup(ctx.argv(), i);
                        if (e != null && e.value instanceof byte[] value) {
                            ctx.reply().bulk(value);
                        } else {
                            ctx.reply().nullBulk();
                        }
                    }
                })
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS));
    }

    /** DEL and EXISTS: how many of the keys were there (deleting them for DEL). */
    private static CommandSpec.Builder<Db> countingSpec(String name, CommandFlag flag) {
        boolean delete = name.equals("del");
        return CommandSpec.<Db>command(name, -2, ctx -> {
                    long n = 0;
                    for (int i = 1; i < ctx.argv().argc(); i++) {
                        if (delete ? ctx.db().delete(ctx.argv(), i) : ctx.db().lookup(ctx.argv(), i) != null) {
                            n++;
                        }
                    }
                    ctx.reply().integer(n);
                })
                .flags(flag)
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RW));
    }
}
