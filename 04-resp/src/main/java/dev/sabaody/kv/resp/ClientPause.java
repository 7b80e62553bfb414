package dev.sabaody.kv.resp;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * CLIENT PAUSE's state, shared by every loop (networking.c's pauseClients): until {@link #endNanos}
 * on the server's clock, commands are held, all of them or, for WRITE, those that write. A held
 * client stops reading with its command unconsumed, and is resumed when the pause ends (its timer)
 * or CLIENT UNPAUSE comes: the command is then read again and runs.
 *
 * <p>The request path reads one volatile field when nothing is paused.
 */
public final class ClientPause {

    /** No pause. */
    static final int NONE = 0;
    /** CLIENT_PAUSE_WRITE: commands that write wait. */
    static final int WRITE = 1;
    /** CLIENT_PAUSE_ALL: every command waits. */
    static final int ALL = 2;

    private volatile int type = NONE;
    private volatile long endNanos;
    /** What resumes each held client; run once when the pause ends. */
    private final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();

    /** pauseClients: a stronger type or a later end wins over the pause in force. */
    synchronized void pause(long end, int mode) {
        if (type == NONE) {
            endNanos = end;
            type = mode;
        } else {
            endNanos = Math.max(endNanos, end);
            type = Math.max(type, mode);
        }
    }

    /** CLIENT UNPAUSE, or the pause's timer: everyone held runs again. */
    void unpause() {
        synchronized (this) {
            type = NONE;
        }
        for (Runnable r; (r = held.poll()) != null; ) {
            r.run();
        }
    }

    /** The timer of a pause: ends it if its time has come (a later pause may have pushed the end). */
    void expire(long nowNanos) {
        if (type != NONE && nowNanos - endNanos >= 0) {
            unpause();
        }
    }

    long endNanos() {
        return endNanos;
    }

    /**
     * Whether {@code spec} must wait now: everything under ALL; under WRITE, a command flagged write
     * (processCommand's is_may_replicate_command; EXEC by the commands it queued, see {@code queuedWrites}).
     */
    public boolean holds(CommandSpec<?> spec, boolean queuedWrites, long nowNanos) {
        int t = type;
        if (t == NONE) {
            return false;
        }
        if (nowNanos - endNanos >= 0) {
            return false; // over; its timer will say so to those held
        }
        return t == ALL || spec.has(CommandFlag.WRITE) || queuedWrites;
    }

    /** Holds a client: {@code resume} runs when the pause ends (on any thread). */
    public void hold(Runnable resume) {
        held.add(resume);
        if (type == NONE) {
            unpause(); // ended meanwhile: resume at once
        }
    }
}
