package dev.sabaody.kv.server;

import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandRunner;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Decides where each command of a connection runs, and gets its reply back in order.
 *
 * <pre>
 *   keys owned by the home shard (or no keys)  → run inline, now: no hop, no copy
 *   keys owned by another shard                → deferred: batched per shard, one hop per read
 *   keys owned by several shards               → {@link CrossShard}: park them all, run, release
 *   INFO, DBSIZE (all of the keyspace)          → {@link CrossShard} over every shard
 * </pre>
 *
 * <h2>Pipelines: reply slots and one hop per shard</h2>
 * A pipeline with random keys sends most of its commands elsewhere. Sending them one at a time, the
 * connection waiting for each reply, costs a round trip between loops per command (measured: a
 * sixth of Redis's throughput at 16 commands per pipeline). So once a command has to travel, the
 * router keeps a <em>slot</em> for every following reply, in request order. Commands for other
 * shards are collected per shard; commands for the home shard run at once into their slot. When the
 * session has parsed the whole read ({@link #endOfInput}), each shard gets its batch in one task and
 * sends back all its replies in one task. When every slot is filled, the replies go to the output in
 * request order and reading resumes.
 *
 * <p>Commands on one key keep their order, since they all go to the key's owner, in order. Commands
 * on keys of different shards may take effect in parallel, as they would on different nodes of a
 * Redis Cluster. A command that must see the effect of everything before it waits for the slots to
 * be answered first ({@link Outcome#NOT_YET}): a multi-shard command, a command without keys
 * (SELECT, HELLO and QUIT change how the rest is read or answered), and any error reply.
 *
 * <p>A command that leaves its home loop takes a copy of its arguments: the originals are slices of
 * the connection's input buffer, which the home loop reuses.
 *
 * <p>One router per connection; it runs on the connection's home loop, and so do the tasks that
 * bring replies back, so its fields need no synchronisation.
 */
final class ShardRouter<D> implements CommandRunner<D> {

    private final Shards<D> shards;
    private final Shard<D> home;

    /** Replies owed, in request order; a slot is null until its reply arrives. Empty: nothing deferred. */
    private final ArrayList<byte[]> slots = new ArrayList<>();
    /** Slots still empty. */
    private int missing;
    /** Commands deferred for each shard since the last batch was sent (index: shard). */
    private List<List<Deferred<D>>> batches;
    /** Whether the batches are on their way: the session is paused until {@link #complete}. */
    private boolean sent;
    private Connection connection;
    private Client client;
    private int protocol;

    ShardRouter(Shards<D> shards, Shard<D> home) {
        this.shards = shards;
        this.home = home;
    }

    /** A command waiting for its batch: its reply goes to {@code slot}. */
    private record Deferred<D>(int slot, CommandSpec<D> spec, Argv argv) {
    }

    @Override
    public Outcome run(CommandContext<D> ctx) {
        Outcome outcome = route(ctx);
        if (outcome != Outcome.NOT_YET) {
            home.stats().commandsProcessed++;
        }
        return outcome;
    }

    private Outcome route(CommandContext<D> ctx) {
        CommandSpec<D> spec = ctx.command();
        if (shards.size() == 1) {
            spec.implementation().execute(ctx); // one shard: exactly a single-threaded Redis
            return Outcome.ANSWERED;
        }
        boolean deferring = hasDeferred();
        if (shards.needsAllShards(spec)) {
            if (deferring) {
                return Outcome.NOT_YET;
            }
            awayOnAll(ctx);
            return Outcome.WAITING;
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
        if (several || owner < 0) {
            if (deferring) {
                return Outcome.NOT_YET;
            }
            if (several) {
                split(ctx, keys);
                return Outcome.WAITING;
            }
            spec.implementation().execute(ctx);
            return Outcome.ANSWERED;
        }
        if (owner == home.index() && !deferring) {
            spec.implementation().execute(ctx);
            return Outcome.ANSWERED;
        }
        defer(ctx, owner);
        return Outcome.DEFERRED;
    }

    @Override
    public boolean hasDeferred() {
        return !slots.isEmpty();
    }

    private void defer(CommandContext<D> ctx, int owner) {
        if (slots.isEmpty()) {
            connection = ctx.connection();
            client = ctx.client();
            protocol = ctx.reply().protocol();
            batches = new ArrayList<>(shards.size());
            for (int i = 0; i < shards.size(); i++) {
                batches.add(new ArrayList<>());
            }
        }
        int slot = slots.size();
        if (owner == home.index()) {
            slots.add(runOn(home, ctx.command(), ctx.argv(), client, protocol)); // its slices are still valid: it runs now
        } else {
            slots.add(null);
            missing++;
            batches.get(owner).add(new Deferred<>(slot, ctx.command(), Argv.copyOf(ctx.argv())));
        }
    }

    /** Sends each shard its batch; the session reads nothing more until every reply is back. */
    @Override
    public void endOfInput() {
        if (slots.isEmpty() || sent) {
            return;
        }
        sent = true;
        connection.pauseReading();
        if (missing == 0) {
            complete();
            return;
        }
        for (int owner = 0; owner < batches.size(); owner++) {
            List<Deferred<D>> batch = batches.get(owner);
            if (batch.isEmpty()) {
                continue;
            }
            batches.set(owner, new ArrayList<>());
            Shard<D> target = shards.get(owner);
            target.loop().execute(() -> {
                OutputBuffer out = new OutputBuffer();
                RespEncoder encoder = new RespEncoder(out);
                encoder.setProtocol(protocol);
                int[] ends = new int[batch.size()];
                for (int i = 0; i < batch.size(); i++) {
                    Deferred<D> d = batch.get(i);
                    d.spec().implementation().execute(CommandContext.detached(target.state(), client, encoder, d.argv(), d.spec()));
                    ends[i] = out.pending();
                }
                byte[] replies = out.toByteArray();
                home.loop().execute(() -> fill(batch, replies, ends));
            });
        }
    }

    /** On the home loop: a shard's replies, cut back into their slots. */
    private void fill(List<Deferred<D>> batch, byte[] replies, int[] ends) {
        int start = 0;
        for (int i = 0; i < batch.size(); i++) {
            slots.set(batch.get(i).slot(), Arrays.copyOfRange(replies, start, ends[i]));
            start = ends[i];
        }
        missing -= batch.size();
        if (missing == 0) {
            complete();
        }
    }

    /** Every slot filled: the replies leave in request order, and reading resumes. */
    private void complete() {
        if (connection.isOpen()) {
            for (byte[] reply : slots) {
                connection.output().write(reply);
            }
            connection.flush();
            connection.resumeReading();
        }
        slots.clear();
        sent = false;
    }

    /**
     * Runs {@code spec} against {@code shard}'s databases, now, on the calling thread (the shard's own,
     * or the coordinator's while the shard is parked); returns its reply, encoded in {@code protocol}.
     */
    private static <D> byte[] runOn(Shard<D> shard, CommandSpec<D> spec, Argv args, Client client, int protocol) {
        OutputBuffer out = new OutputBuffer();
        RespEncoder encoder = new RespEncoder(out);
        encoder.setProtocol(protocol);
        spec.implementation().execute(CommandContext.detached(shard.state(), client, encoder, args, spec));
        return out.toByteArray();
    }
    /** Several owners: park them, run each one's part of the command, merge the replies. */
    private void split(CommandContext<D> ctx, int[] keys) {
        Away away = new Away(ctx);
        ReplyMerge merge = ReplyMerge.forCommand(away.spec.name());
        if (merge == null) {
            // Refused, not run: like Redis's rejected calls it is not a processed command (run() counts
            // every outcome but NOT_YET, so take this one back).
            home.stats().commandsProcessed--;
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
        final Client client;
        final Connection connection;
        final int protocol;

        Away(CommandContext<D> ctx) {
            this.argv = Argv.copyOf(ctx.argv());
            this.spec = ctx.command();
            this.client = ctx.client();
            this.connection = ctx.connection();
            this.protocol = ctx.reply().protocol();
            connection.pauseReading();
        }

        /** Runs the command (or its part, {@code args}) against {@code shard}'s databases; returns the reply. */
        byte[] runOn(Shard<D> shard, Argv args) {
            return ShardRouter.runOn(shard, spec, args, client, protocol);
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
