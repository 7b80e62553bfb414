package dev.sabaody.kv.pool;

import dev.sabaody.kv.blocking.Dispatcher;
import dev.sabaody.kv.blocking.Log;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A bounded worker pool: N platform threads, a queue of Q connections waiting for one, and a refusal
 * for the next.
 *
 * <p>Module 01 starts a thread for every client, so a flood of clients is a flood of threads: memory
 * and scheduler work grow without limit until the process falls over. A pool puts a number on it.
 * {@link ThreadPoolExecutor} with {@code core = max = N} keeps exactly N threads; a full pool puts
 * work in an {@link ArrayBlockingQueue} of capacity Q; when the queue is full too, the
 * {@link ThreadPoolExecutor.AbortPolicy} throws {@link RejectedExecutionException}, and module 01's
 * {@code BlockingServer} turns that into {@code ERR server is busy, try again later} and closes the
 * socket. That is back-pressure: the server says "no" early and cheaply instead of slowly failing
 * everyone. Redis answers the same way past {@code maxclients} ({@code acceptCommonHandler},
 * networking.c).
 *
 * <p>The catch, and the lesson of this module: the unit of work here is a <em>connection</em>, not a
 * request. A worker that takes a connection keeps it until the client leaves, and spends nearly all
 * that time blocked in {@code read}, waiting for the next line. So N threads serve exactly N
 * persistent connections; connection N+1 is accepted by the kernel and by our acceptor, sits in the
 * queue, and gets no answer at all until one of the first N disconnects. For short connections
 * (connect, one request, close) a pool works well; for the persistent connections every Redis client
 * opens, it is a cap on clients, not on work. {@link VirtualThreadDispatcher} removes the cap;
 * module 03 removes the thread per connection altogether.
 *
 * <p>Alternatives rejected: an unbounded queue ({@link java.util.concurrent.Executors#newFixedThreadPool})
 * never rejects, so overload turns into clients that wait forever with no error; a
 * {@code CallerRunsPolicy} would run the connection on the acceptor thread and stop all accepting
 * while that one client stays; growing the pool past core size ({@code max > core}) only happens when
 * the queue is full, which surprises everyone who reads the code.
 */
public final class PooledDispatcher implements Dispatcher {

    private final ThreadPoolExecutor executor;
    /** Workers started and not yet exited; a worker removes itself as its last act. */
    private final Set<Thread> live = ConcurrentHashMap.newKeySet();
    private final int threads;
    private final int queueCapacity;

    /**
     * @param threads       the fixed number of worker threads (core = max)
     * @param queueCapacity connections that may wait for a worker, at least 1. A queue of 0 (a
     *                      {@code SynchronousQueue}, direct hand-off) was tried and rejected: it
     *                      refuses whenever no worker is parked in {@code take()} at that very
     *                      instant, so a worker just started, or just done with its client and on
     *                      its way back, makes the pool refuse a client it could have served.
     */
    public PooledDispatcher(int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("--threads and --queue must be at least 1, not "
                    + threads + " and " + queueCapacity);
        }
        this.threads = threads;
        this.queueCapacity = queueCapacity;
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueCapacity),
                tracking(Thread.ofPlatform().name("worker-", 1).factory()), new ThreadPoolExecutor.AbortPolicy());
        // A fixed pool pays for its threads up front; the measurement then sees the real cost at rest.
        executor.prestartAllCoreThreads();
    }

    private ThreadFactory tracking(ThreadFactory threadFactory) {
        return task -> {
            Thread thread = threadFactory.newThread(() -> {
                try {
                    task.run();
                } finally {
                    live.remove(Thread.currentThread());
                }
            });
            live.add(thread);
            return thread;
        };
    }

    @Override
    public void dispatch(Runnable connection) {
        executor.execute(connection); // AbortPolicy: RejectedExecutionException when pool and queue are full
    }

    @Override
    public void shutdown() {
        Log.info("worker pool: shutting down with %d connection(s) being served and %d waiting in the queue",
                busy(), queued());
        executor.shutdown(); // queued connections still run: the server has shut their input, so they end at once
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int liveThreads() {
        return live.size();
    }

    /** Connections accepted that wait in the queue for a worker: accepted, and not answered. */
    public int queued() {
        return executor.getQueue().size();
    }

    /** Workers serving a connection right now. */
    public int busy() {
        return executor.getActiveCount();
    }

    @Override
    public String toString() {
        return "a pool of " + threads + " platform thread(s) with a queue of " + queueCapacity;
    }
}
