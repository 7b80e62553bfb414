package dev.sabaody.kv.nio;

import java.time.Duration;

/** CONTRACT STUB — to be implemented. One thread, one Selector. */
public final class EventLoop {

    /** Runs {@code task} on this loop's thread, after the tasks submitted before it; callable from any thread. */
    public void execute(Runnable task) {
        throw new UnsupportedOperationException();
    }

    /** Whether the caller is this loop's thread. */
    public boolean inLoop() {
        throw new UnsupportedOperationException();
    }

    /** Runs {@code task} on this loop once {@code delay} has passed on the loop's clock. Loop thread only. */
    public Timer schedule(Duration delay, Runnable task) {
        throw new UnsupportedOperationException();
    }

    /** The clock the loop's timers read. */
    public Clock clock() {
        throw new UnsupportedOperationException();
    }

    /** A scheduled task that can be cancelled. */
    public interface Timer {
        void cancel();
    }
}
