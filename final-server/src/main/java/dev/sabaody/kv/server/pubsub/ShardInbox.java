package dev.sabaody.kv.server.pubsub;

import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.server.pubsub.PubSub.Kind;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Messages published on other threads for one shard's subscribers, queued by the publisher's thread
 * before PUBLISH answers, and delivered by the shard's loop.
 *
 * <p>As for invalidations ({@link PendingPushes}), and for the same reason: Redis writes a message to
 * every subscriber's output before PUBLISH's reply exists, so a subscriber told of the PUBLISH by the
 * publisher reads the message before the reply to anything it sends next. A task on the
 * subscriber's loop could lose that race (a loop reads its sockets before it runs its tasks), so
 * the loop delivers what is queued here before it handles any connection's input
 * ({@link PubSub#beforeInput}), and when woken by the one task a burst of posts queues. That task is
 * also the batching: messages that arrive while it is pending ride on it, one wake-up for all.
 */
final class ShardInbox {

    private record Message(Kind kind, byte[] channel, byte[] message) {
    }

    private final EventLoop loop;
    private final ShardSubscribers subscribers;
    private final ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
    /** A delivery task is queued on the loop and has not begun: later posts need no other. */
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final Runnable wake;

    ShardInbox(EventLoop loop, ShardSubscribers subscribers) {
        this.loop = loop;
        this.subscribers = subscribers;
        this.wake = () -> {
            wakeQueued.set(false);
            deliver();
        };
    }

    /** Any thread but the loop's: the arrays travel and must not change. */
    void post(Kind kind, byte[] channel, byte[] message) {
        queue.offer(new Message(kind, channel, message));
        if (wakeQueued.compareAndSet(false, true)) {
            loop.execute(wake);
        }
    }

    /** The loop's thread: whether anything waits (one volatile read). */
    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The loop's thread: every queued message to this shard's subscribers, in the order posted. */
    void deliver() {
        for (Message m; (m = queue.poll()) != null; ) {
            subscribers.deliver(m.kind(), m.channel(), m.message());
        }
    }
}
