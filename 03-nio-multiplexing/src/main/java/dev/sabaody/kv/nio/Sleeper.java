package dev.sabaody.kv.nio;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * How an {@link EventLoop} sleeps in {@code select}, and what other threads may do while it sleeps:
 * wake it, once, or borrow its turn. This is the second half of module 03's lesson: the first
 * (EventLoop) makes one thread serve thousands of sockets; this one makes several loops hand work to
 * each other cheaply, which final-server's shards do on every remote command.
 *
 * <h2>1. Waking a sleeping loop, once</h2>
 * A task submitted while the loop sleeps in {@code epoll_wait} must wake it: {@link Selector#wakeup()}
 * writes to an eventfd that the selector watches, a system call, and the loop then pays another to
 * drain it. A loop that is already awake will see the task anyway before it next sleeps, so the call
 * would be waste. The loop therefore publishes whether it may be asleep in {@link #awake}: it clears
 * the flag just before {@code select} and sets it again as soon as select returns; a producer calls
 * {@code wakeup()} only when it is the one that flips the flag from false to true. The order matters:
 * the loop clears the flag, then looks at the queue once more, and sleeps only if it is still empty; a
 * producer enqueues, then looks at the flag. Whatever the interleaving, either the loop sees the task
 * or the producer sees the flag down and wakes it, and a wake-up that arrives before the loop blocks
 * makes the next select return at once, so none is lost. Netty's {@code NioEventLoop} does the same
 * with {@code wakenUp} (later {@code nextWakeupNanos}); the JDK's own wakeup takes a lock and, even
 * when it skips the write, leaves the next select to return at once, so guarding it pays twice.
 *
 * <h2>2. Polling before sleeping</h2>
 * Even guarded, a wake-up is dear (an interrupt to another core, a hypervisor exit, a context
 * switch). So a loop whose work has lately come back quickly polls for up to
 * {@link PollPolicy#POLL_NANOS} before it sleeps, its flag still up; {@link PollPolicy} holds the
 * rule, which learns from the loop's recent waits, and why.
 *
 * <h2>3. Lending a sleeping loop</h2>
 * A loop asleep and lightly loaded need not be woken at all: {@link #runIfAsleep} lets another thread
 * take the loop's {@link Turn} and run a task in its place. The task may touch the state the loop
 * owns for its server (a shard's keys), never its connections or timers, which stay confined to the
 * loop's thread (their methods check it). The loop raises its flag before it takes its turn back, so
 * no new borrower starts once it is waking. Only a loop that would not poll is lent: a busy loop
 * asleep for a moment is woken instead, and then runs the work on its own core while the asker goes
 * on with its own; that parallelism is worth more than the wake-up (measured: lending busy loops too
 * cost {@code redis-benchmark -P 16} about a tenth of its throughput).
 */
final class Sleeper {

    private final Selector selector;
    /** False while the loop may be blocked in select: the only time a wakeup() is worth a syscall. */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    /** How many times a producer paid for Selector.wakeup(): read by tests and the README. */
    private final LongAdder wakeups = new LongAdder();
    /** How many times the loop polled before sleeping, and how many of those polls found work. */
    private final LongAdder polls = new LongAdder();
    private final LongAdder pollHits = new LongAdder();
    /** When to poll before sleeping; read by borrowers too, to lend only a lightly loaded loop. */
    private final PollPolicy pollPolicy = new PollPolicy();
    /** Held by the loop's thread while it is not asleep in select; lent by {@link #runIfAsleep} meanwhile. */
    private final Turn turn = new Turn();

    Sleeper(Selector selector) {
        this.selector = selector;
    }

    /** Another thread queued work for the loop: wakes it if it may be asleep and nobody woke it yet. */
    void wakeForTask() {
        if (!awake.get() && awake.compareAndSet(false, true)) {
            wakeups.increment();
            selector.wakeup();
        }
    }

    /** Wakes the loop to stop, counting nothing. */
    void wakeToStop() {
        if (awake.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** See {@link EventLoop#runIfAsleep}: only a loop asleep, lightly loaded and with its turn free. */
    boolean runIfAsleep(Runnable task) {
        return !awake.get() && !pollPolicy.shouldPoll() && turn.tryLend(task);
    }

    /** The loop's thread takes its turn as it starts: held for every turn, let go only while asleep. */
    void takeTurn() {
        turn.take();
    }

    /**
     * Waits for work: polls first if the loop's recent waits were quick, then sleeps in select for at
     * most {@code timeoutMillis} (0: until a socket or a task), handing each ready key to
     * {@code onReady}. {@code hasWork} is asked once the flag is down, so that a task queued just
     * before is not slept through.
     */
    void sleep(Consumer<SelectionKey> onReady, long timeoutMillis, BooleanSupplier hasWork) throws IOException {
        long idleSince = System.nanoTime();
        if (pollPolicy.shouldPoll()) {
            polls.increment();
            if (poll(onReady, idleSince, hasWork)) {
                pollHits.increment();
                pollPolicy.waited(System.nanoTime() - idleSince);
                return;
            }
        }
        awake.set(false);
        // Look again after lowering the flag: a producer that enqueued before it saw the flag up.
        if (!hasWork.getAsBoolean()) {
            turn.release(); // asleep: the loop's state may be borrowed (runIfAsleep)
            try {
                selector.select(onReady, timeoutMillis);
            } finally {
                woken();
            }
        } else {
            selector.selectNow(onReady);
        }
        awake.set(true);
        pollPolicy.waited(System.nanoTime() - idleSince);
    }

    /**
     * Polls for up to {@link PollPolicy#POLL_NANOS} from {@code since}: true once a socket was handled
     * or there is work, false if the time ran out with nothing to do.
     */
    private boolean poll(Consumer<SelectionKey> onReady, long since, BooleanSupplier hasWork) throws IOException {
        do {
            if (hasWork.getAsBoolean()) {
                selector.selectNow(onReady);
                return true;
            }
            if (selector.selectNow(onReady) > 0) {
                return true;
            }
            Thread.yield(); // the core is the client's or the other loop's while this one waits
        } while (System.nanoTime() - since < PollPolicy.POLL_NANOS);
        return false;
    }

    /**
     * Back from select: the flag first, so that no new borrower starts, then the turn lock, waiting
     * for a borrower that may be running. Does nothing if the turn is already held (called for the
     * first ready key, inside select, and again when select returns).
     */
    void woken() {
        if (!turn.heldHere()) {
            awake.set(true);
            turn.take();
        }
    }

    /** The loop is stopping: producers need not wake it any more. */
    void stayAwake() {
        awake.set(true);
    }

    long wakeups() {
        return wakeups.sum();
    }

    long polls() {
        return polls.sum();
    }

    long pollHits() {
        return pollHits.sum();
    }

    long borrows() {
        return turn.lent();
    }

    PollPolicy pollPolicy() {
        return pollPolicy;
    }

    boolean mayBeAsleep() {
        return !awake.get();
    }

    boolean waitingForTurn() {
        return turn.waiting();
    }

    boolean lendable() {
        return !awake.get() && !pollPolicy.shouldPoll() && turn.free();
    }
}
