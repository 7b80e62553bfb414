package dev.sabaody.kv.nio;

/**
 * What the event loop needs to know about a protocol: nothing but how to start a session.
 *
 * <p>The loop knows bytes and connections; the protocol knows messages. Module 03 plugs in module
 * 01's line protocol ({@code LineProtocolAdapter}), module 04 plugs in RESP, final-server plugs in
 * RESP with shard routing; the loop is the same in all three.
 *
 * <p>One {@code Protocol} serves a whole server and may be called from every loop's thread at once;
 * the {@link Session}s it opens belong to one connection and one loop each.
 */
@FunctionalInterface
public interface Protocol {

    /**
     * Called on the connection's loop thread when a connection is registered with it. Per-loop state
     * (a shard) is found by {@code connection.loop().index()}.
     */
    Session open(Connection connection);

    /**
     * The bytes sent to a client refused because the server holds {@code maxConnections} already,
     * before its socket is closed; {@code null} to close without a word (the default). RESP servers
     * answer {@code -ERR max number of clients reached\r\n}, as Redis does.
     */
    default byte[] rejectionMessage() {
        return null;
    }
}
