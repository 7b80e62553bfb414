package dev.sabaody.kv.nio;

import dev.sabaody.kv.blocking.Log;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;

/**
 * Accepts connections on the first loop, from every listening socket (TCP addresses and a unix
 * socket: {@link Listen}), and deals them to all the loops, round-robin.
 *
 * <pre>
 *   listening socket ──OP_ACCEPT──► loop 0: accept ×≤1000 ─┬─► loop 0: register (direct)
 *                                                           ├─► loop 1: execute(register)
 *                                                           └─► loop N-1: execute(register)
 * </pre>
 *
 * <p>Why on loop 0 and not on a thread of its own (Netty's "boss" group): with one loop, module 03's
 * server is then truly one thread, and accepting is cheap next to serving, as Redis, which accepts on
 * its main thread, shows. A new connection handed to another loop travels through that loop's task
 * queue, and the loop registers it with its own selector on its own thread, so no selector is ever
 * touched by two threads.
 *
 * <p>Connections are counted when accepted and uncounted when closed, over all loops; beyond
 * {@code maxConnections} a new client gets the protocol's rejection message and is closed, as Redis
 * answers {@code -ERR max number of clients reached} in {@code acceptCommonHandler}.
 *
 * <p>If accept fails for want of file descriptors (EMFILE), the listening socket stays readable and a
 * level-triggered loop would spin on it; accepting pauses for {@link #ACCEPT_RETRY} instead.
 */
final class Acceptor {

    /** Connections accepted per ready event at most: Redis's MAX_ACCEPTS_PER_CALL (server.h). */
    static final int MAX_ACCEPTS_PER_CALL = 1000;
    /** How long accepting pauses after a failure such as EMFILE, on the loop's clock. */
    private static final Duration ACCEPT_RETRY = Duration.ofMillis(100);

    private final List<Listener> listeners = new java.util.ArrayList<>();
    private final List<EventLoop> loops;
    private final Protocol protocol;
    private final NioServer.Counters counters;
    /** The next loop to get a connection: one round-robin over every listener. */
    private int next;

    /** One listening socket, TCP or unix, and its registration with loop 0's selector. */
    final class Listener implements EventLoop.Ready {
        final ServerSocketChannel channel;
        final SelectionKey key;
        /** TCP_NODELAY is a TCP option: a unix socket has no Nagle to turn off. */
        final boolean tcp;

        Listener(ServerSocketChannel channel) throws IOException {
            this.channel = channel;
            this.tcp = channel.getLocalAddress() instanceof java.net.InetSocketAddress;
            this.key = channel.register(loops.getFirst().selector(), SelectionKey.OP_ACCEPT, this);
        }

        @Override
        public void onReady(int readyOps) {
            acceptFrom(this);
        }
    }

    Acceptor(List<ServerSocketChannel> channels, List<EventLoop> loops, Protocol protocol, NioServer.Counters counters)
            throws IOException {
        this.loops = loops;
        this.protocol = protocol;
        this.counters = counters;
        for (ServerSocketChannel channel : channels) {
            listeners.add(new Listener(channel));
        }
    }

    private void acceptFrom(Listener from) {
        ServerSocketChannel listener = from.channel;
        SelectionKey key = from.key;
        for (int i = 0; i < MAX_ACCEPTS_PER_CALL; i++) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException e) {
                if (listener.isOpen()) {
                    Log.warn("accept failed, pausing accepts for %s: %s", ACCEPT_RETRY, e.getMessage());
                    key.interestOps(0);
                    loops.getFirst().schedule(ACCEPT_RETRY, () -> resume(key));
                }
                return;
            }
            if (channel == null) {
                return; // the backlog is empty
            }
            hand(channel, from.tcp);
        }
    }

    private void hand(SocketChannel channel, boolean tcp) {
        if (!counters.tryOpen()) {
            reject(channel);
            return;
        }
        long id = counters.nextId();
        try {
            channel.configureBlocking(false);
            // Replies are small and already batched per turn; Nagle would hold the next one back
            // waiting for an ACK (Redis sets TCP_NODELAY on every client too, anetEnableTcpNoDelay).
            if (tcp) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
        } catch (IOException e) {
            NioConnection.closeQuietly(channel);
            counters.connectionClosed();
            return;
        }
        EventLoop target = loops.get(next);
        next = (next + 1) % loops.size();
        if (target.inLoop()) {
            target.register(channel, id);
            return;
        }
        try {
            target.execute(() -> target.register(channel, id));
        } catch (RejectedExecutionException e) { // that loop is stopping
            NioConnection.closeQuietly(channel);
            counters.connectionClosed();
        }
    }

    /** Over the limit: send the protocol's refusal if it has one (best effort, non-blocking), then close. */
    private void reject(SocketChannel channel) {
        counters.rejected();
        byte[] message = protocol.rejectionMessage();
        try {
            if (message != null) {
                channel.configureBlocking(false);
                channel.write(ByteBuffer.wrap(message)); // a fresh socket's send buffer takes it whole
            }
        } catch (IOException ignored) {
            // the client is already gone: nothing to tell it
        }
        NioConnection.closeQuietly(channel);
    }

    private static void resume(SelectionKey key) {
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Stops accepting: the listening sockets are closed (a port is free once the loop's next select has run). */
    void close() {
        for (Listener l : listeners) {
            l.key.cancel();
            try {
                java.net.SocketAddress bound = l.channel.getLocalAddress();
                l.channel.close();
                if (bound instanceof java.net.UnixDomainSocketAddress unix) {
                    java.nio.file.Files.deleteIfExists(unix.getPath()); // as Redis removes its socket file at shutdown
                }
            } catch (IOException e) {
                Log.warn("closing the listener: %s", e.getMessage());
            }
        }
    }
}
