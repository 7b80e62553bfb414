package dev.sabaody.kv.server.admin.bench;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.Clients;
import dev.sabaody.kv.resp.CommandObserver;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.Commands;
import dev.sabaody.kv.resp.Databases;
import dev.sabaody.kv.resp.RespProtocol;
import dev.sabaody.kv.resp.ServerState;
import dev.sabaody.kv.resp.SimpleDb;
import dev.sabaody.kv.resp.Users;
import dev.sabaody.kv.resp.bench.SessionDriver;
import dev.sabaody.kv.server.admin.Admin;
import dev.sabaody.kv.server.config.LiveConfig;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.ByteBuffer;
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
 * What INFO's per-command figures cost on the request path: module 04's whole session (parse, look
 * up, run, encode) over 100 pipelined GETs, with no observer, with final-server's per-shard
 * {@code CommandStats} (two clock reads, counters, a latency histogram), and with latency tracking
 * off. Run: {@code ./jmh.sh final-server -f 1 -wi 3 -i 5 -prof gc ObservedSessionBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ObservedSessionBenchmark {

    static final int PIPELINE = 100;

    @Param({"none", "stats", "stats-no-histogram"})
    public String observer;

    private SessionDriver driver;
    private ByteBuffer gets;

    @Setup
    public void open() {
        Clock clock = Clock.system(); // the real clock: its reads are part of the cost measured
        CommandTable<SimpleDb> table = Commands.module04();
        ServerConfig config = ServerConfig.defaults();
        if (observer.equals("stats-no-histogram")) {
            config = config.with("latency-tracking", "no");
        }
        CommandObserver chosen = observer.equals("none") ? CommandObserver.NONE
                : new Admin(new LiveConfig(config), clock).newStats();
        ServerState<SimpleDb> state = new ServerState<>(table, new Databases<>(Databases.DEFAULT_DATABASES, SimpleDb::new),
                new Clients(), clock, ServerState.REDIS_VERSION, 0, 1, new Users(table), chosen);
        driver = new SessionDriver(new RespProtocol<>(state)::open);
        StringBuilder g = new StringBuilder();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < PIPELINE; i++) {
            String key = "key:" + (100000 + i);
            g.append("*2\r\n$3\r\nGET\r\n$10\r\n").append(key).append("\r\n");
            s.append("*3\r\n$3\r\nSET\r\n$10\r\n").append(key).append("\r\n$16\r\n0123456789abcdef\r\n");
        }
        gets = SessionDriver.ascii(g);
        driver.run(SessionDriver.ascii(s));
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int get() {
        return driver.run(gets);
    }
}
