package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.data.lists.ListValue;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Heap bytes per element of one list of 1,000,000 elements "element:N" (9 to 14 bytes), pushed at
 * the tail: the heap in use after a full collection, minus the same before. Redis's quicklist packs
 * such elements into 8 KB listpacks; the same load there is measured with INFO's used_memory (see
 * docs/lists.md).
 *
 * <pre>
 *   ./mvnw -B -q -o -pl 05-datastructures test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 *   java -XX:+UseCompactObjectHeaders -Xmx1g \
 *       -cp "05-datastructures/target/test-classes:05-datastructures/target/classes:$(cat 05-datastructures/cp.txt)" \
 *       dev.sabaody.kv.data.bench.ListMemoryBenchmark [elements]
 * </pre>
 *
 * <p>What to expect with compact object headers: the byte[] of each element 12 + 9..14 bytes, aligned
 * to 24 or 32, plus its 4-byte slot in the ring (whose capacity is the next power of two: 2^20 slots
 * for 10^6 elements, so 4.2 bytes per element).
 */
public final class ListMemoryBenchmark {

    private ListMemoryBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long before = usedAfterGc();
        ListValue list = new ListValue();
        for (int i = 0; i < n; i++) {
            list.addLast(("element:" + i).getBytes(StandardCharsets.US_ASCII));
        }
        long after = usedAfterGc();
        System.out.printf(Locale.ROOT,
                "elements %,d  heap used before %,d B  after %,d B  per element %.1f B  (JVM flags %s)%n",
                n, before, after, (after - before) / (double) n,
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (list.size() != n) { // keeps the list reachable until after the measurement
            throw new IllegalStateException();
        }
    }

    private static long usedAfterGc() {
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
