package dev.sabaody.kv.nio;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * An event loop's spare output arrays, each {@link OutputBuffer#INITIAL_BYTES} long. A connection
 * takes one for its first reply of a turn and gives it back as soon as the socket has taken every
 * byte, so an idle connection holds no output array, just as it holds no input buffer (the loop's
 * shared read buffer). At 10,000 connections that is 10 MB less to keep, and, what mattered more,
 * 10 MB less for the young collector to copy while the connections are new: G1's pauses after a
 * ramp of 10,000 clients were proportional to the bytes those clients kept.
 *
 * <p>A pool and not a fresh array per reply, because a loop answering a million pipelined commands a
 * second flushes tens of thousands of times a second: taking and giving back is a deque operation
 * each, where a fresh kilobyte is an allocation and a zeroing. Only a handful are in use at once
 * (the connections with output not yet sent), so the pool stays small; it keeps at most
 * {@link #MAX_SPARE} and lets the rest go. Loop thread only, like the buffers that use it.
 */
final class OutputArrays {

    /** Spare arrays kept at most: 256 KiB a loop. */
    static final int MAX_SPARE = 256;

    private final ArrayDeque<ByteBuffer> spare = new ArrayDeque<>();

    /**
     * A spare array, or a new one, wrapped in the ByteBuffer the channel writes from: array and
     * wrapper travel together, so a flush allocates neither.
     */
    ByteBuffer take() {
        ByteBuffer array = spare.pollFirst();
        return array != null ? array : ByteBuffer.allocate(OutputBuffer.INITIAL_BYTES);
    }

    /** Takes back an array of {@link OutputBuffer#INITIAL_BYTES} that nobody uses any more. */
    void give(ByteBuffer array) {
        if (spare.size() < MAX_SPARE) {
            spare.addFirst(array); // the warmest first: it is likelier to still be in a cache
        }
    }

    /** Spare arrays held now (tests). */
    int spare() {
        return spare.size();
    }
}
