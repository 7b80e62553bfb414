package dev.sabaody.kv.nio;

import dev.sabaody.kv.blocking.Log;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One client on an event loop: its socket, its input bytes not yet consumed, its pending output, and
 * the few states a non-blocking connection moves through.
 *
 * <p>Input. A read goes into the loop's shared buffer; the {@link Session} consumes the complete
 * requests; only if bytes are left (an incomplete request, or reading paused mid-pipeline) does the
 * connection copy them into a buffer of its own, which it reads into next time, growing it by
 * doubling up to the input limit, and drops as soon as it is empty again. An idle connection
 * therefore costs no input buffer. A buffer full to the limit with nothing consumed means a request
 * larger than the limit: the connection is closed (Redis's {@code client-query-buffer-limit}).
 *
 * <p>Output. Replies accumulate in the {@link OutputBuffer} and are written once per turn. What the
 * socket does not take waits for OP_WRITE, which is registered only while output is pending:
 * epoll is level-triggered and a socket with room in its send buffer is writable nearly always, so
 * a permanent OP_WRITE would wake the loop on every turn for nothing. The output limits
 * ({@link OutputLimits}: {@code client-output-buffer-limit}, and the loop's share of the server's
 * total) are asked as replies are written: a client that sends and never reads is refused near its
 * limit, and its connection, and nobody else's, is closed at the end of the step.
 *
 * <p>Endings. End of stream, "Connection reset by peer", "Broken pipe", limits, idle timeout,
 * {@link #close()}: each goes through {@link #close()}, which frees the socket, the buffers and the
 * idle timer at once and tells the session exactly once. If the session itself closes the connection
 * from inside {@code onInput}, {@code onClose} waits until {@code onInput} has returned, so a session
 * never sees its own close re-entrantly.
 */
final class NioConnection implements Connection, EventLoop.Ready {

    /**
     * Bytes offered to one write, at most: Redis's NET_MAX_WRITES_PER_EVENT (64 KiB, server.h). It
     * bounds the JDK's staging copy (a temporary direct buffer as large as what is offered).
     */
    static final int NET_MAX_WRITES_PER_EVENT = 64 * 1024;
    /** Bytes one connection may write in one turn of its loop, in writes of the size above. */
    static final int MAX_WRITTEN_PER_TURN = 16 * NET_MAX_WRITES_PER_EVENT;
    /**
     * A connection holding more than this of one request is receiving a large value (Redis's
     * PROTO_MBULK_BIG_ARG, 32 KiB, server.h)...
     */
    static final int BIG_REQUEST_BYTES = 32 * 1024;
    /**
     * ...and reads it this much at a time. Bounded, because the JDK reads into a heap buffer through
     * a temporary direct buffer as large as the room offered, and keeps it cached per thread.
     */
    static final int BIG_READ_BYTES = 256 * 1024;

    private final EventLoop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final long id;
    private final SocketAddress remoteAddress;
    private final OutputBuffer output;
    private Session session;
    /** Unconsumed input, in write mode (bytes [0, position) are pending); null when there is none. */
    private ByteBuffer input;
    /** The interest ops last given to the key: changing them costs an epoll_ctl on the next select. */
    private int interest = SelectionKey.OP_READ;
    /**
     * Where the connection is in its life. It only moves forward: {@code OPEN → CLOSING → CLOSED →
     * ENDED}, CLOSING skipped when it closes at once.
     */
    private enum State {
        /** Reading and writing. */
        OPEN,
        /** {@link #closeAfterFlush}: nothing more is read; it closes once its output is sent. */
        CLOSING,
        /** The socket is closed; the session is told as soon as it is not inside {@code onInput}. */
        CLOSED,
        /** The session has been told ({@code onClose}, exactly once). */
        ENDED
    }

    private State state = State.OPEN;
    /** The session asked not to be given input for now (a reply awaited elsewhere); independent of the state. */
    private boolean readingPaused;
    /** Queued to be flushed, or re-offered its kept input, at the end of this turn: one entry per queue. */
    boolean flushQueued;
    /** Whether the output waits for the loop's {@link OutputBarrier}, and for which position. */
    boolean held;
    long holdUntil = Long.MIN_VALUE;
    private boolean reofferQueued;
    /** Inside session.onInput: a close waits for it to return before telling the session. */
    private boolean inSession;
    /** resumeReading was called inside session.onInput. */
    private boolean resumedInSession;
    /** Bytes of input moved from one place to another so far: what makes a large upload linear or not (tests). */
    private long inputBytesCopied;
    /** Held to the pubsub class's output limit rather than the normal one ({@link #setSubscriber}). */
    boolean subscriber;
    /** CLIENT NO-EVICT: never the one closed for the clients' total ({@link OutputTotal}). */
    volatile boolean noEvict; // set by CLIENT NO-EVICT, which may run on another loop
    /** What the output buffer asks before it holds more: the output limits. */
    private final OutputGuard outputGuard;
    /** When the client last read or wrote, on the loop's clock: what the idle timeout measures. */
    private long lastActivity;
    private EventLoop.Timer idleTimer;

    NioConnection(EventLoop loop, SocketChannel channel, long id) throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.id = id;
        this.remoteAddress = channel.getRemoteAddress();
        this.outputGuard = new OutputGuard(this, loop);
        this.output = new OutputBuffer(loop.outputArrays, outputGuard);
        output.watchAbove(outputGuard.limit().watchAbove());
        this.key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
        this.lastActivity = loop.now();
    }

    void open(Protocol protocol) {
        armIdleTimer();
        try {
            session = protocol.open(this);
        } catch (RuntimeException e) {
            Log.warn("connection %d: protocol refused it: %s", id, e);
            close();
        }
    }

    // ------------------------------------------------------------------ Connection

    @Override
    public long id() {
        return id;
    }

    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (java.io.IOException e) {
            return null; // closed
        }
    }

    @Override
    public int inputPending() {
        ByteBuffer in = input;
        return in == null ? 0 : in.position();
    }

    @Override
    public int inputFree() {
        ByteBuffer in = input;
        return in == null ? 0 : in.capacity() - in.position();
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public OutputBuffer output() {
        return output;
    }

    @Override
    public void flush() {
        assert loop.inLoop();
        if (!closed() && !flushQueued) {
            flushQueued = true;
            loop.flushAtEndOfTurn(this);
        }
    }

    @Override
    public void refusedElsewhere(long bytes) {
        OutputLimits.Limit limit = outputGuard.limit();
        long share = Math.max(1, loop.config.outputLimits().totalBytes() / loop.config.loops());
        if (limit.hardBytes() <= 0 || limit.hardBytes() > share) { // the cap was the share of the total
            loop.evictedClients++;
        }
        OutputLimits.logClosing(this, "another shard's replies", bytes);
        output().refuse();
    }

    @Override
    public void setNoEvict(boolean exempt) {
        this.noEvict = exempt;
    }

    @Override
    public void setSubscriber(boolean subscriber) {
        assert loop.inLoop();
        this.subscriber = subscriber;
        output.watchAbove(outputGuard.limit().watchAbove());
    }

    @Override
    public void pauseReading() {
        assert loop.inLoop();
        readingPaused = true;
        updateInterest();
    }

    @Override
    public void resumeReading() {
        assert loop.inLoop();
        if (!readingPaused || closed()) {
            return;
        }
        readingPaused = false;
        updateInterest();
        if (inSession) {
            resumedInSession = true; // what the session leaves is kept once it returns: see offer
            return;
        }
        reofferKept();
    }

    /** Queues the bytes kept across a pause to be offered to the session again next turn. */
    private void reofferKept() {
        if (input != null && input.position() > 0 && !reofferQueued) {
            reofferQueued = true;
            loop.reofferNextTurn(this);
        }
    }

    @Override
    public void closeAfterFlush() {
        assert loop.inLoop();
        if (closed()) {
            return;
        }
        state = State.CLOSING;
        updateInterest();
        flush();
    }

    @Override
    public void close() {
        if (closed()) {
            return;
        }
        state = State.CLOSED;
        key.cancel();
        closeQuietly(channel);
        input = null;
        output.clear();
        if (idleTimer != null) {
            idleTimer.cancel();
        }
        loop.connectionClosed(this);
        if (!inSession) {
            tellSession();
        }
    }

    @Override
    public boolean isOpen() {
        return !closed();
    }

    @Override
    public boolean probe() {
        if (readingPaused && !closed() && state != State.CLOSING) {
            read(); // paused: into the connection's own buffer, never to the session
        }
        return !closed();
    }

    /** Whether a blocked step may read it: open, not paused, and not the one whose request is running. */
    boolean servableWhileBlocked() {
        return state == State.OPEN && !readingPaused && !inSession;
    }

    boolean inSession() {
        return inSession;
    }

    SocketChannel channel() {
        return channel;
    }

    @Override
    public Connection.Direct direct() {
        assert loop.inLoop();
        if (closed()) {
            return null;
        }
        Selector own;
        try {
            own = Selector.open(); // a channel may be registered with several selectors: the loop's is left alone
            channel.register(own, 0);
        } catch (IOException e) {
            return null;
        }
        Direct direct = new Direct(own);
        try {
            while (output.pending() > 0 && !held) {
                int n = output.drainTo(channel, NET_MAX_WRITES_PER_EVENT);
                loop.netOutputBytes += n;
                if (n == 0) {
                    direct.awaitWritable(DIRECT_SEND_TIMEOUT_MS);
                }
            }
            outputGuard.drained(output.pending());
        } catch (IOException e) {
            direct.close();
            close();
            return null;
        }
        return direct;
    }

    /** Redis's connSendTimeout for the debugging client (eval.c ldbStartSession): 5 s. */
    static final long DIRECT_SEND_TIMEOUT_MS = 5000;

    /** {@link Connection.Direct} over this socket: a selector of its own, for the waits. */
    private final class Direct implements Connection.Direct {
        private final Selector own;

        Direct(Selector own) {
            this.own = own;
        }

        @Override
        public int read(ByteBuffer into, long timeoutMillis) throws IOException {
            if (loop.stopping()) {
                return -1; // the server is going: as if the client had, so the holder lets go
            }
            int n = channel.read(into);
            if (n != 0) {
                return n;
            }
            SelectionKey k = channel.keyFor(own);
            k.interestOps(SelectionKey.OP_READ);
            own.select(Math.max(1, timeoutMillis));
            own.selectedKeys().clear();
            k.interestOps(0);
            n = channel.read(into);
            if (n > 0) {
                lastActivity = loop.now();
            }
            return n;
        }

        @Override
        public void write(ByteBuffer bytes, long timeoutMillis) throws IOException {
            while (bytes.hasRemaining()) {
                int n = channel.write(bytes);
                loop.netOutputBytes += n;
                if (n == 0) {
                    awaitWritable(timeoutMillis);
                }
            }
            lastActivity = loop.now();
        }

        void awaitWritable(long timeoutMillis) throws IOException {
            SelectionKey k = channel.keyFor(own);
            k.interestOps(SelectionKey.OP_WRITE);
            int ready = own.select(Math.max(1, timeoutMillis));
            own.selectedKeys().clear();
            k.interestOps(0);
            if (ready == 0) {
                throw new IOException("send timeout");
            }
        }

        @Override
        public void close() {
            try {
                own.close(); // deregisters the channel from it, and only from it
            } catch (IOException e) {
                Log.warn("connection %d: closing its own selector: %s", id, e);
            }
        }
    }

    /** The socket is closed (the session may not have been told yet). */
    private boolean closed() {
        return state.compareTo(State.CLOSED) >= 0;
    }

    @Override
    public String toString() {
        return "connection " + id + " " + remoteAddress;
    }

    // ------------------------------------------------------------------ the loop's side

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            flushNow();
        }
        if (!closed() && (readyOps & SelectionKey.OP_READ) != 0) {
            read();
        }
    }

    /**
     * One read of at most a buffer, then the session. While reading is paused the socket is still
     * read, into the connection's own buffer, and nothing is offered to the session: so a client
     * that goes away while paused (blocked in BLPOP, waiting for another shard) is seen to go, and
     * what it pipelined meanwhile waits for {@link #resumeReading}. Redis keeps reading blocked
     * clients for the same reason. The input limit still bounds what is kept.
     */
    private void read() {
        if (state == State.CLOSING) {
            return; // interest already dropped; the key was selected before that took effect
        }
        if (readingPaused && input == null) {
            input = ByteBuffer.allocate(EventLoop.PROTO_IOBUF_LEN);
        }
        ByteBuffer buffer = bufferToReadInto();
        if (readingPaused && !buffer.hasRemaining()) {
            updateInterest(); // full: stop reading until the session takes some
            return;
        }
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) { // "Connection reset by peer"
            close();
            return;
        }
        if (n < 0) {
            // FIN: the client closed or half-closed. Its requests were answered as they came; give
            // what the socket still takes one chance to leave (a half-closed client reads it), then go.
            flushNow();
            close();
            return;
        }
        if (n == 0) {
            return;
        }
        loop.netInputBytes += n;
        loop.readsProcessed++;
        lastActivity = loop.now();
        if (readingPaused) {
            updateInterest(); // kept in input for resumeReading; stop once the limit is reached
            return;
        }
        offer(buffer);
    }

    /** Offers the bytes kept across a pause to the session again. */
    void reoffer() {
        reofferQueued = false;
        if (!closed() && !readingPaused && input != null && input.position() > 0) {
            offer(input);
        }
    }

    /** Hands {@code buffer} (write mode) to the session, keeps what it leaves, queues the replies. */
    private void offer(ByteBuffer buffer) {
        buffer.flip();
        inSession = true;
        try {
            session.onInput(buffer);
        } catch (RuntimeException | OutOfMemoryError e) {
            Log.warn("%s: session failed, closing: %s", this, e);
            close();
        } finally {
            inSession = false;
        }
        if (closed()) {
            tellSession();
            return;
        }
        keepUnconsumed(buffer);
        if (resumedInSession) {
            // The session paused and resumed reading within this call (its deferred work finished at
            // once): the bytes it stopped before are waiting, and no later resume will offer them.
            resumedInSession = false;
            if (!readingPaused && !closed()) {
                reofferKept();
            }
        }
        if (output.pending() > 0) {
            flush();
        }
    }

    private void keepUnconsumed(ByteBuffer buffer) {
        int left = buffer.remaining();
        if (buffer == loop.sharedInput) {
            if (left > 0) {
                input = ByteBuffer.allocate(Math.max(left, EventLoop.PROTO_IOBUF_LEN)).put(buffer);
                inputBytesCopied += left;
            }
            buffer.clear();
        } else if (left == 0) {
            input = null; // back to the shared buffer: idle connections hold none
        } else if (buffer.position() == 0) {
            // Nothing consumed: the bytes are already at the front. compact() would copy all of them
            // anyway, on every read of a large request: quadratic time for a 100 MB value.
            buffer.position(buffer.limit()).limit(buffer.capacity());
        } else {
            buffer.compact();
            inputBytesCopied += left;
        }
        if (left >= loop.config.inputLimits().maxInputBytes() && !readingPaused) {
            Log.warn("%s: closing, request larger than the input limit of %d bytes (client-query-buffer-limit)",
                    this, loop.config.inputLimits().maxInputBytes());
            close();
        }
    }

    /**
     * The buffer for the next read, its limit set so the read asks for at most SHARED_READ_LEN bytes
     * (the loop's buffer) or PROTO_IOBUF_LEN more (the connection's own) and never takes the connection
     * past its input limit. Why cap a read even when the connection's
     * buffer has more room: the JDK reads into a heap buffer through a temporary direct buffer as large
     * as the room offered, and keeps it cached per thread; a large value then simply takes a few turns.
     */
    private ByteBuffer bufferToReadInto() {
        int max = loop.config.inputLimits().maxInputBytes();
        if (input == null) {
            ByteBuffer shared = loop.sharedInput;
            shared.clear();
            shared.limit(Math.min(shared.capacity(), max));
            return shared;
        }
        int held = input.position();
        if (input.capacity() - held < EventLoop.PROTO_IOBUF_LEN && input.capacity() < max) {
            int grown = (int) Math.min(max, Math.max(2L * input.capacity(), (long) held + EventLoop.PROTO_IOBUF_LEN));
            input = ByteBuffer.allocate(grown).put(input.flip());
            inputBytesCopied += held;
        }
        // A large request (a value of megabytes) is read in larger steps, as Redis reads a big bulk
        // argument in one go: a 16 KiB step would cost a system call and a parse attempt per 16 KiB.
        int step = input.capacity() > BIG_REQUEST_BYTES ? BIG_READ_BYTES : EventLoop.PROTO_IOBUF_LEN;
        input.limit((int) Math.min(Math.min(input.capacity(), max), (long) held + step));
        return input;
    }

    /** Writes what is pending, once; waits for OP_WRITE if the socket did not take it all. */
    void flushNow() {
        flushQueued = false;
        if (closed()) {
            return;
        }
        if (held) {
            updateInterest(); // waits for the log (OutputBarrier): only the loop's release writes it
            return;
        }
        if (output.refusing()) {
            close(); // over an output limit: what is pending is dropped, as Redis frees such a client
            return;
        }
        if (output.pending() > 0) {
            try {
                // Several writes while the socket takes them, up to a bound per turn: a large reply
                // leaves in few turns (Redis writes until the socket is full when maxmemory is 0),
                // and one client cannot keep the loop from the others for long.
                int written = 0;
                for (int n; written < MAX_WRITTEN_PER_TURN && output.pending() > 0
                        && (n = output.drainTo(channel, NET_MAX_WRITES_PER_EVENT)) > 0; ) {
                    written += n;
                }
                if (written > 0) {
                    lastActivity = loop.now();
                    loop.netOutputBytes += written;
                    loop.writesProcessed++;
                }
            } catch (IOException e) { // "Broken pipe", "Connection reset by peer"
                close();
                return;
            }
        }
        output.watchAbove(outputGuard.limit().watchAbove()); // a CONFIG SET since the last flush applies from now
        outputGuard.drained(output.pending());
        if (output.pending() == 0 && state == State.CLOSING) {
            close();
            return;
        }
        updateInterest();
    }

    /** Bytes of input this connection has copied so far (tests: a large upload costs linear time). */
    long inputBytesCopied() {
        return inputBytesCopied;
    }

    /** The output array this connection holds, for the loop's choice of whom to close. */
    int outputCapacity() {
        return output.capacity();
    }

    /**
     * Closed by the loop to keep its share of the total output limit: it held the most (Redis's
     * client eviction, counted as INFO's evicted_clients).
     */
    void closeForOutputTotal() {
        Log.warn("Client %s closed: it held the most output (%d bytes) when the server reached its total output"
                + " limit.", this, output.capacity());
        close();
    }

    private void updateInterest() {
        if (closed()) {
            return;
        }
        // Paused, it keeps reading (to see the client go) until it holds the input limit.
        boolean read = state != State.CLOSING
                && (!readingPaused || input == null || input.position() < loop.config.inputLimits().maxInputBytes());
        int wanted = (read ? SelectionKey.OP_READ : 0)
                | (output.pending() > 0 && !held ? SelectionKey.OP_WRITE : 0); // held output waits for the log
        if (wanted != interest) {
            interest = wanted;
            key.interestOps(wanted);
        }
    }

    /**
     * The idle timer fired: close if nothing happened for a whole timeout, or sleep again until the
     * timeout after the last activity. Reads only move {@link #lastActivity}, so an active connection
     * costs no timer work per request (Netty's IdleStateHandler reschedules the same way).
     */
    /** Starts the idle timer when there is a timeout and no timer yet (at open, or after CONFIG SET timeout). */
    void armIdleTimer() {
        long idleNanos = loop.config.inputLimits().idleTimeoutNanos();
        if (idleNanos > 0 && idleTimer == null && state == State.OPEN) {
            idleTimer = loop.scheduleAt(lastActivity + idleNanos, this::checkIdle);
        }
    }

    private void checkIdle() {
        long timeout = loop.config.inputLimits().idleTimeoutNanos();
        if (timeout == 0) {
            idleTimer = null; // the timeout was turned off meanwhile
            return;
        }
        long now = loop.now();
        if (readingPaused) { // waiting for another shard's reply is not idleness
            lastActivity = now;
        }
        long idle = now - lastActivity;
        if (idle >= timeout) {
            Log.info("%s: closing, idle for %s (timeout)", this, loop.config.inputLimits().idleTimeout());
            idleTimer = null;
            close();
        } else {
            idleTimer = loop.scheduleAt(lastActivity + timeout, this::checkIdle);
        }
    }

    private void tellSession() {
        if (state == State.CLOSED && session != null) {
            state = State.ENDED;
            try {
                session.onClose();
            } catch (RuntimeException e) {
                Log.warn("%s: session onClose failed: %s", this, e);
            }
        }
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // a broken socket may fail to close; its descriptor is released all the same
        }
    }
}
