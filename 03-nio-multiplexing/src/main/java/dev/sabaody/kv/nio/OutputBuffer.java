package dev.sabaody.kv.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * A connection's pending output: replies are encoded straight into it, and the loop writes it to the
 * socket, resuming where a partial write stopped.
 *
 * <p>It allocates nothing until the first write, grows on demand, and gives back an array larger
 * than {@link #KEEP_BYTES} once everything is sent, so one huge reply does not pin its memory to the
 * connection for life (Redis shrinks reply buffers in
 * {@code clientsCronResizeOutputBuffer} for the same reason). The loop watches {@link #pending()}
 * against the connection's output limit, so a client that never reads is closed instead of making
 * the server buffer without end (Redis's {@code client-output-buffer-limit}).
 *
 * <p>A connection's buffer borrows its first array from the loop's {@link OutputArrays} and returns
 * it once everything is sent, so an idle connection holds no output array at all; a buffer that had
 * to grow past that size keeps its larger array, up to {@link #KEEP_BYTES}, as before.
 *
 * <p>The bytes live in a heap array: encoders write to it with plain array stores and no bounds
 * juggling of a {@link ByteBuffer}. The JDK copies heap bytes into a cached direct buffer on write;
 * that copy is one {@code memcpy} per flush, measured in module 03's README, and cheaper than
 * growing direct buffers.
 *
 * <p>Writers never see an exception for size: the buffer grows and the loop enforces the limit.
 * Not thread-safe: owned by the connection's loop.
 */
public final class OutputBuffer {

    static final int INITIAL_BYTES = 1024;
    /** The largest array kept once drained: reused by the next replies without allocating. */
    static final int KEEP_BYTES = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];
    /** Enough for the digits of Long.MIN_VALUE. */
    private static final int MAX_LONG_CHARS = 20;

    /** Where the first array comes from and goes back to once drained; null: allocate and keep it. */
    private final OutputArrays pool;
    private byte[] bytes = EMPTY;
    /**
     * {@link #bytes} as a ByteBuffer for the channel, made once per array and not once per write;
     * null until the first write of an array that did not come with one from the pool.
     */
    private ByteBuffer view;
    /** Bytes before this index have been sent. */
    private int readIndex;
    /** Bytes before this index have been written by the protocol. */
    private int writeIndex;

    /** A buffer of its own, for replies collected to be handed elsewhere. */
    public OutputBuffer() {
        this(null);
    }

    /** A connection's buffer, borrowing its arrays from its loop's {@code pool}. */
    OutputBuffer(OutputArrays pool) {
        this.pool = pool;
    }

    public OutputBuffer write(byte b) {
        ensure(1);
        bytes[writeIndex++] = b;
        return this;
    }

    public OutputBuffer write(byte[] src) {
        return write(src, 0, src.length);
    }

    public OutputBuffer write(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, bytes, writeIndex, length);
        writeIndex += length;
        return this;
    }

    /** Writes the remaining bytes of {@code src}, leaving its position unchanged. */
    public OutputBuffer write(ByteBuffer src) {
        int length = src.remaining();
        ensure(length);
        src.get(src.position(), bytes, writeIndex, length);
        writeIndex += length;
        return this;
    }

    /** Writes the characters of {@code text}, each as one byte: for protocol words that are ASCII. */
    public OutputBuffer writeAscii(CharSequence text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[writeIndex++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Writes {@code value} in decimal, without allocating. */
    public OutputBuffer writeDecimal(long value) {
        ensure(MAX_LONG_CHARS);
        if (value == Long.MIN_VALUE) {
            return writeAscii("-9223372036854775808");
        }
        if (value < 0) {
            bytes[writeIndex++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = writeIndex + digits;
        for (int i = end - 1; i >= writeIndex; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        writeIndex = end;
        return this;
    }

    /**
     * Writes bytes {@code from} to {@code to} of what {@code src} holds pending (0 is its first
     * unsent byte), leaving {@code src} unchanged: replies collected elsewhere, passed on in order.
     */
    public OutputBuffer write(OutputBuffer src, int from, int to) {
        return write(src.bytes, src.readIndex + from, to - from);
    }

    /** Bytes written and not yet sent. */
    public int pending() {
        return writeIndex - readIndex;
    }

    /** Drops everything not yet sent, and the array with it. */
    public void clear() {
        readIndex = 0;
        writeIndex = 0;
        release();
        bytes = EMPTY;
        view = null;
    }

    /** The size of the array held now, for tests and memory accounting. */
    int capacity() {
        return bytes.length;
    }

    /**
     * Writes as much as the channel takes. Returns the bytes written; what is left stays for the next
     * call (the loop then waits for OP_WRITE).
     */
    public int drainTo(WritableByteChannel channel) throws IOException {
        return drainTo(channel, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #drainTo(WritableByteChannel)}, offering the channel at most {@code maxBytes}. The
     * loop caps each write: the JDK stages a heap buffer through a temporary direct buffer as large as
     * what is offered, and the kernel takes only what fits its send buffer anyway.
     */
    public int drainTo(WritableByteChannel channel, int maxBytes) throws IOException {
        if (view == null) {
            view = ByteBuffer.wrap(bytes);
        }
        view.limit(readIndex + Math.min(pending(), maxBytes)).position(readIndex);
        int written = channel.write(view);
        readIndex += written;
        if (readIndex == writeIndex) {
            readIndex = 0;
            writeIndex = 0;
            if (release() || bytes.length > KEEP_BYTES) {
                bytes = EMPTY;
                view = null;
            }
        }
        return written;
    }

    /** A copy of the pending bytes, for tests and for handing a reply to another thread. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(bytes, readIndex, writeIndex);
    }

    /**
     * Drops the pending bytes but keeps the array (up to {@link #KEEP_BYTES}) for the next writes:
     * for a buffer that collects replies, passes them on, and starts again.
     */
    public void discard() {
        readIndex = 0;
        writeIndex = 0;
        if (bytes.length > KEEP_BYTES) {
            bytes = EMPTY;
            view = null;
        }
    }

    /** Gives a pooled-size array back to the pool; true if it did (the caller then lets go of it). */
    private boolean release() {
        if (pool != null && bytes.length == INITIAL_BYTES) {
            pool.give(view != null ? view : ByteBuffer.wrap(bytes));
            return true;
        }
        return false;
    }

    private void ensure(int more) {
        if (writeIndex + more <= bytes.length) {
            return;
        }
        if (bytes == EMPTY && pool != null && more <= INITIAL_BYTES) {
            view = pool.take();
            bytes = view.array();
            return;
        }
        if (readIndex > 0) { // slide the unsent bytes to the front before growing
            System.arraycopy(bytes, readIndex, bytes, 0, pending());
            writeIndex -= readIndex;
            readIndex = 0;
            if (writeIndex + more <= bytes.length) {
                return;
            }
        }
        byte[] grown = Arrays.copyOf(bytes, Math.max(Math.max(INITIAL_BYTES, bytes.length * 2), writeIndex + more));
        release();
        bytes = grown;
        view = null;
    }
}
