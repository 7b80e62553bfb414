package dev.sabaody.kv.resp;

import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.Protocol;
import dev.sabaody.kv.nio.Session;

/**
 * RESP as a module-03 {@link Protocol}: the event loop hands it connections, it hands back a
 * {@link RespSession} for each. This is all it takes to turn 03's byte-pushing loop into a Redis
 * server.
 */
public final class RespProtocol<D> implements Protocol {

    private final ServerState<D> server;
    private final long protoMaxBulkLen;

    public RespProtocol(ServerState<D> server) {
        this(server, RequestParser.PROTO_MAX_BULK_LEN);
    }

    public RespProtocol(ServerState<D> server, long protoMaxBulkLen) {
        this.server = server;
        this.protoMaxBulkLen = protoMaxBulkLen;
    }

    public ServerState<D> server() {
        return server;
    }

    /** Redis's words to a client over maxclients (networking.c acceptCommonHandler). */
    @Override
    public byte[] rejectionMessage() {
        return "-ERR max number of clients reached\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public Session open(Connection connection) {
        return openSession(connection, server, CommandRunner.inline(), protoMaxBulkLen);
    }

    /**
     * A RESP session over {@code server}'s databases whose commands run through {@code runner}: how
     * final-server gives each shard's connections that shard's databases and its routing.
     */
    public static <D> Session openSession(Connection connection, ServerState<D> server, CommandRunner<D> runner,
                                          long protoMaxBulkLen) {
        return new RespSession<>(connection, server, runner, protoMaxBulkLen);
    }
}
