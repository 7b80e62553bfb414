package dev.sabaody.kv.nio;

/**
 * What a connection's {@link OutputBuffer} asks before it holds more: Redis's
 * {@code client-output-buffer-limit} for the connection (a hard limit, and a soft one that may be
 * exceeded for some seconds), and its loop's share of the server's total ({@link OutputTotal}).
 * Past either, the buffer refuses, and the connection closes at the end of its step. One per
 * connection, on its loop's thread.
 */
final class OutputGuard implements OutputBuffer.Limit {

    private final NioConnection connection;
    private final EventLoop loop;
    /** Since when more than the soft limit has been pending (loop clock); -1 while it is not. */
    private long softLimitSince = -1;

    OutputGuard(NioConnection connection, EventLoop loop) {
        this.connection = connection;
        this.loop = loop;
    }

    /**
     * The connection's limit as it is now, of its class (normal, or pubsub while it is subscribed):
     * CONFIG SET applies to every connection at once.
     */
    OutputLimits.Limit limit() {
        OutputLimits limits = loop.config.outputLimits();
        return connection.subscriber ? limits.pubsub() : limits.normal();
    }

    /** After a flush: below the soft limit, its clock starts again. */
    void drained(int pending) {
        if (pending <= limit().softBytes()) {
            softLimitSince = -1;
        }
    }

    @Override
    public boolean allowPending(long pending) {
        OutputLimits.Limit limit = limit();
        if (limit.hardBytes() > 0 && pending > limit.hardBytes()) {
            return refuse("hard", pending);
        }
        if (limit.softBytes() > 0 && pending > limit.softBytes()) {
            long now = loop.now();
            if (softLimitSince < 0) {
                softLimitSince = now;
            } else if (now - softLimitSince >= limit.softSeconds() * 1_000_000_000L) {
                return refuse("soft", pending);
            }
        }
        return true;
    }

    @Override
    public boolean allowGrowth(long fromBytes, long toBytes) {
        return loop.outputTotal.allowGrowth(connection, toBytes) || refuse("total", toBytes);
    }

    @Override
    public void resized(boolean grew) {
        if (grew) {
            loop.replyBufferExpands++;
        } else {
            loop.replyBufferShrinks++;
        }
    }

    @Override
    public void released(long bytes) {
        loop.outputTotal.released(bytes);
    }

    /**
     * Over a limit: Redis's words (closeClientOnOutputBufferLimitReached), then the connection closes
     * at the end of this step ({@link NioConnection#flushNow}); every write until then is dropped.
     */
    private boolean refuse(String which, long bytes) {
        OutputLimits.logClosing(connection, which, bytes);
        connection.flush();
        return false;
    }
}
