package dev.sabaody.kv.nio;

/**
 * How much unsent output connections may hold, shared by every loop of a server and changeable while
 * it runs (CONFIG SET reaches every connection at once: each reads these at its next reply).
 *
 * <ul>
 *   <li><b>Per connection</b>, Redis's {@code client-output-buffer-limit}: a hard limit, and a soft
 *       limit that may be exceeded for at most some seconds. Redis's default for normal clients is no
 *       limit at all ({@code normal 0 0 0}).
 *   <li><b>Per server</b>, beyond Redis: the arrays that hold output, summed over every connection,
 *       at most {@link #totalBytes()}, split evenly between the loops. With Redis's defaults one
 *       client that sends and never reads can make Redis buffer replies until the machine runs out of
 *       memory; here the loop refuses the growth that would cross its share, and closes whichever of
 *       its connections holds the most output (usually that very client), so a careless client cannot
 *       starve the rest. A JVM has a fixed heap, which makes the bound necessary, not just prudent.
 * </ul>
 *
 * Checked as replies are written ({@link OutputBuffer.Limit}), so a client is closed near its limit,
 * not after a whole pipeline of replies has been encoded.
 */
public final class OutputLimits {

    /**
     * One class of clients' limit, as {@code client-output-buffer-limit normal 0 0 0} says it.
     *
     * @param hardBytes   closed as soon as more is pending; 0: no hard limit
     * @param softBytes   closed once more has been pending for {@code softSeconds}; 0: no soft limit
     * @param softSeconds how long the soft limit may be exceeded
     */
    public record Limit(long hardBytes, long softBytes, long softSeconds) {
        /** Redis's {@code normal 0 0 0}. */
        public static final Limit NONE = new Limit(0, 0, 0);

        public Limit {
            if (hardBytes < 0 || softBytes < 0 || softSeconds < 0) {
                throw new IllegalArgumentException("limits must not be negative");
            }
        }

        /** Pending bytes above which a write must ask this limit; Long.MAX_VALUE when there is none. */
        long watchAbove() {
            long watch = Long.MAX_VALUE;
            if (hardBytes > 0) {
                watch = hardBytes;
            }
            if (softBytes > 0) {
                watch = Math.min(watch, softBytes);
            }
            return watch;
        }
    }

    /** Redis's words when it closes such a client (networking.c closeClientOnOutputBufferLimitReached). */
    public static void logClosing(Object client, String which, long bytes) {
        dev.sabaody.kv.blocking.Log.warn("Client %s scheduled to be closed ASAP for overcoming of output buffer "
                + "limits (%s limit, %d bytes).", client, which, bytes);
    }

    /** Redis's default for clients subscribed to channels: {@code pubsub 32mb 8mb 60} (config.c). */
    public static final Limit PUBSUB_DEFAULT = new Limit(32L << 20, 8L << 20, 60);

    private volatile Limit normal;
    private volatile Limit pubsub = PUBSUB_DEFAULT;
    private volatile long totalBytes;

    public OutputLimits(Limit normal, long totalBytes) {
        setNormal(normal);
        setTotalBytes(totalBytes);
    }

    public OutputLimits(Limit normal, Limit pubsub, long totalBytes) {
        this(normal, totalBytes);
        setPubsub(pubsub);
    }

    /** No limit per connection; in total, half of what the heap may grow to. */
    public static OutputLimits defaults() {
        return new OutputLimits(Limit.NONE, Runtime.getRuntime().maxMemory() / 2);
    }

    /** The limit of clients subscribed to a channel, a pattern or a shard channel. */
    public Limit pubsub() {
        return pubsub;
    }

    public void setPubsub(Limit limit) {
        pubsub = java.util.Objects.requireNonNull(limit);
    }

    /** The limit of normal clients: every client not subscribed to anything. */
    public Limit normal() {
        return normal;
    }

    public void setNormal(Limit limit) {
        normal = java.util.Objects.requireNonNull(limit);
    }

    /**
     * The most output one connection may be owed at once: its hard limit, or else its loop's share of
     * the total. What a batch of its commands run by another shard may collect.
     */
    public long perConnectionCap(int loops) {
        Limit limit = normal;
        long share = Math.max(1, totalBytes / loops);
        return limit.hardBytes() > 0 ? Math.min(limit.hardBytes(), share) : share;
    }

    /** The most output the server holds over all its connections. */
    public long totalBytes() {
        return totalBytes;
    }

    public void setTotalBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("the total output limit must be positive");
        }
        totalBytes = bytes;
    }
}
