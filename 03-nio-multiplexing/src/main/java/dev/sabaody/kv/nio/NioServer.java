package dev.sabaody.kv.nio;

import dev.sabaody.kv.blocking.Log;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A TCP server on N event loops: the first loop also accepts, and deals connections round-robin.
 *
 * <pre>
 *   NioServer.start(config, protocol)
 *     ├─ bind the listening sockets (port 0: any free port; a unix socket too: {@link Listen})
 *     ├─ start N loops; each runs config.loopInitializer() on its own thread first
 *     └─ register the listeners with loop 0 (the {@link Acceptor})
 * </pre>
 *
 * <p>Per-loop state: final-server keeps one shard per loop. {@link Config#loopInitializer()} runs on
 * each loop's thread before the loop serves anyone, so it may create the shard and
 * {@link EventLoop#scheduleRepeating} its expiry cycle; a session finds the shard again by its loop's
 * {@link EventLoop#index()}. An initializer that throws fails {@link #start}.
 *
 * <p>{@link #close()} is graceful, in the order Redis's {@code prepareForShutdown} follows for clients:
 * stop accepting; stop reading (each connection is switched to close-after-flush, so what it has
 * been answered still leaves); wait up to {@link Config#shutdownGrace()} for the output to drain;
 * close what is left; stop the loops and join their threads.
 */
public final class NioServer implements AutoCloseable {

    /**
     * What a server is started with. Start from {@link #onPort} and change what you need.
     *
     * @param listen          where to listen: addresses, port (0 for any free one: tests use 0),
     *                        backlog, unix socket ({@link Listen})
     * @param loops           event loops, each a thread with its own selector
     * @param inputLimits     the most unconsumed input one connection may hold (a request larger than
     *                        this closes the connection: client-query-buffer-limit, 1 GiB), and how
     *                        long a silent connection lives (timeout; zero for never); live ({@link InputLimits})
     * @param outputLimits    how much unsent output a connection, and the server, may hold
     *                        ({@link OutputLimits}: client-output-buffer-limit, and a total beyond Redis)
     * @param clock           what timers read; a {@link ManualClock} in tests
     * @param maxConnections  clients served at once over all loops; beyond, the protocol's
     *                        {@link Protocol#rejectionMessage()} and close (Redis's maxclients 10000)
     * @param shutdownGrace   how long {@link #close()} waits for pending output before closing anyway
     * @param loopInitializer runs on each loop's thread before it serves any connection
     */
    public record Config(Listen listen, int loops, InputLimits inputLimits, OutputLimits outputLimits,
                         Clock clock, int maxConnections,
                         Duration shutdownGrace, Consumer<EventLoop> loopInitializer) {

        public Config {
            if (loops < 1) {
                throw new IllegalArgumentException("loops must be at least 1, not " + loops);
            }
            if (maxConnections < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }

        /** Loopback, one loop, Redis's limits, no idle timeout, the system clock. */
        public static Config onPort(int port) {
            return new Config(Listen.onPort(port), 1,
                    InputLimits.defaults(), OutputLimits.defaults(), Clock.system(), 10_000,
                    Duration.ofSeconds(5), loop -> { });
        }

        /** Listens on this one address, on the same port. */
        public Config withBind(InetAddress address) {
            return withListen(new Listen(List.of(new Listen.Address(address, false)), listen.port(),
                    listen.backlog(), listen.unixSocket(), listen.unixSocketPerm()));
        }

        public Config withListen(Listen where) {
            return new Config(where, loops, inputLimits, outputLimits, clock,
                    maxConnections, shutdownGrace, loopInitializer);
        }

        public Config withLoops(int n) {
            return new Config(listen, n, inputLimits, outputLimits, clock,
                    maxConnections, shutdownGrace, loopInitializer);
        }

        public Config withMaxInputBytes(int max) {
            return new Config(listen, loops, new InputLimits(inputLimits.idleTimeout(), max), outputLimits, clock,
                    maxConnections, shutdownGrace, loopInitializer);
        }

        /** Input limits the caller keeps, to change them while the server runs. */
        public Config withInputLimits(InputLimits limits) {
            return new Config(listen, loops, limits, outputLimits, clock,
                    maxConnections, shutdownGrace, loopInitializer);
        }

        public Config withOutputLimits(OutputLimits limits) {
            return new Config(listen, loops, inputLimits, limits, clock,
                    maxConnections, shutdownGrace, loopInitializer);
        }

        public Config withIdleTimeout(Duration timeout) {
            return new Config(listen, loops, new InputLimits(timeout, inputLimits.maxInputBytes()), outputLimits, clock,
                    maxConnections, shutdownGrace, loopInitializer);
        }

        public Config withClock(Clock c) {
            return new Config(listen, loops, inputLimits, outputLimits, c,
                    maxConnections, shutdownGrace, loopInitializer);
        }

        public Config withMaxConnections(int max) {
            return new Config(listen, loops, inputLimits, outputLimits, clock,
                    max, shutdownGrace, loopInitializer);
        }

        public Config withShutdownGrace(Duration grace) {
            return new Config(listen, loops, inputLimits, outputLimits, clock,
                    maxConnections, grace, loopInitializer);
        }

        public Config withLoopInitializer(Consumer<EventLoop> initializer) {
            return new Config(listen, loops, inputLimits, outputLimits, clock,
                    maxConnections, shutdownGrace, initializer);
        }
    }

    /** Shared by the acceptor and every loop: the connection count, ids and refusals. */
    static final class Counters {
        private final int max;
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicLong ids = new AtomicLong();
        private final AtomicLong rejected = new AtomicLong();

        Counters(int max) {
            this.max = max;
        }

        boolean tryOpen() {
            // Only the acceptor increments, so read-then-add cannot overshoot.
            if (open.get() >= max) {
                return false;
            }
            open.incrementAndGet();
            return true;
        }

        void connectionClosed() {
            open.decrementAndGet();
        }

        long nextId() {
            return ids.incrementAndGet();
        }

        void rejected() {
            rejected.incrementAndGet();
        }
    }

    private final Config config;
    private final List<EventLoop> loops;
    private final Counters counters;
    /** The listening sockets: TCP first, then the unix socket if any. */
    private final List<ServerSocketChannel> listeners;
    private final Acceptor acceptor;
    private boolean closed;

    private NioServer(Config config, List<EventLoop> loops, Counters counters, List<ServerSocketChannel> listeners,
                      Acceptor acceptor) {
        this.config = config;
        this.loops = loops;
        this.counters = counters;
        this.listeners = listeners;
        this.acceptor = acceptor;
    }

    /** Binds, starts the loops (running the initializer on each), and starts accepting. */
    public static NioServer start(Config config, Protocol protocol) throws IOException {
        Counters counters = new Counters(config.maxConnections());
        List<EventLoop> loops = new ArrayList<>();
        List<ServerSocketChannel> listeners = config.listen().open();
        try {
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (int i = 0; i < config.loops(); i++) {
                EventLoop loop = new EventLoop(i, config, protocol, counters);
                loops.add(loop);
                ready.add(loop.start(config.loopInitializer()));
            }
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
            // The listener joins loop 0's selector on loop 0's thread, like every registration.
            CompletableFuture<Acceptor> acceptor = new CompletableFuture<>();
            EventLoop first = loops.getFirst();
            first.execute(() -> {
                try {
                    acceptor.complete(new Acceptor(listeners, List.copyOf(loops), protocol, counters));
                } catch (IOException | RuntimeException e) {
                    acceptor.completeExceptionally(e);
                }
            });
            NioServer server = new NioServer(config, List.copyOf(loops), counters, listeners, acceptor.join());
            Log.info("listening on %s with %d event loop(s)", Listen.describe(listeners), loops.size());
            return server;
        } catch (IOException | RuntimeException e) {
            loops.forEach(EventLoop::stop);
            for (ServerSocketChannel listener : listeners) {
                listener.close();
            }
            if (e instanceof java.util.concurrent.CompletionException c && c.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }

    /** The TCP port listened on: the one chosen by the kernel when the config said 0; 0 with no TCP listener. */
    public int port() {
        try {
            return listeners.getFirst().getLocalAddress() instanceof InetSocketAddress inet ? inet.getPort() : 0;
        } catch (IOException e) {
            throw new IllegalStateException("the listener is closed", e);
        }
    }

    /**
     * After {@link InputLimits#setIdleTimeout} turned a timeout on: connections opened without one
     * get their idle timer now (Redis's clientsCron looks at every client; a timer per connection
     * costs nothing while the connection is busy).
     */
    public void armIdleTimers() {
        for (EventLoop loop : loops) {
            try {
                loop.execute(loop::armIdleTimers);
            } catch (RuntimeException stopping) {
                // a loop that is stopping has no connections to arm
            }
        }
    }

    /** Connections open now, over all loops. */
    public int connectionCount() {
        return counters.open.get();
    }

    /** Clients refused because {@link Config#maxConnections()} were open. */
    public long rejectedConnections() {
        return counters.rejected.get();
    }

    /** What every loop's output waits for from now on (null: nothing): see {@link OutputBarrier}. */
    public void outputBarrier(OutputBarrier barrier) {
        for (EventLoop loop : loops()) {
            loop.outputBarrier(barrier);
        }
    }

    /** The loops, in index order: final-server pins shard {@code i} to {@code loops().get(i)}. */
    public List<EventLoop> loops() {
        return loops;
    }

    public Config config() {
        return config;
    }

    /** Stops accepting, sends what has been answered, closes every connection, joins the loop threads. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (EventLoop loop : loops) {
            loop.leaving(); // a command holding its loop (Connection.direct) lets go, so the steps below can run
        }
        Log.info("stopping: closing the listener");
        awaitQuietly(runOn(loops.getFirst(), acceptor::close), config.shutdownGrace());

        Log.info("stopping: no more reads; sending pending replies on %d connection(s)", connectionCount());
        List<CompletableFuture<Void>> drains = loops.stream().map(EventLoop::drain).toList();
        if (!awaitQuietly(CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new)), config.shutdownGrace())) {
            Log.warn("stopping: %d connection(s) still had output after %s; closing them",
                    connectionCount(), config.shutdownGrace());
        }

        Log.info("stopping: stopping %d event loop(s)", loops.size());
        for (EventLoop loop : loops) {
            awaitQuietly(loop.stop(), config.shutdownGrace());
            try {
                loop.thread().join(config.shutdownGrace().toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Log.info("stopped");
    }

    private static CompletableFuture<Void> runOn(EventLoop loop, Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                task.run();
                done.complete(null);
            });
        } catch (RuntimeException e) {
            done.complete(null); // the loop has already stopped
        }
        return done;
    }

    private static boolean awaitQuietly(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
