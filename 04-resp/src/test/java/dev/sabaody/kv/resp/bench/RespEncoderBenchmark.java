package dev.sabaody.kv.resp.bench;

import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.RespEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How fast replies are encoded into an output buffer: {@value #REPLIES} replies per invocation, as
 * a pipelined read produces them, then the buffer is drained as a completed write
 * drains it.
 *
 * <pre>
 *   ./mvnw -pl 04-resp -am -Pjmh test-compile exec:exec -Djmh.args="-f 1 -wi 3 -i 5 -prof gc RespEncoderBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RespEncoderBenchmark {

    static final int REPLIES = 100;

    @Param({"2", "3"})
    public int protocol;

    private final OutputBuffer out = new OutputBuffer();
    private final RespEncoder encoder = new RespEncoder(out);
    private final byte[] value = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Setup
    public void setProtocol() {
        encoder.setProtocol(protocol);
    }

    /** Empties the buffer as a completed socket write does, keeping its array. */
    private void drain() {
        try {
            out.drainTo(DiscardChannel.INSTANCE);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code +OK}: SET's reply. */
    @Benchmark
    @OperationsPerInvocation(REPLIES)
    public int ok() {
        drain();
        for (int i = 0; i < REPLIES; i++) {
            encoder.ok();
        }
        return out.pending();
    }

    /** A 16-byte bulk string: GET's reply. */
    @Benchmark
    @OperationsPerInvocation(REPLIES)
    public int bulk16() {
        drain();
        for (int i = 0; i < REPLIES; i++) {
            encoder.bulk(value);
        }
        return out.pending();
    }

    /** An integer: DEL's and EXISTS's reply. */
    @Benchmark
    @OperationsPerInvocation(REPLIES)
    public int integer() {
        drain();
        for (int i = 0; i < REPLIES; i++) {
            encoder.integer(123_456L + i);
        }
        return out.pending();
    }

    /** A map of two pairs (a small HGETALL): a flat array in RESP2. */
    @Benchmark
    @OperationsPerInvocation(REPLIES)
    public int smallMap() {
        drain();
        for (int i = 0; i < REPLIES; i++) {
            encoder.mapHeader(2);
            encoder.bulk(value, 0, 5);
            encoder.bulk(value);
            encoder.bulk(value, 5, 5);
            encoder.integer(i);
        }
        return out.pending();
    }

    /** A double (ZSCORE): 7.0's %.17g form, which goes through BigDecimal and allocates. */
    @Benchmark
    @OperationsPerInvocation(REPLIES)
    public int doubles() {
        drain();
        for (int i = 0; i < REPLIES; i++) {
            encoder.doubleValue(i + 0.25);
        }
        return out.pending();
    }
}
