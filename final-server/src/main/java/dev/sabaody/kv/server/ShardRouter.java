package dev.sabaody.kv.server;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.tx.Transaction;
import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandRunner;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decides where each command of a connection runs, and gets its reply back in order (servers with
 * more than one shard; with one, module 05's {@link dev.sabaody.kv.data.KeyspaceRunner} runs
 * everything, exactly as a single-threaded Redis).
 *
 * <pre>
 *   keys owned by the home shard (or no keys)  → run inline, now: no hop, no copy
 *   keys owned by another shard                → deferred: batched per shard, one hop per read,
 *                                                or none if that shard sleeps idle: run here, lent
 *   keys owned by several shards               → {@link CrossShard}: park them, {@link ParkedRun}, release
 *   the whole keyspace (INFO, KEYS, FLUSHALL…)  → {@link CrossShard} over every shard
 *   EXEC                                       → {@link CrossShard} over every shard: atomic
 *   a blocking command with nothing to pop     → {@link ShardWaiter} on its keys' shards
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
 * (SELECT, MULTI, QUIT change how the rest is read or answered), a blocking command, a command
 * queued inside MULTI (its +QUEUED must not overtake), and any error reply.
 *
 * <p>A command that leaves its home loop takes a copy of its arguments: the originals are slices of
 * the connection's input buffer, which the home loop reuses.
 *
 * <p>One router per connection; it runs on the connection's home loop, and so do the tasks that
 * bring replies back, so its fields need no synchronisation.
 */
final class ShardRouter implements CommandRunner<Db> {

    /**
     * Slots made for a new connection; they double as a pipeline needs. Small, because every client
     * of 10,000 keeps them: a client that waits for each reply needs one.
     */
    private static final int INITIAL_SLOTS = 4;

    private final Shards shards;
    private final Shard home;
    private final ParkedRun parked;

    /**
     * Replies owed, in request order. Slot i is bytes {@code from[i]} to {@code to[i]} of
     * {@code source[i]}: a batch's reply array, or {@link #local} for a command run here; null until
     * its reply arrives. Replies are not copied out of their batch: they are written to the output
     * straight from it. Size 0: nothing deferred.
     */
    private Object[] source = new Object[INITIAL_SLOTS];
    private int[] from = new int[INITIAL_SLOTS];
    private int[] to = new int[INITIAL_SLOTS];
    private int slotCount;
    /** Slots still empty. */
    private int missing;
    /** This round's replies of commands run on the home shard while others are away; null when none. */
    private OutputBuffer local;
    private RespEncoder localEncoder;
    /** Commands deferred for each shard since the last batch was sent (index: shard). */
    private List<List<Deferred>> batches;
    /** Whether the batches are on their way: the session is paused until {@link #complete}. */
    private boolean sent;
    private Connection connection;
    private Client client;
    private int protocol;
    /** This connection's blocked command, if any. */
    private ShardWaiter waiter;

    ShardRouter(Shards shards, Shard home, ParkedRun parked) {
        this.shards = shards;
        this.home = home;
        this.parked = parked;
    }

    /** A command waiting for its batch: its reply goes to {@code slot}. */
    private record Deferred(int slot, CommandSpec<Db> spec, Argv argv) {
    }

    @Override
    public Outcome run(CommandContext<Db> ctx) {
        Outcome outcome = route(ctx);
        if (outcome != Outcome.NOT_YET) {
            home.stats().commandsProcessed++;
        }
        return outcome;
    }

    private Outcome route(CommandContext<Db> ctx) {
        CommandSpec<Db> spec = ctx.command();
        boolean deferring = hasDeferred();
        if (Transaction.queueing(ctx.client()) && !Transaction.runsImmediately(spec)) {
            if (deferring) {
                return Outcome.NOT_YET;
            }
            Transaction.of(ctx.client()).queue(spec, ctx.argv());
            ctx.reply().simpleString("QUEUED");
            return Outcome.ANSWERED;
        }
        if (Transaction.queueing(ctx.client()) && spec.name().equals("exec")) {
            if (deferring) {
                return Outcome.NOT_YET;
            }
            exec(ctx);
            return Outcome.WAITING;
        }
        if (Shards.reachOf(spec) != Shards.Reach.KEYS) {
            if (deferring) {
                return Outcome.NOT_YET;
            }
            away(ctx, shards.all());
            return Outcome.WAITING;
        }
        Argv argv = ctx.argv();
        int owner = ownerOfKeys(spec, argv);
        boolean several = owner == SEVERAL;
        boolean blocking = spec.has(CommandFlag.BLOCKING);
        if (several || owner < 0 || blocking) {
            if (deferring) {
                return Outcome.NOT_YET;
            }
            if (several || (blocking && owner != home.index())) {
                away(ctx, parked.shardsFor(spec, argv, home));
                return Outcome.WAITING;
            }
            return inline(ctx);
        }
        if (owner == home.index() && !deferring) {
            return inline(ctx);
        }
        defer(ctx, owner);
        return Outcome.DEFERRED;
    }

    /** {@link #ownerOfKeys}: the keys live on more than one shard. */
    private static final int SEVERAL = -2;

    /**
     * The shard owning every key of the command, -1 when it has none, {@link #SEVERAL} when they are
     * spread. Commands whose keys are a plain range (nearly all) are walked without allocating; the
     * others go through their key specs.
     */
    private int ownerOfKeys(CommandSpec<Db> spec, Argv argv) {
        int owner = -1;
        if (!spec.has(CommandFlag.MOVABLEKEYS)) {
            if (spec.firstKey() == 0) {
                return -1;
            }
            int argc = argv.argc();
            int last = spec.lastKey() >= 0 ? spec.lastKey() : argc + spec.lastKey();
            for (int i = spec.firstKey(); i <= last && i < argc; i += spec.keyStep()) {
                int shard = shards.ownerOf(argv.buffer(), argv.offset(i), argv.length(i));
                if (owner >= 0 && shard != owner) {
                    return SEVERAL;
                }
                owner = shard;
            }
            return owner;
        }
        for (int i : spec.keyPositions(argv)) {
            int shard = shards.ownerOf(argv.buffer(), argv.offset(i), argv.length(i));
            if (owner >= 0 && shard != owner) {
                return SEVERAL;
            }
            owner = shard;
        }
        return owner;
    }

    /** Runs the command here and now, on the home shard's keys. */
    private Outcome inline(CommandContext<Db> ctx) {
        Keyspace keyspace = home.keyspace();
        ctx.command().run(ctx);
        Keyspace.BlockRequest block = keyspace.takeBlockRequest();
        if (block != null) {
            Connection conn = ctx.connection();
            conn.pauseReading();
            waiter = new ShardWaiter(shards, parked, home, List.of(home), ctx.command(), Argv.copyOf(ctx.argv()),
                    ctx.client(), ctx.reply().protocol(), block.onTimeout(), reply -> deliver(conn, reply));
            waiter.register(block.db(), block.keys(), block.timeoutMillis());
            return Outcome.WAITING;
        }
        serveBlocked(home);
        return Outcome.ANSWERED;
    }

    private static void serveBlocked(Shard shard) {
        Keyspace keyspace = shard.keyspace();
        if (keyspace.blocked().hasReady()) {
            keyspace.blocked().serveReady(keyspace);
        }
    }

    @Override
    public boolean hasDeferred() {
        return slotCount != 0;
    }

    private int newSlot() {
        if (slotCount == source.length) {
            source = Arrays.copyOf(source, slotCount * 2);
            from = Arrays.copyOf(from, slotCount * 2);
            to = Arrays.copyOf(to, slotCount * 2);
        }
        source[slotCount] = null;
        return slotCount++;
    }

    @Override
    public boolean rejected(CommandContext<Db> ctx, String error) {
        boolean answered = Transaction.rejected(ctx, error);
        if (answered) {
            home.keyspace().watches().unwatchAll(ctx.client().id()); // EXEC refused: the transaction is over
        }
        return answered;
    }

    @Override
    public void closed(CommandContext<Db> ctx) {
        home.keyspace().watches().unwatchAll(ctx.client().id());
        if (waiter != null) {
            waiter.cancel();
            waiter = null;
        }
    }

    private void defer(CommandContext<Db> ctx, int owner) {
        if (slotCount == 0) {
            connection = ctx.connection();
            client = ctx.client();
            protocol = ctx.reply().protocol();
            batches = new ArrayList<>(shards.size());
            for (int i = 0; i < shards.size(); i++) {
                batches.add(new ArrayList<>());
            }
        }
        int slot = newSlot();
        if (owner == home.index()) {
            // its slices are still valid: it runs now, into this round's local buffer
            if (local == null) {
                local = new OutputBuffer();
                localEncoder = new RespEncoder(local);
                localEncoder.setProtocol(protocol);
            }
            from[slot] = local.pending();
            ctx.command().run(
                    CommandContext.detached(home.state(), client, localEncoder, ctx.argv(), ctx.command()));
            to[slot] = local.pending();
            source[slot] = local;
            serveBlocked(home);
        } else {
            missing++;
            batches.get(owner).add(new Deferred(slot, ctx.command(), Argv.copyOf(ctx.argv())));
        }
    }

    /**
     * Sends each shard its batch; the session reads nothing more until every reply is back. A shard
     * whose loop is asleep is not woken: this loop runs the batch in its place
     * ({@link dev.sabaody.kv.nio.EventLoop#runIfAsleep}), which spares both wake-ups of the round trip.
     */
    @Override
    public void endOfInput() {
        if (slotCount == 0 || sent) {
            return;
        }
        sent = true;
        connection.pauseReading();
        for (int owner = 0; owner < batches.size(); owner++) {
            List<Deferred> commands = batches.get(owner);
            if (commands.isEmpty()) {
                continue;
            }
            Batch batch = new Batch(shards.get(owner), commands, client, protocol);
            if (batch.target.loop().runIfAsleep(batch)) {
                fill(batch);
            } else {
                batch.target.loop().execute(() -> {
                    batch.run();
                    home.loop().execute(() -> {
                        fill(batch);
                        if (missing == 0) {
                            complete();
                        }
                    });
                });
            }
        }
        if (missing == 0) {
            complete();
        }
    }

    /**
     * One round's commands for one shard, run by a thread that holds the shard: its own loop, or a
     * loop that borrowed it while it slept. Its replies end up back to back in {@link #replies}, the
     * i-th ending at {@code ends[i]}.
     */
    private static final class Batch implements Runnable {
        final Shard target;
        final List<Deferred> commands;
        final Client client;
        final int protocol;
        final int[] ends;
        byte[] replies;

        Batch(Shard target, List<Deferred> commands, Client client, int protocol) {
            this.target = target;
            this.commands = commands;
            this.client = client;
            this.protocol = protocol;
            this.ends = new int[commands.size()];
        }

        @Override
        public void run() {
            OutputBuffer out = target.batchOutput();
            RespEncoder encoder = new RespEncoder(out);
            encoder.setProtocol(protocol);
            CommandContext<Db> context = null;
            for (int i = 0; i < commands.size(); i++) {
                Deferred d = commands.get(i);
                if (context == null) {
                    context = CommandContext.detached(target.state(), client, encoder, d.argv(), d.spec());
                } else {
                    context.bind(d.argv(), d.spec());
                }
                d.spec().run(context);
                ends[i] = out.pending();
            }
            serveBlocked(target);
            replies = out.takeBytes();
        }
    }

    /** On the home loop: a shard's replies, cut back into their slots. */
    private void fill(Batch batch) {
        int start = 0;
        for (int i = 0; i < batch.commands.size(); i++) {
            int slot = batch.commands.get(i).slot();
            source[slot] = batch.replies;
            from[slot] = start;
            to[slot] = batch.ends[i];
            start = batch.ends[i];
        }
        missing -= batch.commands.size();
    }

    /** Every slot filled: the replies leave in request order, and reading resumes. */
    private void complete() {
        byte[] localBytes = local == null ? null : local.toByteArray();
        if (connection.isOpen()) {
            OutputBuffer out = connection.output();
            for (int i = 0; i < slotCount; i++) {
                byte[] bytes = source[i] == local ? localBytes : (byte[]) source[i];
                out.write(bytes, from[i], to[i] - from[i]);
            }
            connection.flush();
            connection.resumeReading();
        }
        Arrays.fill(source, 0, slotCount, null);
        slotCount = 0;
        local = null;
        localEncoder = null;
        batches = null; // made again by the next round: an idle connection keeps no lists
        sent = false;
    }

    /**
     * Runs the command on the coordinator with {@code involved} parked; the connection waits (reading
     * paused) for the reply, or for the end of the block the command asks for.
     */
    private void away(CommandContext<Db> ctx, List<Shard> involved) {
        Argv argv = Argv.copyOf(ctx.argv());
        CommandSpec<Db> spec = ctx.command();
        Client c = ctx.client();
        int p = ctx.reply().protocol();
        Connection conn = ctx.connection();
        conn.pauseReading();
        shards.crossShard().submit(() -> {
            byte[] reply = shards.crossShard().parked(involved, () -> {
                ParkedRun.Result r = parked.run(spec, argv, c, p, home);
                if (r.block() == null) {
                    return r.reply();
                }
                ShardWaiter w = new ShardWaiter(shards, parked, home, parked.shardsFor(spec, argv, home), spec, argv,
                        c, p, r.block().onTimeout(), bytes -> deliver(conn, bytes));
                home.loop().execute(() -> waiter = w);
                w.register(r.block().db(), r.block().keys(), r.block().timeoutMillis());
                return null;
            });
            if (reply != null) {
                deliver(conn, reply);
            }
        });
    }

    /** EXEC of a queued transaction: every shard parked, so it is atomic across all of them. */
    private void exec(CommandContext<Db> ctx) {
        Transaction tx = Transaction.of(ctx.client());
        Client c = ctx.client();
        int p = ctx.reply().protocol();
        Connection conn = ctx.connection();
        conn.pauseReading();
        shards.crossShard().submit(() -> deliver(conn,
                shards.crossShard().parked(shards.all(), () -> parked.exec(tx, c, p, home))));
    }

    /** Back on the home loop: the reply joins the connection's output, and reading resumes. */
    private void deliver(Connection conn, byte[] reply) {
        home.loop().execute(() -> {
            waiter = null;
            if (!conn.isOpen()) {
                return;
            }
            conn.output().write(reply);
            conn.flush();
            conn.resumeReading();
        });
    }
}
