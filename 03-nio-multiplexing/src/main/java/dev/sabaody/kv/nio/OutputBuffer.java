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
 * {@code clientsCronResizeOutputBuffer} for the same reason).
 *
 * <p>A connection's buffer has a {@link Limit}, asked as replies are written, not when they are
 * sent: once more than {@link #watchAbove} bytes are pending, every write asks it first, and every
 * growth of the array asks it too. A client that never reads is refused there, near its limit,
 * instead of after a whole pipeline of replies has been encoded (Redis checks its
 * {@code client-output-buffer-limit} in {@code _addReplyToBufferOrList}, reply by reply, for the
 * same reason). Once refused, the buffer drops every write: a reply that would cross the limit is
 * never copied in, and the connection closes at the end of its step.
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
 * <p>Its resizes are counted as Redis counts its reply buffer's (INFO {@code reply_buffer_expands},
 * {@code reply_buffer_shrinks}): a growth of the array is an expansion, and letting go of an array
 * larger than {@link #KEEP_BYTES} once everything is sent a shrink (the next reply starts again from
 * a pooled array). Redis resizes its fixed buffer from its peak use in clientsCron instead; the
 * pooled arrays stand for that buffer, so taking and returning one is not a resize.
 *
 * <p>Writers never see an exception for size: the buffer grows, or refuses and drops. Not
 * thread-safe: owned by the connection's loop.
 */
public final class OutputBuffer {

    /** What a buffer asks before it holds more: a connection's, answered on the connection's loop. */
    interface Limit {
        /** {@code pending} bytes would be unsent after this write: may they? */
        boolean allowPending(long pending);

        /** The array would grow from {@code fromBytes} to {@code toBytes}: may it? */
        boolean allowGrowth(long fromBytes, long toBytes);

        /** An array of {@code bytes} was let go (sent, cleared or dropped after growing). */
        void released(long bytes);

        /**
         * The array grew ({@code grew}), or one larger than {@link #KEEP_BYTES} was let go once sent:
         * the resizes Redis counts as reply_buffer_expands and reply_buffer_shrinks.
         */
        default void resized(boolean grew) {
        }
    }

    static final int INITIAL_BYTES = 1024;
    /** The largest array kept once drained: reused by the next replies without allocating. */
    static final int KEEP_BYTES = 64 * 1024;
    private static final byte[] EMPTY = new byte[0];

    /** Where the first array comes from and goes back to once drained; null: allocate and keep it. */
    private final OutputArrays pool;
    /** Asked before holding more; null for a buffer that is not a connection's. */
    private final Limit limit;
    /** Above this many pending bytes every write asks {@link #limit}; Long.MAX_VALUE: never. */
    private long watchAbove = Long.MAX_VALUE;
    /**
     * How Redis would hold the pending bytes (CLIENT LIST's obl, oll, omem); null for a buffer that
     * is not a connection's.
     */
    private final ReplyBlocks blocks;
    /**
     * Above this many pending bytes a write takes the slow path: the least of {@link #watchAbove}
     * and the room {@link #blocks} lets go unrecorded.
     */
    private long fastAbove = Long.MAX_VALUE;
    /** For a collecting buffer ({@link #refusingAbove}): the most it may hold, read again at each {@link #discard}. */
    private final java.util.function.LongSupplier cap;
    /** The limit said no: every later write is dropped. */
    private boolean refusing;
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
        this(null, null);
    }

    /** A connection's buffer, borrowing its arrays from its loop's {@code pool}, held to {@code limit}. */
    OutputBuffer(OutputArrays pool, Limit limit) {
        this(pool, limit, null);
    }

    private OutputBuffer(OutputArrays pool, Limit limit, java.util.function.LongSupplier cap) {
        this.pool = pool;
        this.limit = limit;
        this.cap = cap;
        this.blocks = cap == null && (pool != null || limit != null) ? new ReplyBlocks() : null;
        if (cap != null) {
            watchAbove = cap.getAsLong();
        }
        refreshFastAbove();
    }

    /** Recomputes {@link #fastAbove} after {@link #watchAbove} or the blocks changed. */
    private void refreshFastAbove() {
        fastAbove = blocks == null ? watchAbove : Math.min(watchAbove, blocks.fastRoom());
    }

    /** CLIENT LIST's obl: where Redis's fixed reply buffer would be written up to (bytes). */
    public long replyBufferPosition() {
        return blocks == null ? Math.min(pending(), ReplyBlocks.PROTO_REPLY_CHUNK_BYTES) : blocks.bufferPosition(pending());
    }

    /** The model of Redis's reply buffer and list, or null (tests). */
    ReplyBlocks replyBlocks() {
        return blocks;
    }

    /** CLIENT LIST's oll: the blocks of Redis's reply list the pending bytes would take. */
    public int replyListBlocks() {
        return blocks == null ? 0 : blocks.blocks();
    }

    /** CLIENT LIST's omem: those blocks' bytes, as getClientOutputBufferMemoryUsage counts them. */
    public long replyListBytes() {
        return blocks == null ? 0 : blocks.blockBytes();
    }

    /**
     * A buffer for replies collected away from their connection (final-server: a batch run by another
     * shard), refusing once more than {@code cap} bytes are pending, so that a pipeline asking for
     * more output than its connection may hold is stopped here too. Reused after {@link #discard},
     * which reads the cap again and lifts a refusal.
     */
    public static OutputBuffer refusingAbove(java.util.function.LongSupplier cap) {
        return new OutputBuffer(null, CAPPED, cap);
    }

    /** The limit of a {@link #refusingAbove} buffer: the cap is its watched size, so above it, no. */
    private static final Limit CAPPED = new Limit() {
        @Override
        public boolean allowPending(long pending) {
            return false;
        }

        @Override
        public boolean allowGrowth(long fromBytes, long toBytes) {
            return true;
        }

        @Override
        public void released(long bytes) {
        }
    };

    /** From now on, a write that would leave more than {@code bytes} pending asks the limit first. */
    void watchAbove(long bytes) {
        if (!refusing) {
            watchAbove = bytes;
            refreshFastAbove();
        }
    }

    /** Whether the limit has refused this buffer: what is written is dropped, and its connection closes. */
    public boolean refusing() {
        return refusing;
    }

    public OutputBuffer write(byte b) {
        if (ensure(1)) {
            bytes[writeIndex++] = b;
        }
        return this;
    }

    public OutputBuffer write(byte[] src) {
        return write(src, 0, src.length);
    }

    public OutputBuffer write(byte[] src, int offset, int length) {
        if (ensure(length)) {
            System.arraycopy(src, offset, bytes, writeIndex, length);
            writeIndex += length;
        }
        return this;
    }

    /** Writes the remaining bytes of {@code src}, leaving its position unchanged. */
    public OutputBuffer write(ByteBuffer src) {
        int length = src.remaining();
        if (ensure(length)) {
            src.get(src.position(), bytes, writeIndex, length);
            writeIndex += length;
        }
        return this;
    }

    /** Writes the characters of {@code text}, each as one byte: for protocol words that are ASCII. */
    public OutputBuffer writeAscii(CharSequence text) {
        int length = text.length();
        if (!ensure(length)) {
            return this;
        }
        for (int i = 0; i < length; i++) {
            bytes[writeIndex++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Writes {@code value} in decimal, without allocating. */
    public OutputBuffer writeDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            return writeAscii("-9223372036854775808");
        }
        int digits = 1;
        for (long v = Math.abs(value); v >= 10; v /= 10) {
            digits++;
        }
        // the exact length: the reply blocks count what each write adds
        if (!ensure(value < 0 ? digits + 1 : digits)) {
            return this;
        }
        if (value < 0) {
            bytes[writeIndex++] = '-';
            value = -value;
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

    /**
     * Drops what was written after the first {@code pending} bytes still pending: a reply the client
     * asked not to get (CLIENT REPLY OFF|SKIP) is taken back before it leaves.
     */
    public void truncate(int pending) {
        if (pending >= 0 && readIndex + pending <= writeIndex) {
            if (blocks != null) {
                blocks.truncated(pending() - pending, pending);
                refreshFastAbove();
            }
            writeIndex = readIndex + pending;
        }
    }

    /** Bytes written and not yet sent. */
    public int pending() {
        return writeIndex - readIndex;
    }

    /** Drops everything not yet sent, and the array with it. A refusing buffer stays refusing. */
    public void clear() {
        readIndex = 0;
        writeIndex = 0;
        if (blocks != null) {
            blocks.clear();
            refreshFastAbove();
        }
        letGo();
    }

    /** The size of the array held now: CLIENT LIST's rbs, tests, memory accounting. */
    public int capacity() {
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
        if (blocks != null && written > 0) {
            blocks.sent(written, pending());
            refreshFastAbove();
        }
        readIndex += written;
        if (readIndex == writeIndex) {
            readIndex = 0;
            writeIndex = 0;
            if (bytes.length > KEEP_BYTES) {
                if (limit != null) {
                    limit.resized(false);
                }
                letGo();
            } else if (pool != null && bytes.length == INITIAL_BYTES) {
                letGo();
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
            letGo();
        }
        if (cap != null) {
            refusing = false;
            watchAbove = cap.getAsLong();
            refreshFastAbove();
        }
    }

    /** Lets go of the array: back to the pool if it came from there, else to the collector. */
    private void letGo() {
        if (!release() && limit != null && bytes.length > 0) {
            limit.released(bytes.length);
        }
        bytes = EMPTY;
        view = null;
    }

    /** Gives a pooled-size array back to the pool; true if it did (the caller then lets go of it). */
    private boolean release() {
        if (pool != null && bytes.length == INITIAL_BYTES) {
            pool.give(view != null ? view : ByteBuffer.wrap(bytes));
            return true;
        }
        return false;
    }

    /**
     * Makes room for {@code more} bytes; false when the limit refuses them (they must then be
     * dropped). The common case is two comparisons.
     */
    private boolean ensure(int more) {
        if (writeIndex + more <= bytes.length && (long) pending() + more <= fastAbove) {
            return true;
        }
        if (!makeRoom(more)) {
            return false;
        }
        if (blocks != null) {
            blocks.wrote(more, pending());
            refreshFastAbove();
        }
        return true;
    }

    /**
     * Refuses from now on, as when the limit says no: every write is dropped, and a connection's buffer
     * closes its connection. For replies refused before they reached it (another shard's batch).
     */
    public boolean refuse() {
        refusing = true;
        watchAbove = -1;
        fastAbove = -1;
        return false;
    }

    private boolean makeRoom(int more) {
        if (refusing) {
            return false;
        }
        if (limit != null && (long) pending() + more > watchAbove && !limit.allowPending((long) pending() + more)) {
            return refuse();
        }
        if (writeIndex + more <= bytes.length) {
            return true;
        }
        if (bytes == EMPTY && pool != null && more <= INITIAL_BYTES) {
            view = pool.take();
            bytes = view.array();
            return true;
        }
        if (readIndex > 0) { // slide the unsent bytes to the front before growing
            System.arraycopy(bytes, readIndex, bytes, 0, pending());
            writeIndex -= readIndex;
            readIndex = 0;
            if (writeIndex + more <= bytes.length) {
                return true;
            }
        }
        int size = Math.max(Math.max(INITIAL_BYTES, bytes.length * 2), writeIndex + more);
        if (limit != null && !limit.allowGrowth(bytes.length, size)) {
            return refuse();
        }
        byte[] grown = Arrays.copyOf(bytes, size);
        if (!release() && limit != null && bytes.length > 0) {
            limit.released(bytes.length);
        }
        bytes = grown;
        view = null;
        if (limit != null) {
            limit.resized(true);
        }
        return true;
    }
}
