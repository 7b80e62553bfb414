package dev.sabaody.kv.nio;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a reply written into a connection's buffer costs, per reply, with nothing pending (the fast
 * path: a reply fits what Redis's fixed 16 KB buffer would hold, and {@link ReplyBlocks} is not
 * asked) and behind a backlog of unsent output (every write is recorded as Redis's reply blocks
 * would take it). Each invocation writes {@link #REPLIES} small bulk replies, then drops them again
 * ({@code truncate}), so the backlog stays as it was. In the package of the buffer: a connection's
 * buffer is made by its loop.
 *
 * <pre>
 *   ./jmh.sh 03-nio-multiplexing -f 1 -wi 3 -i 5 OutputBufferBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OutputBufferBenchmark {

    static final int REPLIES = 100;
    private static final byte[] VALUE = "a value of some thirty bytes..".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    /** Unsent bytes before the replies: 0, just under the fixed buffer, or 1 MB behind. */
    @Param({"0", "16000", "1000000"})
    int backlog;

    private OutputBuffer out;

    @Setup
    public void setUp() {
        out = new OutputBuffer(new OutputArrays(), null);
        out.write(new byte[backlog]);
    }

    @Benchmark
    @OperationsPerInvocation(REPLIES)
    public int bulkReplies() {
        for (int i = 0; i < REPLIES; i++) {
            out.write((byte) '$').writeDecimal(VALUE.length).write(CRLF).write(VALUE).write(CRLF);
        }
        int written = out.pending();
        out.truncate(backlog);
        return written;
    }
}
