package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.data.Dict;
import dev.sabaody.kv.data.DictNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady-state lookups and overwrites: {@link Dict} against {@code HashMap<ByteArrayWrapper, byte[]>}
 * at 1k, 100k and 1M keys "key:N", probed in a random order.
 *
 * <p>The wrapper computes its hash from the bytes on every call, as a server must for a key that
 * arrives from the network; a wrapper that cached its hash would skip the hashing the Dict does.
 * HashMap keeps each entry's hash in its node, so a resize and a chain walk compare hashes before
 * bytes; the Dict keeps none and compares bytes.
 *
 * <pre>
 *   ./jmh.sh 05-datastructures -f 1 -wi 2 -i 3 -w 1s -r 1s DictBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class DictBenchmark {

    /** A table node with a string value: what a keyspace entry is, minus the LRU clock. */
    public static final class Node extends DictNode {
        public byte[] value;

        public Node(byte[] key, byte[] value) {
            super(key);
            this.value = value;
        }
    }

    /** The usual way to key a HashMap by bytes. */
    public static final class ByteArrayWrapper {
        final byte[] bytes;

        public ByteArrayWrapper(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ByteArrayWrapper w && Arrays.equals(bytes, w.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    static final byte[] VALUE = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Probe order: a power of two of random key indexes, walked round. */
    static final int PROBES = 1 << 16;

    @Param({"1000", "100000", "1000000"})
    public int size;

    private byte[][] keys;
    private ByteArrayWrapper[] wrapped;
    private int[] probe;
    private int next;
    private Dict<Node> dict;
    private HashMap<ByteArrayWrapper, byte[]> map;

    static byte[][] keys(int n) {
        byte[][] keys = new byte[n][];
        for (int i = 0; i < n; i++) {
            keys[i] = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
        }
        return keys;
    }

    @Setup
    public void fill() {
        keys = keys(size);
        wrapped = new ByteArrayWrapper[size];
        dict = new Dict<>();
        map = new HashMap<>();
        for (int i = 0; i < size; i++) {
            // Separate copies: a lookup must compare bytes, not find the very same array.
            wrapped[i] = new ByteArrayWrapper(keys[i].clone());
            dict.add(new Node(keys[i].clone(), VALUE));
            map.put(new ByteArrayWrapper(keys[i].clone()), VALUE);
        }
        while (dict.isRehashing()) {
            dict.rehashFor(1_000_000);
        }
        SplittableRandom random = new SplittableRandom(42);
        probe = new int[PROBES];
        for (int i = 0; i < PROBES; i++) {
            probe[i] = random.nextInt(size);
        }
    }

    @Benchmark
    public Node dictGet() {
        return dict.get(keys[probe[next++ & (PROBES - 1)]]);
    }

    @Benchmark
    public byte[] hashMapGet() {
        return map.get(wrapped[probe[next++ & (PROBES - 1)]]);
    }

    /** An overwrite: the new node takes the old one's place in its chain. */
    @Benchmark
    public Node dictPut() {
        int k = probe[next++ & (PROBES - 1)];
        return dict.put(new Node(keys[k], VALUE));
    }

    @Benchmark
    public byte[] hashMapPut() {
        return map.put(wrapped[probe[next++ & (PROBES - 1)]], VALUE);
    }
}
