package dev.sabaody.kv.pool;

import dev.sabaody.kv.blocking.Dispatcher;
import dev.sabaody.kv.blocking.Log;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One virtual thread per connection: module 01's code, unchanged, without its cost.
 *
 * <p>A virtual thread (JEP 444) is a Java object scheduled by the JVM onto a few platform "carrier"
 * threads (one per core by default). When it blocks in a socket {@code read}, the JDK parks it,
 * registers the socket with an internal poller (epoll on Linux) and frees the carrier for another
 * virtual thread; when bytes arrive, the poller makes it runnable again. So 10,000 clients blocked
 * in {@code read} cost 10,000 small heap objects holding their stacks, not 10,000 kernel threads
 * with a stack reservation each. The code still reads as "read, execute, write, repeat".
 *
 * <p>There is no pool to size and nothing to reject: the limits left are memory and file
 * descriptors. That is why this class takes no N and no Q. What it does not change: every connection
 * still has its own stack and its own read buffer, and each wake-up goes through the JDK's poller
 * and scheduler. Module 03 does what the poller does, by hand, once for all connections.
 *
 * <p>Under JDK 25, {@code synchronized} no longer pins a virtual thread to its carrier (JEP 491), so
 * the JDK's socket streams, which lock, are safe here.
 */
public final class VirtualThreadDispatcher implements Dispatcher {

    /**
     * Virtual threads running a connection. Counted inside the task, not by the thread factory: the
     * executor signals termination as the task returns, so removal in the task keeps
     * {@code liveThreads() == 0} true by the time {@link #awaitTermination} returns.
     */
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("vconn-", 1).factory());

    @Override
    public void dispatch(Runnable connection) {
        executor.execute(() -> {
            live.add(Thread.currentThread());
            try {
                connection.run();
            } finally {
                live.remove(Thread.currentThread());
            }
        });
    }

    @Override
    public void shutdown() {
        Log.info("virtual threads: shutting down with %d connection(s) being served", live.size());
        executor.shutdown();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int liveThreads() {
        return live.size();
    }

    @Override
    public String toString() {
        return "one virtual thread per connection";
    }
}
