package dev.sabaody.kv.aof.bench;

import dev.sabaody.kv.aof.AofDir;
import dev.sabaody.kv.aof.AofEncoding;
import dev.sabaody.kv.aof.AofLoad;
import dev.sabaody.kv.aof.AofManifest;
import dev.sabaody.kv.rdb.LoadedKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The AOF file layer's two costs per command: encoding a {@code SET key:NNNNNNNN <16 bytes>} into the
 * log's buffer (what every logged write pays on its shard), and reading it back at start-up through
 * {@link AofLoad} with a replay that does nothing (the parse and the file read alone, the page cache
 * warm). Both in commands per second.
 *
 * <pre>
 *   ./jmh.sh 06-eviction-persistence -f 1 -wi 3 -i 5 -prof gc AofBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AofBenchmark {

    static final int COMMANDS = 100;
    static final int LOGGED = 100_000;

    private final AofEncoding encoding = new AofEncoding();
    private final byte[][][] commands = new byte[COMMANDS][][];
    private Path root;
    private AofDir dir;
    private final AofLoad.Options options = new AofLoad.Options(true, 16, new AofLoad.Lines() {
        @Override
        public void notice(String line) {
        }

        @Override
        public void warning(String line) {
        }
    });

    /** A replay that keeps nothing: the load's own cost. */
    private static final AofLoad.Replay NOTHING = new AofLoad.Replay() {
        @Override
        public void key(LoadedKey key) {
        }

        @Override
        public boolean command(byte[][] argv) {
            return true;
        }
    };

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        byte[] value = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < COMMANDS; i++) {
            commands[i] = new byte[][] {"SET".getBytes(StandardCharsets.US_ASCII),
                    String.format("key:%08d", i).getBytes(StandardCharsets.US_ASCII), value};
        }
        root = Files.createTempDirectory("aof-bench");
        dir = new AofDir(root, "appendonlydir", "appendonly.aof");
        dir.createIfMissing();
        AofManifest manifest = AofManifest.empty().withNewIncr("appendonly.aof");
        AofEncoding log = new AofEncoding();
        log.select(0);
        try (FileChannel file = dir.openForAppend(manifest.lastIncr().name())) {
            for (int i = 0; i < LOGGED; i++) {
                log.command(commands[i % COMMANDS]);
                if (log.pending() > 1 << 16) {
                    log.drainTo(file);
                }
            }
            log.drainTo(file);
        }
        dir.persist(manifest);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Encodes {@value #COMMANDS} SETs, then empties the buffer as a flush to the file would. */
    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public int encodeSet() {
        encoding.clear();
        for (byte[][] c : commands) {
            encoding.command(c);
        }
        return encoding.pending();
    }

    /** Loads an incr file of {@value #LOGGED} SETs. */
    @Benchmark
    @OperationsPerInvocation(LOGGED)
    public long loadIncr() throws Exception {
        return AofLoad.load(dir, options, NOTHING).commands();
    }
}
