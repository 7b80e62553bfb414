package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.Keyspace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * BGSAVE without fork: a point-in-time RDB file of every shard, written while the shards keep
 * serving, without copying the dataset.
 *
 * <pre>
 *   every shard still ──► begin(): each keyspace flips its parity (the instant)
 *        │
 *   shard loops, a slice per turn            writer thread ("bgsave")
 *   ShardSnapshot.step() ─┐                  header (magic, AUX)
 *   Db hook before change ┴─► 64 KB chunks ─► queue ─► append, CRC-64 ─► ... ─► EOF, CRC
 *                                                           fsync ─► rename ─► fsync dir
 * </pre>
 *
 * <p>Redis forks: the child sees the memory of the instant, and the kernel copies each page the
 * parent then writes (copy-on-write, up to the whole dataset again under a heavy write load). Here
 * the instant is a parity flip per keyspace, and what a page copy preserves in Redis is preserved by
 * writing the key before it changes ({@link ShardSnapshot}). The extra memory is the chunks waiting
 * for the disk, bounded by {@link #MAX_PENDING_BYTES}: a walk that finds the queue full stops taking
 * turns until the writer has drained it (only the writes that must go first keep coming).
 *
 * <p>Chunks of different shards interleave in the file in the order they reach the queue; each
 * begins with SELECTDB, so the file is one valid RDB stream whatever the interleaving.
 */
public final class ForklessSave {

    /** Bytes of chunks waiting for the disk above which the walks pause. */
    static final long MAX_PENDING_BYTES = 4L << 20;
    private static final Chunk END = new Chunk(new byte[0], 0);

    /** Bytes for the file, and how many keys they hold. */
    private record Chunk(byte[] bytes, int keys) {
    }

    /** One shard: its keyspace, and how to run a task on the thread that owns it. */
    public record Part(Keyspace keyspace, Executor loop) {
    }

    /** A finished save: bytes in the file, keys written, seconds from the instant to the rename. */
    public record Result(long bytes, long keys, double seconds) {
    }

    private final SaveOptions options;
    private final Path dir;
    private final String name;
    private final List<ShardSnapshot> snapshots = new ArrayList<>();
    private final BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicInteger shardsLeft;
    private final Queue<Runnable> stalled = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private final long startNanos = System.nanoTime();
    private volatile Throwable failure;
    /** Entries a slice of a walk visits at most: {@link ShardSnapshot#STEP_ENTRIES}, fewer in tests. */
    private final int stepEntries;
    /** rdb-key-save-delay: microseconds the writer waits per key (tests use it to see a save in progress). */
    private final LongSupplier keyDelayMicros;

    private ForklessSave(int shards, SaveOptions options, Path dir, String name, int stepEntries,
                         LongSupplier keyDelayMicros) {
        this.stepEntries = stepEntries;
        this.keyDelayMicros = keyDelayMicros;
        this.shardsLeft = new AtomicInteger(shards);
        this.options = options;
        this.dir = dir;
        this.name = name;
    }

    /**
     * Takes the instant and starts writing {@code dir/name}. Call with every keyspace still (its
     * shard parked, or on the only thread): the walks' first slices are queued on the loops and
     * run once they serve again.
     */
    public static ForklessSave begin(List<Part> parts, SaveOptions options, Path dir, String name,
                                     LongSupplier keyDelayMicros) {
        return begin(parts, options, dir, name, ShardSnapshot.STEP_ENTRIES, keyDelayMicros);
    }

    static ForklessSave begin(List<Part> parts, SaveOptions options, Path dir, String name, int stepEntries,
                              LongSupplier keyDelayMicros) {
        ForklessSave save = new ForklessSave(parts.size(), options, dir, name, stepEntries, keyDelayMicros);
        for (Part p : parts) {
            ShardSnapshot s = new ShardSnapshot(p.keyspace(), options, save);
            s.begin();
            save.snapshots.add(s);
        }
        Thread.ofPlatform().name("bgsave").daemon().start(save::writeFile);
        for (int i = 0; i < parts.size(); i++) {
            ShardSnapshot s = save.snapshots.get(i);
            Executor loop = parts.get(i).loop();
            loop.execute(() -> save.step(s, loop));
        }
        return save;
    }

    /** Completes when the file is in place, or exceptionally when the save failed or was aborted. */
    public CompletableFuture<Result> done() {
        return done;
    }

    /** Keys written so far (INFO current_save_keys_processed); read from any thread, a recent figure. */
    public long keysWritten() {
        long n = 0;
        for (ShardSnapshot s : snapshots) {
            n += s.keys();
        }
        return n;
    }

    /** Gives up: the file is not renamed, the walks only flip parities from now on (SHUTDOWN, FLUSHALL). */
    public void abort(String why) {
        fail(new IOException(why));
    }

    boolean failed() {
        return failure != null;
    }

    private void fail(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    /** A slice of one shard's walk, on its loop; queues the next slice, or waits for room. */
    private void step(ShardSnapshot s, Executor loop) {
        boolean over;
        try {
            over = s.step(ShardSnapshot.STEP_BYTES, stepEntries);
        } catch (RuntimeException e) {
            fail(e); // a value that cannot be written: the file is lost, the walk goes on to flip parities
            over = false;
        }
        if (over) {
            if (shardsLeft.decrementAndGet() == 0) {
                chunks.add(END);
            }
            return;
        }
        Runnable next = () -> loop.execute(() -> step(s, loop));
        if (pending.get() < MAX_PENDING_BYTES || failed()) {
            next.run();
        } else {
            stalled.add(next);
            if (pending.get() < MAX_PENDING_BYTES) {
                wakeStalled(); // the writer drained between the check and the add
            }
        }
    }

    /** A chunk from a shard's thread. */
    void append(byte[] chunk, int keys) {
        pending.addAndGet(chunk.length);
        chunks.add(new Chunk(chunk, keys));
    }

    private void wakeStalled() {
        for (Runnable r; (r = stalled.poll()) != null; ) {
            r.run();
        }
    }

    /** The writer thread: header, chunks as they come, footer, then the atomic rename. */
    private void writeFile() {
        Path temp = RdbFile.temp(dir, "-bgsave");
        long crc = 0;
        long bytes = 0;
        boolean ended = false;
        try (FileChannel channel = RdbFile.create(temp)) {
            byte[] header = header(options);
            crc = Crc64.update(crc, header, 0, header.length);
            bytes += writeFully(channel, header);
            for (Chunk chunk; (chunk = chunks.take()) != END; ) {
                if (failure == null) {
                    crc = Crc64.update(crc, chunk.bytes(), 0, chunk.bytes().length);
                    bytes += writeFully(channel, chunk.bytes());
                    long delay = keyDelayMicros.getAsLong();
                    if (delay > 0) {
                        Thread.sleep(delay * chunk.keys() / 1000, (int) (delay * chunk.keys() % 1000) * 1000);
                    }
                }
                if (pending.addAndGet(-chunk.bytes().length) < MAX_PENDING_BYTES) {
                    wakeStalled();
                }
            }
            ended = true;
            if (failure != null) {
                throw failure instanceof IOException io ? io : new IOException(failure.toString(), failure);
            }
            byte[] footer = new byte[9];
            footer[0] = (byte) Rdb.RDB_OPCODE_EOF;
            crc = Crc64.update(crc, footer, 0, 1);
            long sum = options.checksum() ? crc : 0;
            for (int i = 0; i < 8; i++) {
                footer[1 + i] = (byte) (sum >>> (8 * i));
            }
            bytes += writeFully(channel, footer);
            channel.force(true);
        } catch (IOException | InterruptedException | RuntimeException e) {
            fail(e);
            if (!ended) {
                drainUntilEnd();
            }
            deleteQuietly(temp);
            done.completeExceptionally(failure);
            return;
        }
        try {
            RdbFile.commit(temp, dir, name);
        } catch (IOException e) {
            done.completeExceptionally(e);
            return;
        }
        done.complete(new Result(bytes, keysWritten(), (System.nanoTime() - startNanos) / 1e9));
    }

    /** After a failure the walks still run to the end (they flip parities); the chunks they still send are dropped. */
    private void drainUntilEnd() {
        try {
            for (Chunk chunk; (chunk = chunks.take()) != END; ) {
                pending.addAndGet(-chunk.bytes().length);
                wakeStalled();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wakeStalled();
    }

    private static byte[] header(SaveOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        RdbOutput rdb = new RdbOutput(out, options.compression(), false);
        RdbWriter.writeHeader(rdb, options);
        rdb.flush();
        return out.toByteArray();
    }

    private static long writeFully(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        return bytes.length;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the next save overwrites it
        }
    }
}
