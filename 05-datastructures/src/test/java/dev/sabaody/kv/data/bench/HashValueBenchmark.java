package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.data.hashes.HashValue;
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
 * What the listpack form costs: a field lookup in a small hash is a linear search, so it grows with
 * the number of fields up to the 512 where the hash turns into a Dict. {@code fields = 513} is the
 * first size held in the Dict. The lookups cycle through every field, hits only.
 *
 * <pre>
 *   ./mvnw -B -o -pl 05-datastructures -Pjmh test-compile exec:exec \
 *       -Djmh.args="-f 1 -wi 2 -i 3 -w 1s -r 1s HashValueBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HashValueBenchmark {

    @Param({"8", "64", "512", "513"})
    int fields;

    private HashValue hash;
    private byte[][] keys;
    private int next;

    @Setup
    public void fill() {
        hash = new HashValue();
        keys = new byte[fields][];
        for (int i = 0; i < fields; i++) {
            keys[i] = ("field:" + i).getBytes(StandardCharsets.US_ASCII);
            hash.set(keys[i], "value".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Benchmark
    public byte[] get() {
        byte[] k = keys[next];
        next = next + 1 == fields ? 0 : next + 1;
        return hash.get(k);
    }

    @Benchmark
    public boolean overwrite() {
        byte[] k = keys[next];
        next = next + 1 == fields ? 0 : next + 1;
        return hash.set(k, k);
    }
}
