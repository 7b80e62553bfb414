package dev.sabaody.kv.server;

import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandRunner;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Decides where each command of a connection runs, and gets its reply back in order.
 *
 * <pre>
 *   keys owned by the home shard (or no keys)  → run inline, now: no hop, no copy
 *   keys owned by one other shard              → hop: run on that shard's loop, reply comes back
 *   keys owned by several shards               → {@link CrossShard}: park them all, run, release
 *   INFO, DBSIZE (all of the keyspace)          → {@link CrossShard} over every shard
 * </pre>
 *
 * <h2>Replies stay in request order</h2>
 * While a command is away, its connection reads nothing ({@link Connection#pauseReading}); the rest
 * of a pipeline waits in the input buffer, unparsed. When the reply comes back on the home loop it
 * is appended to the output, and reading resumes with the next command. A pipeline that mixes shards
 * is therefore answered in order, at the price of one round trip per remote command.
 *
 * <p>A command that goes away takes a copy of its arguments: the originals are slices of the
 * connection's input buffer, which the home loop may compact meanwhile.
 *
 * <p>One router per connection's home shard; runs on that shard's thread.
 */
final class ShardRouter<D> implements CommandRunner<D> {

    private final Shards<D> shards;
    private final Shard<D> home;

    ShardRouter(Shards<D> shards, Shard<D> home) {
        this.shards = shards;
        this.home = home;
    }

    @Override
    public boolean run(CommandContext<D> ctx) {
        home.stats().commandsProcessed++;
        CommandSpec<D> spec = ctx.command();
        if (shards.size() == 1) {
            spec.implementation().execute(ctx); // one shard: exactly a single-threaded Redis
            return true;
        }
        if (shards.needsAllShards(spec)) {
            awayOnAll(ctx);
            return false;
        }
        Argv argv = ctx.argv();
        int owner = -1;
        boolean several = false;
        int[] keys = spec.keyIndexes(argv.argc());
        for (int i : keys) {
            int shard = shards.ownerOf(argv, i);
            if (owner < 0) {
                owner = shard;
            } else if (shard != owner) {
                several = true;
            }
        }
        if (owner < 0 || (owner == home.index() && !several)) {
            spec.implementation().execute(ctx);
            return true;
        }
        if (!several) {
            hop(ctx, shards.get(owner));
        } else {
            split(ctx, keys);
        }
        return false;
    }

    /** Runs the command on {@code target}'s loop; the reply comes back to the home loop. */
    private void hop(CommandContext<D> ctx, Shard<D> target) {
        Away away = new Away(ctx);
        target.loop().execute(() -> away.deliver(away.runOn(target, away.argv)));
    }

    /** Several owners: park them, run each one's part of the command, merge the replies. */
    private void split(CommandContext<D> ctx, int[] keys) {
        Away away = new Away(ctx);
        ReplyMerge merge = ReplyMerge.forCommand(away.spec.name());
        if (merge == null) {
            home.stats().commandsProcessed--; // it did not run
            away.deliver(ReplyMerge.crossShardError(away.spec.name()));
            return;
        }
        // Group the keys by owner, keeping each key's trailing arguments (MSET's value) with it and
        // the owners in key order, so a merged reply lists keys in the order they were asked.
        int step = Math.max(1, away.spec.keyStep());
        TreeMap<Integer, List<byte[]>> parts = new TreeMap<>();
        List<Integer> ownerOfEachKey = new ArrayList<>();
        for (int i : keys) {
            int owner = shards.ownerOf(away.argv, i);
            ownerOfEachKey.add(owner);
            List<byte[]> part = parts.computeIfAbsent(owner, o -> {
                List<byte[]> args = new ArrayList<>();
                args.add(away.argv.copy(0));
                return args;
            });
            for (int j = i; j < i + step && j < away.argv.argc(); j++) {
                part.add(away.argv.copy(j));
            }
        }
        List<Shard<D>> involved = parts.keySet().stream().map(shards::get).toList();
        shards.crossShard().submit(() -> away.deliver(shards.crossShard().parked(involved, () -> {
            TreeMap<Integer, byte[]> replies = new TreeMap<>();
            parts.forEach((owner, args) -> replies.put(owner, away.runOn(shards.get(owner), Argv.of(args))));
            return merge.merge(replies, ownerOfEachKey);
        })));
    }

    /** Every shard parked: INFO and DBSIZE see the whole keyspace at one instant. */
    private void awayOnAll(CommandContext<D> ctx) {
        Away away = new Away(ctx);
        shards.crossShard().submit(() -> away.deliver(
                shards.crossShard().parked(shards.all(), () -> away.runOn(home, away.argv))));
    }

    /** A command that left its home loop: what it needs to run elsewhere and to come back. */
    private final class Away {
        final Argv argv;
        final CommandSpec<D> spec;
        final CommandContext<D> origin;
        final Connection connection;
        final int protocol;

        Away(CommandContext<D> ctx) {
            this.argv = Argv.copyOf(ctx.argv());
            this.spec = ctx.command();
            this.origin = ctx;
            this.connection = ctx.connection();
            this.protocol = ctx.reply().protocol();
            connection.pauseReading();
        }

        /** Runs the command against {@code shard}'s databases; returns the encoded reply. */
        byte[] runOn(Shard<D> shard, Argv args) {
            OutputBuffer out = new OutputBuffer();
            RespEncoder encoder = new RespEncoder(out);
            encoder.setProtocol(protocol);
            spec.implementation().execute(CommandContext.detached(shard.state(), origin.client(), encoder, args, spec));
            return out.toByteArray();
        }

        /** Back on the home loop: the reply joins the connection's output, and reading resumes. */
        void deliver(byte[] reply) {
            home.loop().execute(() -> {
                if (!connection.isOpen()) {
                    return;
                }
                connection.output().write(reply);
                connection.flush();
                connection.resumeReading();
            });
        }
    }
}
