package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.data.Dict;
import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.data.bench.DictBenchmark.ByteArrayWrapper;
import dev.sabaody.kv.data.bench.DictBenchmark.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The module's headline: the worst single insert while a table grows from empty to 1,000,000 keys.
 * {@code HashMap} resizes all at once, so the put that crosses its threshold re-links every entry;
 * the {@link Dict} allocates the new bucket array and moves one bucket per operation.
 *
 * <p>Two ways to see it:
 * <ul>
 *   <li>{@code sampled*}: JMH's SampleTime mode, one insert per call (the table starts again when
 *       full). JMH times a sample of the calls, so a rare spike can be missed; its p99.99 and max are
 *       what JMH saw.
 *   <li>{@code recorded*}: one call fills a fresh table with 1,000,000 keys and times every insert
 *       with {@code System.nanoTime}; after each iteration the percentiles and the slowest inserts
 *       (with their index, to tell a resize from a GC pause) are printed. Run it with Epsilon (no GC)
 *       to see the tables alone, or with G1 to see them with the collector.
 * </ul>
 *
 * <pre>
 *   ./jmh.sh 05-datastructures -f 1 -wi 2 -i 3 -w 1s -r 1s 'DictGrowthBenchmark.sampled'
 *   ./jmh.sh 05-datastructures -f 1 -wi 2 -i 3 -jvmArgsAppend '-XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -Xms6g -Xmx6g -XX:+AlwaysPreTouch' 'DictGrowthBenchmark.recorded'
 * </pre>
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DictGrowthBenchmark {

    static final int KEYS = 1_000_000;

    private byte[][] keys;
    private ByteArrayWrapper[] wrapped;
    private SeededWrapper[] seeded;
    private Dict<Node> dict;
    private HashMap<ByteArrayWrapper, byte[]> map;
    private int next;
    private final long[] latency = new long[KEYS];
    private String recorded;

    @Setup(Level.Trial)
    public void keys() {
        keys = DictBenchmark.keys(KEYS);
        wrapped = new ByteArrayWrapper[KEYS];
        seeded = new SeededWrapper[KEYS];
        for (int i = 0; i < KEYS; i++) {
            wrapped[i] = new ByteArrayWrapper(keys[i]);
            seeded[i] = new SeededWrapper(keys[i]);
        }
    }

    @Setup(Level.Iteration)
    public void empty() {
        dict = new Dict<>();
        map = new HashMap<>();
        next = 0;
    }

    // ---------------------------------------------------------------- JMH's sampling

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Dict<Node> sampledDictInsert() {
        if (next == KEYS) {
            dict = new Dict<>();
            next = 0;
        }
        dict.add(new Node(keys[next++], DictBenchmark.VALUE));
        return dict;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public HashMap<ByteArrayWrapper, byte[]> sampledHashMapInsert() {
        if (next == KEYS) {
            map = new HashMap<>();
            next = 0;
        }
        map.put(wrapped[next++], DictBenchmark.VALUE);
        return map;
    }

    // ---------------------------------------------------------------- every insert timed

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Dict<Node> recordedDictFill() {
        Dict<Node> d = new Dict<>();
        for (int i = 0; i < KEYS; i++) {
            long start = System.nanoTime();
            d.add(new Node(keys[i], DictBenchmark.VALUE));
            latency[i] = System.nanoTime() - start;
        }
        recorded = "Dict";
        return d;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public HashMap<ByteArrayWrapper, byte[]> recordedHashMapFill() {
        HashMap<ByteArrayWrapper, byte[]> m = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            long start = System.nanoTime();
            m.put(wrapped[i], DictBenchmark.VALUE);
            latency[i] = System.nanoTime() - start;
        }
        recorded = "HashMap";
        return m;
    }

    /**
     * HashMap again, keyed by a wrapper whose hash is the Dict's ({@link KeyHash}): sequential keys
     * "key:N" then land in random buckets as they do in the Dict, instead of in neighbouring ones as
     * {@code Arrays.hashCode} puts them (which keeps HashMap's inserts in cache).
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public HashMap<SeededWrapper, byte[]> recordedHashMapSeededFill() {
        HashMap<SeededWrapper, byte[]> m = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            long start = System.nanoTime();
            m.put(seeded[i], DictBenchmark.VALUE);
            latency[i] = System.nanoTime() - start;
        }
        recorded = "HashMap+KeyHash";
        return m;
    }

    /** A byte-array key hashed with {@link KeyHash}, computed on every call like the other wrapper. */
    public static final class SeededWrapper {
        final byte[] bytes;

        SeededWrapper(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SeededWrapper w && Arrays.equals(bytes, w.bytes);
        }

        @Override
        public int hashCode() {
            return (int) KeyHash.hash(bytes);
        }
    }

    /** 1-based indexes of the inserts that resize: the Dict starts a rehash at 2^k + 1 keys, HashMap at 0.75 * 2^k + 1. */
    static List<Integer> resizeInserts(String table) {
        List<Integer> at = new ArrayList<>();
        if (table.equals("Dict")) {
            for (int n = 8; n / 2 < KEYS; n *= 2) {
                at.add(n / 2 + 1);
            }
        } else {
            for (int cap = 16; cap * 3 / 4 < KEYS; cap *= 2) {
                at.add(cap * 3 / 4 + 1);
            }
        }
        return at;
    }

    @TearDown(Level.Iteration)
    public void report() {
        if (recorded == null) {
            return;
        }
        Integer[] slowest = new Integer[KEYS];
        for (int i = 0; i < KEYS; i++) {
            slowest[i] = i;
        }
        Arrays.sort(slowest, (a, b) -> Long.compare(latency[b], latency[a]));
        long[] sorted = latency.clone();
        Arrays.sort(sorted);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%n%s, %,d inserts: p50 %,d ns  p99 %,d ns  p99.9 %,d ns  p99.99 %,d ns  max %,d ns; slowest:",
                recorded, KEYS, sorted[KEYS / 2], sorted[(int) (KEYS * 0.99)], sorted[(int) (KEYS * 0.999)],
                sorted[(int) (KEYS * 0.9999)], sorted[KEYS - 1]));
        for (int i = 0; i < 6; i++) {
            s.append(String.format(Locale.ROOT, " #%,d=%,dns", slowest[i] + 1, latency[slowest[i]]));
        }
        long worstResize = 0;
        int worstAt = 0;
        long resizeTotal = 0;
        for (int at : resizeInserts(recorded)) {
            long t = latency[at - 1];
            resizeTotal += t;
            if (t > worstResize) {
                worstResize = t;
                worstAt = at;
            }
        }
        long over100us = Arrays.stream(latency).filter(t -> t > 100_000).count();
        s.append(String.format(Locale.ROOT,
                "%n    the inserts that resize: worst #%,d=%,d ns, all %d together %,d ns; inserts over 100 us: %d",
                worstAt, worstResize, resizeInserts(recorded).size(), resizeTotal, over100us));
        System.out.println(s);
        recorded = null;
    }
}
