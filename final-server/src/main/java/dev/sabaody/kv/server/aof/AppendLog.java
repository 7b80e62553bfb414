package dev.sabaody.kv.server.aof;

import dev.sabaody.kv.aof.AofEncoding;
import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.nio.OutputBarrier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;

/**
 * One log for all shards: the shards hand it what their commands changed, one thread writes it to
 * the incr file, and replies wait for it ({@link OutputBarrier}).
 *
 * <pre>
 *   shard 0 ─┐ position = appended.incrementAndGet()      writer thread ("aof")
 *   shard 1 ─┼─► then queue.offer(record)  ──MPSC──►  drain all ─► one write() ─► fsync (always)
 *   coord.  ─┘   (no lock: one atomic add, one CAS)                 written / durable = n
 *                                                                   wake the loops waiting for ≤ n
 * </pre>
 *
 * <h2>Why the order agrees with what clients saw</h2>
 * A record takes its position before it enters the queue, and its command's reply is written only
 * after both. A client that saw write A acknowledged and then sent write B made B take its position
 * and enter the queue after A had: the queue is first-in first-out, so A is written before B. The
 * writer counts what it has written; a loop whose replies depend on records up to position P waits
 * until that count reaches P: every record that took a position up to P entered the queue before the
 * loop read P, so the first P records written include them all.
 *
 * <h2>Group commit</h2>
 * The writer takes everything queued, writes it with one call, and under {@code appendfsync always}
 * fsyncs once before it moves {@code durable}: one fsync for every command of every shard that came
 * in meanwhile, never one per command. Under {@code everysec} a second thread fsyncs once a second
 * and writes are held back up to two seconds while it is busy (Redis's "fsync is taking too long"
 * rule); under {@code no} the OS decides. In every policy a reply leaves only once its write is in the
 * file (written, if not yet fsynced): a crash of the process loses no acknowledged write, as in
 * Redis, whose event loop writes the log before it sends replies.
 */
public final class AppendLog implements OutputBarrier {

    /** appendfsync. */
    public enum Fsync { ALWAYS, EVERYSEC, NO }

    /** One command as logged: its database and its arguments. */
    public record Command(int db, byte[][] argv) {
    }

    /** What the queue carries: commands to log together (MULTI/EXEC when several), or a file switch. */
    private record Record(List<Command> commands, Supplier<FileChannel> rotate) {
    }

    /** aof.c: an everysec write waits at most this long for a busy fsync (ms). */
    private static final long MAX_WRITE_POSTPONE_MILLIS = 2000;
    /** Buffered bytes above which the writer writes before draining more. */
    private static final int WRITE_CHUNK = 1 << 20;

    private final MpscUnboundedAtomicArrayQueue<Record> queue = new MpscUnboundedAtomicArrayQueue<>(1024);
    private final MpscUnboundedAtomicArrayQueue<Waiter> waitersIn = new MpscUnboundedAtomicArrayQueue<>(64);
    private final AtomicLong appended = new AtomicLong();
    /** Records written to the file (and, under always, fsynced): what {@link #passed} compares. */
    private volatile long released;
    private final Thread writer;
    private volatile boolean parked;
    private volatile boolean stopping;
    private final Fsync fsync;
    private final boolean timestamps;
    private final LongSupplier clockMillis;
    private FileChannel channel;
    private final AofEncoding encoding = new AofEncoding();
    /** The database the file's next command runs in, as a replay will see it: -1 at a file's start. */
    private int fileDb = -1;
    private final Everysec everysec;
    private final Runnable onFatal;

    /** INFO: aof_current_size grows from here; aof_delayed_fsync; aof_last_write_status. */
    private final AtomicLong fileBytes = new AtomicLong();
    private volatile long delayedFsyncs;
    private volatile boolean lastWriteOk = true;
    /** no-appendfsync-on-rewrite during a rewrite: written, not fsynced, until it ends. */
    private volatile boolean fsyncPaused;

    private record Waiter(long position, Runnable wake) {
    }

    /**
     * Starts the writer thread on {@code channel} (an incr file opened for appending).
     *
     * @param onFatal what to do when an fsync fails under {@code always}: Redis exits
     */
    public AppendLog(FileChannel channel, long fileBytes, Fsync fsync, boolean timestamps, LongSupplier clockMillis,
                     Runnable onFatal, long startPosition) {
        this.appended.set(startPosition); // a log that replaces another goes on counting from where it stopped
        this.released = startPosition;
        this.channel = channel;
        this.fileBytes.set(fileBytes);
        this.fsync = fsync;
        this.timestamps = timestamps;
        this.clockMillis = clockMillis;
        this.onFatal = onFatal;
        this.everysec = fsync == Fsync.EVERYSEC ? new Everysec() : null;
        this.writer = Thread.ofPlatform().name("aof").daemon().start(this::run);
    }

    // ---------------------------------------------------------------- the shards' side

    /** Hands commands to the log (several: one transaction, written between MULTI and EXEC). */
    public void append(List<Command> commands) {
        appended.incrementAndGet(); // the position first, then the queue: see the class comment
        queue.offer(new Record(commands, null));
        wakeWriter();
    }

    /**
     * Switches files: what is queued before goes to the current file, what comes after to the one
     * {@code next} opens (on the writer thread). Call with the shards still, so the switch is one
     * instant of every shard (a rewrite's start).
     */
    public void rotate(Supplier<FileChannel> next) {
        appended.incrementAndGet();
        queue.offer(new Record(null, next));
        wakeWriter();
    }

    private void wakeWriter() {
        if (parked) {
            LockSupport.unpark(writer);
        }
    }

    @Override
    public long position() {
        return appended.get();
    }

    @Override
    public boolean passed(long position) {
        return released >= position;
    }

    @Override
    public void whenPassed(long position, Runnable wake) {
        if (passed(position)) {
            wake.run();
            return;
        }
        waitersIn.offer(new Waiter(position, wake));
        wakeWriter();
    }

    /** no-appendfsync-on-rewrite: no fsync while a rewrite runs (the disk is busy with it). */
    public void pauseFsync(boolean paused) {
        fsyncPaused = paused;
    }

    public long fileBytes() {
        return fileBytes.get();
    }

    public long delayedFsyncs() {
        return delayedFsyncs;
    }

    public boolean lastWriteOk() {
        return lastWriteOk;
    }

    /** Writes what is queued, fsyncs, and stops the writer (appendonly no, shutdown). */
    public void close() {
        stopping = true;
        LockSupport.unpark(writer);
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (everysec != null) {
            everysec.stop();
        }
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            Log.warn("Error closing the AOF: %s", e.getMessage());
        }
    }

    // ---------------------------------------------------------------- the writer thread

    private void run() {
        PriorityQueue<Waiter> waiters = new PriorityQueue<>((a, b) -> Long.compare(a.position, b.position));
        long taken = 0;
        long postponedSince = 0;
        while (true) {
            for (Waiter w; (w = waitersIn.poll()) != null; ) {
                waiters.add(w);
            }
            release(released, waiters); // a waiter that came after its position passed
            Record r = encoding.pending() < WRITE_CHUNK ? queue.poll() : null;
            if (r != null) {
                taken++;
                if (r.rotate() != null) {
                    flush();
                    switchFile(r.rotate());
                    release(taken, waiters);
                } else {
                    encode(r.commands());
                }
                continue;
            }
            if (encoding.pending() > 0 || released < taken) {
                if (everysec != null && everysec.busy()) { // aof.c flushAppendOnlyFile: a busy fsync postpones the write
                    long now = clockMillis.getAsLong();
                    if (postponedSince == 0) {
                        postponedSince = now;
                    }
                    if (now - postponedSince < MAX_WRITE_POSTPONE_MILLIS) {
                        LockSupport.parkNanos(1_000_000);
                        continue;
                    }
                    delayedFsyncs++;
                    Log.warn("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF buffer "
                            + "without waiting for fsync to complete, this may slow down Redis.");
                }
                postponedSince = 0;
                flush();
                release(taken, waiters);
                if (everysec != null) {
                    everysec.maybeFsync(channel);
                }
                continue;
            }
            if (stopping) {
                return;
            }
            parked = true;
            if (queue.isEmpty() && waitersIn.isEmpty() && !stopping) {
                LockSupport.parkNanos(everysec != null ? 100_000_000 : 1_000_000_000);
            }
            parked = false;
            if (everysec != null) {
                everysec.maybeFsync(channel);
            }
        }
    }

    /** The records up to {@code position} are in the file (fsynced under always): wake who waits. */
    private void release(long position, PriorityQueue<Waiter> waiters) {
        released = position;
        while (!waiters.isEmpty() && waiters.peek().position <= position) {
            waiters.poll().wake.run();
        }
    }

    private void encode(List<Command> commands) {
        if (timestamps) {
            encoding.timestampIfLater(clockMillis.getAsLong() / 1000);
        }
        boolean multi = commands.size() > 1;
        if (multi) {
            select(commands.getFirst().db());
            encoding.command(new byte[][] {MULTI});
        }
        for (Command c : commands) {
            select(c.db());
            encoding.command(c.argv());
        }
        if (multi) {
            encoding.command(new byte[][] {EXEC});
        }
    }

    private static final byte[] MULTI = {'M', 'U', 'L', 'T', 'I'};
    private static final byte[] EXEC = {'E', 'X', 'E', 'C'};

    /** feedAppendOnlyFile: a SELECT whenever the database differs from the file's last one. */
    private void select(int db) {
        if (db != fileDb) {
            encoding.select(db);
            fileDb = db;
        }
    }

    /** Writes what is encoded; under always, fsyncs too. */
    private void flush() {
        if (encoding.pending() == 0 && fsync != Fsync.ALWAYS) {
            return;
        }
        try {
            long n = encoding.drainTo(channel);
            fileBytes.addAndGet(n);
            if (fsync == Fsync.ALWAYS && n > 0 && !fsyncPaused) {
                channel.force(false);
            }
            lastWriteOk = true;
        } catch (IOException e) {
            lastWriteOk = false;
            if (fsync == Fsync.ALWAYS) {
                Log.warn("Can't persist AOF for fsync error when the AOF fsync policy is 'always': %s. Exiting...",
                        e.getMessage());
                onFatal.run();
            } else {
                Log.warn("Error writing to the AOF file: %s", e.getMessage());
            }
        }
    }

    private void switchFile(Supplier<FileChannel> next) {
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            Log.warn("Error closing the AOF incr file: %s", e.getMessage());
        }
        channel = next.get();
        fileDb = -1; // a new file is replayed by a new client, in database 0
        encoding.forgetTimestamp();
    }

    /** everysec: the fsync of the second, on a thread of its own so that writes go on meanwhile. */
    private final class Everysec {
        private volatile boolean busy;
        private long lastFsync = clockMillis.getAsLong();
        private final Thread thread;
        private volatile FileChannel toSync;

        Everysec() {
            thread = Thread.ofPlatform().name("aof-fsync").daemon().start(this::loop);
        }

        boolean busy() {
            return busy;
        }

        /** Asks for an fsync when a second has passed since the last one. Writer thread. */
        void maybeFsync(FileChannel channel) {
            long now = clockMillis.getAsLong();
            if (!busy && !fsyncPaused && now - lastFsync >= 1000) {
                lastFsync = now;
                toSync = channel;
                busy = true;
                LockSupport.unpark(thread);
            }
        }

        private void loop() {
            while (!stopping) {
                FileChannel c = toSync;
                if (c != null) {
                    try {
                        c.force(false);
                    } catch (IOException ignored) {
                        // the file was switched and closed meanwhile: the next second's fsync covers it
                    }
                    toSync = null;
                    busy = false;
                }
                LockSupport.parkNanos(200_000_000);
            }
        }

        void stop() {
            LockSupport.unpark(thread);
        }
    }
}
