package dev.sabaody.kv.nio;

import dev.sabaody.kv.blocking.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Serving a loop's clients from inside work that holds the loop's thread for long: Redis's
 * {@code processEventsWhileBlocked} (networking.c), which a Lua script past busy-reply-threshold
 * calls from its instruction hook so that other clients get {@code -BUSY} and may send SCRIPT KILL.
 *
 * <h2>Why a second selector</h2>
 * The long work usually runs inside the loop's own {@code select}: a ready connection's
 * {@code onReady} is called from {@link Selector#select(java.util.function.Consumer, long)}, and
 * the JDK refuses a select inside a select on the same selector ("select in progress"). So a blocked
 * period has a selector of its own: at its first step every channel of the loop that may be served
 * (listening sockets, open connections not paused and not the one whose command is running) is
 * registered with it too (a channel may belong to several selectors), and each step is one
 * {@code selectNow} on it. The period ends at the loop's next turn, which closes that selector: the
 * loop's own keys were never touched. A connection accepted meanwhile joins both.
 *
 * <h2>What a step does, and what it must not</h2>
 * One read per ready connection, its requests handed to its session, as a turn does; then the
 * replies are written. Not done: tasks from other threads and timers, since those may run commands on
 * the keyspace the long work is in the middle of (a batch from another shard, a parked run, the
 * expiry cycle). Sessions decide what the requests may do: final-server answers -BUSY to all but
 * the allow-busy commands, as Redis's processCommand does.
 *
 * <p>The connection whose command is running (inside {@code onInput}) is never read, as Redis
 * protects the script's caller (protectClient): its session is in the middle of a request. Its
 * pipelined bytes may still be in the loop's shared read buffer, so a step reads into a buffer of
 * its own.
 */
final class WhileBlocked {

    private final EventLoop loop;
    /** The period's selector: opened at its first step, closed at the loop's next turn. */
    private Selector selector;
    /** What a step reads into in place of the loop's shared buffer, which the running command may still be parsing. */
    private ByteBuffer input;
    /** Inside a step: a command served by the step that blocked again does not step again. */
    private boolean stepping;
    /** Steps taken, over the loop's life (tests). */
    long steps;

    WhileBlocked(EventLoop loop) {
        this.loop = loop;
    }

    /** One step: accepts, one read per ready connection, replies written. Loop thread only. */
    void step() {
        if (stepping) {
            return;
        }
        stepping = true;
        ByteBuffer shared = loop.sharedInput;
        try {
            if (selector == null) {
                open();
            }
            if (input == null) {
                input = ByteBuffer.allocate(shared.capacity());
            }
            loop.sharedInput = input;
            steps++;
            selector.selectNow(this::onReady);
            loop.flushServable();
        } catch (IOException e) {
            Log.warn("event loop %d: serving while blocked: %s", loop.index(), e.getMessage());
        } finally {
            loop.sharedInput = shared;
            stepping = false;
        }
    }

    /** A connection registered with the loop during a blocked period joins it. */
    void added(NioConnection connection) {
        if (selector != null) {
            join(connection);
        }
    }

    /** Ends the blocked period, if any: the loop's next turn, or its shutdown. */
    void end() {
        if (selector == null) {
            return;
        }
        try {
            selector.close(); // deregisters every channel from it; their keys with the loop's selector stay
        } catch (IOException e) {
            Log.warn("event loop %d: closing the blocked-period selector: %s", loop.index(), e.getMessage());
        }
        selector = null;
    }

    private void open() throws IOException {
        selector = Selector.open();
        for (SelectionKey key : loop.selector().keys()) {
            if (!key.isValid()) {
                continue;
            }
            if (key.attachment() instanceof NioConnection c) {
                join(c);
            } else if (key.attachment() instanceof Acceptor.Listener l && (key.interestOps() & SelectionKey.OP_ACCEPT) != 0) {
                try {
                    l.channel.register(selector, SelectionKey.OP_ACCEPT, l);
                } catch (ClosedChannelException e) {
                    // the listener closed: the server is stopping
                }
            }
        }
    }

    private void join(NioConnection c) {
        if (!c.servableWhileBlocked()) {
            return; // paused (its reply is awaited elsewhere), closing, or the one whose command is running
        }
        try {
            c.channel().register(selector, SelectionKey.OP_READ, c);
        } catch (ClosedChannelException e) {
            // closed meanwhile: nothing to serve
        }
    }

    private void onReady(SelectionKey key) {
        Object a = key.attachment();
        if (a instanceof Acceptor.Listener l) {
            l.onReady(key.readyOps());
            return;
        }
        NioConnection c = (NioConnection) a;
        if (!c.servableWhileBlocked()) {
            key.interestOps(0); // it paused since it joined: level-triggered epoll would report it at every step
            return;
        }
        try {
            c.onReady(SelectionKey.OP_READ);
        } catch (RuntimeException | OutOfMemoryError e) {
            Log.warn("event loop %d: handler failed while blocked: %s", loop.index(), e);
            c.close();
        }
    }
}
