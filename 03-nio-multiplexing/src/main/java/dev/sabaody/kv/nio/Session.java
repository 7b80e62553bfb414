package dev.sabaody.kv.nio;

import java.nio.ByteBuffer;

/**
 * One connection's protocol state: the half-parsed request, the negotiated protocol version, the
 * selected database. All its methods run on the connection's loop thread, so it needs no locks.
 */
public interface Session {

    /**
     * Bytes have arrived. {@code input} is in read mode: the bytes from its position to its limit
     * have not been consumed yet, oldest first. Consume every complete request (advance the position
     * past it) and write its reply to {@link Connection#output()}. Leave the bytes of an incomplete
     * request unconsumed: the loop keeps them, compacts the buffer, and calls again when more arrive.
     * "Need more bytes" is therefore a normal return, never an exception.
     *
     * <p>The loop flushes the output once this returns (one write for all the replies of a read),
     * and closes the connection if its input buffer is full and nothing was consumed (a request
     * larger than the input limit).
     *
     * <p>{@code input} is a heap buffer ({@code input.array()} is available, offset by
     * {@code arrayOffset()}) and is valid only during this call: the loop lends its read buffer to
     * every connection in turn and compacts a connection's own buffer afterwards, so a session copies
     * whatever it keeps (or hands to another loop). A session that wants to stop early (to park the
     * connection while another loop works, or to yield after a bounded amount of work) calls
     * {@link Connection#pauseReading()}, leaves the rest unconsumed, and later calls
     * {@link Connection#resumeReading()}: the rest is offered again on a later turn.
     */
    void onInput(ByteBuffer input);

    /** The connection has closed, for whatever reason; release what the session holds. */
    default void onClose() {
    }
}
