package dev.sabaody.kv.server;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.server.aof.Aof;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.MemoryGuard;
import dev.sabaody.kv.data.Watches;
import dev.sabaody.kv.data.tx.Transaction;
import dev.sabaody.kv.data.tx.TransactionCommands;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandObserver;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.ServerState;
import dev.sabaody.kv.resp.Users;
import dev.sabaody.kv.resp.SlicedCommand;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a command that needs several shards, on the coordinator thread, while they are parked
 * ({@link CrossShard}): so no client sees it half done. Three kinds come here.
 *
 * <h2>Commands on keys of several shards: gather, run, scatter</h2>
 * RENAME, SINTERSTORE, LMOVE, ZUNIONSTORE, MSET, MGET... read and write keys that may live on
 * different shards. Rather than teach each command about shards, their entries are <em>moved</em>:
 * <pre>
 *   shard 0: a ─┐                        ┌─► a (gone: RENAME deleted it)
 *               ├─► scratch keyspace ──run RENAME a b──►
 *   shard 1: b ─┘                        └─► b, back to its owner
 * </pre>
 * Each key's entry is detached from its owner (value, TTL and LRU clock as they are, in every
 * database, for COPY ... DB n) and attached to an empty scratch keyspace; the command runs there,
 * exactly as module 05 runs it; then every entry the scratch holds goes back to the shard that owns
 * its key. Moving an entry is O(1) (the entry is the hash-table node), so the cost is the command's
 * own plus a few lookups per key. Keys the command created go to their owners the same way.
 *
 * <h2>Commands on the whole keyspace: parts, then one answer</h2>
 * A {@link SlicedCommand} (DBSIZE, KEYS, FLUSHALL, SCAN, INFO...) does its part on every shard it
 * names, and its answer merges the parts: values, not reply bytes.
 *
 * <h2>EXEC</h2>
 * Module 05's EXEC ({@link TransactionCommands#execute}) with every shard parked, each queued command
 * run here by the two rules above.
 *
 * <p>Clients blocked on keys are not served in the middle: the caller serves them once the whole
 * command (the whole transaction) is done, as Redis does after a command or an EXEC. Used only on the
 * coordinator thread (the scratch keyspace is its own).
 */
final class ParkedRun {

    /**
     * What a command answered, or the block it asked for instead, with the arguments it will wait with:
     * a command may rewrite its own before it blocks (XREAD's {@code $} becomes the stream's last ID).
     */
    record Result(byte[] reply, Keyspace.BlockRequest block, Argv argv) {
    }

    private final Shards shards;
    private final Keyspace scratch;
    private final ServerState<Db> scratchState;
    /** The shards parked for the command running on the scratch keyspace now (a script may reach them). */
    private List<Shard> parkedNow = List.of();

    ParkedRun(Shards shards, CommandTable<Db> commands, Clients clients, Clock clock, Watches watches, int databases,
              Users users, CommandObserver observer) {
        this.shards = shards;
        this.scratch = new Keyspace(clock, databases, watches);
        // slices: the shards' count, so that a command asking which keys share a shard (SORT's patterns) hears the truth
        this.scratchState = new ServerState<>(commands, scratch.databases(), clients, clock, ServerState.REDIS_VERSION,
                0, shards.size(), users, observer);
    }

    /**
     * {@link #shardsFor(CommandSpec, Argv, Shard)}, with EXEC's shards taken from {@code client}'s
     * queue: the shards its queued commands need (the home shard for one without keys), or every
     * shard when the client WATCHes keys, since EXEC's check reads them wherever they live. So a
     * transaction over keys of one hash tag parks one shard, or none when that is the client's own.
     */
    List<Shard> shardsFor(CommandSpec<Db> spec, Argv argv, Client client, Shard home) {
        if (!TransactionCommands.isExec(spec) || !Transaction.queueing(client)
                || home.keyspace().watches().watching(client.id())) {
            return shardsFor(spec, argv, home);
        }
        Set<Shard> needed = new LinkedHashSet<>();
        for (Transaction.Queued q : Transaction.of(client).queued()) {
            needed.addAll(shardsFor(q.spec(), q.argv(), home));
            if (needed.size() == shards.size()) {
                return shards.all();
            }
        }
        if (needed.isEmpty()) {
            needed.add(home);
        }
        return List.copyOf(needed);
    }

    /**
     * The shards {@code spec} needs parked to run with {@code argv}: those a sliced command names,
     * every shard for EXEC (its queue may touch any), the owners of the keys otherwise.
     */
    List<Shard> shardsFor(CommandSpec<Db> spec, Argv argv, Shard home) {
        SlicedCommand<? super Db, ?> sliced = spec.sliced();
        if (sliced != null) {
            int slice = sliced.slice(argv, shards.size());
            return slice == SlicedCommand.ALL_SLICES ? shards.all() : List.of(shards.get(slice));
        }
        if (TransactionCommands.isExec(spec)) {
            return shards.all();
        }
        Set<Shard> owners = new LinkedHashSet<>();
        for (int p : spec.keyPositions(argv)) {
            owners.add(shards.get(shards.ownerOf(argv.buffer(), argv.offset(p), argv.length(p))));
        }
        if (owners.isEmpty()) {
            owners.add(home);
        }
        return List.copyOf(owners);
    }

    /** Runs one request; the shards {@link #shardsFor} names must be parked (or be this thread's). */
    /** The append-only file, for a cross-shard EXEC's one record; null until set. */
    private volatile Aof aof;

    void groupLog(Aof value) {
        aof = value;
    }

    /** Changes made on the scratch keyspace: real keys' changes, counted with the shards' (server.dirty). */
    long dirty() {
        return scratch.stats().dirty;
    }

    /** The scratch keyspace notifies as every shard's does: a command run here changes real keys. */
    void setEvents(dev.sabaody.kv.data.KeyspaceEvents events) {
        scratch.setEvents(events);
    }

    Result run(Request request, Shard home) {
        return run(request, home, false);
    }

    /** {@link #run}, for a blocked command tried again ({@link ShardWaiter}): observers saw it the first time. */
    Result retry(Request request, Shard home) {
        return run(request, home, true);
    }

    private Result run(Request request, Shard home, boolean retry) {
        CommandSpec<Db> spec = request.spec();
        // performEvictions before the command, on every shard it touches (module 06): they are parked
        for (Shard shard : shardsFor(spec, request.argv(), request.client(), home)) {
            MemoryGuard guard = shard.keyspace().memoryGuard();
            if (guard != null) {
                guard.makeRoom();
            }
        }
        if (spec.sliced() != null) {
            byte[] reply = observed(request, () -> sliced(spec.sliced(), request, home));
            return new Result(fed(request, home, reply), null, request.argv());
        }
        if (TransactionCommands.isExec(spec)) {
            byte[] reply = observed(request, () -> exec(request, home));
            return new Result(fed(request, home, reply), null, request.argv());
        }
        List<Shard> owners = shardsFor(spec, request.argv(), home);
        if (owners.size() == 1) {
            return runOn(owners.getFirst().state(), request, retry);
        }
        int databases = scratch.databases().count();
        scratch.updateLruClock(); // the scratch keyspace has no cron of its own
        for (int p : spec.keyPositions(request.argv())) {
            byte[] key = request.argv().copy(p);
            Keyspace owner = shards.get(shards.ownerOf(key)).keyspace();
            for (int db = 0; db < databases; db++) {
                Entry e = owner.db(db).detach(key);
                if (e != null) {
                    scratch.db(db).attach(e);
                }
            }
        }
        parkedNow = owners;
        try {
            return runOn(scratchState, request, retry);
        } finally {
            parkedNow = List.of();
            scatter();
        }
    }

    /**
     * Runs a sliced command or EXEC, which {@link CommandSpec#run} does not wrap here, and tells the
     * coordinator's observer, as that method would: INFO commandstats counts them once.
     */
    private byte[] observed(Request request, java.util.function.Supplier<byte[]> body) {
        CommandObserver observer = scratchState.observer();
        long start = scratchState.clock().nanoTime();
        byte[] reply = body.get();
        long nanos = scratchState.clock().nanoTime() - start;
        OutputBuffer none = new OutputBuffer();
        RespEncoder encoder = encoder(none, request.protocol());
        boolean failed = reply.length > 0 && reply[0] == '-';
        if (failed) {
            encoder.error(new String(reply, 0, reply.length - 2, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        observer.ran(context(scratchState, request, encoder), request.spec(), start, nanos, failed);
        return reply;
    }

    /**
     * Whether a script running on {@code state} may touch {@code key} (a {@code KeyReach}): on a shard's
     * own keyspace, when that shard owns it; on the scratch keyspace, when its owner is parked for the
     * script, and then its entry is brought over now, as its declared keys were.
     */
    boolean reach(ServerState<Db> state, byte[] key) {
        int owner = shards.ownerOf(key);
        if (state != scratchState) {
            return owner == state.slice();
        }
        Shard shard = shards.get(owner);
        if (!parkedNow.contains(shard)) {
            return false;
        }
        for (int db = 0; db < scratch.databases().count(); db++) {
            Entry e = shard.keyspace().db(db).detach(key);
            if (e != null) {
                scratch.db(db).attach(e);
            }
        }
        return true;
    }

    /** After a command ran here: the clients blocked on keys it created, on each shard it touched. */
    static void serveBlocked(List<Shard> touched) {
        for (Shard shard : touched) {
            shard.keyspace().serveBlocked();
        }
    }

    /** Every entry of the scratch keyspace back to the shard that owns its key. */
    private void scatter() {
        for (int db = 0; db < scratch.databases().count(); db++) {
            Db from = scratch.db(db);
            if (from.size() == 0) {
                continue;
            }
            List<Entry> moved = new ArrayList<>(from.size());
            from.forEach(moved::add);
            for (Entry e : moved) {
                from.detach(e.key);
                Keyspace owner = shards.get(shards.ownerOf(e.key)).keyspace();
                Db to = owner.db(db);
                to.attach(e);
                if (!(e.value instanceof byte[])) {
                    owner.signalReady(to, e.key);
                }
            }
        }
    }

    /** A sliced command: checked, its part done on each shard it names, the parts merged into one reply. */
    private <P> byte[] sliced(SlicedCommand<? super Db, P> command, Request request, Shard home) {
        OutputBuffer out = new OutputBuffer();
        RespEncoder encoder = encoder(out, request.protocol());
        CommandContext<Db> ctx = context(home.state(), request, encoder);
        if (command.check(ctx)) {
            List<P> parts = new ArrayList<>();
            for (Shard shard : shardsFor(request.spec(), request.argv(), home)) {
                parts.add(command.part(context(shard.state(), request, encoder)));
            }
            long errors = encoder.errorCount();
            command.answer(ctx, parts);
            Aof log = aof;
            if (log != null && encoder.errorCount() == errors) {
                log.loggedWhole(ctx); // ran in parts, not through CommandSpec.run: logged here, once
            }
        }
        return out.toByteArray();
    }

    /**
     * EXEC with the shards its queue needs parked: module 05's EXEC, each queued command run where its
     * keys live.
     */
    private byte[] exec(Request request, Shard home) {
        OutputBuffer out = new OutputBuffer();
        CommandContext<Db> ctx = context(home.state(), request, encoder(out, request.protocol()));
        Transaction tx = Transaction.of(request.client());
        List<Keyspace> keyspaces = new ArrayList<>();
        for (Shard shard : shardsFor(request.spec(), request.argv(), request.client(), home)) {
            keyspaces.add(shard.keyspace());
        }
        keyspaces.add(scratch);
        Aof log = aof;
        if (log != null) {
            log.beginGroup(); // the queued commands run one by one, on several shards: one record in the log
        }
        try {
            TransactionCommands.execute(ctx, tx, keyspaces, key -> shards.get(shards.ownerOf(key)).keyspace(),
                    q -> out.write(run(new Request(q.spec(), q.argv(), request.client(), request.protocol()), home).reply()));
        } finally {
            if (log != null) {
                log.endGroup();
            }
        }
        return out.toByteArray();
    }

    /**
     * A sliced command or EXEC ran here in parts, never through {@link CommandSpec#run} as a whole:
     * the table's feed (MONITOR, tracking) is told now, once, after its parts (and EXEC's queued
     * commands). What the feed writes for the client (its own invalidations) follows the reply.
     */
    private byte[] fed(Request request, Shard home, byte[] reply) {
        if (home.state().commands().feed() == null) {
            return reply;
        }
        OutputBuffer after = new OutputBuffer();
        request.spec().observed(context(home.state(), request, encoder(after, request.protocol())));
        if (after.pending() == 0) {
            return reply;
        }
        byte[] more = after.toByteArray();
        byte[] both = java.util.Arrays.copyOf(reply, reply.length + more.length);
        System.arraycopy(more, 0, both, reply.length, more.length);
        return both;
    }

    /** Runs {@code request} on {@code state}'s keyspace now, on this thread: its reply, or the block it asked for. */
    static Result runOn(ServerState<Db> state, Request request) {
        return runOn(state, request, false);
    }

    private static Result runOn(ServerState<Db> state, Request request, boolean retry) {
        OutputBuffer out = new OutputBuffer();
        Keyspace keyspace = state.databases().get(0).keyspace();
        keyspace.takeBlockRequest();
        CommandContext<Db> ctx = context(state, request, encoder(out, request.protocol()));
        request.spec().run(retry ? ctx.asRetry() : ctx);
        return new Result(out.toByteArray(), keyspace.takeBlockRequest(), ctx.argv());
    }

    private static CommandContext<Db> context(ServerState<Db> state, Request request, RespEncoder encoder) {
        return CommandContext.detached(state, request.client(), encoder, request.argv(), request.spec());
    }

    private static RespEncoder encoder(OutputBuffer out, int protocol) {
        RespEncoder encoder = new RespEncoder(out);
        encoder.setProtocol(protocol);
        return encoder;
    }
}
