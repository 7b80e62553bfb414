package dev.sabaody.kv.nio;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An event loop's turn: a lock its thread holds from the moment select wakes it until it next
 * sleeps, and that another thread may take in between to run a task in the loop's place
 * ({@link EventLoop#runIfAsleep}). Whoever holds it owns the loop's attached state.
 *
 * <p>Why: a loop asleep in {@code epoll_wait} is doing nothing with the state it owns. Waking it to
 * run one small piece of work, then being woken in turn for the answer, costs two wake-ups for a few
 * hundred nanoseconds of work; under light load (10,000 clients sending a request a second each)
 * that is where final-server's second shard spent its CPU.
 *
 * <p>Borrowers only {@link #tryLend try}; the loop {@link #take takes} its turn back by spinning, not
 * by parking: a borrower holds it for a batch of commands, microseconds, and a parked owner would
 * cost the borrower's unlock a futex call and the owner a context switch. Nobody waits for a turn
 * while holding another, so turns cannot deadlock.
 */
final class Turn {

    private final ReentrantLock lock = new ReentrantLock();
    /** Whether the loop, woken, is waiting for a borrower to hand the turn back (tests). */
    private volatile boolean waiting;
    /** How many tasks other threads ran while holding this turn. */
    private final LongAdder lent = new LongAdder();

    /** Whether the calling thread holds the turn (the loop, during its turn). */
    boolean heldHere() {
        return lock.isHeldByCurrentThread();
    }

    /** The loop takes its turn, waiting (spinning) for a borrower that may hold it. */
    void take() {
        if (lock.tryLock()) {
            return;
        }
        waiting = true;
        for (int spins = 0; !lock.tryLock(); spins++) {
            if ((spins & 63) == 63) {
                Thread.yield(); // the borrower may have lost its core: let it have one
            } else {
                Thread.onSpinWait();
            }
        }
        waiting = false;
    }

    /** The loop lets go of its turn: it is about to sleep. */
    void release() {
        lock.unlock();
    }

    /** Runs {@code task} holding the turn, if it is free; false, having run nothing, if it is not. */
    boolean tryLend(Runnable task) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            lent.increment();
            task.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether nobody holds the turn (tests). */
    boolean free() {
        return !lock.isLocked();
    }

    /** Whether the loop waits for a borrower to hand the turn back (tests). */
    boolean waiting() {
        return waiting;
    }

    /** How many tasks ran in the loop's place. */
    long lent() {
        return lent.sum();
    }
}
