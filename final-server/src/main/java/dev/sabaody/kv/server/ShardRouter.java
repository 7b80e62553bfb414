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
import java.util.Arrays;
import java.util.List;

/**
 * Decides where each command of a connection runs, and gets its reply back in order (servers with
 * more than one shard; with one, {@link SingleShardRunner}, module 05's runner, runs everything,
 * exactly as a single-threaded Redis).
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
 * the connection's input buffer, which the home loop reuses. The copies, the replies and the batch
 * that carries them are reused round after round ({@link Batch.Spares}): a remote command allocates
 * nothing once the loop is warm.
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
     * Replies owed, in request order. Slot i is bytes {@code from[i]} to {@code to[i]} of the replies
     * of batch {@code source[i]} (the home shard's batch, for a command run here); null until its
     * reply arrives. Replies are not copied out of their batch: they are written to the output
     * straight from it. Size 0: nothing deferred.
     */
    private Batch[] source = new Batch[INITIAL_SLOTS];
    private int[] from = new int[INITIAL_SLOTS];
    private int[] to = new int[INITIAL_SLOTS];
    private int slotCount;
    /** Slots still empty. */
    private int missing;
    /**
     * This round's batch for each shard (index: shard), null where none; taken from the home shard's
     * spares and given back when the round completes. Made at the first round and kept.
     */
    private Batch[] batches;
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

    /**
     * Routes the command. INFO's {@code total_commands_processed} counts it, on the home shard, once it
     * has run or is sure to: at once for a command run here, deferred or queued by MULTI; when its
     * reply is back for a command run away from the loop, so that an INFO does not count itself, as
     * in Redis, which counts a command in {@code call()} after it ran.
     */
    @Override
    public Outcome run(CommandContext<Db> ctx) {
        CommandSpec<Db> spec = ctx.command();
        boolean deferring = hasDeferred();
        if (Transaction.queueing(ctx.client()) && !Transaction.runsImmediately(spec)) {
            if (deferring) {
                return Outcome.NOT_YET;
            }
            Transaction.of(ctx.client()).queue(spec, ctx.argv());
            ctx.reply().simpleString("QUEUED");
            home.stats().commandsProcessed++;
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
        home.stats().commandsProcessed++;
        Keyspace.BlockRequest block = keyspace.takeBlockRequest();
        if (block != null) {
            Connection conn = ctx.connection();
            conn.pauseReading();
            waiter = new ShardWaiter(shards, parked, home, List.of(home), ctx.command(), Argv.copyOf(ctx.argv()),
                    ctx.client(), ctx.reply().protocol(), block.onTimeout(), reply -> deliver(conn, reply, false));
            waiter.register(block.db(), block.keys(), block.timeoutMillis());
            return Outcome.WAITING;
        }
        serveBlocked(home);
        return Outcome.ANSWERED;
    }

    static void serveBlocked(Shard shard) {
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
            if (batches == null) {
                batches = new Batch[shards.size()];
            }
        }
        int slot = newSlot();
        Batch batch = batches[owner];
        if (batch == null) {
            batch = batches[owner] = home.batches().take(shards.get(owner), this, client, protocol);
        }
        if (owner == home.index()) {
            // its slices are still valid: it runs now, its reply collected until the others are back
            batch.runNow(slot, ctx.command(), ctx.argv());
            point(slot, batch, batch.size() - 1);
        } else {
            missing++;
            batch.add(slot, ctx.command(), ctx.argv());
        }
        home.stats().commandsProcessed++;
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
        for (int owner = 0; owner < batches.length; owner++) {
            Batch batch = batches[owner];
            if (batch == null || owner == home.index()) {
                continue;
            }
            if (batch.target.loop().runIfAsleep(batch)) {
                fill(batch);
            } else {
                batch.target.loop().execute(batch.runThenReturn); // comes back through arrived()
            }
        }
        if (missing == 0) {
            complete();
        }
    }

    /** On the home loop: a batch is back from its shard's loop. */
    void arrived(Batch batch) {
        fill(batch);
        if (missing == 0) {
            complete();
        }
    }

    /** On the home loop: a shard's replies, pointed to by their slots. */
    private void fill(Batch batch) {
        for (int i = 0; i < batch.size(); i++) {
            point(batch.slot(i), batch, i);
        }
        missing -= batch.size();
    }

    /** Slot {@code slot} is answered by the {@code i}-th reply of {@code batch}. */
    private void point(int slot, Batch batch, int i) {
        source[slot] = batch;
        from[slot] = batch.start(i);
        to[slot] = batch.end(i);
    }

    /** Every slot filled: the replies leave in request order, the batches go back, reading resumes. */
    private void complete() {
        boolean open = connection.isOpen();
        if (open) {
            OutputBuffer out = connection.output();
            for (int i = 0; i < slotCount; i++) {
                out.write(source[i].replies, from[i], to[i]);
            }
            connection.flush();
        }
        Arrays.fill(source, 0, slotCount, null);
        slotCount = 0;
        for (int i = 0; i < batches.length; i++) {
            if (batches[i] != null) {
                home.batches().give(batches[i]);
                batches[i] = null;
            }
        }
        sent = false;
        if (open) {
            connection.resumeReading();
        }
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
                        c, p, r.block().onTimeout(), bytes -> deliver(conn, bytes, true));
                home.loop().execute(() -> waiter = w);
                w.register(r.block().db(), r.block().keys(), r.block().timeoutMillis());
                return null;
            });
            if (reply != null) {
                deliver(conn, reply, true);
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
                shards.crossShard().parked(shards.all(), () -> parked.exec(tx, c, p, home)), true));
    }

    /**
     * Back on the home loop: the reply joins the connection's output, and reading resumes. {@code count}:
     * the command ran away from the loop and is counted now (one that blocked on the home shard was
     * counted when it first ran).
     */
    private void deliver(Connection conn, byte[] reply, boolean count) {
        home.loop().execute(() -> {
            waiter = null;
            if (count) {
                home.stats().commandsProcessed++;
            }
            if (!conn.isOpen()) {
                return;
            }
            conn.output().write(reply);
            conn.flush();
            conn.resumeReading();
        });
    }
}
