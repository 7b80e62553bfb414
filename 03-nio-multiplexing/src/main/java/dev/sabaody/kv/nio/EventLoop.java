package dev.sabaody.kv.nio;

import dev.sabaody.kv.blocking.Log;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * One thread, one {@link Selector}, many connections: the event loop Sabaody-KV serves clients on.
 *
 * <h2>A turn of the loop</h2>
 * <pre>
 *   select ──► ready keys ──► re-offers ──► tasks ──► timers ──► flush ──┐
 *     ▲   (accept, read,     (bytes kept  (other     (idle      (one write │
 *     │    write: one step    across a    threads'   timeouts,  per conn-  │
 *     │    per connection)    pause)      work)      cycles)    ection)    │
 *     └─────────────────────────────────────────────────────────────────────┘
 * </pre>
 * {@code select} sleeps in {@code epoll_wait} until a socket is ready, a task arrives, or the earliest
 * timer is due. Each ready connection gets one step: one {@code read} of at most a buffer, its
 * requests handed to the {@link Session}, or one {@code write}. Whatever is left (bytes still in the
 * socket, output the socket would not take) waits for the next turn: epoll is level-triggered, so a
 * socket that still has bytes is reported again. That is what keeps one busy client from starving the
 * others: a turn's work is bounded by the number of ready connections, not by how much any one of
 * them sends. Replies are written at the end of the turn, all of a connection's replies in one
 * {@code write}, as Redis does in {@code handleClientsWithPendingWrites} before it sleeps.
 *
 * <h2>Threads</h2>
 * Everything a loop owns (its selector keys, connections, sessions, timers) is touched only by its
 * thread, so none of it needs a lock. Other threads reach the loop by {@link #execute}: an MPSC
 * queue (many producers, one consumer) that the loop drains every turn, so tasks from one thread run
 * in the order they were submitted. The queue is JCTools' {@code MpscUnboundedAtomicArrayQueue}:
 * producers claim a slot with one atomic add and the consumer reads without any atomic
 * read-modify-write, where {@link java.util.concurrent.ConcurrentLinkedQueue} allocates a node per
 * task and CASes on both ends. The "atomic" variant uses field updaters instead of
 * {@code sun.misc.Unsafe}, whose memory access JDK 25 warns about at start-up (JEP 471, 498).
 *
 * <h2>Sleeping, waking, lending</h2>
 * When the turn has nothing left to do, the loop sleeps in select. Waking it from another thread is
 * a system call, paid only when it may really be asleep; a loop that is often woken polls a moment
 * before it sleeps; a loop asleep and idle may be borrowed instead of woken. That is
 * {@link Sleeper}, the second half of this module's lesson, which final-server's shards rely on.
 *
 * <h2>Time</h2>
 * Timers read the injected {@link Clock}. The select timeout is the time to the earliest deadline on
 * that clock; with a {@link ManualClock} the loop sleeps until nudged, and {@link #runTimersNow()}
 * lets a test move the clock, run what is due and wait for it, without sleeping.
 */
public final class EventLoop {

    /** Tasks run per turn at most, so a flood of tasks cannot starve the sockets; the rest wait one turn. */
    private static final int MAX_TASKS_PER_TURN = 4096;
    /**
     * Bytes asked of the kernel per read. Redis's PROTO_IOBUF_LEN (16 KiB, server.h): big enough
     * that a pipeline of small commands arrives in one read, small enough to bound a turn's work.
     */
    static final int PROTO_IOBUF_LEN = 16 * 1024;
    /**
     * Bytes per read into the loop's shared buffer: one buffer per loop, so its size costs nothing per
     * client, and a pipeline of 16 SETs of 1 KiB (16.8 KiB) fits in one read instead of straddling its
     * end (redis-benchmark {@code -P 16 -d 1024} SET: +30 % with two shards).
     */
    static final int SHARED_READ_LEN = 4 * PROTO_IOBUF_LEN;

    /** A scheduled task that can be cancelled. */
    public interface Timer {
        /** Stops the task from running (again); harmless if it already ran or was cancelled. */
        void cancel();
    }

    private final int index;
    private final Clock clock;
    private final Selector selector;
    /** Work from other threads (and from this one); drained each turn in submission order. */
    private final MpscUnboundedAtomicArrayQueue<Runnable> tasks = new MpscUnboundedAtomicArrayQueue<>(1024);
    /** How the loop sleeps in select, and how others wake or borrow it. */
    private final Sleeper sleeper;
    /** Whether a task or the stop came in: asked before sleeping; made once, as {@link #onReady} is. */
    private final BooleanSupplier hasWork = () -> !tasks.isEmpty() || this.stopping;
    private final TimerHeap timers = new TimerHeap();
    /** {@link #onReady(SelectionKey)} made once: {@code this::onReady} at each select would allocate. */
    private final Consumer<SelectionKey> onReady = this::onReady;
    private final Set<NioConnection> connections = new HashSet<>();
    /** Connections whose output is to be written at the end of this turn. */
    private final ArrayDeque<NioConnection> toFlush = new ArrayDeque<>();
    /** Work for the next turn ({@link #nextTurn}): one slice each per turn, the sockets served in between. */
    private final ArrayDeque<Runnable> nextTurn = new ArrayDeque<>();
    /** Output that waits for the append-only file ({@link OutputBarrier}), and its release. */
    private final HeldOutput held = new HeldOutput(this);
    /** Connections that resumed reading with bytes already received: offered again next turn. */
    private final ArrayDeque<NioConnection> toReoffer = new ArrayDeque<>();
    /**
     * The loop's read buffer, lent to whichever connection is being read. A connection keeps bytes of
     * its own only when a request is incomplete (or reading is paused), so an idle connection holds no
     * input buffer at all: Redis 7.4's reusable query buffer does the same (networking.c).
     */
    ByteBuffer sharedInput = ByteBuffer.allocate(SHARED_READ_LEN); // swapped during a blocked step ({@link WhileBlocked})
    /** The output side of the same idea: arrays lent to connections while they have output to send. */
    final OutputArrays outputArrays = new OutputArrays();
    /** This loop's share of the server's total output, and who holds it ({@link OutputLimits}). */
    final OutputTotal outputTotal;
    final NioServer.Config config;
    private final Protocol protocol;
    private final NioServer.Counters counters;
    /** Serving clients from inside long work on this thread ({@link #processEventsWhileBlocked}). */
    private final WhileBlocked whileBlocked = new WhileBlocked(this);
    /** The loop whose thread is running, for work that does not know which loop it runs on. */
    private static final ThreadLocal<EventLoop> CURRENT = new ThreadLocal<>();

    private Thread thread;
    /** Nanoseconds on the loop's clock when the turn's I/O began (refreshed before timers run). */
    private long now;
    /** Whether this turn's select has handed over a ready key yet. */
    private boolean keysSeen;
    private volatile boolean stopping;
    private volatile int connectionCount;
    /** Completed once the loop, in shutdown, has no connection left. */
    private CompletableFuture<Void> drained;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    EventLoop(int index, NioServer.Config config, Protocol protocol, NioServer.Counters counters) throws IOException {
        this.index = index;
        this.config = config;
        this.clock = config.clock();
        this.protocol = protocol;
        this.counters = counters;
        this.selector = Selector.open();
        this.sleeper = new Sleeper(selector);
        this.outputTotal = new OutputTotal(this, config, connections);
    }

    // ------------------------------------------------------------------ public API

    /** Runs {@code task} on this loop's thread, after the tasks submitted before it; callable from any thread. */
    public void execute(Runnable task) {
        if (terminated.isDone()) {
            throw new RejectedExecutionException("event loop " + index + " has stopped");
        }
        tasks.offer(task);
        // A task from the loop itself is seen before the next select; only another thread may need to wake it.
        if (!inLoop()) {
            sleeper.wakeForTask();
        }
    }

    /**
     * Runs {@code task} now, on the caller's thread, in place of this loop, if the loop is asleep in
     * select and lightly loaded; returns false, having run nothing, if it is awake, busy (its recent
     * waits for work were mostly quick, so it polls) or the caller is the loop itself
     * ({@link Sleeper}). While the task runs the loop cannot begin a turn: the task may touch the
     * state the loop owns for its server (a shard's keys) as if it were the loop's thread, and nothing
     * else of the loop's.
     * Keep it short: a waking loop waits for it. Callable from any thread.
     */
    public boolean runIfAsleep(Runnable task) {
        return !inLoop() && sleeper.runIfAsleep(task);
    }

    /**
     * Serves this loop's clients once, from inside work that holds the loop's thread for long (a
     * script past busy-reply-threshold): new connections are accepted, each ready connection gets one
     * read handed to its session, and the replies are written. The connection whose request is running
     * is not read, and tasks and timers do not run ({@link WhileBlocked}). Redis's
     * processEventsWhileBlocked. Call it again while the work lasts; the loop's next turn ends the
     * period. Loop thread only; a call from inside such a step returns at once.
     */
    public void processEventsWhileBlocked() {
        checkInLoop();
        now = clock.nanoTime();
        whileBlocked.step();
    }

    /** The loop whose thread calls, or null on any other thread. */
    public static EventLoop current() {
        return CURRENT.get();
    }

    /** Steps taken by {@link #processEventsWhileBlocked} so far (tests). */
    long blockedSteps() {
        return whileBlocked.steps;
    }

    /**
     * Runs {@code task} at the start of this loop's next turn, after the sockets ready now have been
     * served: for work done a slice at a time (a snapshot's walk), which {@link #execute} would run
     * again and again within one turn's tasks. Callable from any thread.
     */
    public void nextTurn(Runnable task) {
        if (inLoop()) {
            nextTurn.add(task);
        } else {
            execute(() -> nextTurn.add(task));
        }
    }

    /** Whether the caller is this loop's thread. */
    /** The server is closing: a command holding the loop ({@link Connection#direct()}) lets go. */
    boolean stopping() {
        return stopping || leaving;
    }

    /** Told from any thread, at once, that the server closes: the tasks of the close wait for the loop, this does not. */
    void leaving() {
        leaving = true;
    }

    private volatile boolean leaving;

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop once {@code delay} has passed on the loop's clock. Loop thread only. */
    public Timer schedule(Duration delay, Runnable task) {
        checkInLoop();
        return timers.add(task, clock.nanoTime() + Math.max(0, delay.toNanos()), 0);
    }

    /**
     * Runs {@code task} every {@code period} on the loop's clock, the first time one period from now;
     * each run is scheduled one period after the previous one ended (fixed delay, as Redis's
     * {@code serverCron} reschedules itself). Loop thread only.
     */
    public Timer scheduleRepeating(Duration period, Runnable task) {
        checkInLoop();
        long periodNanos = period.toNanos();
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return timers.add(task, clock.nanoTime() + periodNanos, periodNanos);
    }

    /** The clock the loop's timers read. */
    public Clock clock() {
        return clock;
    }

    /**
     * Runs, on the loop, every timer already due on the loop's clock, and completes once they have run.
     * For a {@link ManualClock}: advance it, then {@code runTimersNow().join()}.
     */
    public CompletableFuture<Void> runTimersNow() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            runTimers();
            done.complete(null);
        });
        return done;
    }

    /** This loop's number, 0 to loops - 1: a shard's number in final-server. */
    public int index() {
        return index;
    }

    /** Connections this loop serves now. */
    public int connectionCount() {
        return connectionCount;
    }

    // ------------------------------------------------------------------ life cycle (NioServer)

    /** Starts the thread; the future completes once {@code initializer} has run on it. */
    CompletableFuture<Void> start(Consumer<EventLoop> initializer) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        thread = Thread.ofPlatform().name("nio-loop-" + index).unstarted(() -> run(initializer, ready));
        thread.start();
        return ready;
    }

    Selector selector() {
        return selector;
    }

    /**
     * Bytes read from and written to this loop's sockets, and the reads and writes that moved them
     * (INFO's total_net_input_bytes, total_reads_processed...). Written by the loop's thread only;
     * another thread reads a value at most a moment old.
     */
    long netInputBytes;
    long netOutputBytes;
    long readsProcessed;
    long writesProcessed;
    /**
     * Output arrays grown past their size and large ones let go once sent (INFO's reply_buffer_expands
     * and reply_buffer_shrinks), and connections closed to keep the clients' total (evicted_clients).
     */
    long replyBufferExpands;
    long replyBufferShrinks;
    long evictedClients;

    /** The loop's thread id, -1 before it runs: INFO's CPU figures per thread. */
    public long threadId() {
        Thread t = thread;
        return t == null ? -1 : t.threadId();
    }

    public long netInputBytes() {
        return netInputBytes;
    }

    public long netOutputBytes() {
        return netOutputBytes;
    }

    public long readsProcessed() {
        return readsProcessed;
    }

    public long writesProcessed() {
        return writesProcessed;
    }

    /** How many times a connection's output array grew (INFO reply_buffer_expands). */
    public long replyBufferExpands() {
        return replyBufferExpands;
    }

    /** How many times a connection let go of an array larger than it keeps (INFO reply_buffer_shrinks). */
    public long replyBufferShrinks() {
        return replyBufferShrinks;
    }

    /** Connections closed because the clients together held too much output (INFO evicted_clients). */
    public long evictedClients() {
        return evictedClients;
    }

    /** How many times another thread paid for a {@code Selector.wakeup()} of this loop ({@link Sleeper}). */
    public long wakeups() {
        return sleeper.wakeups();
    }

    /** How many times this loop polled for work before sleeping. */
    public long polls() {
        return sleeper.polls();
    }

    /** How many of this loop's polls found work, so that it did not sleep. */
    public long pollHits() {
        return sleeper.pollHits();
    }

    /** How many tasks other threads ran in this loop's place while it slept ({@link #runIfAsleep}). */
    public long borrows() {
        return sleeper.borrows();
    }

    /**
     * Bytes of heap this loop's thread has allocated since it started (the JVM counts them per thread
     * as it hands out allocation buffers), or -1 where the JVM does not tell. Divided by the commands
     * served, it says whether the request path makes garbage: what the young collector must clear.
     */
    public long allocatedBytes() {
        Thread t = thread;
        if (t == null || !(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)) {
            return -1;
        }
        return mx.getThreadAllocatedBytes(t.threadId());
    }

    /** How the loop sleeps (tests wait for it to, and feed its poll policy). */
    Sleeper sleeper() {
        return sleeper;
    }

    /** Stops reading every connection and closes each once its output is sent; completes when none is left. */
    CompletableFuture<Void> drain() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        leaving = true;
        try {
            execute(() -> {
                drained = done;
                for (NioConnection c : List.copyOf(connections)) {
                    c.closeAfterFlush();
                }
                checkDrained();
            });
        } catch (RejectedExecutionException e) {
            done.complete(null); // already stopped: its connections are closed
        }
        return done;
    }

    /** Ends the loop after its current turn; every connection still open is closed. */
    CompletableFuture<Void> stop() {
        stopping = true;
        if (!inLoop()) {
            sleeper.wakeToStop();
        }
        return terminated;
    }

    Thread thread() {
        return thread;
    }

    /** Gives an idle timer to every connection without one: a timeout was just turned on. */
    void armIdleTimers() {
        for (NioConnection c : connections) {
            c.armIdleTimer();
        }
    }

    // ------------------------------------------------------------------ connections (NioConnection, Acceptor)

    /** Takes over an accepted channel. Runs on this loop's thread. */
    void register(java.nio.channels.SocketChannel channel, long id) {
        NioConnection connection;
        try {
            connection = new NioConnection(this, channel, id);
        } catch (IOException e) {
            Log.warn("connection %d: could not register: %s", id, e.getMessage());
            NioConnection.closeQuietly(channel);
            counters.connectionClosed();
            return;
        }
        connections.add(connection);
        connectionCount = connections.size();
        connection.open(protocol);
        whileBlocked.added(connection);
        if (drained != null) {
            connection.closeAfterFlush(); // accepted just before the listener closed
        }
    }

    void connectionClosed(NioConnection connection) {
        if (connections.remove(connection)) {
            connectionCount = connections.size();
            counters.connectionClosed();
            checkDrained();
        }
    }

    void flushAtEndOfTurn(NioConnection connection) {
        toFlush.add(connection);
    }

    /** Writes what is queued to be flushed, except for a connection inside its session: it waits for the turn's end. */
    void flushServable() {
        for (int i = toFlush.size(); i > 0; i--) {
            NioConnection c = toFlush.poll();
            if (c.inSession()) {
                toFlush.add(c);
            } else {
                c.flushNow();
            }
        }
    }

    void reofferNextTurn(NioConnection connection) {
        toReoffer.add(connection);
    }

    /** The loop's time for this turn, on its clock. */
    long now() {
        return now;
    }

    Timer scheduleAt(long deadline, Runnable task) {
        return timers.add(task, deadline, 0);
    }

    // ------------------------------------------------------------------ the turn

    private void run(Consumer<EventLoop> initializer, CompletableFuture<Void> ready) {
        sleeper.takeTurn(); // held for every turn; let go only while asleep in select
        CURRENT.set(this);
        try {
            now = clock.nanoTime();
            initializer.accept(this);
            ready.complete(null);
        } catch (Throwable t) {
            ready.completeExceptionally(t);
            stopping = true;
        }
        try {
            while (!stopping) {
                try {
                    turn();
                } catch (OutOfMemoryError e) {
                    // Whatever ran out of memory has been dropped with its stack; the loop and its other
                    // clients go on. The connection or task that hit it was closed where it was caught.
                    Log.warn("event loop %d: out of memory in a turn, carrying on: %s", index, e);
                }
            }
        } catch (Throwable t) {
            Log.warn("event loop %d failed, closing its connections: %s", index, t);
        } finally {
            shutDown();
        }
    }

    private void turn() throws IOException {
        whileBlocked.end(); // a blocked period ends with the work that blocked
        select();
        now = clock.nanoTime();
        for (int i = toReoffer.size(); i > 0; i--) {
            toReoffer.poll().reoffer();
        }
        for (int i = nextTurn.size(); i > 0; i--) { // those queued before this turn: one slice each
            runTask(nextTurn.poll());
        }
        tasks.drain(EventLoop::runTask, MAX_TASKS_PER_TURN);
        runTimers();
        held.flush(toFlush);
    }

    /** Installs (or removes, with null) what output waits for: final-server's append-only file. */
    public void outputBarrier(OutputBarrier value) {
        held.barrier(value);
    }

    private void select() throws IOException {
        keysSeen = false;
        if (!tasks.isEmpty() || !toReoffer.isEmpty() || !toFlush.isEmpty() || !nextTurn.isEmpty()) {
            selector.selectNow(onReady);
            return;
        }
        long timeoutMillis = 0; // 0: no timer, sleep until a socket or a task
        TimerHeap.Entry first = timers.peek();
        if (first != null) {
            long waitNanos = first.deadline - clock.nanoTime();
            if (waitNanos <= 0) {
                selector.selectNow(onReady);
                return;
            }
            timeoutMillis = Math.max(1, (waitNanos + 999_999) / 1_000_000); // round up: never wake early
        }
        sleeper.sleep(onReady, timeoutMillis, hasWork);
    }

    /** Called by the selector for each ready key, inside select, on this thread. One step per key. */
    private void onReady(SelectionKey key) {
        if (!keysSeen) {
            // The first ready key of the turn: the loop is awake (producers stop paying for
            // wakeups), and the turn's time is taken now, since keys are handled inside select.
            keysSeen = true;
            sleeper.woken();
            now = clock.nanoTime();
        }
        try {
            ((Ready) key.attachment()).onReady(key.readyOps());
        } catch (RuntimeException | OutOfMemoryError e) {
            Log.warn("event loop %d: handler failed: %s", index, e);
            if (key.attachment() instanceof NioConnection c) {
                c.close();
            }
        }
    }

    private static void runTask(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | OutOfMemoryError e) {
            Log.warn("task failed: %s", e);
        }
    }

    /** Runs the timers due now; a timer set while they run waits for the next turn, however short its delay. */
    private void runTimers() {
        now = clock.nanoTime();
        long lastSequence = timers.nextSequence();
        for (TimerHeap.Entry first; (first = timers.peek()) != null
                && first.deadline - now <= 0 && first.sequence < lastSequence; ) {
            timers.poll();
            try {
                first.task.run();
            } catch (RuntimeException | OutOfMemoryError e) {
                Log.warn("timer failed: %s", e);
            }
            if (first.periodNanos > 0 && !first.cancelled) {
                timers.rearm(first, clock.nanoTime() + first.periodNanos);
            }
        }
    }

    private void checkDrained() {
        if (drained != null && connections.isEmpty()) {
            drained.complete(null);
        }
    }

    private void shutDown() {
        sleeper.stayAwake();
        whileBlocked.end();
        tasks.drain(EventLoop::runTask); // accepted channels handed over, replies from other loops
        for (NioConnection c : List.copyOf(connections)) {
            c.close();
        }
        try {
            selector.close();
        } catch (IOException | ClosedSelectorException e) {
            Log.warn("event loop %d: closing the selector: %s", index, e.getMessage());
        }
        terminated.complete(null);
        // A task that slipped in between the drain and the completion would never run: close its channel.
        List<Runnable> late = new ArrayList<>();
        tasks.drain(late::add);
        late.forEach(EventLoop::runTask);
        if (drained != null) {
            drained.complete(null);
        }
    }

    private void checkInLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("must be called on " + (thread == null ? "the loop" : thread.getName())
                    + ", not on " + Thread.currentThread().getName());
        }
    }

    /** What the selector's keys carry: a connection or one of the acceptor's listening sockets. */
    sealed interface Ready permits NioConnection, Acceptor.Listener {
        void onReady(int readyOps);
    }
}
