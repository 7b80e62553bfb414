package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.data.sets.SetValue;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The intset against the Dict for integer members: membership is a parse plus a binary search in
 * the sorted {@code long[]} up to 512 members ({@code members = 513} is the first Dict size), and an
 * add in the middle moves the tail of the array.
 *
 * <pre>
 *   ./mvnw -B -o -pl 05-datastructures -Pjmh test-compile exec:exec \
 *       -Djmh.args="-f 1 -wi 2 -i 3 -w 1s -r 1s SetValueBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SetValueBenchmark {

    @Param({"8", "64", "512", "513"})
    int members;

    private SetValue set;
    private byte[][] probes;
    private int next;

    @Setup
    public void fill() {
        set = new SetValue();
        probes = new byte[members][];
        for (int i = 0; i < members; i++) {
            probes[i] = Integer.toString(i * 1000).getBytes(StandardCharsets.US_ASCII);
            set.add(probes[i]);
        }
    }

    @Benchmark
    public boolean contains() {
        byte[] p = probes[next];
        next = next + 1 == members ? 0 : next + 1;
        return set.contains(p);
    }

    /** Remove then add back the same member: the intset pays the array moves twice. */
    @Benchmark
    public boolean removeAndAdd() {
        byte[] p = probes[next];
        next = next + 1 == members ? 0 : next + 1;
        set.remove(p);
        return set.add(p);
    }
}
