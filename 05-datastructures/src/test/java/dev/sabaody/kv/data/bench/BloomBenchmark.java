package dev.sabaody.kv.data.bench;

import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.Session;
import dev.sabaody.kv.resp.bench.SessionDriver;
import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.KeyspaceRunner;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.resp.RequestParser;
import dev.sabaody.kv.resp.RespProtocol;
import dev.sabaody.kv.resp.ServerState;
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
 * BF.ADD and BF.EXISTS through the whole command path without a socket (parse, dispatch, hash k
 * times, reply), 100 pipelined commands per invocation; the score is the time of one command. The
 * filter is reserved for 1,000,000 items at 1% (one link, 8 hashes at 0.5%) and the items cycle
 * through 100,000 distinct ones.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BloomBenchmark {

    static final int PIPELINE = 100;
    static final int BATCHES = 1000;

    SessionDriver driver;
    ByteBuffer[] adds = new ByteBuffer[BATCHES];
    ByteBuffer[] exists = new ByteBuffer[BATCHES];
    int next;

    /** A session on {@code connection} over a fresh keyspace with every command of module 05. */
    static Session open(Connection connection) {
        Keyspace keyspace = new Keyspace(new ManualClock());
        ServerState<Db> state = new ServerState<>(DataCommands.table(), keyspace.databases(), keyspace.clock());
        return new RespProtocol<>(c -> state, c -> new KeyspaceRunner(), () -> RequestParser.PROTO_MAX_BULK_LEN).open(connection);
    }

    /** The same, driven without a socket. */
    static SessionDriver open() {
        return new SessionDriver(BloomBenchmark::open);
    }

    /** {@code PIPELINE} commands {@code verb key prefix<i>}, as RESP. */
    static ByteBuffer pipeline(String verb, String key, String prefix, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < PIPELINE; i++) {
            String item = prefix + (from + i);
            sb.append("*3\r\n$").append(verb.length()).append("\r\n").append(verb)
                    .append("\r\n$").append(key.length()).append("\r\n").append(key)
                    .append("\r\n$").append(item.length()).append("\r\n").append(item).append("\r\n");
        }
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    static ByteBuffer command(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    int run(ByteBuffer in) {
        return driver.run(in);
    }

    @Setup
    public void setUp() {
        driver = open();
        run(command("BF.RESERVE", "bf", "0.01", "1000000"));
        for (int b = 0; b < BATCHES; b++) {
            adds[b] = pipeline("BF.ADD", "bf", "item:", b * PIPELINE);
            exists[b] = pipeline("BF.EXISTS", "bf", "item:", b * PIPELINE + PIPELINE * BATCHES / 2);
        }
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int bfAdd() {
        next = (next + 1) % BATCHES;
        return run(adds[next]);
    }

    /** Half the items asked were added, half not (a miss usually stops at the first clear bit). */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int bfExists() {
        next = (next + 1) % BATCHES;
        return run(exists[next]);
    }
}
