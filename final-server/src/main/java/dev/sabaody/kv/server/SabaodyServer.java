package dev.sabaody.kv.server;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.nio.NioServer;
import dev.sabaody.kv.nio.Protocol;
import dev.sabaody.kv.nio.Session;
import dev.sabaody.kv.nio.OutputLimits;
import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.Watches;
import dev.sabaody.kv.memory.Evictor;
import dev.sabaody.kv.memory.MemoryCommand;
import dev.sabaody.kv.rdb.DumpCommands;
import dev.sabaody.kv.rdb.RdbFile;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.RespProtocol;
import dev.sabaody.kv.resp.ServerState;
import dev.sabaody.kv.resp.Users;
import dev.sabaody.kv.server.config.ConfigCommand;
import dev.sabaody.kv.server.config.LiveConfig;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

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
 * What is shared between shards is read-only after start (the command table), a snapshot replaced
 * whole (the configuration, {@link LiveConfig}: each value is read where it is used, so CONFIG SET
 * reaches every loop without a message) or safe for concurrent use (the client list, the clock).
 * The keys are not shared at all: no lock guards them, because only their owner's thread touches
 * them (see {@link Shard}).
 */
public final class SabaodyServer implements AutoCloseable {

    static final String VERSION = "0.1.0";

    /** The configuration now; CONFIG SET replaces it. */
    private final LiveConfig live;
    private final String configFile;
    private final Clock clock;
    private final long startNanos;
    private final Shards shards;
    /** Clients refused because maxclients were connected, counted here (module 03 counts its own). */
    private final AtomicLong rejectedHere = new AtomicLong();
    /** rejected_connections as CONFIG RESETSTAT last saw it. */
    private volatile long rejectedAtReset;
    private volatile NioServer nio;
    /** Runs commands that span shards; used on the coordinator thread only. */
    private ParkedRun parked;
    /** maxmemory, eviction and the memory figures (module 06). */
    private MemoryControl memory;
    private volatile boolean closed;
    /** The RDB file: LASTSAVE, SAVE, the final save. */
    private final Persistence persistence;
    /** The file read before listening, installed by each loop as it starts; null once installed or when none. */
    private RdbFile.Loaded startupLoad;
    private final AtomicLong loadedExpired = new AtomicLong();
    /** Set by {@link #stop}: save once the loops have stopped. */
    private volatile boolean saveAfterStop;

    private SabaodyServer(ServerConfig config, String configFile, Clock clock) {
        this.live = new LiveConfig(config);
        this.configFile = configFile;
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.shards = new Shards(config.shards());
        this.persistence = new Persistence(live, clock);
    }

    /** Starts the server: module 05's keyspace and commands on every shard. */
    public static SabaodyServer start(ServerConfig config, String configFile, Clock clock, Runnable onShutdownCommand)
            throws IOException {
        return start(DataCommands.table(), config, configFile, clock, onShutdownCommand);
    }

    /** Starts the server with {@code table} (tests add commands of their own). */
    static SabaodyServer start(CommandTable<Db> table, ServerConfig config, String configFile, Clock clock,
                               Runnable onShutdownCommand) throws IOException {
        ServerConfig checked = ProcessSettings.applyAtStart(config);
        SabaodyServer server = new SabaodyServer(checked, configFile, clock);
        ProcessSettings.registerAppliers(server.live);
        long loadStart = System.nanoTime();
        try {
            server.startupLoad = Persistence.readAtStart(checked);
        } catch (Persistence.LoadFailure e) {
            throw new IOException(e.getMessage(), e);
        }
        server.nio = NioServer.start(server.nioConfig(table, onShutdownCommand), server.protocol());
        if (server.startupLoad != null) {
            long keys = server.startupLoad.keys().size() - server.loadedExpired.get();
            double seconds = (System.nanoTime() - loadStart) / 1e9;
            Log.info("Done loading RDB, keys loaded: %d, keys expired: %d.", keys, server.loadedExpired.get());
            server.persistence.loaded(keys, server.loadedExpired.get());
            Log.info("DB loaded from disk: %.3f seconds (%.0f keys/second)", seconds, keys / Math.max(seconds, 1e-9));
            server.startupLoad = null;
        }
        ProcessSettings.writePidFile(checked);
        return server;
    }

    private NioServer.Config nioConfig(CommandTable<Db> table, Runnable onShutdownCommand) {
        ServerConfig config = live.current();
        table.add(Info.spec(this))
                .add(ConfigCommand.spec(live, this::resetStats))
                .add(Shutdown.spec(onShutdownCommand, persistence))
                .add(SaveCommands.save(persistence))
                .add(SaveCommands.lastSave(persistence));
        ProcessSettings.checkRenames(config, table);
        memory = new MemoryControl(live, clock, () -> nio == null ? 0 : nio.connectionCount());
        MemoryCommand.register(table);
        DumpCommands.register(table, () -> live.current().get("rdbcompression").equals("yes"),
                () -> Persistence.clocks(live.current()));
        Clients clients = new Clients();
        Watches watches = new Watches();
        parked = new ParkedRun(shards, table, clients, clock, watches, config.databases());
        long heap = Runtime.getRuntime().maxMemory();
        OutputLimits outputLimits = new OutputLimits(config.normalOutputLimit(), config.clientOutputTotal(heap));
        live.onChange("client-output-buffer-limit", now -> outputLimits.setNormal(now.normalOutputLimit()));
        // requirepass is the default user's password, as in Redis 7: for the connections made from now
        // on (those already in stay in, as in Redis).
        Users users = new Users();
        users.setRequirePass(config.get("requirepass"));
        live.onChange("requirepass", now -> users.setRequirePass(now.get("requirepass")));
        live.onChange("maxmemory-clients", now -> outputLimits.setTotalBytes(now.clientOutputTotal(heap)));
        return NioServer.Config.onPort(config.port())
                .withBind(config.bind())
                .withLoops(config.shards())
                .withMaxInputBytes((int) Math.min(Integer.MAX_VALUE, config.clientQueryBufferLimit()))
                .withOutputLimits(outputLimits)
                .withIdleTimeout(config.timeout())
                .withClock(clock)
                .withMaxConnections(ProcessSettings.connectionCeiling()) // maxclients itself is checked live, in open()
                .withLoopInitializer(loop -> {
                    Keyspace keyspace = new Keyspace(clock, config.databases(), watches);
                    shards.set(new Shard(loop.index(), loop, keyspace,
                            new ServerState<>(table, keyspace.databases(), clients, clock, ServerState.REDIS_VERSION,
                                    loop.index(), config.shards(), users),
                            new ShardStats(), new Batch.Spares(loop, config.shards(),
                                    () -> outputLimits.perConnectionCap(config.shards()))));
                    Evictor evictor = memory.install(keyspace);
                    if (startupLoad != null) { // this shard's keys of the file, installed on its own thread
                        loadedExpired.addAndGet(RdbFile.install(startupLoad.keys(), keyspace,
                                key -> shards.ownerOf(key) == loop.index(), Persistence.clocks(config),
                                clock.currentTimeMillis()));
                    }
                    // serverCron's keyspace work: the active expiry cycle, incremental rehashing and
                    // eviction, hz times a second
                    cron(loop, keyspace, evictor);
                });
    }

    /**
     * The keyspace's cron on {@code loop}, hz times a second. It reschedules itself after each run
     * with hz as it is then, so CONFIG SET hz reaches every loop at its next tick.
     */
    private void cron(EventLoop loop, Keyspace keyspace, Evictor evictor) {
        int hz = live.current().hz();
        loop.schedule(Duration.ofMillis(1000 / hz), () -> {
            keyspace.cron(live.current().hz());
            evictor.cron();
            cron(loop, keyspace, evictor);
        });
    }

    /**
     * RESP on every loop: the loop's shard state, and a router per connection; first, maxclients as it
     * is now (acceptCommonHandler's check: CONFIG SET maxclients applies to the next client).
     */
    private Protocol protocol() {
        RespProtocol<Db> resp = new RespProtocol<>(connection -> shards.get(connection.loop().index()).state(),
                connection -> {
                    Shard home = shards.get(connection.loop().index());
                    home.stats().connectionsReceived++;
                    return new ShardRouter(shards, home, parked);
                }, () -> live.current().protoMaxBulkLen());
        byte[] tooMany = resp.rejectionMessage();
        return new Protocol() {
            @Override
            public Session open(Connection connection) {
                NioServer server = nio; // null while NioServer.start has not returned: nothing to count yet
                if (server != null && server.connectionCount() > live.current().maxClients()) {
                    rejectedHere.incrementAndGet();
                    connection.output().write(tooMany, 0, tooMany.length);
                    connection.closeAfterFlush();
                    return input -> { };
                }
                return resp.open(connection);
            }

            @Override
            public byte[] rejectionMessage() {
                return tooMany;
            }
        };
    }

    public int port() {
        return nio.port();
    }

    ServerConfig config() {
        return live.current();
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

    /** INFO's # Memory section (module 06's figures). */
    String memoryInfo() {
        return memory.info(connectedClients());
    }

    /** INFO's # Persistence section. */
    String persistenceInfo() {
        return persistence.info();
    }

    /** INFO evicted_keys: every shard's count. */
    long evictedKeys() {
        long n = 0;
        for (Shard shard : shards.all()) {
            n += shard.keyspace().stats().evictedKeys;
        }
        return n;
    }

    int connectedClients() {
        return nio.connectionCount();
    }

    long rejectedConnections() {
        return nio.rejectedConnections() + rejectedHere.get() - rejectedAtReset;
    }

    /**
     * CONFIG RESETSTAT: INFO's counters start again from zero. Each shard's are reset on its own
     * thread (its loop runs the reset as a task), because only that thread writes them.
     */
    private void resetStats() {
        rejectedAtReset = nio.rejectedConnections() + rejectedHere.get();
        memory.resetPeak();
        for (Shard shard : shards.all()) {
            Runnable reset = () -> shard.stats().reset(shard);
            if (shard.loop().inLoop()) {
                reset.run();
            } else {
                shard.loop().execute(reset);
            }
        }
    }

    /**
     * The stop on SIGTERM or SIGINT (and after SHUTDOWN): as {@link #close}, with Redis's final save
     * when save points are configured and SHUTDOWN did not already make it; it is written once the
     * loops have stopped, so nothing changes under it.
     */
    public void stop() {
        saveAfterStop = persistence.saveOnStop();
        close();
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
        if (saveAfterStop) {
            Log.info("Saving the final RDB snapshot before exiting.");
            java.util.List<Keyspace> keyspaces = new java.util.ArrayList<>();
            for (Shard shard : shards.all()) {
                keyspaces.add(shard.keyspace());
            }
            if (!persistence.save(keyspaces)) {
                Log.warn("Error trying to save the DB, can't exit."); // the JVM is exiting: the old file stays
            }
        }
        shards.crossShard().close();
        ProcessSettings.removePidFile(live.current());
        Log.info("shutdown: Sabaody-KV is now ready to exit, bye bye...");
    }
}
