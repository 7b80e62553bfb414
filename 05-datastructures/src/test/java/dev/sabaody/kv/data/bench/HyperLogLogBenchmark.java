package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.resp.bench.SessionDriver;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * PFADD and PFCOUNT through the command path without a socket, 100 pipelined commands per
 * invocation. {@code pfaddDense}: one element per PFADD into a dense HLL (100,000 elements in it).
 * {@code pfaddSparse}: into one of three sparse HLLs, emptied (FLUSHDB) every third batch, so each
 * holds up to 100 elements (a copy of the string of a few hundred bytes per command, and the
 * run-length edit). {@code pfcountCached}: the header's cached
 * value. {@code pfcountUnion}: PFCOUNT of two dense keys, never cached: the full estimator each time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HyperLogLogBenchmark {

    static final int PIPELINE = 100;
    static final int BATCHES = 100;

    SessionDriver driver;
    ByteBuffer[] denseAdds = new ByteBuffer[BATCHES];
    ByteBuffer[] sparseAdds = new ByteBuffer[BATCHES];
    ByteBuffer counts;
    ByteBuffer unions;
    int next;

    int run(ByteBuffer in) {
        return driver.run(in);
    }

    static ByteBuffer repeat(String... args) {
        ByteBuffer one = BloomBenchmark.command(args);
        ByteBuffer all = ByteBuffer.allocate(one.remaining() * PIPELINE);
        for (int i = 0; i < PIPELINE; i++) {
            all.put(one.duplicate());
        }
        return all.flip();
    }

    @Setup
    public void setUp() {
        driver = BloomBenchmark.open();
        for (int b = 0; b < 1000; b++) {
            run(BloomBenchmark.pipeline("PFADD", "dense", "seed:", b * PIPELINE));
            run(BloomBenchmark.pipeline("PFADD", "other", "more:", b * PIPELINE));
        }
        for (int b = 0; b < BATCHES; b++) {
            denseAdds[b] = BloomBenchmark.pipeline("PFADD", "dense", "item:", b * PIPELINE);
            sparseAdds[b] = BloomBenchmark.pipeline("PFADD", "sparse" + (b % 3), "item:", b * PIPELINE);
        }
        counts = repeat("PFCOUNT", "dense");
        unions = repeat("PFCOUNT", "dense", "other");
        run(counts);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int pfaddDense() {
        next = (next + 1) % BATCHES;
        return run(denseAdds[next]);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int pfaddSparse() {
        next = (next + 1) % BATCHES;
        if (next % 3 == 0) {
            run(BloomBenchmark.command("FLUSHDB")); // each sparse key holds at most 300 elements
        }
        return run(sparseAdds[next]);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int pfcountCached() {
        return run(counts);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int pfcountUnion() {
        return run(unions);
    }
}
