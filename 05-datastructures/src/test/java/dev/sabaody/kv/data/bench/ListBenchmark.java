package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.data.lists.ListValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * What each list operation costs on the ring buffer, by list length: the ends and the index are
 * O(1) whatever the length (the queue and stack pairs keep the length steady, so no resize is
 * timed); an insert and removal in the middle moves half the references, shown beside
 * {@code ArrayList}'s {@code System.arraycopy} of the same work.
 *
 * <pre>
 *   ./mvnw -B -o -pl 05-datastructures -Pjmh test-compile exec:exec \
 *       -Djmh.args="-f 1 -wi 2 -i 3 -w 1s -r 1s ListBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ListBenchmark {

    @Param({"16", "10000", "1000000"})
    int length;

    private ListValue list;
    private ArrayList<byte[]> arrayList;
    private final byte[] element = "element".getBytes(StandardCharsets.US_ASCII);

    @Setup
    public void fill() {
        list = new ListValue();
        arrayList = new ArrayList<>(length + 1);
        for (int i = 0; i < length; i++) {
            byte[] e = ("element:" + i).getBytes(StandardCharsets.US_ASCII);
            list.addLast(e);
            arrayList.add(e);
        }
    }

    /** RPUSH then LPOP: a queue. */
    @Benchmark
    public byte[] queuePushTailPopHead() {
        list.addLast(element);
        return list.removeFirst();
    }

    /** LPUSH then LPOP: a stack. */
    @Benchmark
    public byte[] stackPushHeadPopHead() {
        list.addFirst(element);
        return list.removeFirst();
    }

    /** LINDEX of the middle element. */
    @Benchmark
    public byte[] indexMiddle() {
        return list.get(length >>> 1);
    }

    /** LRANGE 0 99's reads. */
    @Benchmark
    public int range100() {
        int n = Math.min(100, list.size());
        int total = 0;
        for (int i = 0; i < n; i++) {
            total += list.get(i).length;
        }
        return total;
    }

    /** LINSERT in the middle, then removal of the same element. */
    @Benchmark
    public byte[] insertAndRemoveMiddle() {
        int mid = length >>> 1;
        list.insert(mid, element);
        return list.removeAt(mid);
    }

    /** The same with ArrayList (one System.arraycopy per change, always towards the tail). */
    @Benchmark
    public byte[] arrayListInsertAndRemoveMiddle() {
        int mid = length >>> 1;
        arrayList.add(mid, element);
        return arrayList.remove(mid);
    }
}
