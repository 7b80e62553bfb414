package dev.sabaody.kv.server;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceRunner;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandRunner;

/**
 * The runner of a server with one shard: module 05's {@link KeyspaceRunner}, which runs every
 * command at once as a single-threaded Redis does, and counts it for INFO's
 * {@code total_commands_processed} once it has run, by the rule {@link ShardRouter} follows.
 */
final class SingleShardRunner implements CommandRunner<Db> {

    private final KeyspaceRunner runner = new KeyspaceRunner();
    private final ShardStats stats;

    SingleShardRunner(ShardStats stats) {
        this.stats = stats;
    }

    @Override
    public Outcome run(CommandContext<Db> ctx) {
        Outcome outcome = runner.run(ctx);
        stats.commandsProcessed++;
        return outcome;
    }

    @Override
    public boolean rejected(CommandContext<Db> ctx, String error) {
        return runner.rejected(ctx, error);
    }

    @Override
    public void closed(CommandContext<Db> ctx) {
        runner.closed(ctx);
    }
}
