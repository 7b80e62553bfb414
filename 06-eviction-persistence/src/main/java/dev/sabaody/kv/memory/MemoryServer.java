package dev.sabaody.kv.memory;

import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.KeyspaceRunner;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.nio.NioServer;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.RequestParser;
import dev.sabaody.kv.resp.RespProtocol;
import dev.sabaody.kv.resp.ServerState;
import java.io.IOException;
import java.time.Duration;

/**
 * Module 06's server: module 05's, with a memory limit. One loop and one keyspace whose memory is
 * counted ({@link MemoryAccounting}) and held under {@code maxmemory} by an {@link Evictor} that
 * runs before every command and at every cron; MEMORY USAGE, and an INFO that shows the
 * {@code # Memory} section and {@code evicted_keys} (final-server has the full INFO).
 */
public final class MemoryServer implements AutoCloseable {

    /** redis.conf "hz": cron runs per second. */
    static final int CONFIG_DEFAULT_HZ = 10;

    private final NioServer nio;
    private final Keyspace[] keyspace = new Keyspace[1];
    private final MemoryLimits limits;
    private final MemoryAccounting memory = new MemoryAccounting();

    private MemoryServer(MemoryLimits limits, NioServer.Config config) throws IOException {
        this.limits = limits;
        Keyspace ks = new Keyspace(config.clock());
        keyspace[0] = ks;
        CommandTable<Db> table = MemoryCommand.register(DataCommands.table()).add(infoSpec());
        ServerState<Db> state = new ServerState<>(table, ks.databases(), new Clients(), config.clock(),
                ServerState.REDIS_VERSION);
        RespProtocol<Db> protocol = new RespProtocol<>(c -> state, c -> new KeyspaceRunner(),
                () -> RequestParser.PROTO_MAX_BULK_LEN);
        Evictor[] evictor = new Evictor[1];
        this.nio = NioServer.start(config.withLoops(1).withLoopInitializer(loop -> {
            evictor[0] = Evictor.install(ks, limits, memory, config.clock());
            loop.scheduleRepeating(Duration.ofMillis(1000 / CONFIG_DEFAULT_HZ), () -> {
                ks.cron(CONFIG_DEFAULT_HZ);
                evictor[0].cron();
            });
        }), protocol);
    }

    /** Starts on {@code config}'s port (0 for tests) under {@code limits}. */
    public static MemoryServer start(NioServer.Config config, MemoryLimits limits) throws IOException {
        return new MemoryServer(limits, config);
    }

    public int port() {
        return nio.port();
    }

    public Keyspace keyspace() {
        return keyspace[0];
    }

    public MemoryAccounting memory() {
        return memory;
    }

    public MemoryLimits limits() {
        return limits;
    }

    /** The server's one loop (tests run its timers and reach the keyspace on it). */
    public EventLoop loop() {
        return nio.loops().getFirst();
    }

    /** INFO [section]: module 06's two sections, memory and the eviction counter of stats. */
    private CommandSpec.Builder<Db> infoSpec() {
        return CommandSpec.<Db>command("info", -1, ctx -> {
                    String text = MemoryInfo.section(memory, limits, 0) + "\r\n# Stats\r\nevicted_keys:"
                            + keyspace[0].stats().evictedKeys + "\r\n";
                    ctx.reply().bulk(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                })
                .flags(CommandFlag.LOADING, CommandFlag.STALE)
                .acl(SLOW, DANGEROUS)
                .tips("nondeterministic_output")
                .doc(CommandDoc.of("Get information and statistics about the server", "1.0.0", "server", "O(1)",
                        CommandDoc.Arg.of("section", "string")));
    }

    @Override
    public void close() {
        nio.close();
    }
}
