package dev.sabaody.kv.server;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.Watches;
import dev.sabaody.kv.data.tx.Transaction;
import dev.sabaody.kv.data.tx.TransactionCommands;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.ServerState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs a command that needs several shards, on the coordinator thread, while they are parked
 * ({@link CrossShard}): so no client sees it half done.
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
 * <h2>Commands on the whole keyspace</h2>
 * See {@link Shards.Reach}: FLUSHALL runs on every shard, KEYS concatenates every shard's answer,
 * SCAN walks the shards one after another with the shard's number in the cursor's low digits.
 *
 * <p>Used only on the coordinator thread (the scratch keyspace is its own).
 */
final class ParkedRun {

    /** What a command answered, or the block it asked for instead. */
    record Result(byte[] reply, Keyspace.BlockRequest block) {
    }

    private final Shards shards;
    private final Keyspace scratch;
    private final ServerState<Db> scratchState;
    private final Watches watches;
    private final Clock clock;

    ParkedRun(Shards shards, CommandTable<Db> commands, Clients clients, Clock clock, Watches watches, int databases) {
        this.shards = shards;
        this.watches = watches;
        this.clock = clock;
        this.scratch = new Keyspace(clock, databases, watches);
        this.scratchState = new ServerState<>(commands, scratch.databases(), clients, clock, ServerState.REDIS_VERSION);
    }

    /** The shards {@code spec} needs parked to run with {@code argv}. */
    List<Shard> shardsFor(CommandSpec<Db> spec, Argv argv, Shard home) {
        if (Shards.reachOf(spec) != Shards.Reach.KEYS) {
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

    /** Runs one command; the shards {@link #shardsFor} names must be parked (or be this thread's). */
    Result run(CommandSpec<Db> spec, Argv argv, Client client, int protocol, Shard home) {
        return switch (Shards.reachOf(spec)) {
            case WHOLE -> runOn(home.keyspace(), home.state(), spec, argv, client, protocol);
            case EACH -> {
                Result last = null;
                for (Shard shard : shards.all()) {
                    last = runOn(shard.keyspace(), shard.state(), spec, argv, client, protocol);
                }
                yield last;
            }
            case CONCAT -> concat(spec, argv, client, protocol);
            case RANDOM -> random(spec, argv, client, protocol);
            case SCAN -> scan(spec, argv, client, protocol);
            case KEYS -> byKeys(spec, argv, client, protocol, home);
        };
    }

    private Result byKeys(CommandSpec<Db> spec, Argv argv, Client client, int protocol, Shard home) {
        List<Shard> owners = shardsFor(spec, argv, home);
        if (owners.size() == 1) {
            Shard owner = owners.getFirst();
            Result r = runOn(owner.keyspace(), owner.state(), spec, argv, client, protocol);
            serveBlocked(owner);
            return r;
        }
        int databases = scratch.databases().count();
        scratch.updateLruClock(); // the scratch keyspace has no cron of its own
        for (int p : spec.keyPositions(argv)) {
            byte[] key = argv.copy(p);
            Keyspace owner = shards.get(shards.ownerOf(key)).keyspace();
            for (int db = 0; db < databases; db++) {
                Entry e = owner.db(db).detach(key);
                if (e != null) {
                    scratch.db(db).attach(e);
                }
            }
        }
        try {
            return runOn(scratch, scratchState, spec, argv, client, protocol);
        } finally {
            scatter();
            for (Shard owner : owners) {
                serveBlocked(owner);
            }
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

    private static void serveBlocked(Shard shard) {
        Keyspace keyspace = shard.keyspace();
        if (keyspace.blocked().hasReady()) {
            keyspace.blocked().serveReady(keyspace);
        }
    }

    /** KEYS: every shard's array, concatenated. */
    private Result concat(CommandSpec<Db> spec, Argv argv, Client client, int protocol) {
        List<byte[]> parts = new ArrayList<>();
        long count = 0;
        for (Shard shard : shards.all()) {
            byte[] reply = runOn(shard.keyspace(), shard.state(), spec, argv, client, protocol).reply();
            if (reply.length == 0 || reply[0] != '*') {
                return new Result(reply, null); // an error: every shard gives the same
            }
            int header = lineEnd(reply, 0);
            count += Long.parseLong(new String(reply, 1, header - 1, StandardCharsets.US_ASCII));
            parts.add(java.util.Arrays.copyOfRange(reply, header + 2, reply.length));
        }
        OutputBuffer out = new OutputBuffer();
        out.writeAscii("*").writeDecimal(count).writeAscii("\r\n");
        for (byte[] part : parts) {
            out.write(part);
        }
        return new Result(out.toByteArray(), null);
    }

    /** RANDOMKEY: shards in random order, the first that has a key answers. */
    private Result random(CommandSpec<Db> spec, Argv argv, Client client, int protocol) {
        List<Shard> order = new ArrayList<>(shards.all());
        Collections.shuffle(order);
        Result r = null;
        for (Shard shard : order) {
            r = runOn(shard.keyspace(), shard.state(), spec, argv, client, protocol);
            if (r.reply().length > 0 && r.reply()[0] == '$' && r.reply()[1] != '-') {
                return r;
            }
        }
        return r;
    }

    /**
     * SCAN over shards: cursor = inner * shards + shard. Each call scans one shard from its inner
     * cursor; when that shard is done, the next call starts the next shard, and after the last the
     * cursor is 0. Every shard keeps Redis's guarantee, so the whole does.
     */
    private Result scan(CommandSpec<Db> spec, Argv argv, Client client, int protocol) {
        int n = shards.size();
        if (!argv.parseLong(1)) {
            // not a number at all: let a shard give Redis's "invalid cursor"
            return runOn(shards.get(0).keyspace(), shards.get(0).state(), spec, argv, client, protocol);
        }
        long cursor = argv.parsedLong();
        int shard = (int) Long.remainderUnsigned(cursor, n);
        long inner = Long.divideUnsigned(cursor, n);
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < argv.argc(); i++) {
            args.add(i == 1 ? Long.toUnsignedString(inner).getBytes(StandardCharsets.US_ASCII) : argv.copy(i));
        }
        Shard target = shards.get(shard);
        byte[] reply = runOn(target.keyspace(), target.state(), spec, Argv.of(args), client, protocol).reply();
        if (reply.length == 0 || reply[0] != '*') {
            return new Result(reply, null);
        }
        // *2 \r\n $len \r\n cursor \r\n <keys array>
        int afterHeader = lineEnd(reply, 0) + 2;
        int lenEnd = lineEnd(reply, afterHeader);
        int cursorStart = lenEnd + 2;
        int cursorEnd = lineEnd(reply, cursorStart);
        long next = Long.parseUnsignedLong(new String(reply, cursorStart, cursorEnd - cursorStart, StandardCharsets.US_ASCII));
        long outer;
        if (next != 0) {
            outer = next * n + shard;
        } else {
            outer = shard + 1 < n ? shard + 1 : 0;
        }
        String text = Long.toUnsignedString(outer);
        OutputBuffer out = new OutputBuffer();
        out.writeAscii("*2\r\n$").writeDecimal(text.length()).writeAscii("\r\n").writeAscii(text).writeAscii("\r\n");
        out.write(reply, cursorEnd + 2, reply.length - cursorEnd - 2);
        return new Result(out.toByteArray(), null);
    }

    /**
     * EXEC with every shard parked: the watch check, then each queued command where it belongs, all
     * at one frozen instant, blocking denied. Returns the whole reply.
     */
    byte[] exec(Transaction tx, Client client, int protocol, Shard home) {
        long id = client.id();
        boolean watchFailed = watches.failsExec(id, (db, key) -> {
            Db owner = shards.get(shards.ownerOf(key)).keyspace().db(db);
            Entry e = owner.peek(key);
            return e != null && owner.isExpired(e);
        });
        watches.unwatchAll(id);
        OutputBuffer out = new OutputBuffer();
        RespEncoder reply = new RespEncoder(out);
        reply.setProtocol(protocol);
        try {
            if (tx.isAborted()) {
                reply.error(TransactionCommands.EXECABORT);
                return out.toByteArray();
            }
            if (watchFailed) {
                reply.nullArray();
                return out.toByteArray();
            }
            long now = clock.currentTimeMillis();
            freeze(now, true);
            try {
                reply.arrayHeader(tx.queued().size());
                for (Transaction.Queued q : tx.queued()) {
                    Result r = run(q.spec(), q.argv(), client, protocol, home);
                    out.write(r.reply());
                }
            } finally {
                freeze(-1, false);
            }
            return out.toByteArray();
        } finally {
            tx.reset();
        }
    }

    private void freeze(long now, boolean denyBlocking) {
        for (Shard shard : shards.all()) {
            shard.keyspace().fixTime(now);
            shard.keyspace().denyBlocking(denyBlocking);
        }
        scratch.fixTime(now);
        scratch.denyBlocking(denyBlocking);
    }

    /** Runs {@code spec} on {@code keyspace} now, on this thread; the reply in {@code protocol}, or the block asked for. */
    static Result runOn(Keyspace keyspace, ServerState<Db> state, CommandSpec<Db> spec, Argv argv, Client client,
                        int protocol) {
        OutputBuffer out = new OutputBuffer();
        RespEncoder encoder = new RespEncoder(out);
        encoder.setProtocol(protocol);
        keyspace.takeBlockRequest();
        spec.run(CommandContext.detached(state, client, encoder, argv, spec));
        return new Result(out.toByteArray(), keyspace.takeBlockRequest());
    }

    /** The index of the CR ending the RESP line that starts at {@code from}. */
    private static int lineEnd(byte[] reply, int from) {
        int i = from;
        while (reply[i] != '\r') {
            i++;
        }
        return i;
    }
}
