package dev.sabaody.kv.blocking;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * A TCP server with blocking I/O: one thread accepts, and every accepted connection is handed to a
 * {@link Dispatcher} that runs it on a thread of its choosing.
 *
 * <pre>
 *   acceptor thread:  accept() ──► new Connection ──► dispatcher.dispatch(...)
 *   connection thread:            read ─► decode lines ─► execute ─► write replies ─► read ...
 * </pre>
 *
 * <p>Stopping is ordered so that nothing already read is lost: close the listening socket (the
 * acceptor's {@code accept} throws and the thread ends), shut the input side of every connection
 * (each finishes the request in progress, sends its reply and sees end-of-stream), wait for the
 * connection threads up to a grace period, then close whatever is left by force.
 *
 * <p>The accept loop never blocks on a client: it hands the socket over and goes back to
 * {@code accept}. What it cannot hand over (the dispatcher refuses) it answers with one error line
 * and closes, so a full server says so instead of leaving the client hanging. Redis does the same
 * when {@code maxclients} is reached ({@code acceptCommonHandler} in networking.c:
 * "-ERR max number of clients reached").
 */
public final class BlockingServer implements AutoCloseable {

    /** How long {@link #close} waits for connections to finish their request before closing them. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Pause after a failed accept (EMFILE): the pending connection stays queued, and retrying at once would spin. */
    private static final Duration ACCEPT_RETRY_PAUSE = Duration.ofMillis(50);
    /** What a client that no thread can take receives before its socket is closed. */
    static final String BUSY = "ERR server is busy, try again later";

    /**
     * What a server is started with.
     *
     * @param bind         the address to listen on
     * @param port         the port, or 0 for any free one (tests use 0)
     * @param maxLineBytes the longest request line accepted
     * @param backlog      the kernel's queue of connections not yet accepted
     */
    public record Config(InetAddress bind, int port, int maxLineBytes, int backlog) {
        public static Config onPort(int port) {
            return new Config(InetAddress.getLoopbackAddress(), port, LineDecoder.DEFAULT_MAX_LINE_BYTES, 1024);
        }

        public Config withMaxLineBytes(int max) {
            return new Config(bind, port, max, backlog);
        }
    }

    private final Config config;
    /** Turns a request line into its reply; shared by every connection (the store is thread-safe). */
    private final Function<String, Reply> commands;
    private final Dispatcher dispatcher;
    /** Connections accepted and not yet ended, so that a stop can reach every one of them. */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** Ended connections counted by {@link EndReason} ordinal: what tests and the README read. */
    private final AtomicLongArray ended = new AtomicLongArray(EndReason.values().length);
    private ServerSocket listener;
    private Thread acceptor;
    private volatile boolean stopping;

    public BlockingServer(Config config, Store store, Dispatcher dispatcher) {
        this(config, new LineProtocol(store)::execute, dispatcher);
    }

    /** Tests pass their own commands, e.g. one that blocks, to catch a request in progress. */
    BlockingServer(Config config, Function<String, Reply> commands, Dispatcher dispatcher) {
        this.config = config;
        this.commands = commands;
        this.dispatcher = dispatcher;
    }

    /** Binds and starts accepting; returns once the port is bound, so {@link #port()} is valid. */
    public BlockingServer start() throws IOException {
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(config.bind(), config.port()), config.backlog());
        acceptor = Thread.ofPlatform().name("acceptor").start(this::acceptLoop);
        Log.info("listening on %s:%d", config.bind().getHostAddress(), port());
        return this;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted and not yet ended. */
    public int openConnections() {
        return open.size();
    }

    /** How many connections have ended for the given reason. */
    public long endedBy(EndReason reason) {
        return ended.get(reason.ordinal());
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (stopping || listener.isClosed()) {
                    return; // close() closed the listener to wake us: we are stopping
                }
                // EMFILE (too many open files) and friends: the clients already connected carry on
                Log.warn("accept failed: %s", e.getMessage());
                pause(ACCEPT_RETRY_PAUSE);
                continue;
            }
            Connection connection = new Connection(socket, commands, config.maxLineBytes(), this::onEnd);
            open.add(connection);
            try {
                dispatcher.dispatch(connection);
            } catch (RejectedExecutionException e) {
                reject(connection);
            }
        }
    }

    /**
     * No thread can take this client: tell it so in its own protocol, then close. This runs on the
     * acceptor, which must not wait for the client, so unlike {@link Connection} it cannot linger:
     * it sends FIN after the error and discards only what has already arrived (a request sent right
     * after connecting), which is what would otherwise turn the close into an RST.
     */
    private void reject(Connection connection) {
        Socket socket = connection.socket();
        try {
            OutputStream out = socket.getOutputStream();
            out.write((BUSY + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            socket.shutdownOutput();
            socket.getInputStream().skip(socket.getInputStream().available());
        } catch (IOException ignored) {
            // the client is already gone: nothing to tell it
        }
        connection.abort();
        onEnd(connection, EndReason.REJECTED);
    }

    private void onEnd(Connection connection, EndReason reason) {
        if (!open.remove(connection)) {
            return;
        }
        ended.incrementAndGet(reason.ordinal());
        switch (reason) {
            case QUIT, CLIENT_CLOSED, SERVER_STOPPED -> { } // the ordinary endings: no news
            default -> Log.info("connection %s ended: %s", connection.socket().getRemoteSocketAddress(), describe(reason));
        }
    }

    private static String describe(EndReason reason) {
        return switch (reason) {
            case CLIENT_CLOSED_MID_LINE -> "client closed mid-line (partial request dropped)";
            case RESET -> "connection reset by peer (RST)";
            case LINE_TOO_LONG -> "line too long without a newline (error sent, closed)";
            case REJECTED -> "rejected, no thread free (error sent, closed)";
            case SERVER_ERROR -> "server error (closed)";
            default -> reason.name();
        };
    }

    /** Stops accepting, lets each connection finish its request in progress, and waits for the threads. */
    @Override
    public synchronized void close() throws IOException {
        if (stopping || listener == null) {
            return;
        }
        stopping = true;
        Log.info("stopping: closing the listener (no new connections)");
        listener.close();
        joinQuietly(acceptor);
        Log.info("stopping: shutting the input of %d open connection(s); requests already read still get their replies",
                open.size());
        dispatcher.shutdown();
        open.forEach(Connection::stop);
        try {
            if (dispatcher.awaitTermination(STOP_GRACE)) {
                Log.info("stopping: all connection threads ended");
            } else {
                Log.warn("stopping: %d connection(s) did not finish in %s; closing them", open.size(), STOP_GRACE);
                open.forEach(Connection::abort);
                dispatcher.awaitTermination(STOP_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open.forEach(Connection::abort);
        }
        Log.info("stopped");
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
