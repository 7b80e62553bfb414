package dev.sabaody.kv.server;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.MemoryGuard;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.ArgvCopies;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One round's commands of one connection for one shard, with their replies: what a
 * {@link ShardRouter} sends away and gets back. Batches are reused: the home shard keeps the spare
 * ones ({@link Spares}), so a round allocates nothing once the loop is warm. At tens of thousands of
 * remote commands a second, a fresh batch, its lists, its argument copies and its reply array were
 * about 300 bytes a command, and all of the young collector's steady work.
 *
 * <pre>
 *   home loop                          target shard's thread (its loop, or home lent it)
 *   ─────────                          ─────────────────────
 *   take()  ← Spares
 *   add(slot, spec, argv)  (copies)
 *   ... whole read parsed ...  ──────► run(): each command into {@link #replies}, ends[i]
 *   fill the router's slots    ◄──────
 *   write replies to the connection
 *   give() → Spares
 * </pre>
 *
 * <p>A batch has one owner at a time: the home loop while it fills and empties it, the target's
 * thread while it runs. The hand-overs are task queues (or the lent turn's lock), each a
 * happens-before edge, so nothing here needs synchronising. A batch for the home shard itself
 * collects the replies of the commands that run at home while others are away; nothing is run later.
 */
final class Batch implements Runnable {

    private static final int INITIAL_COMMANDS = 4;

    final Shard target;
    /** The router whose round this is; set by {@link Spares#take}. */
    ShardRouter router;
    private final ArgvCopies args = new ArgvCopies();
    @SuppressWarnings("unchecked")
    private CommandSpec<Db>[] specs = new CommandSpec[INITIAL_COMMANDS];
    private int[] slots = new int[INITIAL_COMMANDS];
    /** The i-th command's reply is bytes {@code ends[i - 1]} (or 0) to {@code ends[i]} of the replies. */
    private int[] ends = new int[INITIAL_COMMANDS];
    private int count;
    /** Refuses past what the connection may be owed ({@link dev.sabaody.kv.nio.OutputLimits#perConnectionCap}). */
    final OutputBuffer replies;
    final RespEncoder encoder;
    /** Reused for every command the batch runs; bound to each in turn. */
    private final CommandContext<Db> context;
    /** The round's client: the context is bound to it for each command. */
    private Client client;
    /** The trip there and back, made once: a lambda per round would be garbage per round. */
    final Runnable runThenReturn;

    private Batch(EventLoop home, Shard target, java.util.function.LongSupplier replyCap) {
        this.target = target;
        this.replies = OutputBuffer.refusingAbove(replyCap);
        this.encoder = new RespEncoder(replies);
        this.context = CommandContext.detached(target.state(), null, encoder, null, null);
        Runnable backHome = () -> router.arrived(this);
        this.runThenReturn = () -> {
            run();
            home.execute(backHome);
        };
    }

    /** Queues a command, copying its arguments; its reply will fill {@code slot}. */
    void add(int slot, CommandSpec<Db> spec, Argv argv) {
        grow();
        specs[count] = spec;
        slots[count] = slot;
        args.add(argv);
        count++;
    }

    /**
     * Runs a command now, on the home shard, while others of the round are away: its reply joins this
     * batch's replies at once. The arguments are still the input buffer's, valid while it runs.
     */
    void runNow(int slot, CommandSpec<Db> spec, Argv argv) {
        grow();
        specs[count] = spec;
        slots[count] = slot;
        context.bind(client, argv, spec);
        runUnlessFull(spec);
        ends[count] = replies.pending();
        count++;
        target.keyspace().serveBlocked();
    }

    /** Runs the queued commands, on the thread that holds the target shard. */
    @Override
    public void run() {
        for (int i = 0; i < count; i++) {
            context.bind(client, args.get(i), specs[i]);
            runUnlessFull(specs[i]);
            ends[i] = replies.pending();
        }
        target.keyspace().serveBlocked();
    }

    /**
     * Runs a command on the shard that owns its keys, which is where memory is freed for it (module
     * 06): over maxmemory with nothing left to evict, a denyoom command gets -OOM instead. Never a
     * transaction's (those run on their home shard), so the flag alone decides.
     */
    private void runUnlessFull(CommandSpec<Db> spec) {
        MemoryGuard guard = target.keyspace().memoryGuard();
        if (guard != null && !guard.makeRoom() && spec.has(CommandFlag.DENYOOM)) {
            encoder.error(MemoryGuard.OOM);
        } else {
            spec.run(context);
        }
    }

    int size() {
        return count;
    }

    int slot(int i) {
        return slots[i];
    }

    /** Where the i-th reply starts in {@link #replies}. */
    int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    int end(int i) {
        return ends[i];
    }

    private void grow() {
        if (count == slots.length) {
            specs = Arrays.copyOf(specs, count * 2);
            slots = Arrays.copyOf(slots, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
    }

    /** Forgets the round, keeping the arrays (within limits) for the next. */
    private void clear() {
        Arrays.fill(specs, 0, count, null);
        count = 0;
        args.clear();
        replies.discard();
        router = null;
        client = null;
        if (slots.length > 1024) {
            specs = Arrays.copyOf(specs, INITIAL_COMMANDS);
            slots = new int[INITIAL_COMMANDS];
            ends = new int[INITIAL_COMMANDS];
        }
    }

    /**
     * A home shard's spare batches, one stack per target shard. Taken and given back only on the home
     * loop. Few are out at once (the connections with a round in flight); at most {@link #MAX_SPARE}
     * per target are kept, each keeping at most 64 KiB of argument copies and 64 KiB of replies
     * ({@link ArgvCopies#clear}, {@link OutputBuffer#discard}), so a burst of huge pipelines leaves
     * at most a few megabytes behind.
     */
    static final class Spares {

        static final int MAX_SPARE = 64;

        private final EventLoop home;
        private final ArrayDeque<Batch>[] spare;
        private final java.util.function.LongSupplier replyCap;

        @SuppressWarnings("unchecked")
        Spares(EventLoop home, int shards, java.util.function.LongSupplier replyCap) {
            this.home = home;
            this.replyCap = replyCap;
            this.spare = new ArrayDeque[shards];
            for (int i = 0; i < shards; i++) {
                spare[i] = new ArrayDeque<>();
            }
        }

        /** An empty batch for {@code target}, for {@code router}'s round on behalf of {@code client}. */
        Batch take(Shard target, ShardRouter router, Client client, int protocol) {
            Batch batch = spare[target.index()].pollFirst();
            if (batch == null) {
                batch = new Batch(home, target, replyCap);
            }
            batch.router = router;
            batch.client = client;
            batch.encoder.setProtocol(protocol);
            return batch;
        }

        void give(Batch batch) {
            batch.clear();
            ArrayDeque<Batch> stack = spare[batch.target.index()];
            if (stack.size() < MAX_SPARE) {
                stack.addFirst(batch);
            }
        }
    }
}
