package dev.sabaody.kv.blocking;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;

/**
 * Who runs a connection. Module 01 gives every connection a platform thread of its own
 * ({@link ThreadPerConnection}); module 02 plugs in a bounded pool and then virtual threads. The
 * accept loop, the protocol and the store stay the same: only this choice changes.
 */
public interface Dispatcher {

    /**
     * Runs {@code connection} on some thread and returns at once.
     *
     * @throws RejectedExecutionException when no thread can take it; the server then answers the
     *     client with an error and closes the socket
     */
    void dispatch(Runnable connection);

    /** Stops taking new work; what was dispatched goes on until it ends. */
    void shutdown();

    /** Waits until everything dispatched has ended; returns false if the timeout ran out first. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** The number of threads alive that this dispatcher started, for tests and measurements. */
    int liveThreads();
}
