package dev.sabaody.kv.nio;

import java.net.SocketAddress;

/**
 * What a {@link Session} may do with its connection. Every method must be called on the
 * connection's loop thread; another thread reaches a connection by {@link EventLoop#execute}.
 */
public interface Connection {

    /** A number unique in the server's life, in accept order (CLIENT ID). */
    long id();

    /** The peer's address (CLIENT LIST's addr). */
    SocketAddress remoteAddress();

    /** The local address the client connected to (CLIENT LIST's laddr); null when unknown. */
    default SocketAddress localAddress() {
        return null;
    }

    /**
     * Bytes received and not yet consumed, and the room left in the buffer holding them (CLIENT
     * LIST's qbuf and qbuf-free). Safe to call from another thread: the answer may be a moment old.
     */
    default int inputPending() {
        return 0;
    }

    default int inputFree() {
        return 0;
    }

    /** The loop this connection belongs to: for tasks and timers that must run beside it. */
    EventLoop loop();

    /** Where replies go. The loop sends it when the current read is processed, or after {@link #flush()}. */
    OutputBuffer output();

    /**
     * Asks the loop to send what {@link #output()} holds at the end of this turn. Needed only when a
     * reply is written outside {@link Session#onInput} (a task, a timer, a reply from another shard).
     */
    void flush();

    /** Stops reading from this connection (while a reply is awaited elsewhere, for instance). */
    void pauseReading();

    /**
     * Resumes reading. Bytes already received and not yet consumed are offered to
     * {@link Session#onInput} again, on a later turn of the loop.
     */
    void resumeReading();

    /**
     * Holds the connection to the output limit of Pub/Sub clients ({@code client-output-buffer-limit
     * pubsub}) while {@code subscriber}, to the normal one otherwise, as Redis's getClientType puts a
     * client subscribed to anything in the pubsub class.
     */
    default void setSubscriber(boolean subscriber) {
    }

    /**
     * CLIENT NO-EVICT: while {@code exempt}, the loop never picks this connection to close when the
     * clients together pass their total ({@link OutputLimits#totalBytes}, Redis's maxmemory-clients).
     */
    default void setNoEvict(boolean exempt) {
    }

    /**
     * Replies owed to this connection, collected by another thread into a buffer capped at
     * {@link OutputLimits#perConnectionCap}, were refused there ({@code bytes} collected): the
     * connection is over its output limit, or over its share of the clients' total (an eviction).
     * Its output refuses from now on, and it closes at the end of its step.
     */
    default void refusedElsewhere(long bytes) {
        OutputLimits.logClosing(this, "another shard's replies", bytes);
        output().refuse();
    }

    /** Sends what is pending, then closes (QUIT, a protocol error). Reads nothing more. */
    void closeAfterFlush();

    /** Closes now; pending output is dropped. */
    void close();

    /** Whether the connection is still open. */
    boolean isOpen();

    /**
     * Whether the connection is still open, after reading what its socket already holds, when reading
     * is paused (the bytes are kept for {@link #resumeReading}). A client that hung up has its
     * goodbye read here and is closed: a server about to hand something to a paused client (a value
     * popped for a blocked BLPOP) asks this first, so nothing is taken for a client that has gone,
     * even when its goodbye arrived in the same turn as the request that unblocks it.
     */
    boolean probe();

    /**
     * The socket itself, for a command that holds its loop on purpose while it talks to its client
     * (SCRIPT DEBUG: Redis's Lua debugger reads and writes the debugging client's socket from inside
     * the script, the server waiting meanwhile). Call it on the loop's thread, inside the command;
     * what is pending in {@link #output()} is sent first, so the conversation comes after the replies
     * before it. Null when there is no socket to talk to.
     */
    default Direct direct() {
        return null;
    }

    /** Blocking reads and writes on a connection's socket, on its loop's thread ({@link #direct()}). */
    interface Direct extends AutoCloseable {
        /** Reads what arrives within {@code timeoutMillis}: the count, 0 when none did, -1 at end of stream. */
        int read(java.nio.ByteBuffer into, long timeoutMillis) throws java.io.IOException;

        /** Writes all of {@code bytes}, or throws if the socket takes none of it for {@code timeoutMillis}. */
        void write(java.nio.ByteBuffer bytes, long timeoutMillis) throws java.io.IOException;

        /** Back to the loop: the socket's own selector is released. */
        @Override
        void close();
    }
}
