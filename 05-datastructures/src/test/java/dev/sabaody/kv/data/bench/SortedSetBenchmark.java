package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.data.zsets.SortedSet;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of a sorted-set operation as the set grows: if the skip list is O(log n), going from 1k
 * to 1M members (1000 times more) should cost about twice as much per operation (log 1M / log 1k),
 * plus what cache misses add once the set outgrows the CPU caches.
 *
 * <ul>
 *   <li>{@code zadd}: ZADD of an existing member with a new random score: a hash lookup, then the
 *       node is unlinked and relinked at its new place (two O(log n) searches);
 *   <li>{@code zrank}: ZRANK of a random member: hash lookup, then one search summing spans;
 *   <li>{@code zrange10}: ZRANGE of 10 members from a random rank: one search by span, then 9 steps.
 * </ul>
 *
 * <pre>./mvnw -B -pl 05-datastructures -Pjmh test-compile exec:exec \
 *     -Djmh.args="-f 1 -wi 2 -i 3 -w 1s -r 1s SortedSetBenchmark"</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SortedSetBenchmark {

    @Param({"10", "1000", "100000", "1000000"})
    int size;

    private SortedSet zset;
    private byte[][] members;
    private final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void fill() {
        zset = new SortedSet();
        members = new byte[size][];
        for (int i = 0; i < size; i++) {
            members[i] = ("member:" + i).getBytes(StandardCharsets.US_ASCII);
            zset.add(members[i], random.nextInt(size), 0);
        }
    }

    @Benchmark
    public int zadd() {
        return zset.add(members[random.nextInt(size)], random.nextInt(size), 0);
    }

    @Benchmark
    public int zrank() {
        Node n = zset.get(members[random.nextInt(size)]);
        return zset.rankOf(n);
    }

    @Benchmark
    public void zrange10(Blackhole bh) {
        Node n = zset.list().byRank(1 + random.nextInt(size));
        for (int i = 0; i < 10 && n != null; i++, n = n.next()) {
            bh.consume(n.member());
            bh.consume(n.score());
        }
    }
}
