package dev.sabaody.kv.server;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceRunner;
import dev.sabaody.kv.data.MemoryGuard;
import dev.sabaody.kv.data.tx.TransactionCommands;
import dev.sabaody.kv.data.tx.Transaction;
import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.ClientPause;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandRunner;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.server.pubsub.PendingPushes;
import dev.sabaody.kv.server.pubsub.PubSub;
import dev.sabaody.kv.server.scripting.Scripting;
import java.util.Arrays;
import java.util.List;

/**
 * Decides where each command of a connection runs, and gets its reply back in order. With one shard
 * every command runs here; with several, the same path decides by the command table:
 *
 * <pre>
 *   keys all owned by the home shard, no keys,   → run here: module 05's {@link KeyspaceRunner}
 *   or queued by MULTI                             (MULTI queue, blocking, serving the blocked)
 *   keys all owned by one other shard            → deferred: batched per shard, one hop per read,
 *                                                  or none if that shard sleeps idle: run here, lent
 *   keys owned by several shards, a sliced        → {@link CrossShard}: park the shards it needs,
 *   command (request_policy tips), EXEC            {@link ParkedRun}, release
 *   a blocking command on another shard's keys   → the same, then a {@link ShardWaiter} on its keys' shards
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
 * <h2>The barrier</h2>
 * Commands on one key keep their order, since they all go to the key's owner, in order. Commands on
 * keys of different shards may take effect in parallel, as they would on different nodes of a Redis
 * Cluster. Every other command must see the effect of everything before it, and its reply must not
 * overtake theirs: while slots are owed, it waits ({@link Outcome#NOT_YET}, see {@link #mustWait}).
 * That covers a command with no keys (SELECT, MULTI, QUIT change how the rest is read or answered),
 * one on several shards, a blocking one, one queued inside MULTI, and every refusal.
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
    /** The connection's subscriptions, ended with it. */
    private final PubSub pubsub;
    /** Whether a script is busy: then only allow-busy commands run (-BUSY for the rest). */
    private final Scripting scripting;
    /** Whether the last background save failed: then writes are refused (stop-writes-on-bgsave-error). */
    private final Persistence persistence;
    /** Runs what belongs here: module 05's runner, with its MULTI queue, blocking and serving of the blocked. */
    private final KeyspaceRunner here = new KeyspaceRunner();

    /**
     * Replies owed, in request order. Slot i is bytes {@code from[i]} to {@code to[i]} of the replies
     * of batch {@code source[i]} (the home shard's batch, for a command run here); null until its
     * reply arrives. Replies are not copied out of their batch: they are written to the output
     * straight from it. Size 0: nothing deferred.
     */
    private Batch[] source = new Batch[INITIAL_SLOTS];
    private int[] from = new int[INITIAL_SLOTS];
    private int[] to = new int[INITIAL_SLOTS];
    /** Slot i's reply is dropped, not written: the client said CLIENT REPLY OFF or SKIP before it. */
    private boolean[] dropped = new boolean[INITIAL_SLOTS];
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
    /**
     * Invalidations other threads queued for this connection. They wait while a reply is on its way
     * from another shard or the coordinator ({@link #awayInFlight}, slots owed), so that a read that
     * ran before the write is never answered after the write's invalidation.
     */
    private final PendingPushes pushes;
    /** A command runs on the coordinator and its reply is not back yet (not a blocked one: that is adopted). */
    private boolean awayInFlight;

    ShardRouter(Shards shards, Shard home, Connection connection, ParkedRun parked, PubSub pubsub,
                Scripting scripting, Persistence persistence) {
        this.connection = connection;
        this.pushes = new PendingPushes(home.loop(), this::drainPushes);
        this.persistence = persistence;
        this.shards = shards;
        this.home = home;
        this.parked = parked;
        this.pubsub = pubsub;
        this.scripting = scripting;
    }

    /**
     * Routes the command. INFO's {@code total_commands_processed} counts it, on the home shard, once it
     * has run or is sure to: at once for a command run here, deferred or queued by MULTI; when its
     * reply is back for a command run away from the loop, so that an INFO does not count itself, as
     * in Redis, which counts a command in {@code call()} after it ran.
     */
    @Override
    public Outcome run(CommandContext<Db> ctx) {
        String busy = scripting.busyError(ctx);
        if (busy == null && shards.crossShard().servingWhileParked(home)
                && (!ctx.command().has(CommandFlag.ALLOW_BUSY) || touchesKeys(ctx.command()))) {
            // this loop is parked, serving its clients while a script is busy: the keyspace is the
            // coordinator's until the release, so only allow-busy commands without keys run (not WATCH;
            // nor a command read just as the script ended, before the release)
            String now = scripting.busyReply();
            busy = now != null ? now : Scripting.BUSY_EVAL;
        }
        if (busy != null) {
            return reject(ctx, busy); // processCommand: refused, as before MULTI queueing
        }
        if (persistence.writesDenied() && deniedOnDiskError(ctx)) {
            return reject(ctx, Persistence.MISCONF);
        }
        if (persistence.loading().active() && !ctx.command().has(CommandFlag.LOADING)) {
            return reject(ctx, Loading.ERROR); // processCommand: after MISCONF, before a busy script's -BUSY
        }
        ClientPause pause = ctx.clients().pause();
        if (pause.holds(ctx.command(), queuedWrites(ctx), ctx.clock().nanoTime())) {
            return held(ctx, pause);
        }
        int route = route(ctx);
        if (mustWait(route)) {
            return Outcome.NOT_YET;
        }
        if (route >= 0 && (route != home.index() || hasDeferred())) {
            defer(ctx, route);
            return Outcome.DEFERRED;
        }
        if (route == AWAY) {
            if (outOfMemory(ctx)) {
                return here.reject(ctx, MemoryGuard.OOM);
            }
            away(ctx);
            return Outcome.WAITING;
        }
        Outcome outcome = here.run(ctx);
        home.stats().commandsProcessed++;
        return outcome;
    }

    /**
     * Module 06's check for a command that spans shards (EXEC included): the home shard frees what it
     * can, and the command is refused as Redis's processCommand refuses it. A command run here is
     * checked by {@link KeyspaceRunner}, one deferred to its owner by the owner ({@link Batch}).
     */
    private boolean outOfMemory(CommandContext<Db> ctx) {
        MemoryGuard guard = home.keyspace().memoryGuard();
        return guard != null && !guard.makeRoom() && KeyspaceRunner.refusedWhenFull(ctx);
    }

    /**
     * CLIENT PAUSE holds this command: it stays unread (after the replies still owed, if any) until the
     * pause ends, then is read again, as Redis postpones a client (blockPostponeClient).
     */
    private Outcome held(CommandContext<Db> ctx, ClientPause pause) {
        if (hasDeferred()) {
            return Outcome.NOT_YET; // the round's end resumes reading, and the pause is asked again
        }
        Connection conn = ctx.connection();
        conn.pauseReading();
        pause.hold(() -> home.loop().execute(() -> {
            if (conn.isOpen()) {
                conn.resumeReading();
            }
        }));
        return Outcome.NOT_YET;
    }

    private static boolean touchesKeys(CommandSpec<Db> spec) {
        return spec.firstKey() != 0 || spec.has(CommandFlag.MOVABLEKEYS);
    }

    PendingPushes pushes() {
        return pushes;
    }

    @Override
    public void startOfInput() {
        pubsub.beforeInput(home.index());
        if (!pushes.isEmpty()) {
            drainPushes();
        }
    }

    /** On the home loop: queued invalidations join the output, unless replies are still on their way here. */
    private void drainPushes() {
        if (slotCount != 0 || awayInFlight || !connection.isOpen()) {
            return; // complete() and deliver() drain after writing those replies
        }
        boolean any = false;
        for (byte[] bytes; (bytes = pushes.poll()) != null; ) {
            connection.output().write(bytes);
            any = true;
        }
        if (any) {
            connection.flush();
        }
    }

    /** EXEC under CLIENT PAUSE WRITE waits when it queued a write (processCommand's is_may_replicate_command). */
    private static boolean queuedWrites(CommandContext<Db> ctx) {
        if (!TransactionCommands.isExec(ctx.command()) || !Transaction.queueing(ctx.client())) {
            return false;
        }
        for (Transaction.Queued q : Transaction.of(ctx.client()).queued()) {
            if (q.spec().has(CommandFlag.WRITE)) {
                return true;
            }
        }
        return false;
    }

    /** processCommand's MISCONF rule: a write command, EXEC with a write queued, and PING (as Redis names it). */
    private static boolean deniedOnDiskError(CommandContext<Db> ctx) {
        return ctx.command().has(CommandFlag.WRITE) || queuedWrites(ctx) || ctx.command().name().equals("ping");
    }

    /** {@link #route}: the command runs on the home shard, in request order (no keys, queued, blocking...). */
    private static final int HERE = -1;
    /** {@link #route}: the command needs shards other than home, and not as one shard's plain command. */
    private static final int AWAY = -2;

    /**
     * Where the command runs, from what the command table knows of it: the shard owning all its keys
     * when it is a plain command that may join a round of deferred ones, else {@link #HERE} or
     * {@link #AWAY}. No command name is looked at: a sliced command says so by its type (its
     * request_policy tip), EXEC by its implementation, a blocking one by its flag, the rest by their
     * key specs.
     */
    private int route(CommandContext<Db> ctx) {
        if (shards.size() == 1 || KeyspaceRunner.queues(ctx)) {
            return HERE;
        }
        CommandSpec<Db> spec = ctx.command();
        if (spec.has(CommandFlag.PUBSUB)) {
            return HERE; // a shard channel is "not_key": messages travel through PubSub, from home
        }
        boolean exec = TransactionCommands.isExec(spec);
        if (spec.sliced() != null || exec) {
            if (exec && !Transaction.queueing(ctx.client())) {
                return HERE; // EXEC without MULTI: an error, answered here
            }
            List<Shard> needed = parked.shardsFor(spec, ctx.argv(), ctx.client(), home);
            return needed.size() == 1 && needed.getFirst() == home ? HERE : AWAY;
        }
        int owner = ownerOfKeys(spec, ctx.argv());
        if (owner == NO_KEYS) {
            return HERE;
        }
        boolean blocking = spec.has(CommandFlag.BLOCKING);
        if (owner == SEVERAL || (blocking && owner != home.index())) {
            return AWAY;
        }
        return blocking ? HERE : owner;
    }

    /**
     * The barrier, decided here and nowhere else: while replies are owed for deferred commands, only
     * a plain command on one shard may join them, and not while the client's CLIENT CACHING waits for
     * its command; anything else waits until they are out.
     */
    private boolean mustWait(int route) {
        return hasDeferred() && (route < 0 || cachingGiven());
    }

    /**
     * CLIENT CACHING yes|no is for the next command in the client's order (Redis resets it after that
     * command). In a round a command for the home shard runs at once, before the remote ones sent
     * ahead of it: while the flag is up, a deferred command may still be the one it is for, so the
     * next waits for the round, and the flag has been taken by then.
     */
    private boolean cachingGiven() {
        return (client.trackingFlags() & Client.TRACKING_CACHING) != 0;
    }

    /** {@link #ownerOfKeys}: the command has no keys. */
    private static final int NO_KEYS = -1;
    /** {@link #ownerOfKeys}: the keys live on more than one shard. */
    private static final int SEVERAL = -2;

    /**
     * The shard owning every key of the command, {@link #NO_KEYS} or {@link #SEVERAL} when they are
     * spread. Commands whose keys are a plain range (nearly all) are walked without allocating; the
     * others go through their key specs.
     */
    private int ownerOfKeys(CommandSpec<Db> spec, Argv argv) {
        int owner = NO_KEYS;
        if (!spec.has(CommandFlag.MOVABLEKEYS)) {
            if (spec.firstKey() == 0) {
                return NO_KEYS;
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

    @Override
    public boolean hasDeferred() {
        return slotCount != 0;
    }

    private int newSlot() {
        if (slotCount == source.length) {
            source = Arrays.copyOf(source, slotCount * 2);
            from = Arrays.copyOf(from, slotCount * 2);
            to = Arrays.copyOf(to, slotCount * 2);
            dropped = Arrays.copyOf(dropped, slotCount * 2);
        }
        source[slotCount] = null;
        dropped[slotCount] = client.repliesSuppressed();
        return slotCount++;
    }

    @Override
    public Outcome reject(CommandContext<Db> ctx, String error) {
        return mustWait(HERE) ? Outcome.NOT_YET : here.reject(ctx, error);
    }

    @Override
    public void closed(CommandContext<Db> ctx) {
        here.closed(ctx);
        pubsub.closed(ctx.client(), home.index());
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
                if (source[i].replies.refusing() && !out.refusing()) {
                    // Another shard stopped collecting this round's replies at the connection's cap: it
                    // is over its output limit, however much of them reached it.
                    connection.refusedElsewhere(source[i].replies.pending());
                }
                if (!dropped[i]) {
                    out.write(source[i].replies, from[i], to[i]);
                }
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
            drainPushes();
            connection.resumeReading();
        }
    }

    /**
     * Runs the command on the coordinator with the shards it needs parked; the connection waits
     * (reading paused) for the reply, or for the end of the block the command asks for.
     */
    private void away(CommandContext<Db> ctx) {
        Request request = new Request(ctx.command(), Argv.copyOf(ctx.argv()), ctx.client(), ctx.reply().protocol());
        boolean drop = ctx.client().repliesSuppressed();
        List<Shard> involved = parked.shardsFor(request.spec(), request.argv(), request.client(), home);
        Connection conn = ctx.connection();
        conn.pauseReading();
        awayInFlight = true;
        shards.crossShard().submit(() -> {
            byte[] reply;
            try {
                reply = awayOnCoordinator(request, involved, conn);
            } catch (RuntimeException | OutOfMemoryError e) {
                // The coordinator goes on for everyone else; this client gets an error, not silence.
                OutputBuffer out = new OutputBuffer();
                new RespEncoder(out).error(request.spec().failure(e));
                reply = out.toByteArray();
            }
            if (reply != null) {
                deliver(conn, drop ? new byte[0] : reply, true);
            }
        });
    }

    /** On the coordinator: parks the shards, runs the request; its reply, or null when it blocked. */
    private byte[] awayOnCoordinator(Request request, List<Shard> involved, Connection conn) {
        return shards.crossShard().parked(involved, () -> {
            ParkedRun.Result r = parked.run(request, home);
            ParkedRun.serveBlocked(involved);
            if (r.block() == null) {
                return r.reply();
            }
            Request waiting = new Request(request.spec(), r.argv(), request.client(), request.protocol());
            ShardWaiter w = new ShardWaiter(shards, parked, home, involved, waiting, r.block().onTimeout(),
                    conn, bytes -> deliver(conn, bytes, true));
            w.register(r.block().db(), r.block().keys(), r.block().timeoutMillis());
            home.loop().execute(() -> adopt(w, conn));
            return null;
        });
    }

    /**
     * On the home loop: the connection's command now waits on other shards. If the client went away
     * meanwhile, the waiter is cancelled at once, so that nothing is popped for it.
     */
    private void adopt(ShardWaiter w, Connection conn) {
        awayInFlight = false; // a client blocked for long still hears of its keys, as in Redis
        drainPushes();
        if (conn.isOpen()) {
            waiter = w;
            w.client().blocked(w::unblockedByClient);
        } else {
            w.cancel();
        }
    }

    /**
     * Back on the home loop: the reply joins the connection's output, and reading resumes. {@code count}:
     * the command ran away from the loop and is counted now (one that blocked on the home shard was
     * counted when it first ran).
     */
    private void deliver(Connection conn, byte[] reply, boolean count) {
        home.loop().execute(() -> {
            if (waiter != null) {
                waiter.client().blocked(null);
            }
            waiter = null;
            if (count) {
                home.stats().commandsProcessed++;
            }
            awayInFlight = false;
            if (!conn.isOpen()) {
                return;
            }
            conn.output().write(reply);
            drainPushes();
            conn.flush();
            conn.resumeReading();
        });
    }
}
