package dev.sabaody.kv.blocking;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLongArray;

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
 */
public final class BlockingServer implements AutoCloseable {

    /** How long {@link #close} waits for connections to finish their request before closing them. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

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
    private final LineProtocol protocol;
    private final Dispatcher dispatcher;
    /** Connections accepted and not yet ended, so that a stop can reach every one of them. */
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    /** Ended connections counted by {@link EndReason} ordinal: what tests and the README read. */
    private final AtomicLongArray ended = new AtomicLongArray(EndReason.values().length);
    private ServerSocket listener;
    private Thread acceptor;
    private volatile boolean stopping;

    public BlockingServer(Config config, Store store, Dispatcher dispatcher) {
        this.config = config;
        this.protocol = new LineProtocol(store);
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
            } catch (SocketException e) {
                return; // the listener was closed: we are stopping
            } catch (IOException e) {
                // EMFILE (too many open files) and friends: log and keep serving the others
                Log.warn("accept failed: %s", e.getMessage());
                continue;
            }
            Connection connection = new Connection(socket, protocol, config.maxLineBytes(), this::onEnd);
            open.add(connection);
            try {
                dispatcher.dispatch(connection);
            } catch (RejectedExecutionException e) {
                reject(connection);
            }
        }
    }

    /** No thread can take this client: tell it so in its own protocol, then close. */
    private void reject(Connection connection) {
        try {
            OutputStream out = connection.socket().getOutputStream();
            out.write("ERR server is busy, try again later\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException ignored) {
            // the client is already gone: nothing to tell it
        }
        connection.abort();
        onEnd(connection, EndReason.REJECTED);
    }

    private void onEnd(Connection connection, EndReason reason) {
        if (open.remove(connection)) {
            ended.incrementAndGet(reason.ordinal());
        }
    }

    /** Stops accepting, lets each connection finish its request in progress, and waits for the threads. */
    @Override
    public void close() throws IOException {
        if (stopping) {
            return;
        }
        stopping = true;
        Log.info("stopping: closing the listener");
        listener.close();
        joinQuietly(acceptor);
        Log.info("stopping: finishing %d open connection(s)", open.size());
        dispatcher.shutdown();
        open.forEach(Connection::stop);
        try {
            if (!dispatcher.awaitTermination(STOP_GRACE)) {
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
}
