package dev.sabaody.kv.nio;

import java.util.Set;

/**
 * One loop's share of the output the whole server may hold ({@link OutputLimits#totalBytes}, split
 * evenly between the loops), and the bytes of output arrays its connections hold now (pooled arrays
 * aside: every idle connection may hold one). Loop thread only.
 *
 * <p>When an array would grow past the share, the connection holding the most output is closed: it
 * is nearly always the one growing (a client that asks and never reads), and if it is not, the one
 * that is has to wait for nobody. A connection flagged CLIENT NO-EVICT is never chosen for another;
 * growing past the share itself, it is refused all the same (the heap bounds every client). Scanning the loop's connections costs O(n), once, when the share is
 * crossed, which a well-behaved server never does.
 */
final class OutputTotal {

    private final NioServer.Config config;
    private final Set<NioConnection> connections;
    private final EventLoop loop;
    private long held;

    OutputTotal(EventLoop loop, NioServer.Config config, Set<NioConnection> connections) {
        this.loop = loop;
        this.config = config;
        this.connections = connections;
    }

    /** {@code growing}'s output array would grow to {@code toBytes}: false when it must be refused. */
    boolean allowGrowth(NioConnection growing, long toBytes) {
        long share = Math.max(1, config.outputLimits().totalBytes() / config.loops());
        if (held + toBytes > share) {
            NioConnection largest = growing;
            for (NioConnection c : connections) {
                if (!c.noEvict && c.outputCapacity() > largest.outputCapacity()) {
                    largest = c;
                }
            }
            loop.evictedClients++; // the largest goes, the growing one itself or another: evicted either way
            if (largest == growing) {
                return false;
            }
            largest.closeForOutputTotal();
        }
        held += toBytes;
        return true;
    }

    void released(long bytes) {
        held -= bytes;
    }
}
