package dev.sabaody.kv.server;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.NioServer;
import dev.sabaody.kv.nio.OutputLimits;
import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.Watches;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.RespProtocol;
import dev.sabaody.kv.resp.ServerState;
import java.io.IOException;
import java.time.Duration;

/**
 * Sabaody-KV, assembled: module 03's event loops, one per shard, speaking module 04's RESP, each
 * owning a slice of the keyspace: a module-05 {@link Keyspace} with every data command.
 *
 * <pre>
 *   acceptor ──round robin──► loop 0 = shard 0 ── its connections, its keys
 *                             loop 1 = shard 1 ── its connections, its keys
 *                             ...
 *   a command: parse on the connection's loop → owner of its keys? run here : hop there and back
 * </pre>
 *
 * What is shared between shards is read-only after start (the command table, the configuration) or
 * safe for concurrent use (the client list, the clock). The keys are not shared at all: no lock
 * guards them, because only their owner's thread touches them (see {@link Shard}).
 */
public final class SabaodyServer implements AutoCloseable {

    static final String VERSION = "0.1.0";

    /** Redis keeps this many descriptors for itself when it sizes maxclients (CONFIG_MIN_RESERVED_FDS, server.h). */
    private static final int MIN_RESERVED_FDS = 32;

    private final ServerConfig config;
    private final String configFile;
    private final Clock clock;
    private final long startNanos;
    private final Shards shards;
    private NioServer nio;
    /** Runs commands that span shards; used on the coordinator thread only. */
    private ParkedRun parked;
    private volatile boolean closed;

    private SabaodyServer(ServerConfig config, String configFile, Clock clock) {
        this.config = config;
        this.configFile = configFile;
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.shards = new Shards(config.shards());
    }

    /** Starts the server: module 05's keyspace and commands on every shard. */
    public static SabaodyServer start(ServerConfig config, String configFile, Clock clock, Runnable onShutdownCommand)
            throws IOException {
        return start(DataCommands.table(), config, configFile, clock, onShutdownCommand);
    }

    /** Starts the server with {@code table} (tests add commands of their own). */
    static SabaodyServer start(CommandTable<Db> table, ServerConfig config, String configFile, Clock clock,
                               Runnable onShutdownCommand) throws IOException {
        SabaodyServer server = new SabaodyServer(config, configFile, clock);
        server.nio = NioServer.start(server.nioConfig(table, onShutdownCommand), server.protocol());
        return server;
    }

    private NioServer.Config nioConfig(CommandTable<Db> table, Runnable onShutdownCommand) {
        table.add(Info.spec(this))
                .add(ConfigCommand.spec(config))
                .add(Shutdown.spec(onShutdownCommand));
        Clients clients = new Clients();
        Watches watches = new Watches();
        parked = new ParkedRun(shards, table, clients, clock, watches, config.databases());
        int hz = config.hz();
        OutputLimits outputLimits = new OutputLimits(new OutputLimits.Limit(config.clientOutputBufferLimit(), 0, 0),
                Runtime.getRuntime().maxMemory() / 2);
        return NioServer.Config.onPort(config.port())
                .withBind(config.bind())
                .withLoops(config.shards())
                .withMaxInputBytes((int) Math.min(Integer.MAX_VALUE, config.clientQueryBufferLimit()))
                .withOutputLimits(outputLimits)
                .withIdleTimeout(config.timeout())
                .withClock(clock)
                .withMaxConnections(maxClientsWithinFileLimit())
                .withLoopInitializer(loop -> {
                    Keyspace keyspace = new Keyspace(clock, config.databases(), watches);
                    shards.set(new Shard(loop.index(), loop, keyspace,
                            new ServerState<>(table, keyspace.databases(), clients, clock, ServerState.REDIS_VERSION,
                                    loop.index(), config.shards()),
                            new ShardStats(), new Batch.Spares(loop, config.shards(),
                                    () -> outputLimits.perConnectionCap(config.shards()))));
                    // serverCron's keyspace work: the active expiry cycle and incremental rehashing, hz times a second
                    loop.scheduleRepeating(Duration.ofMillis(1000 / hz), () -> keyspace.cron(hz));
                });
    }

    /** RESP on every loop: the loop's shard state, and a router per connection. */
    private RespProtocol<Db> protocol() {
        return new RespProtocol<>(connection -> shards.get(connection.loop().index()).state(), connection -> {
            Shard home = shards.get(connection.loop().index());
            home.stats().connectionsReceived++;
            return new ShardRouter(shards, home, parked);
        }, config.protoMaxBulkLen());
    }

    /**
     * maxclients, lowered when the process may not open that many files, as Redis's
     * adjustOpenFilesLimit does: each client is a descriptor, and the server needs some for itself.
     */
    private int maxClientsWithinFileLimit() {
        long limit = OpenFileLimit.current();
        int wanted = config.maxClients();
        if (limit <= 0 || limit >= (long) wanted + MIN_RESERVED_FDS) {
            return wanted;
        }
        int reduced = (int) Math.max(1, limit - MIN_RESERVED_FDS);
        Log.warn("You requested maxclients of %d requiring at least %d max file descriptors. Current maximum "
                        + "open files is %d. maxclients has been reduced to %d to compensate for low ulimit. "
                        + "Raise it with 'ulimit -n %d' before starting the server.",
                wanted, wanted + MIN_RESERVED_FDS, limit, reduced, wanted + MIN_RESERVED_FDS);
        return reduced;
    }

    public int port() {
        return nio.port();
    }

    ServerConfig config() {
        return config;
    }

    String configFile() {
        return configFile;
    }

    Clock clock() {
        return clock;
    }

    long startNanos() {
        return startNanos;
    }

    Shards shards() {
        return shards;
    }

    /** The shards' loops, for tests that drive timers by hand. */
    java.util.List<dev.sabaody.kv.nio.EventLoop> loops() {
        return nio.loops();
    }

    int connectedClients() {
        return nio.connectionCount();
    }

    long rejectedConnections() {
        return nio.rejectedConnections();
    }

    /** The orderly stop: no new clients, the commands already read are answered, then everything closes. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Log.info("shutdown: stopping %d shard(s)", shards.size());
        nio.close();
        shards.crossShard().close();
        Log.info("shutdown: Sabaody-KV is now ready to exit, bye bye...");
    }
}
