package dev.sabaody.kv.server;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.data.EncodingLimits;
import dev.sabaody.kv.nio.InputLimits;
import dev.sabaody.kv.nio.NioServer;
import dev.sabaody.kv.nio.Protocol;
import dev.sabaody.kv.nio.Session;
import dev.sabaody.kv.nio.OutputLimits;
import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Watches;
import dev.sabaody.kv.memory.Evictor;
import dev.sabaody.kv.memory.MemoryCommand;
import dev.sabaody.kv.rdb.DumpCommands;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.RespProtocol;
import dev.sabaody.kv.resp.ServerState;
import dev.sabaody.kv.resp.Users;
import dev.sabaody.kv.server.admin.Admin;
import dev.sabaody.kv.server.aof.Aof;
import dev.sabaody.kv.server.security.AclCommand;
import dev.sabaody.kv.server.security.AclFile;
import dev.sabaody.kv.server.config.ConfigCommand;
import dev.sabaody.kv.server.config.LiveConfig;
import dev.sabaody.kv.server.config.ServerConfig;
import dev.sabaody.kv.server.pubsub.PubSub;
import dev.sabaody.kv.server.pubsub.PublishCommands;
import dev.sabaody.kv.server.scripting.KeyReach;
import dev.sabaody.kv.server.scripting.Scripting;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
    /** Channels and their subscribers, and MONITOR's clients, across shards; made with the command table. */
    private PubSub pubsub;
    /** Clients refused because maxclients were connected, counted here (module 03 counts its own). */
    private final AtomicLong rejectedHere = new AtomicLong();
    /** rejected_connections as CONFIG RESETSTAT last saw it. */
    private volatile long rejectedAtReset;
    private volatile NioServer nio;
    /** Runs commands that span shards; used on the coordinator thread only. */
    private ParkedRun parked;
    /** maxmemory, eviction and the memory figures (module 06). */
    private MemoryControl memory;
    /** EVAL, SCRIPT: the script cache, and whether a script is busy (every shard asks). */
    private Scripting scripting;
    private volatile boolean closed;
    /** Per-command figures, the slow log, the latency monitor and the commands that read them. */
    private final Admin admin;
    /** instantaneous_ops_per_sec and the kbps rates, sampled on shard 0's loop. */
    private final Instantaneous rates = new Instantaneous();
    /** The RDB file: LASTSAVE, SAVE, the final save. */
    private final Persistence persistence;
    /** The append-only file. */
    private Aof aof;
    /** Set by {@link #stop}: save once the loops have stopped. */
    private volatile boolean saveAfterStop;

    private SabaodyServer(ServerConfig config, String configFile, Clock clock) {
        this.live = new LiveConfig(config);
        this.configFile = configFile;
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.shards = new Shards(config.shards());
        this.admin = new Admin(live, clock);
        this.persistence = new Persistence(live, clock, shards);
    }

    /** Starts the server: module 05's keyspace and commands on every shard. */
    public static SabaodyServer start(ServerConfig config, String configFile, Clock clock, Runnable onShutdownCommand)
            throws IOException {
        return start(DataCommands.table(), config, configFile, clock, onShutdownCommand);
    }

    /** Starts the server with {@code table} (tests add commands of their own). */
    static SabaodyServer start(CommandTable<Db> table, ServerConfig config, String configFile, Clock clock,
                               Runnable onShutdownCommand) throws IOException {
        return start(table, config, configFile, clock, onShutdownCommand, port -> { });
    }

    /**
     * {@link #start}, telling {@code listening} the port as soon as the server listens, before its
     * data is loaded (tests watch the load through it).
     */
    static SabaodyServer start(CommandTable<Db> table, ServerConfig config, String configFile, Clock clock,
                               Runnable onShutdownCommand, java.util.function.IntConsumer listening) throws IOException {
        ServerConfig checked = ProcessSettings.applyAtStart(config);
        SabaodyServer server = new SabaodyServer(checked, configFile, clock);
        ProcessSettings.registerAppliers(server.live);
        NioServer.Config nioConfig = server.nioConfig(table, onShutdownCommand);
        long bytesOnDisk = Persistence.dataOnDisk(checked);
        boolean listenFirst = bytesOnDisk >= 0;
        if (listenFirst) { // the first client already finds the server loading
            server.persistence.loading().begun(bytesOnDisk);
            server.nio = NioServer.start(nioConfig, server.protocol());
            listening.accept(server.nio.port());
        }
        StartupLoad load = new StartupLoad(server.shards, server.persistence, server.scripting, server.aof, clock,
                () -> server.closed);
        try {
            List<dev.sabaody.kv.rdb.LoadedKey> keys = load.read(table, checked);
            server.aof.open(); // before the first write: every command is in the log
            if (!listenFirst) { // nothing to load (a first start): the log is open, the loops may serve
                if (keys != null) {
                    server.persistence.loading().begun(0);
                }
                server.nio = NioServer.start(nioConfig, server.protocol());
                listening.accept(server.nio.port());
            }
            load.install(keys, checked);
        } catch (IOException | RuntimeException e) {
            if (server.nio != null) {
                server.close();
            }
            throw e;
        }
        server.aof.started(server.nio);
        ProcessSettings.writePidFile(checked);
        return server;
    }

    /** The encoding thresholds of module 05's values: OBJECT ENCODING answers as Redis would. */
    private static void applyEncodingLimits(ServerConfig config) {
        EncodingLimits.set(config.number("hash-max-listpack-entries"), config.number("hash-max-listpack-value"),
                config.number("set-max-intset-entries"), config.number("zset-max-listpack-entries"),
                config.number("zset-max-listpack-value"));
    }

    private NioServer.Config nioConfig(CommandTable<Db> table, Runnable onShutdownCommand) {
        ServerConfig config = live.current();
        AclFile aclFile = new AclFile(config.get("aclfile"));
        // A script touches the keys it declared, and others of the shard it runs on (or of the shards
        // parked for it): ParkedRun knows which.
        scripting = new Scripting(config.shards() == 1 ? KeyReach.EVERYWHERE : (state, key) -> parked.reach(state, key),
                () -> live.current().busyReplyThresholdMillis(), ServerState.REDIS_VERSION);
        scripting.register(table);
        shards.crossShard().whileParked(scripting::busy); // a parked loop answers -BUSY meanwhile
        persistence.libraries(scripting::libraryCodes);
        table.add(Info.spec(this))
                .add(ConfigCommand.spec(live, this::resetStats))
                .add(Shutdown.spec(onShutdownCommand, persistence))
                .add(SaveCommands.save(persistence))
                .add(SaveCommands.bgsave(persistence))
                .add(SaveCommands.bgrewriteaof(() -> aof))
                .add(SaveCommands.lastSave(persistence))
                .add(AclCommand.spec(aclFile));
        pubsub = new PubSub(config.shards(), table);
        PublishCommands.register(table, pubsub);
        // notify-keyspace-events: published through Pub/Sub, from whichever thread ran the command
        PubSub messages = pubsub;
        KeyspaceEvents events = new KeyspaceEvents((channel, message) -> messages.publish(PubSub.Kind.CHANNEL, channel, message));
        events.configure(config.get("notify-keyspace-events"));
        live.onChange("notify-keyspace-events", now -> events.configure(now.get("notify-keyspace-events")));
        memory = new MemoryControl(live, clock, () -> nio == null ? 0 : nio.connectionCount());
        admin.memoryUsage(MemoryCommand.usageSpec()); // MEMORY USAGE from module 06's accounting
        admin.register(table);
        PubSub subscriptions = pubsub;
        admin.onReset(ctx -> subscriptions.reset(ctx.client(), ctx.server().slice())); // RESET leaves every channel
        DumpCommands.register(table, () -> live.current().get("rdbcompression").equals("yes"),
                () -> Persistence.clocks(live.current()));
        ProcessSettings.applyRenames(config, table);
        Clients clients = new Clients();
        Watches watches = new Watches();
        pubsub.tracking().install(clients, watches, table); // CLIENT TRACKING, invalidations on every key change
        pubsub.tracking().setMaxKeys(config.number("tracking-table-max-keys"));
        live.onChange("tracking-table-max-keys", now -> pubsub.tracking().setMaxKeys(now.number("tracking-table-max-keys")));
        // requirepass is the default user's password, as in Redis 7: for the connections made from now
        // on (those already in stay in, as in Redis). The users of the configuration or of the aclfile
        // come after it, so a "user default ..." line wins over it, as in Redis.
        Users users = new Users(table);
        users.setAllChannelsByDefault(config.get("acl-pubsub-default").equals("allchannels"));
        users.log().setMaxLen(Long.parseLong(config.get("acllog-max-len")));
        users.setRequirePass(config.get("requirepass"));
        users.setProtectedMode(config.get("protected-mode").equals("yes"));
        aclFile.loadAtStartup(config, users);
        live.onChange("acl-pubsub-default", now -> users.setAllChannelsByDefault(
                now.get("acl-pubsub-default").equals("allchannels")));
        live.onChange("acllog-max-len", now -> users.log().setMaxLen(Long.parseLong(now.get("acllog-max-len"))));
        live.onChange("requirepass", now -> users.setRequirePass(now.get("requirepass")));
        live.onChange("protected-mode", now -> users.setProtectedMode(now.get("protected-mode").equals("yes")));
        parked = new ParkedRun(shards, table, clients, clock, watches, config.databases(), users,
                admin.coordinatorStats());
        parked.setEvents(events);
        persistence.countChangesOf(parked::dirty);
        admin.onReload(persistence::reload);
        aof = new Aof(live, clock, table, persistence::parts, body -> {
            CrossShard coordinator = shards.crossShard();
            coordinator.submit(() -> {
                try {
                    coordinator.parked(shards.all(), () -> body.apply(keyspaces()));
                } catch (IllegalStateException stopping) {
                    // a shard did not park: the server is stopping
                }
            });
        }, persistence::bgsaveInProgress);
        persistence.otherSnapshot(() -> aof.rewriting());
        aof.libraries(scripting::libraryCodes);
        parked.groupLog(aof);
        long heap = Runtime.getRuntime().maxMemory();
        OutputLimits outputLimits = new OutputLimits(config.normalOutputLimit(), config.pubsubOutputLimit(),
                config.clientOutputTotal(heap));
        live.onChange("client-output-buffer-limit", now -> {
            outputLimits.setNormal(now.normalOutputLimit());
            outputLimits.setPubsub(now.pubsubOutputLimit());
        });
        live.onChange("maxmemory-clients", now -> outputLimits.setTotalBytes(now.clientOutputTotal(heap)));
        InputLimits inputLimits = new InputLimits(config.timeout(),
                (int) Math.min(Integer.MAX_VALUE, config.clientQueryBufferLimit()));
        live.onChange("timeout", now -> {
            inputLimits.setIdleTimeout(now.timeout());
            if (nio != null) {
                nio.armIdleTimers(); // connections opened while there was no timeout get one now
            }
        });
        applyEncodingLimits(config);
        for (String name : List.of("hash-max-listpack-entries", "hash-max-listpack-value", "set-max-intset-entries",
                "zset-max-listpack-entries", "zset-max-listpack-value")) {
            live.onChange(name, SabaodyServer::applyEncodingLimits);
        }
        live.onChange("client-query-buffer-limit", now -> inputLimits.setMaxInputBytes(
                (int) Math.min(Integer.MAX_VALUE, now.clientQueryBufferLimit())));
        return NioServer.Config.onPort(config.port())
                .withListen(config.listen())
                .withLoops(config.shards())
                .withInputLimits(inputLimits)
                .withOutputLimits(outputLimits)
                .withClock(clock)
                .withMaxConnections(ProcessSettings.connectionCeiling()) // maxclients itself is checked live, in open()
                .withLoopInitializer(loop -> {
                    Keyspace keyspace = new Keyspace(clock, config.databases(), watches);
                    keyspace.setEvents(events);
                    pubsub.shardStarted(loop.index(), loop);
                    shards.set(new Shard(loop.index(), loop, keyspace,
                            new ServerState<>(table, keyspace.databases(), clients, clock, ServerState.REDIS_VERSION,
                                    loop.index(), config.shards(), users, admin.newStats()),
                            new ShardStats(), new Batch.Spares(loop, config.shards(),
                                    () -> outputLimits.perConnectionCap(config.shards()))));
                    Evictor evictor = memory.install(keyspace);
                    keyspace.evictions(aof::evicted);
                    keyspace.whenFlushedAll(persistence::flushedAll);
                    if (aof.log() != null) { // opened before listening: nothing to load
                        loop.outputBarrier(aof.log()); // replies wait for the log from the first command
                    }
                    // serverCron's keyspace work: the active expiry cycle, incremental rehashing and
                    // eviction, hz times a second
                    cron(loop, keyspace, evictor);
                    if (loop.index() == 0) {
                        sampleRates(loop);
                        savePoints(loop);
                    }
                });
    }

    private List<Keyspace> keyspaces() {
        java.util.ArrayList<Keyspace> out = new java.util.ArrayList<>();
        for (Shard shard : shards.all()) {
            out.add(shard.keyspace());
        }
        return out;
    }

    /** serverCron's save points and scheduled BGSAVE, hz times a second on shard 0's loop. */
    private void savePoints(EventLoop loop) {
        loop.schedule(Duration.ofMillis(1000 / live.current().hz()), () -> {
            persistence.cron();
            aof.cron();
            savePoints(loop);
        });
    }

    /**
     * The keyspace's cron on {@code loop}, hz times a second. It reschedules itself after each run
     * with hz as it is then, so CONFIG SET hz reaches every loop at its next tick.
     */
    private void cron(EventLoop loop, Keyspace keyspace, Evictor evictor) {
        int hz = live.current().hz();
        loop.schedule(Duration.ofMillis(1000 / hz), () -> {
            if (admin.activeExpire()) {
                keyspace.cron(live.current().hz());
            } else {
                keyspace.updateLruClock(); // DEBUG SET-ACTIVE-EXPIRE 0: keys expire only when read
            }
            evictor.cron();
            cron(loop, keyspace, evictor);
        });
    }

    /** serverCron's run_with_period(100): INFO's instantaneous rates; clientsCron's peak buffers. */
    private void sampleRates(EventLoop loop) {
        loop.schedule(Duration.ofMillis(Instantaneous.PERIOD_MILLIS), () -> {
            if (nio != null) {
                rates.sample(clock.currentTimeMillis(), shards, nio.loops());
                admin.clientsPeak().sample(clock.currentTimeMillis(), shards.get(0).state().clients().all());
            }
            sampleRates(loop);
        });
    }

    Instantaneous rates() {
        return rates;
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
                    ShardRouter router = new ShardRouter(shards, home, connection, parked, pubsub, scripting, persistence);
                    pubsub.opened(home.index(), connection, router.pushes());
                    return router;
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

    /** Pub/Sub's channels and subscribers: RESET and CLIENT LIST read or end a client's subscriptions here. */
    public PubSub pubsub() {
        return pubsub;
    }

    Admin admin() {
        return admin;
    }

    /** The shards' loops, for tests that drive timers by hand. */
    java.util.List<dev.sabaody.kv.nio.EventLoop> loops() {
        return nio.loops();
    }

    /** INFO's # Memory section (module 06's figures). */
    String memoryInfo() {
        return memory.info(connectedClients(), scripting.memory());
    }

    /** INFO's # Persistence section. */
    String persistenceInfo() {
        return persistence.info(aof.info());
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
        admin.resetStats();
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
        persistence.abortBackground("shutdown");
        aof.close(); // the loops have stopped: every acknowledged write is in the file, fsynced
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
