package dev.sabaody.kv.nio;

import java.util.ArrayDeque;

/**
 * A loop's end-of-turn flush when replies must wait for a log ({@link OutputBarrier}): the
 * connections with output of this turn are written at once if the log already has everything handed
 * to it so far; otherwise each is marked with that position and kept until the log calls back.
 *
 * <pre>
 *   turn's end:  position P = barrier.position()   (every command of this turn handed its write over)
 *                passed(P)?  yes ─► write them all
 *                            no  ─► mark each with P, hold it (no OP_WRITE, no write) ─► whenPassed(P)
 *   log's thread: P passed ─► a task on the loop ─► write those whose mark has passed
 * </pre>
 *
 * A held connection that gets more output in a later turn is marked again with that turn's
 * position, so a release never writes a reply whose write the log does not have yet. The loop never
 * waits: it goes on serving while the log's thread writes. One per loop, on its thread.
 */
final class HeldOutput {

    private final EventLoop loop;
    /** Connections whose output waits, each once (see {@link NioConnection#held}). */
    private final ArrayDeque<NioConnection> held = new ArrayDeque<>();
    /** What output waits for; null: nothing (no append-only file). */
    private volatile OutputBarrier barrier;
    /** Whether the barrier has been asked to wake the loop for the held connections. */
    private boolean releaseAsked;

    HeldOutput(EventLoop loop) {
        this.loop = loop;
    }

    /** Installs (or removes, with null) what output waits for. */
    void barrier(OutputBarrier value) {
        barrier = value;
        if (value == null) {
            loop.execute(this::release);
        }
    }

    /** The turn's end: writes the connections of {@code toFlush} that may be written, holds the others. */
    void flush(ArrayDeque<NioConnection> toFlush) {
        OutputBarrier b = barrier;
        if (b == null && held.isEmpty()) {
            for (NioConnection c; (c = toFlush.poll()) != null; ) {
                c.flushNow();
            }
            return;
        }
        if (toFlush.isEmpty()) {
            return;
        }
        long target = b == null ? Long.MIN_VALUE : b.position();
        boolean passed = b == null || b.passed(target);
        for (NioConnection c; (c = toFlush.poll()) != null; ) {
            if (passed && !c.held) {
                c.flushNow();
                continue;
            }
            c.holdUntil = c.held ? Math.max(c.holdUntil, target) : target;
            c.flushQueued = false; // more output in a later turn marks it again, with a later position
            if (!c.held) {
                c.held = true;
                held.add(c);
            }
        }
        askRelease(b);
    }

    private void askRelease(OutputBarrier b) {
        if (held.isEmpty() || releaseAsked) {
            return;
        }
        releaseAsked = true;
        long until = Long.MIN_VALUE;
        for (NioConnection c : held) {
            until = Math.max(until, c.holdUntil);
        }
        if (b == null) {
            loop.execute(this::release); // the log was turned off: nothing to wait for
        } else {
            b.whenPassed(until, () -> loop.execute(this::release));
        }
    }

    /** The log has moved on: the held connections whose position it passed are written. */
    private void release() {
        releaseAsked = false;
        OutputBarrier b = barrier;
        for (int i = held.size(); i > 0; i--) {
            NioConnection c = held.poll();
            if (c.flushQueued) {
                c.held = false; // output of this turn too: the turn's end decides, with this turn's position
            } else if (b == null || b.passed(c.holdUntil)) {
                c.held = false;
                c.flushNow();
            } else {
                held.add(c);
            }
        }
        askRelease(b);
    }
}
