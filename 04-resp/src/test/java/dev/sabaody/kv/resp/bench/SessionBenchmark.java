package dev.sabaody.kv.resp.bench;

import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.resp.Main;
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
 * The whole path of a request without the socket: parse, look up the command, check arity, run it
 * on the store, encode the reply. 100 pipelined commands per invocation; the score is commands per
 * second, the ceiling of what one event loop can do with module 04's code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionBenchmark {

    static final int PIPELINE = 100;

    private SessionDriver driver;
    private ByteBuffer pings;
    private ByteBuffer gets;
    private ByteBuffer sets;

    @Setup
    public void open() {
        driver = new SessionDriver(Main.protocol(new ManualClock())::open);
        StringBuilder p = new StringBuilder();
        StringBuilder g = new StringBuilder();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < PIPELINE; i++) {
            String key = "key:" + (100000 + i);
            p.append("*1\r\n$4\r\nPING\r\n");
            g.append("*2\r\n$3\r\nGET\r\n$10\r\n").append(key).append("\r\n");
            s.append("*3\r\n$3\r\nSET\r\n$10\r\n").append(key).append("\r\n$16\r\n0123456789abcdef\r\n");
        }
        pings = SessionDriver.ascii(p);
        gets = SessionDriver.ascii(g);
        sets = SessionDriver.ascii(s);
        run(sets); // GET finds its keys
    }

    private int run(ByteBuffer in) {
        return driver.run(in);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int ping() {
        return run(pings);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int get() {
        return run(gets);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int set() {
        return run(sets);
    }
}
