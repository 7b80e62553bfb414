package dev.sabaody.kv.resp;

import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.Protocol;
import dev.sabaody.kv.nio.Session;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * RESP as a module-03 {@link Protocol}: the event loop hands it connections, it hands back a
 * {@link RespSession} for each. This is all it takes to turn 03's byte-pushing loop into a Redis
 * server.
 *
 * <p>Every RESP server of the lab is this class; what differs is where a connection's commands run,
 * the {@link CommandRunner} it is given: module 04 runs them at once, module 05 adds transactions and
 * blocking, final-server routes them to the shard owning their keys.
 */
public final class RespProtocol<D> implements Protocol {

    /** Redis's words to a client over maxclients (networking.c acceptCommonHandler). */
    private static final byte[] MAX_CLIENTS_REACHED =
            "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The state of the connection's loop: final-server gives each shard's loop its own. */
    private final Function<Connection, ServerState<D>> stateOf;
    /** A new runner for each connection: it may keep per-connection state (a blocked command). */
    private final Function<Connection, CommandRunner<D>> runnerOf;
    /** proto-max-bulk-len, read for each new connection: CONFIG SET applies to the next ones. */
    private final LongSupplier protoMaxBulkLen;

    public RespProtocol(Function<Connection, ServerState<D>> stateOf, Function<Connection, CommandRunner<D>> runnerOf,
                        LongSupplier protoMaxBulkLen) {
        this.stateOf = stateOf;
        this.runnerOf = runnerOf;
        this.protoMaxBulkLen = protoMaxBulkLen;
    }

    /** Module 04's server: every command runs where it was read, at once. */
    public RespProtocol(ServerState<D> server) {
        this(c -> server, c -> CommandRunner.inline(), () -> RequestParser.PROTO_MAX_BULK_LEN);
    }

    @Override
    public byte[] rejectionMessage() {
        return MAX_CLIENTS_REACHED;
    }

    @Override
    public Session open(Connection connection) {
        return new RespSession<>(connection, stateOf.apply(connection), runnerOf.apply(connection), protoMaxBulkLen.getAsLong());
    }
}
