package dev.sabaody.kv.data;

import dev.sabaody.kv.nio.NioServer;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.RequestParser;
import dev.sabaody.kv.resp.RespProtocol;
import dev.sabaody.kv.resp.ServerState;
import java.io.IOException;
import java.time.Duration;

/**
 * Module 05's server: one event loop (module 03), RESP (module 04), one {@link Keyspace}, and its
 * cron ({@code hz} 10: the active expiry cycle and incremental rehashing) on the loop's timer.
 */
public final class DataServer implements AutoCloseable {

    /** redis.conf "hz": cron runs per second. */
    static final int CONFIG_DEFAULT_HZ = 10;

    private final NioServer nio;
    private final Keyspace keyspace;
    private final ServerState<Db> state;

    private DataServer(NioServer nio, Keyspace keyspace, ServerState<Db> state) {
        this.nio = nio;
        this.keyspace = keyspace;
        this.state = state;
    }

    /** Starts on {@code config}'s port (0 for tests), with its clock. */
    public static DataServer start(NioServer.Config config) throws IOException {
        Keyspace keyspace = new Keyspace(config.clock());
        CommandTable<Db> table = DataCommands.table();
        ServerState<Db> state = new ServerState<>(table, keyspace.databases(), new Clients(), config.clock(),
                ServerState.REDIS_VERSION);
        RespProtocol<Db> protocol = new RespProtocol<>(c -> state, c -> new KeyspaceRunner(),
                () -> RequestParser.PROTO_MAX_BULK_LEN);
        NioServer nio = NioServer.start(config.withLoops(1).withLoopInitializer(loop ->
                loop.scheduleRepeating(Duration.ofMillis(1000 / CONFIG_DEFAULT_HZ),
                        () -> keyspace.cron(CONFIG_DEFAULT_HZ))), protocol);
        return new DataServer(nio, keyspace, state);
    }

    public int port() {
        return nio.port();
    }

    public Keyspace keyspace() {
        return keyspace;
    }

    public int commandCount() {
        return state.commands().size();
    }

    /** The server's one loop, for tests that run its timers ({@code loop().runTimersNow()}). */
    public dev.sabaody.kv.nio.EventLoop loop() {
        return nio.loops().getFirst();
    }

    @Override
    public void close() {
        nio.close();
    }
}
