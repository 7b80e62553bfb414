package dev.sabaody.kv.server.admin;

import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.SlicedCommand;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * MEMORY STATS | DOCTOR | MALLOC-STATS | PURGE | HELP, answered from this JVM's facts: Redis's
 * allocator is jemalloc, Sabaody-KV's is the JVM's heap, so "allocated" is the heap in use, "active"
 * the heap committed, "resident" the process's RSS, and PURGE asks the collector to run. STATS keeps
 * Redis 7.0's field names, in its order, so tools reading it find them (per-database hash-table
 * overheads aside: the keyspace does not account them yet). MEMORY USAGE belongs to memory
 * accounting and joins this container through {@link Admin#memoryUsage}.
 *
 * <p>The tips say {@code request_policy:all_shards}: each shard counts its keys on its own thread.
 */
final class MemoryCommand {

    /** Heap in use when the server started: Redis's startup.allocated. */
    private final long startupBytes;

    MemoryCommand() {
        Runtime rt = Runtime.getRuntime();
        startupBytes = rt.totalMemory() - rt.freeMemory();
    }

    CommandSpec.Builder<Db> spec(CommandSpec.Builder<Db> usage) {
        CommandSpec.Builder<Db> memory = CommandSpec.<Db>container("memory", -2)
                .acl(SLOW)
                .doc(CommandDoc.of("A container for memory diagnostics commands", "4.0.0", "server",
                        "Depends on subcommand."))
                .subcommand(sliced("doctor", new Part<>((ctx, keys) -> doctor(ctx, keys)), "Outputs memory problems report",
                        "nondeterministic_output", "request_policy:all_shards", "response_policy:special"))
                .subcommand(CommandSpec.<Db>command("help", 2, MemoryCommand::help)
                        .flags(CommandFlag.LOADING, CommandFlag.STALE).acl(SLOW)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands", "4.0.0", "server", "O(1)")))
                .subcommand(sliced("purge", new Part<>((ctx, keys) -> {
                            System.gc(); // the JVM's way to hand back what it holds and no longer uses
                            ctx.reply().ok();
                        }), "Ask the allocator to release memory", "request_policy:all_shards",
                        "response_policy:all_succeeded"))
                .subcommand(sliced("malloc-stats", new Part<>((ctx, keys) -> mallocStats(ctx)),
                        "Show allocator internal stats", "nondeterministic_output", "request_policy:all_shards",
                        "response_policy:special"))
                .subcommand(sliced("stats", new Part<>(this::stats), "Show memory usage details",
                        "nondeterministic_output", "request_policy:all_shards", "response_policy:special"));
        if (usage != null) {
            memory.subcommand(usage);
        }
        return memory;
    }

    private static CommandSpec.Builder<Db> sliced(String name, SlicedCommand<Db, Long> impl, String summary, String... tips) {
        // memory.json: PURGE and MALLOC-STATS depend on the allocator; DOCTOR and STATS are O(1)
        String complexity = name.equals("purge") || name.equals("malloc-stats")
                ? "Depends on how much memory is allocated, could be slow" : "O(1)";
        return CommandSpec.<Db>command(name, 2, impl).acl(SLOW).tips(tips)
                .doc(CommandDoc.of(summary, "4.0.0", "server", complexity));
    }

    /** What every MEMORY subcommand here needs from the shards: their key counts, added up. */
    private static final class Part<D> implements SlicedCommand<Db, Long> {
        interface Answer {
            void answer(CommandContext<? extends Db> ctx, long keys);
        }

        private final Answer answer;

        Part(Answer answer) {
            this.answer = answer;
        }

        @Override
        public Long part(CommandContext<? extends Db> ctx) {
            long keys = 0;
            for (int i = 0; i < ctx.databases().count(); i++) {
                keys += ctx.databases().get(i).size();
            }
            return keys;
        }

        @Override
        public void answer(CommandContext<? extends Db> ctx, List<Long> parts) {
            long keys = 0;
            for (long p : parts) {
                keys += p;
            }
            answer.answer(ctx, keys);
        }
    }

    /** getMemoryOverheadData's figures, for the JVM. */
    private record Figures(long peak, long used, long committed, long rss, long clients, long keys) {
        static Figures now(CommandContext<? extends Db> ctx, long keys) {
            Runtime rt = Runtime.getRuntime();
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            long used = rt.totalMemory() - rt.freeMemory();
            long clients = 0;
            for (Client c : ctx.clients().all()) {
                clients += c.bufferBytes();
            }
            return new Figures(Math.max(peak, used), used, rt.totalMemory(), residentSetBytes(), clients, keys);
        }
    }

    private void stats(CommandContext<? extends Db> ctx, long keys) {
        Figures f = Figures.now(ctx, keys);
        long overhead = startupBytes + f.clients();
        long dataset = Math.max(0, f.used() - overhead);
        long net = Math.max(1, f.used() - startupBytes);
        RespEncoder r = ctx.reply();
        r.mapHeader(27);
        integer(r, "peak.allocated", f.peak());
        integer(r, "total.allocated", f.used());
        integer(r, "startup.allocated", startupBytes);
        integer(r, "replication.backlog", 0);
        integer(r, "clients.slaves", 0);
        integer(r, "clients.normal", f.clients());
        integer(r, "cluster.links", 0);
        integer(r, "aof.buffer", 0);
        integer(r, "lua.caches", 0);
        integer(r, "functions.caches", 0);
        integer(r, "overhead.total", overhead);
        integer(r, "keys.count", f.keys());
        integer(r, "keys.bytes-per-key", f.keys() == 0 ? 0 : net / f.keys());
        integer(r, "dataset.bytes", dataset);
        decimal(r, "dataset.percentage", dataset * 100.0 / net);
        decimal(r, "peak.percentage", f.used() * 100.0 / Math.max(1, f.peak()));
        integer(r, "allocator.allocated", f.used());
        integer(r, "allocator.active", f.committed());
        integer(r, "allocator.resident", f.rss());
        decimal(r, "allocator-fragmentation.ratio", (double) f.committed() / Math.max(1, f.used()));
        integer(r, "allocator-fragmentation.bytes", f.committed() - f.used());
        decimal(r, "allocator-rss.ratio", (double) f.rss() / Math.max(1, f.committed()));
        integer(r, "allocator-rss.bytes", f.rss() - f.committed());
        decimal(r, "rss-overhead.ratio", 1.0);
        integer(r, "rss-overhead.bytes", 0);
        decimal(r, "fragmentation", (double) f.rss() / Math.max(1, f.used()));
        integer(r, "fragmentation.bytes", f.rss() - f.used());
    }

    private static void integer(RespEncoder r, String name, long value) {
        r.bulkString(name);
        r.integer(value);
    }

    private static void decimal(RespEncoder r, String name, double value) {
        r.bulkString(name);
        r.doubleValue(value);
    }

    /** getMemoryDoctorReport: nothing to say about an empty instance, else what the JVM shows. */
    private void doctor(CommandContext<? extends Db> ctx, long keys) {
        String report;
        if (keys == 0) {
            report = "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used"
                    + " in these conditions. Please, leave for your mission on Earth and fill it with some data. The new"
                    + " Sam and I will be back to our programming as soon as I finished rebooting.\n";
        } else {
            Figures f = Figures.now(ctx, keys);
            StringBuilder s = new StringBuilder();
            long max = Runtime.getRuntime().maxMemory();
            if (f.used() > max * 0.9) {
                s.append(" * High heap use: ").append(f.used() * 100 / max).append("% of the heap (-Xmx) is in use;"
                        + " keys may soon be refused with -OOM. Give the JVM more heap or set maxmemory below it.\n\n");
            }
            if (f.clients() > f.used() / 2) {
                s.append(" * Big client buffers: clients hold ").append(f.clients()).append(" bytes of buffers,"
                        + " more than half the heap in use. Check CLIENT LIST for large obl or qbuf.\n\n");
            }
            report = s.isEmpty()
                    ? "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n"
                    : "Sam, I detected a few issues in this Redis instance memory implants:\n\n" + s;
        }
        ctx.reply().verbatim("txt", report.getBytes(StandardCharsets.US_ASCII));
    }

    /** MALLOC-STATS: Redis prints jemalloc's report; here, the JVM's heap pools and collectors. */
    private static void mallocStats(CommandContext<? extends Db> ctx) {
        StringBuilder s = new StringBuilder("___ Begin JVM memory statistics ___\n");
        s.append("Version: ").append(Runtime.version()).append('\n');
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = pool.getUsage();
            s.append(String.format(Locale.ROOT, "%-36s %-8s used: %d committed: %d max: %d%n", pool.getName(),
                    pool.getType() == java.lang.management.MemoryType.HEAP ? "heap" : "non-heap",
                    u.getUsed(), u.getCommitted(), u.getMax()));
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            s.append(String.format(Locale.ROOT, "collector %-26s collections: %d time: %d ms%n", gc.getName(),
                    gc.getCollectionCount(), gc.getCollectionTime()));
        }
        s.append("--- End JVM memory statistics ---\n");
        ctx.reply().verbatim("txt", s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void help(CommandContext<? extends Db> ctx) {
        dev.sabaody.kv.memory.MemoryCommand.help(ctx); // one text, module 06's
    }

    /** The process's resident set (Linux /proc), 0 elsewhere. */
    private static long residentSetBytes() {
        try {
            String[] fields = Files.readString(Path.of("/proc/self/statm")).trim().split(" ");
            return Long.parseLong(fields[1]) * 4096;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }
}
