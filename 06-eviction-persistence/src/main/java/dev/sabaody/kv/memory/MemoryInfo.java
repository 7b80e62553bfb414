package dev.sabaody.kv.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * INFO's {@code # Memory} section, with every field name of Redis 7.0 in Redis's order, from
 * {@link MemoryAccounting}: the figures maxmemory is compared with, not the heap's, so that
 * {@code used_memory} and {@code maxmemory} can be read side by side as on Redis.
 *
 * <p>Where Redis asks jemalloc, the JVM answers: {@code allocator_allocated} is the heap in use,
 * {@code allocator_active} the heap committed, {@code allocator_resident} the process's RSS (read
 * from {@code /proc/self/statm}), and the ratios between them are computed as Redis's
 * getMemoryOverheadData computes them: the allocator's "fragmentation" is the heap's headroom and
 * garbage, the "rss" share what the JVM holds beyond its heap (code, metaspace, thread stacks, the
 * collector's own structures), and with resident taken as RSS the rss overhead is nil.
 * {@code mem_fragmentation_ratio} (RSS over used_memory) shows what the JVM costs beyond the data.
 * Lua's and the functions' figures are the product's ({@link Scripts}); a server without replicas,
 * cluster bus or defragmenter prints 0 for those, as Redis does in that case.
 */
public final class MemoryInfo {

    /** getpagesize() on Linux x86-64 (bytes); statm counts pages. */
    static final long PAGE_SIZE = 4096;

    private MemoryInfo() {
    }

    /**
     * What the scripts hold, as INFO names it: module 06 has none ({@link #NONE}); final-server's
     * scripting fills it in.
     *
     * @param vmEvalBytes      used_memory_vm_eval: the cached scripts' compiled code
     * @param scriptsEvalBytes used_memory_scripts_eval: the cached scripts' SHA1s and bodies
     * @param cachedScripts    number_of_cached_scripts
     * @param functions        number_of_functions
     * @param libraries        number_of_libraries
     * @param vmFunctionsBytes used_memory_vm_functions: the libraries' compiled code
     * @param functionsBytes   used_memory_functions: the libraries' code and names
     */
    public record Scripts(long vmEvalBytes, long scriptsEvalBytes, long cachedScripts, long functions,
                          long libraries, long vmFunctionsBytes, long functionsBytes) {
        /** No scripting at all. */
        public static final Scripts NONE = new Scripts(0, 0, 0, 0, 0, 0, 0);
    }

    /** The section of a server without scripts. */
    public static String section(MemoryAccounting memory, MemoryLimits limits, long clientBytes) {
        return section(memory, limits, clientBytes, Scripts.NONE);
    }

    /** The section, "# Memory" line included, each line ending in CRLF. */
    public static String section(MemoryAccounting memory, MemoryLimits limits, long clientBytes, Scripts scripts) {
        long dataset = memory.dataset();
        long overhead = memory.overhead();
        long used = dataset + overhead;
        long peak = Math.max(memory.peak(), used);
        long rss = residentSetBytes();
        long system = totalSystemMemory();
        long startup = MemoryAccounting.USED_MEMORY_BASE;
        long maxmemory = limits.maxmemory();
        Runtime rt = Runtime.getRuntime();
        long allocated = rt.totalMemory() - rt.freeMemory();
        long active = rt.totalMemory();
        long resident = rss;
        long vmTotal = scripts.vmEvalBytes() + scripts.vmFunctionsBytes();
        long scriptsBytes = scripts.scriptsEvalBytes() + scripts.functionsBytes();
        StringBuilder out = new StringBuilder(2048);
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
        field(out, "allocator_allocated", allocated);
        field(out, "allocator_active", active);
        field(out, "allocator_resident", resident);
        field(out, "total_system_memory", system);
        field(out, "total_system_memory_human", human(system));
        field(out, "used_memory_lua", scripts.vmEvalBytes()); // Redis 7.0: deprecated name of used_memory_vm_eval
        field(out, "used_memory_vm_eval", scripts.vmEvalBytes());
        field(out, "used_memory_lua_human", human(scripts.vmEvalBytes()));
        field(out, "used_memory_scripts_eval", scripts.scriptsEvalBytes());
        field(out, "number_of_cached_scripts", scripts.cachedScripts());
        field(out, "number_of_functions", scripts.functions());
        field(out, "number_of_libraries", scripts.libraries());
        field(out, "used_memory_vm_functions", scripts.vmFunctionsBytes());
        field(out, "used_memory_vm_total", vmTotal);
        field(out, "used_memory_vm_total_human", human(vmTotal));
        field(out, "used_memory_functions", scripts.functionsBytes());
        field(out, "used_memory_scripts", scriptsBytes);
        field(out, "used_memory_scripts_human", human(scriptsBytes));
        field(out, "maxmemory", maxmemory);
        field(out, "maxmemory_human", human(maxmemory));
        field(out, "maxmemory_policy", limits.policy().configName());
        field(out, "allocator_frag_ratio", ratio(active, allocated));
        field(out, "allocator_frag_bytes", active - allocated);
        field(out, "allocator_rss_ratio", ratio(resident, active));
        field(out, "allocator_rss_bytes", resident - active);
        field(out, "rss_overhead_ratio", ratio(rss, resident));
        field(out, "rss_overhead_bytes", rss - resident);
        field(out, "mem_fragmentation_ratio", String.format(Locale.ROOT, "%.2f", used == 0 ? 0.0 : (double) rss / used));
        field(out, "mem_fragmentation_bytes", rss - used);
        field(out, "mem_not_counted_for_evict", 0);
        field(out, "mem_replication_backlog", 0);
        field(out, "mem_total_replication_buffers", 0);
        field(out, "mem_clients_slaves", 0);
        field(out, "mem_clients_normal", clientBytes);
        field(out, "mem_cluster_links", 0);
        field(out, "mem_aof_buffer", 0);
        field(out, "mem_allocator", "jvm");
        field(out, "active_defrag_running", 0);
        field(out, "lazyfree_pending_objects", 0);
        field(out, "lazyfreed_objects", 0);
        return out.toString();
    }

    private static void field(StringBuilder out, String name, Object value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    /** Redis's "%.2f" of a float ratio; 0 over 0 reads 0.00 rather than NaN. */
    private static String ratio(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f", whole == 0 ? 0.0 : (double) part / whole);
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
