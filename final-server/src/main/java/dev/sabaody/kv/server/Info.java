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
import dev.sabaody.kv.server.pubsub.PubSub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.sabaody.kv.server.admin.CommandStats;
import java.util.HashSet;
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
 * ({@link ShardFigures}); the answer adds them up and writes the text.
 *
 * <p>Every section and field of Redis 7.0.15 is here, in its order, so that a parser written for
 * Redis (redis-py's {@code info()}, redis_exporter) finds what it looks for. The values are this
 * server's: a master with no replica, no snapshot taken, CPU time from /proc, the per-command figures
 * of {@link dev.sabaody.kv.server.admin.CommandStats}. Sections come out in Redis's fixed order
 * whatever order they were asked in, as genRedisInfoString writes them; {@code default} is every
 * section but commandstats and latencystats, {@code all} and {@code everything} add those two (there
 * are no module sections to add).
 */
final class Info implements SlicedCommand<Db, Info.ShardFigures> {

    /** Redis 7.0's sections, in the order genRedisInfoString writes them. */
    private static final List<String> ORDER = List.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace");
    /** INFO and INFO default: every section but the two per-command ones. */
    private static final Set<String> DEFAULT_SECTIONS = Set.of("server", "clients", "memory", "persistence", "stats",
            "replication", "cpu", "modules", "errorstats", "cluster", "keyspace");

    /** redis_build_id: Redis hashes its build; here, a hash of the version, hex as Redis's. */
    private static final String BUILD_ID = buildId();

    private final SabaodyServer server;
    /** run_id and master_replid: random for each start, as Redis makes them (getRandomHexChars). */
    private final String runId = randomHex();
    private final String replId = randomHex();

    private Info(SabaodyServer server) {
        this.server = server;
    }

    static CommandSpec.Builder<Db> spec(SabaodyServer server) {
        return CommandSpec.<Db>command("info", -1, new Info(server))
                .flags(CommandFlag.LOADING, CommandFlag.STALE)
                .acl(SLOW, DANGEROUS)
                .tips("nondeterministic_output", "request_policy:all_shards", "response_policy:special")
                .doc(CommandDoc.of("Get information and statistics about the server", "1.0.0", "server", "O(1)",
                        CommandDoc.Arg.of("section", "string").optional().multiple())
                        .withHistory("7.0.0", "Added support for taking multiple section arguments."));
    }

    /**
     * One shard's counters, as its own thread sees them.
     *
     * @param blocked the shard's blocked commands: one waiting on keys of two shards is in both sets
     *                and counted once
     * @param net     bytes in, bytes out, reads, writes, output array expansions and shrinks, and
     *                clients evicted, of the shard's loop since CONFIG RESETSTAT
     */
    record ShardFigures(long commandsProcessed, long connectionsReceived, KeyspaceStats keyspace, long[] keys,
                        long[] expires, Set<Object> blocked, long wakeups, long polls, long pollHits, long borrows,
                        long allocatedBytes, long[] net, CommandStats.Snapshot commands) {
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
        KeyspaceStats copy = new KeyspaceStats();
        copy.expiredKeys = k.expiredKeys;
        copy.keyspaceHits = k.keyspaceHits;
        copy.keyspaceMisses = k.keyspaceMisses;
        copy.expiredTimeCapReached = k.expiredTimeCapReached;
        copy.expiredStalePercent = k.expiredStalePercent;
        copy.expireCycleNanos = k.expireCycleNanos;
        copy.evictionExceededNanos = k.evictionExceededNanos;
        copy.evictionExceededSince = k.evictionExceededSince;
        copy.avgTtl = k.avgTtl.clone();
        EventLoop loop = shard.loop();
        ShardStats stats = shard.stats(); // the loop's counters count from CONFIG RESETSTAT on
        long[] net = {loop.netInputBytes() - stats.netInputAtReset, loop.netOutputBytes() - stats.netOutputAtReset,
                loop.readsProcessed() - stats.readsAtReset, loop.writesProcessed() - stats.writesAtReset,
                loop.replyBufferExpands() - stats.expandsAtReset, loop.replyBufferShrinks() - stats.shrinksAtReset,
                loop.evictedClients() - stats.evictedClientsAtReset};
        return new ShardFigures(stats.commandsProcessed, stats.connectionsReceived, copy, keys, expires,
                new HashSet<>(keyspace.blocked().waiterSet()),
                loop.wakeups() - stats.wakeupsAtReset, loop.polls() - stats.pollsAtReset,
                loop.pollHits() - stats.pollHitsAtReset, loop.borrows() - stats.borrowsAtReset,
                Math.max(0, Math.max(0, loop.allocatedBytes()) - stats.allocatedBytesAtReset), net,
                ((CommandStats) ctx.server().observer()).snapshot());
    }

    @Override
    public void answer(CommandContext<? extends Db> ctx, List<ShardFigures> shards) {
        Set<String> asked = new HashSet<>();
        boolean everything = false;
        for (int i = 1; i < ctx.argv().argc(); i++) {
            String section = ctx.argv().string(i).toLowerCase(Locale.ROOT);
            switch (section) {
                case "all", "everything" -> everything = true;
                case "default" -> asked.addAll(DEFAULT_SECTIONS);
                default -> asked.add(section);
            }
        }
        if (ctx.argv().argc() == 1) {
            asked.addAll(DEFAULT_SECTIONS);
        }
        Totals totals = new Totals(shards, server.admin().coordinatorSnapshot(server.shards().size()),
                server.clock().nanoTime());
        StringBuilder out = new StringBuilder();
        for (String section : ORDER) {
            if (!everything && !asked.contains(section)) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append("\r\n");
            }
            switch (section) {
                case "server" -> server(out);
                case "clients" -> clients(out, totals);
                case "memory" -> memory(out);
                case "persistence" -> out.append(server.persistenceInfo());
                case "stats" -> stats(out, totals);
                case "replication" -> replication(out);
                case "cpu" -> cpu(out);
                case "modules" -> out.append("# Modules\r\n");
                case "commandstats" -> {
                    out.append("# Commandstats\r\n");
                    totals.commands.commandstats(out);
                }
                case "errorstats" -> {
                    out.append("# Errorstats\r\n");
                    totals.commands.errorstats(out);
                }
                case "latencystats" -> {
                    out.append("# Latencystats\r\n");
                    totals.commands.latencystats(out, server.admin().percentiles());
                }
                case "cluster" -> out.append("# Cluster\r\ncluster_enabled:0\r\n");
                case "keyspace" -> keyspace(out, shards);
                default -> throw new IllegalStateException(section);
            }
        }
        byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
        if (ctx.reply().protocol() >= 3) {
            ctx.reply().verbatim("txt", text);
        } else {
            ctx.reply().bulk(text);
        }
    }

    /** The shards' figures, added up once for every section that prints them. */
    private static final class Totals {
        long commands0;
        long connections;
        long expired;
        long timeCap;
        long expireCycleNanos;
        /**
         * total_ and current_eviction_exceeded_time: every shard compares the same used memory with
         * maxmemory, so their spells over it coincide; the longest stands for the server's.
         */
        long evictionExceededNanos;
        long currentEvictionExceededNanos;
        /** expired_stale_perc: each shard's estimate weighted by its keys with a TTL. */
        double stalePercent;
        long hits;
        long misses;
        long wakeups;
        long polls;
        long pollHits;
        long borrows;
        long allocated;
        final long[] net = new long[7];
        final Set<Object> blocked = new HashSet<>();

        /** Blocked clients whose wait has a timeout: Redis's clients_timeout_table. */
        long timedBlocked() {
            long n = 0;
            for (Object waiter : blocked) {
                if (waiter instanceof dev.sabaody.kv.data.BlockedClients.Waiter w && w.timed()) {
                    n++;
                }
            }
            return n;
        }
        final CommandStats.Snapshot commands;

        Totals(List<ShardFigures> shards, CommandStats.Snapshot coordinator, long nowNanos) {
            commands = coordinator;
            double staleWeighted = 0;
            double staleMean = 0;
            long volatileKeys = 0;
            for (ShardFigures shard : shards) {
                long shardVolatile = 0;
                for (long e : shard.expires()) {
                    shardVolatile += e;
                }
                volatileKeys += shardVolatile;
                staleWeighted += shard.keyspace().expiredStalePercent * shardVolatile;
                staleMean += shard.keyspace().expiredStalePercent / shards.size();
                expireCycleNanos += shard.keyspace().expireCycleNanos;
                evictionExceededNanos = Math.max(evictionExceededNanos, shard.keyspace().evictionExceededNanos(nowNanos));
                currentEvictionExceededNanos = Math.max(currentEvictionExceededNanos,
                        shard.keyspace().currentEvictionExceededNanos(nowNanos));
            }
            stalePercent = volatileKeys > 0 ? staleWeighted / volatileKeys : staleMean;
            for (ShardFigures shard : shards) {
                commands0 += shard.commandsProcessed();
                connections += shard.connectionsReceived();
                expired += shard.keyspace().expiredKeys;
                timeCap += shard.keyspace().expiredTimeCapReached;
                hits += shard.keyspace().keyspaceHits;
                misses += shard.keyspace().keyspaceMisses;
                wakeups += shard.wakeups();
                polls += shard.polls();
                pollHits += shard.pollHits();
                borrows += shard.borrows();
                allocated += shard.allocatedBytes();
                for (int i = 0; i < net.length; i++) {
                    net[i] += shard.net()[i];
                }
                blocked.addAll(shard.blocked());
                commands.plus(shard.commands());
            }
        }
    }

    private void server(StringBuilder out) {
        ServerConfig config = server.config();
        long uptimeSeconds = (server.clock().nanoTime() - server.startNanos()) / 1_000_000_000L;
        long nowMillis = server.clock().currentTimeMillis();
        out.append("# Server\r\n");
        field(out, "redis_version", ServerState.REDIS_VERSION);
        field(out, "redis_git_sha1", "00000000");
        field(out, "redis_git_dirty", 0);
        field(out, "redis_build_id", BUILD_ID);
        field(out, "redis_mode", "standalone");
        field(out, "os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        field(out, "arch_bits", "64");
        field(out, "monotonic_clock", "POSIX clock_gettime"); // System.nanoTime on Linux: CLOCK_MONOTONIC
        field(out, "multiplexing_api", selectorName());
        field(out, "atomicvar_api", "java-varhandle");
        field(out, "gcc_version", "0.0.0"); // not built by gcc: Redis prints 0.0.0 then
        field(out, "process_id", ProcessHandle.current().pid());
        field(out, "process_supervised", "no");
        field(out, "run_id", runId);
        field(out, "tcp_port", server.port());
        field(out, "server_time_usec", nowMillis * 1000);
        field(out, "uptime_in_seconds", uptimeSeconds);
        field(out, "uptime_in_days", uptimeSeconds / 86400);
        field(out, "hz", config.hz());
        field(out, "configured_hz", config.hz());
        field(out, "lru_clock", (nowMillis / 1000) & ((1 << 24) - 1)); // LRU_CLOCK_RESOLUTION 1000 ms, 24 bits
        field(out, "executable", ProcessHandle.current().info().command().orElse(""));
        field(out, "config_file", server.configFile());
        field(out, "io_threads_active", 0);
        // Sabaody-KV's own
        field(out, "sabaody_version", SabaodyServer.VERSION);
        field(out, "java_version", Runtime.version().toString());
        field(out, "shards", server.shards().size());
    }

    private void clients(StringBuilder out, Totals totals) {
        out.append("# Clients\r\n");
        field(out, "connected_clients", server.connectedClients());
        field(out, "cluster_connections", 0);
        field(out, "maxclients", server.config().maxClients());
        field(out, "client_recent_max_input_buffer", server.admin().clientsPeak().maxInput());
        field(out, "client_recent_max_output_buffer", server.admin().clientsPeak().maxOutput());
        field(out, "blocked_clients", totals.blocked.size());
        field(out, "tracking_clients", server.pubsub().tracking().clients());
        field(out, "clients_in_timeout_table", totals.timedBlocked());
    }

    /** Module 06's accounting: what maxmemory is compared with ({@link MemoryControl}). */
    private void memory(StringBuilder out) {
        out.append(server.memoryInfo());
    }

    /** Nothing is saved yet: no snapshot, no AOF, Redis's figures for a server that never saved. */
    private void stats(StringBuilder out, Totals t) {
        Instantaneous rates = server.rates();
        out.append("# Stats\r\n");
        field(out, "total_connections_received", t.connections);
        field(out, "total_commands_processed", t.commands0);
        field(out, "instantaneous_ops_per_sec", rates.opsPerSec());
        field(out, "total_net_input_bytes", t.net[0]);
        field(out, "total_net_output_bytes", t.net[1]);
        field(out, "total_net_repl_input_bytes", 0);
        field(out, "total_net_repl_output_bytes", 0);
        field(out, "instantaneous_input_kbps", String.format(Locale.ROOT, "%.2f", rates.inputKbps()));
        field(out, "instantaneous_output_kbps", String.format(Locale.ROOT, "%.2f", rates.outputKbps()));
        field(out, "instantaneous_input_repl_kbps", "0.00");
        field(out, "instantaneous_output_repl_kbps", "0.00");
        field(out, "rejected_connections", server.rejectedConnections());
        field(out, "sync_full", 0);
        field(out, "sync_partial_ok", 0);
        field(out, "sync_partial_err", 0);
        field(out, "expired_keys", t.expired);
        field(out, "expired_stale_perc", String.format(Locale.ROOT, "%.2f", t.stalePercent));
        field(out, "expired_time_cap_reached_count", t.timeCap);
        field(out, "expire_cycle_cpu_milliseconds", t.expireCycleNanos / 1_000_000);
        field(out, "evicted_keys", server.evictedKeys());
        field(out, "evicted_clients", t.net[6]);
        field(out, "total_eviction_exceeded_time", t.evictionExceededNanos / 1_000_000);
        field(out, "current_eviction_exceeded_time", t.currentEvictionExceededNanos / 1_000_000);
        field(out, "keyspace_hits", t.hits);
        field(out, "keyspace_misses", t.misses);
        field(out, "pubsub_channels", server.pubsub().count(PubSub.Kind.CHANNEL));
        field(out, "pubsub_patterns", server.pubsub().count(PubSub.Kind.PATTERN));
        field(out, "pubsubshard_channels", server.pubsub().count(PubSub.Kind.SHARD_CHANNEL));
        field(out, "latest_fork_usec", 0);
        field(out, "total_forks", 0);
        field(out, "migrate_cached_sockets", 0);
        field(out, "slave_expires_tracked_keys", 0);
        field(out, "active_defrag_hits", 0);
        field(out, "active_defrag_misses", 0);
        field(out, "active_defrag_key_hits", 0);
        field(out, "active_defrag_key_misses", 0);
        field(out, "total_active_defrag_time", 0);
        field(out, "current_active_defrag_time", 0);
        field(out, "tracking_total_keys", server.pubsub().tracking().totalKeys());
        field(out, "tracking_total_items", server.pubsub().tracking().totalItems());
        field(out, "tracking_total_prefixes", server.pubsub().tracking().totalPrefixes());
        field(out, "unexpected_error_replies", 0);
        field(out, "total_error_replies", t.commands.errorReplies());
        field(out, "dump_payload_sanitizations", 0);
        field(out, "total_reads_processed", t.net[2]);
        field(out, "total_writes_processed", t.net[3]);
        field(out, "io_threaded_reads_processed", 0);
        field(out, "io_threaded_writes_processed", 0);
        field(out, "reply_buffer_shrinks", t.net[5]);
        field(out, "reply_buffer_expands", t.net[4]);
        // Sabaody-KV's own: how often a shard had to wake another from select (a syscall each), how
        // often an idle loop polled before sleeping and found work by polling, how often a shard's
        // batch ran on another loop because its own was asleep, and the heap the loops allocated.
        field(out, "loop_wakeups", t.wakeups);
        field(out, "loop_polls", t.polls);
        field(out, "loop_poll_hits", t.pollHits);
        field(out, "loop_borrows", t.borrows);
        field(out, "loop_allocated_bytes", t.allocated);
    }

    /** A master with no replica: what Redis 7.0 prints for one. */
    private void replication(StringBuilder out) {
        out.append("# Replication\r\n");
        field(out, "role", "master");
        field(out, "connected_slaves", 0);
        field(out, "master_failover_state", "no-failover");
        field(out, "master_replid", replId);
        field(out, "master_replid2", "0".repeat(40));
        field(out, "master_repl_offset", 0);
        field(out, "second_repl_offset", -1);
        field(out, "repl_backlog_active", 0);
        field(out, "repl_backlog_size", server.config().get("repl-backlog-size"));
        field(out, "repl_backlog_first_byte_offset", 0);
        field(out, "repl_backlog_histlen", 0);
    }

    /**
     * CPU seconds as getrusage would give them: the process's and its children's from /proc/self/stat,
     * and the "main thread" as the shards' loops together (each is a main thread of its slice).
     */
    private void cpu(StringBuilder out) {
        ProcessCpu cpu = ProcessCpu.read(server.loops());
        out.append("# CPU\r\n");
        field(out, "used_cpu_sys", seconds(cpu.sysNanos()));
        field(out, "used_cpu_user", seconds(cpu.userNanos()));
        field(out, "used_cpu_sys_children", seconds(cpu.childrenSysNanos()));
        field(out, "used_cpu_user_children", seconds(cpu.childrenUserNanos()));
        field(out, "used_cpu_sys_main_thread", seconds(cpu.loopsSysNanos()));
        field(out, "used_cpu_user_main_thread", seconds(cpu.loopsUserNanos()));
    }

    /** "%ld.%06ld" of a timeval, as Redis prints CPU seconds. */
    private static String seconds(long nanos) {
        long micros = nanos / 1000;
        return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private void keyspace(StringBuilder out, List<ShardFigures> shards) {
        out.append("# Keyspace\r\n");
        int databases = server.config().databases();
        for (int db = 0; db < databases; db++) {
            long keys = 0;
            long expires = 0;
            // avg_ttl: each shard's estimate weighted by its keys with a TTL; a shard whose cycle has
            // not estimated yet (0) has no say
            double ttlWeighted = 0;
            long estimated = 0;
            for (ShardFigures shard : shards) {
                keys += shard.keys()[db];
                expires += shard.expires()[db];
                long avg = shard.keyspace().avgTtl(db);
                if (avg > 0) {
                    ttlWeighted += (double) avg * shard.expires()[db];
                    estimated += shard.expires()[db];
                }
            }
            if (keys > 0) {
                long avgTtl = estimated > 0 ? (long) (ttlWeighted / estimated) : 0;
                out.append("db").append(db).append(":keys=").append(keys).append(",expires=").append(expires)
                        .append(",avg_ttl=").append(avgTtl).append("\r\n");
            }
        }
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private static String buildId() {
        try {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-1")
                    .digest(("Sabaody-KV " + SabaodyServer.VERSION).getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[20];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
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
