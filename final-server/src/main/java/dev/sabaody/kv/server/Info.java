package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.KeyspaceStats;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.resp.SlicedCommand;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.ServerState;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * INFO [section ...]: the server's state in Redis's format, section and field names included, so that
 * tools which parse Redis's INFO (redis-cli --stat, exporters, the loadtest scripts) read ours.
 *
 * <pre>
 *   # Server\r\n
 *   redis_version:7.0.15\r\n
 *   ...\r\n
 *   \r\n
 *   # Clients\r\n
 * </pre>
 *
 * Its tips say {@code request_policy:all_shards}: each shard hands in its own figures, read on the
 * thread that owns them, with every shard parked, so the sums are a true instant of the whole server
 * ({@link ShardFigures}); the answer adds them up and writes the text. Sections appear as features
 * land: persistence and replication come with module 06.
 */
final class Info implements SlicedCommand<Db, Info.ShardFigures> {

    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats", "keyspace");

    private final SabaodyServer server;

    private Info(SabaodyServer server) {
        this.server = server;
    }

    static CommandSpec.Builder<Db> spec(SabaodyServer server) {
        return CommandSpec.<Db>command("info", -1, new Info(server))
                .flags(CommandFlag.LOADING, CommandFlag.STALE)
                .acl(SLOW, DANGEROUS)
                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                .doc(CommandDoc.of("Get information and statistics about the server", "1.0.0", "server", "O(1)",
                        CommandDoc.Arg.of("section", "string")));
    }

    /**
     * One shard's counters, as its own thread sees them.
     *
     * @param blocked the shard's blocked commands: one waiting on keys of two shards is in both sets
     *                and counted once
     */
    record ShardFigures(long commandsProcessed, long connectionsReceived, long expiredKeys, long keyspaceHits,
                        long keyspaceMisses, long[] keys, long[] expires, java.util.Set<Object> blocked,
                        long wakeups, long polls, long pollHits, long borrows, long allocatedBytes) {
    }

    @Override
    public ShardFigures part(CommandContext<? extends Db> ctx) {
        Shard shard = server.shards().get(ctx.server().slice());
        Keyspace keyspace = shard.keyspace();
        int databases = keyspace.databases().count();
        long[] keys = new long[databases];
        long[] expires = new long[databases];
        for (int db = 0; db < databases; db++) {
            keys[db] = keyspace.db(db).size();
            expires[db] = keyspace.db(db).expires();
        }
        KeyspaceStats k = keyspace.stats();
        EventLoop loop = shard.loop();
        ShardStats stats = shard.stats(); // the loop's counters count from CONFIG RESETSTAT on
        return new ShardFigures(stats.commandsProcessed, stats.connectionsReceived, k.expiredKeys,
                k.keyspaceHits, k.keyspaceMisses, keys, expires, new java.util.HashSet<>(keyspace.blocked().waiterSet()),
                loop.wakeups() - stats.wakeupsAtReset, loop.polls() - stats.pollsAtReset,
                loop.pollHits() - stats.pollHitsAtReset, loop.borrows() - stats.borrowsAtReset,
                Math.max(0, Math.max(0, loop.allocatedBytes()) - stats.allocatedBytesAtReset));
    }

    @Override
    public void answer(CommandContext<? extends Db> ctx, List<ShardFigures> shards) {
        Set<String> sections = new LinkedHashSet<>();
        for (int i = 1; i < ctx.argv().argc(); i++) {
            String section = ctx.argv().string(i).toLowerCase(Locale.ROOT);
            if (section.equals("all") || section.equals("everything") || section.equals("default")) {
                sections.addAll(DEFAULT_SECTIONS);
            } else {
                sections.add(section);
            }
        }
        if (sections.isEmpty()) {
            sections.addAll(DEFAULT_SECTIONS);
        }
        StringBuilder out = new StringBuilder();
        for (String section : sections) {
            int before = out.length();
            if (before > 0) {
                out.append("\r\n");
            }
            switch (section) {
                case "server" -> server(out);
                case "clients" -> clients(out, shards);
                case "memory" -> memory(out);
                case "persistence" -> out.append(server.persistenceInfo());
                case "stats" -> stats(out, shards);
                case "keyspace" -> keyspace(out, shards);
                default -> out.setLength(before); // unknown sections are skipped, as in Redis
            }
        }
        byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
        if (ctx.reply().protocol() >= 3) {
            ctx.reply().verbatim("txt", text);
        } else {
            ctx.reply().bulk(text);
        }
    }

    private void server(StringBuilder out) {
        ServerConfig config = server.config();
        long uptimeSeconds = (server.clock().nanoTime() - server.startNanos()) / 1_000_000_000L;
        out.append("# Server\r\n");
        field(out, "redis_version", ServerState.REDIS_VERSION);
        field(out, "sabaody_version", SabaodyServer.VERSION);
        field(out, "redis_mode", "standalone");
        field(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        field(out, "arch_bits", "64");
        field(out, "multiplexing_api", "epoll".equals(selectorName()) ? "epoll" : selectorName());
        field(out, "java_version", Runtime.version().toString());
        field(out, "process_id", ProcessHandle.current().pid());
        field(out, "tcp_port", server.port());
        field(out, "server_time_usec", server.clock().currentTimeMillis() * 1000);
        field(out, "uptime_in_seconds", uptimeSeconds);
        field(out, "uptime_in_days", uptimeSeconds / 86400);
        field(out, "hz", config.hz());
        field(out, "shards", server.shards().size());
        field(out, "config_file", server.configFile());
    }

    private void clients(StringBuilder out, List<ShardFigures> shards) {
        java.util.Set<Object> blocked = new java.util.HashSet<>();
        for (ShardFigures shard : shards) {
            blocked.addAll(shard.blocked());
        }
        out.append("# Clients\r\n");
        field(out, "connected_clients", server.connectedClients());
        field(out, "maxclients", server.config().maxClients());
        field(out, "blocked_clients", blocked.size());
    }

    /** Module 06's accounting: what maxmemory is compared with ({@link MemoryControl}). */
    private void memory(StringBuilder out) {
        out.append(server.memoryInfo());
    }

    private void stats(StringBuilder out, List<ShardFigures> shards) {
        long commands = 0;
        long connections = 0;
        long expired = 0;
        long hits = 0;
        long misses = 0;
        long wakeups = 0;
        long polls = 0;
        long pollHits = 0;
        long borrows = 0;
        long allocated = 0;
        for (ShardFigures shard : shards) {
            commands += shard.commandsProcessed();
            connections += shard.connectionsReceived();
            expired += shard.expiredKeys();
            hits += shard.keyspaceHits();
            misses += shard.keyspaceMisses();
            wakeups += shard.wakeups();
            polls += shard.polls();
            pollHits += shard.pollHits();
            borrows += shard.borrows();
            allocated += shard.allocatedBytes();
        }
        out.append("# Stats\r\n");
        field(out, "total_connections_received", connections);
        field(out, "total_commands_processed", commands);
        field(out, "rejected_connections", server.rejectedConnections());
        field(out, "expired_keys", expired);
        field(out, "evicted_keys", server.evictedKeys());
        field(out, "keyspace_hits", hits);
        field(out, "keyspace_misses", misses);
        // Sabaody-KV's own: how often a shard had to wake another from select (a syscall each), how
        // often an idle loop polled before sleeping and found work by polling, how often a shard's
        // batch ran on another loop because its own was asleep, and the heap the loops allocated.
        field(out, "loop_wakeups", wakeups);
        field(out, "loop_polls", polls);
        field(out, "loop_poll_hits", pollHits);
        field(out, "loop_borrows", borrows);
        field(out, "loop_allocated_bytes", allocated);
    }

    private void keyspace(StringBuilder out, List<ShardFigures> shards) {
        out.append("# Keyspace\r\n");
        int databases = server.config().databases();
        for (int db = 0; db < databases; db++) {
            long keys = 0;
            long expires = 0;
            for (ShardFigures shard : shards) {
                keys += shard.keys()[db];
                expires += shard.expires()[db];
            }
            if (keys > 0) {
                out.append("db").append(db).append(":keys=").append(keys).append(",expires=").append(expires)
                        .append(",avg_ttl=0\r\n");
            }
        }
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    /** The JDK's Selector on Linux is epoll; elsewhere name the provider. */
    private static String selectorName() {
        String provider = java.nio.channels.spi.SelectorProvider.provider().getClass().getSimpleName();
        return provider.startsWith("EPoll") ? "epoll" : provider.startsWith("KQueue") ? "kqueue" : provider;
    }

    /** Resident set size from /proc (Linux); 0 where there is no /proc. */
    static long residentSetBytes() {
        try {
            String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(fields[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Redis's bytesToHuman: 1.50K, 2.00M, with two decimals. */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f%s", value, units[unit]);
    }
}
