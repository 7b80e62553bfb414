package dev.sabaody.kv.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * INFO's {@code # Memory} section, with Redis 7.0's field names in Redis's order, from
 * {@link MemoryAccounting}: the figures maxmemory is compared with, not the heap's, so that
 * {@code used_memory} and {@code maxmemory} can be read side by side as on Redis.
 *
 * <p>The fields of jemalloc (allocator_*) and of Lua have no meaning here and are left out; RSS is
 * the process's, read from {@code /proc/self/statm}, so {@code mem_fragmentation_ratio} (RSS over
 * used_memory) shows what the JVM costs beyond the data: the heap's headroom, its garbage, the code
 * and the collector's own structures.
 */
public final class MemoryInfo {

    /** getpagesize() on Linux x86-64 (bytes); statm counts pages. */
    static final long PAGE_SIZE = 4096;

    private MemoryInfo() {
    }

    /** The section, "# Memory" line included, each line ending in CRLF. */
    public static String section(MemoryAccounting memory, MemoryLimits limits, long clientBytes) {
        long dataset = memory.dataset();
        long overhead = memory.overhead();
        long used = dataset + overhead;
        long peak = Math.max(memory.peak(), used);
        long rss = residentSetBytes();
        long system = totalSystemMemory();
        long startup = MemoryAccounting.USED_MEMORY_BASE;
        long maxmemory = limits.maxmemory();
        StringBuilder out = new StringBuilder(1024);
        out.append("# Memory\r\n");
        field(out, "used_memory", used);
        field(out, "used_memory_human", human(used));
        field(out, "used_memory_rss", rss);
        field(out, "used_memory_rss_human", human(rss));
        field(out, "used_memory_peak", peak);
        field(out, "used_memory_peak_human", human(peak));
        field(out, "used_memory_peak_perc", percent(used, peak));
        field(out, "used_memory_overhead", overhead);
        field(out, "used_memory_startup", startup);
        field(out, "used_memory_dataset", dataset);
        field(out, "used_memory_dataset_perc", percent(dataset, Math.max(1, used - startup)));
        field(out, "total_system_memory", system);
        field(out, "total_system_memory_human", human(system));
        field(out, "maxmemory", maxmemory);
        field(out, "maxmemory_human", human(maxmemory));
        field(out, "maxmemory_policy", limits.policy().configName());
        field(out, "mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", used == 0 ? 0.0 : (double) rss / used));
        field(out, "mem_fragmentation_bytes", rss - used);
        field(out, "mem_not_counted_for_evict", 0);
        field(out, "mem_clients_normal", clientBytes);
        field(out, "mem_allocator", "jvm");
        field(out, "lazyfree_pending_objects", 0);
        field(out, "lazyfreed_objects", 0);
        return out.toString();
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : part * 100.0 / whole);
    }

    /** server.c bytesToHuman: "0B", "1.21M", "23.54G". */
    public static String human(long n) {
        double d = n;
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double scale = 1024;
        for (String unit : units) {
            if (d < scale * 1024 || unit.equals("P")) {
                return String.format(Locale.ROOT, "%.2f%s", d / scale, unit);
            }
            scale *= 1024;
        }
        return n + "B";
    }

    /** The process's resident set (bytes), from /proc/self/statm; 0 where there is none. */
    public static long residentSetBytes() {
        try {
            String[] f = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(f[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** MemTotal of /proc/meminfo (bytes); 0 where there is none. */
    static long totalSystemMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }
}
