package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.Clock;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Heap bytes per key of the keyspace itself: 1,000,000 keys "key:N" with 16-byte string values added
 * through {@link Db#add}, the heap in use after a full collection, minus the same before.
 *
 * <pre>
 *   ./mvnw -B -q -pl 05-datastructures test-compile
 *   java -XX:+UseCompactObjectHeaders -Xmx1g -cp "05-datastructures/target/test-classes:05-datastructures/target/classes:$(cat cp.txt)" \
 *       dev.sabaody.kv.data.bench.MemoryPerKey [keys]
 * </pre>
 * ({@code measure-memory.sh} runs it, then measures the same load through the server and a real Redis.)
 *
 * <p>What to expect, with compact object headers (8-byte header, 4-byte compressed references,
 * 8-byte alignment): the entry 24 bytes, the key's byte[] 12 + 5..10 bytes = 24, the value's byte[]
 * 12 + 16 = 28, aligned to 32, and 4 bytes per bucket with 2^20 buckets for 10^6 keys: about 84.
 */
public final class MemoryPerKey {

    private MemoryPerKey() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        // Build the keys' text before the first measurement would not be fair: a server receives them,
        // so their arrays count. Only the Keyspace object itself (16 empty databases) is in the baseline.
        Keyspace keyspace = new Keyspace(Clock.system());
        Db db = keyspace.db(0);
        long before = usedAfterGc();
        for (int i = 0; i < n; i++) {
            byte[] key = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
            byte[] value = String.format(Locale.ROOT, "%016d", i).getBytes(StandardCharsets.US_ASCII);
            db.add(key, value);
        }
        long after = usedAfterGc();
        double perKey = (after - before) / (double) n;
        String flags = ManagementFactory.getRuntimeMXBean().getInputArguments().toString();
        System.out.printf(Locale.ROOT, "keys %,d  heap used before %,d B  after %,d B  per key %.1f B  (JVM flags %s)%n",
                n, before, after, perKey, flags);
        // Keep the keyspace reachable until after the measurement.
        if (db.size() != n) {
            throw new IllegalStateException();
        }
    }

    /** Heap in use after collecting until the figure stops falling. */
    static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            if (now >= used) {
                return Math.min(used, now);
            }
            used = now;
        }
        return used;
    }
}
