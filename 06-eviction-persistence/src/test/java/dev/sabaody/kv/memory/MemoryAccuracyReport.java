package dev.sabaody.kv.memory;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The accuracy of the accounting, measured: for each type, fill a keyspace with it, and compare
 * what the accounting says the keys cost with what the heap holds more than before, both after a
 * full collection. A report, not a test: it runs only when asked, and prints a Markdown table
 * (also written to target/memory-accuracy.md) for the module's README.
 *
 * <pre>
 *   ./mvnw -B -o -q -pl 06-eviction-persistence -am test -Dtest=MemoryAccuracyReport \
 *       -Daccuracy=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Surefire's JVM runs with the project's flags (-XX:+UseCompactObjectHeaders), G1 by default.
 */
@EnabledIfSystemProperty(named = "accuracy", matches = "true")
class MemoryAccuracyReport {

    private record Row(String type, String shape, long keys, long accounted, long heap) {
    }

    private final List<Row> rows = new ArrayList<>();

    @Test
    void everyType_accountedBytes_againstTheLiveHeap() throws Exception {
        measure("string", "200,000 keys, 10-byte values", 200_000, (s, i) -> s.run("SET", "k" + i, "0123456789"));
        measure("string", "2,000 keys, 10 kB values", 2_000, (s, i) -> s.run("SET", "k" + i, "v".repeat(10_000)));
        measure("string (int)", "200,000 counters", 200_000, (s, i) -> s.run("INCRBY", "k" + i, Integer.toString(i)));
        measure("hash (listpack)", "20,000 hashes of 10 fields", 20_000, (s, i) -> {
            for (int f = 0; f < 10; f++) {
                s.run("HSET", "h" + i, "field" + f, "value" + f);
            }
        });
        measure("hash (hashtable)", "20 hashes of 5,000 fields", 20, (s, i) -> {
            for (int f = 0; f < 5000; f++) {
                s.run("HSET", "h" + i, "field" + f, "value" + f);
            }
        });
        measure("list", "1,000 lists of 200 elements", 1_000, (s, i) -> {
            for (int e = 0; e < 200; e++) {
                s.run("RPUSH", "l" + i, "element" + e);
            }
        });
        measure("set (intset)", "5,000 sets of 100 integers", 5_000, (s, i) -> {
            for (int e = 0; e < 100; e++) {
                s.run("SADD", "s" + i, Integer.toString(e * 7));
            }
        });
        measure("set (hashtable)", "20 sets of 5,000 members", 20, (s, i) -> {
            for (int e = 0; e < 5000; e++) {
                s.run("SADD", "s" + i, "member" + e);
            }
        });
        measure("sorted set", "20 sets of 5,000 members", 20, (s, i) -> {
            for (int e = 0; e < 5000; e++) {
                s.run("ZADD", "z" + i, Integer.toString(e), "member" + e);
            }
        });
        measure("sorted set (small)", "5,000 sets of 20 members", 5_000, (s, i) -> {
            for (int e = 0; e < 20; e++) {
                s.run("ZADD", "z" + i, Integer.toString(e), "m" + e);
            }
        });
        measure("bitmap", "1,000 bitmaps of 100 kbit", 1_000, (s, i) -> s.run("SETBIT", "b" + i, "100000", "1"));
        measure("HyperLogLog", "1,000 keys of 2,000 elements", 1_000, (s, i) -> {
            for (int e = 0; e < 2000; e += 100) {
                String[] args = new String[102];
                args[0] = "PFADD";
                args[1] = "hll" + i;
                for (int j = 0; j < 100; j++) {
                    args[2 + j] = "e" + (e + j);
                }
                s.run(args);
            }
        });
        measure("Bloom filter", "200 filters of 10,000 capacity", 200, (s, i) -> {
            s.run("BF.RESERVE", "bf" + i, "0.01", "10000");
            for (int e = 0; e < 1000; e++) {
                s.run("BF.ADD", "bf" + i, "item" + e);
            }
        });
        measure("stream", "200 streams of 1,000 entries", 200, (s, i) -> {
            for (int e = 0; e < 1000; e++) {
                s.run("XADD", "x" + i, "*", "field", "value" + e);
            }
        });
        measure("Count-Min sketch", "200 sketches 2000 x 5", 200, (s, i) -> s.run("CMS.INITBYDIM", "cms" + i, "2000", "5"));
        report();
    }

    private interface Filler {
        void fill(InProcess server, int i);
    }

    private void measure(String type, String shape, int keys, Filler filler) {
        InProcess server = new InProcess(new MemoryLimits());
        long emptyAccounted = server.memory.dataset() + server.keyspace.overheadBytes();
        long withServer = liveHeap();
        for (int i = 0; i < keys; i++) {
            filler.fill(server, i);
        }
        long accounted = server.memory.dataset() + server.keyspace.overheadBytes() - emptyAccounted;
        long heap = liveHeap() - withServer;
        rows.add(new Row(type, shape, keys, accounted, heap));
        keepAlive(server);
    }

    private static volatile Object sink;

    private static void keepAlive(Object o) {
        sink = o;
        sink = null;
    }

    /** Bytes in use after full collections, once the figure settles. */
    private static long liveHeap() {
        MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = bean.getHeapMemoryUsage().getUsed();
            if (Math.abs(last - used) < 4096) {
                return used;
            }
            last = used;
        }
        return last;
    }

    private void report() throws Exception {
        StringBuilder out = new StringBuilder();
        out.append("| type | keys | accounted (bytes) | live heap (bytes) | accounted / heap |\n");
        out.append("|---|---|---:|---:|---:|\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %.3f |%n", r.type(), r.shape(), r.accounted(),
                    r.heap(), (double) r.accounted() / r.heap()));
        }
        out.append(String.format(Locale.ROOT, "%nJVM: %s %s, %s, compact object headers %s%n",
                System.getProperty("java.vm.name"), Runtime.version(),
                ManagementFactory.getGarbageCollectorMXBeans().getFirst().getName(),
                ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+UseCompactObjectHeaders")));
        System.out.println(out);
        Files.writeString(Path.of("target", "memory-accuracy.md"), out);
    }
}
