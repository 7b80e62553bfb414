package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.resp.bench.SessionDriver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * CMS.INCRBY and CMS.QUERY through the command path without a socket, 100 pipelined commands per
 * invocation, on a sketch made by CMS.INITBYPROB 0.001 0.01 (2000 x 7: seven MurmurHash2 per item).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CountMinBenchmark {

    static final int PIPELINE = 100;
    static final int BATCHES = 100;

    SessionDriver driver;
    ByteBuffer[] incrs = new ByteBuffer[BATCHES];
    ByteBuffer[] queries = new ByteBuffer[BATCHES];
    int next;

    static ByteBuffer pipeline(String verb, int from, boolean withIncrement) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PIPELINE; i++) {
            String item = "item:" + (from + i);
            sb.append(withIncrement ? "*4\r\n" : "*3\r\n").append('$').append(verb.length()).append("\r\n").append(verb)
                    .append("\r\n$3\r\ncms\r\n$").append(item.length()).append("\r\n").append(item).append("\r\n");
            if (withIncrement) {
                sb.append("$1\r\n1\r\n");
            }
        }
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    int run(ByteBuffer in) {
        return driver.run(in);
    }

    @Setup
    public void setUp() {
        driver = BloomBenchmark.open();
        run(BloomBenchmark.command("CMS.INITBYPROB", "cms", "0.001", "0.01"));
        for (int b = 0; b < BATCHES; b++) {
            incrs[b] = pipeline("CMS.INCRBY", b * PIPELINE, true);
            queries[b] = pipeline("CMS.QUERY", b * PIPELINE, false);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int cmsIncrBy() {
        next = (next + 1) % BATCHES;
        return run(incrs[next]);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int cmsQuery() {
        next = (next + 1) % BATCHES;
        return run(queries[next]);
    }
}
