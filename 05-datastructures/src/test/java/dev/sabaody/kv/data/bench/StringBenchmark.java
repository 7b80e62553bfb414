package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.KeyspaceRunner;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.RequestParser;
import dev.sabaody.kv.resp.RespProtocol;
import dev.sabaody.kv.resp.ServerState;
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
 * SET, GET and INCR through the whole command path of module 05, without a socket: RESP parsing,
 * the command table, the keyspace (hash table, entry, expiry check) and the reply encoder, fed 100
 * pipelined commands per invocation on a fake connection. The score is commands per second on one
 * thread, the ceiling of one event loop running these commands; compare with 04's SessionBenchmark
 * (the same path over a plain map) to see what the keyspace costs.
 *
 * <pre>
 *   ./mvnw -B -o -pl 05-datastructures -Pjmh test-compile exec:exec \
 *       -Djmh.args="-f 1 -wi 2 -i 3 -w 1s -r 1s StringBenchmark"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StringBenchmark {

    static final int PIPELINE = 100;

    private SessionDriver driver;
    private ByteBuffer gets;
    private ByteBuffer sets;
    private ByteBuffer setsWithTtl;
    private ByteBuffer incrs;

    @Setup
    public void open() {
        ManualClock clock = new ManualClock();
        Keyspace keyspace = new Keyspace(clock);
        ServerState<Db> state = new ServerState<>(DataCommands.table(), keyspace.databases(), new Clients(), clock,
                ServerState.REDIS_VERSION);
        driver = new SessionDriver(
                connection -> new RespProtocol<>(c -> state, c -> new KeyspaceRunner(), () -> RequestParser.PROTO_MAX_BULK_LEN).open(connection));
        StringBuilder g = new StringBuilder();
        StringBuilder s = new StringBuilder();
        StringBuilder t = new StringBuilder();
        StringBuilder i = new StringBuilder();
        for (int n = 0; n < PIPELINE; n++) {
            String key = "key:" + (100000 + n);
            g.append("*2\r\n$3\r\nGET\r\n$10\r\n").append(key).append("\r\n");
            s.append("*3\r\n$3\r\nSET\r\n$10\r\n").append(key).append("\r\n$16\r\n0123456789abcdef\r\n");
            t.append("*5\r\n$3\r\nSET\r\n$10\r\n").append(key).append("\r\n$16\r\n0123456789abcdef\r\n$2\r\nEX\r\n$4\r\n3600\r\n");
            i.append("*2\r\n$4\r\nINCR\r\n$10\r\nctr:").append(100000 + n).append("\r\n");
        }
        gets = SessionDriver.ascii(g);
        sets = SessionDriver.ascii(s);
        setsWithTtl = SessionDriver.ascii(t);
        incrs = SessionDriver.ascii(i);
        run(sets); // GET finds its keys
    }

    private int run(ByteBuffer in) {
        return driver.run(in);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int set() {
        return run(sets);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int setEx() {
        return run(setsWithTtl);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int get() {
        return run(gets);
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int incr() {
        return run(incrs);
    }
}
