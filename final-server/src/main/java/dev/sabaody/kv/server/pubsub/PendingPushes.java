package dev.sabaody.kv.server.pubsub;

import dev.sabaody.kv.nio.EventLoop;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Invalidations other threads have for one connection, queued the moment they are found, and moved
 * into its output by its own loop. One per connection, made with its router.
 *
 * <h2>Why a queue, and not a task</h2>
 * Redis puts an invalidation in the tracking client's output while the write runs, before the
 * writer's reply exists. Here the writer's thread may not touch the reader's output (another loop's),
 * and a task on the reader's loop may run after that loop has already read, and answered, a command
 * the reader sent once it knew of the write: a loop reads its sockets before it runs its tasks. So
 * the writer's thread appends the bytes here ({@link #post}) before its command ends, hence before
 * its reply can leave, and the reader's loop takes them:
 * <ul>
 *   <li>before it handles anything the connection sent ({@code ShardRouter.startOfInput}): whatever
 *       the client sends after seeing the write's reply is answered after the invalidation;</li>
 *   <li>when woken by the one task a post queues (a connection that sends nothing still gets it
 *       promptly; posts while that task is pending queue no other);</li>
 *   <li>not while replies of commands that ran elsewhere are on their way to it: a read that ran
 *       before the write must not arrive after the invalidation (the client would cache the old value
 *       for good), so the router drains the queue right after writing those replies.</li>
 * </ul>
 * A post from the connection's own loop drains at once, under the same rule.
 */
public final class PendingPushes {

    private final EventLoop loop;
    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    /** A wake-up task is queued on the loop and has not begun: later posts need no other. */
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** Made once: the loop's drain, after the flag is down so that a post meanwhile queues a new one. */
    private final Runnable wake;
    private final Runnable drain;

    /** {@code drain}: the router's, on {@code loop}: takes what {@link #poll} gives unless replies are on their way. */
    public PendingPushes(EventLoop loop, Runnable drain) {
        this.loop = loop;
        this.drain = drain;
        this.wake = () -> {
            wakeQueued.set(false);
            drain.run();
        };
    }

    /** Any thread: {@code bytes} are this connection's, after what is queued. */
    void post(byte[] bytes) {
        queue.offer(bytes);
        if (loop.inLoop()) {
            drain.run();
        } else if (wakeQueued.compareAndSet(false, true)) {
            loop.execute(wake);
        }
    }

    /** The connection's loop: nothing waits (one volatile read). */
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The connection's loop: the oldest bytes waiting, or null. */
    public byte[] poll() {
        return queue.poll();
    }
}
