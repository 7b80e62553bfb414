package dev.sabaody.kv.blocking;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One platform thread per connection: the simplest thing that works, and the thing module 02 improves.
 *
 * <p>Each thread spends nearly all its life blocked in {@code read}, waiting for the next line. It
 * costs a kernel thread, a stack reserved in virtual memory (1 MiB by default, {@code -Xss}) of which
 * a few pages are touched, and a scheduler entry. The README measures what that means at 10,000
 * idle connections.
 */
public final class ThreadPerConnection implements Dispatcher {

    /** Threads still running a connection; a thread removes itself as it ends. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong started = new AtomicLong();
    private volatile boolean shutdown;

    @Override
    public void dispatch(Runnable connection) {
        if (shutdown) {
            throw new RejectedExecutionException("server is stopping");
        }
        Thread thread = Thread.ofPlatform()
                .name("conn-" + started.incrementAndGet())
                .unstarted(() -> {
                    try {
                        connection.run();
                    } finally {
                        threads.remove(Thread.currentThread());
                    }
                });
        threads.add(thread);
        thread.start();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int liveThreads() {
        return threads.size();
    }
}
