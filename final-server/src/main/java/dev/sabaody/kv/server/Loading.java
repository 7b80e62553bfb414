package dev.sabaody.kv.server;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.rdb.LoadProgress;
import dev.sabaody.kv.server.config.LiveConfig;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The load at start-up as clients see it (Redis's {@code server.loading}). The server listens before
 * it reads its file, as Redis does, so that a client connecting to a big dataset's server learns what
 * is going on instead of waiting on a silent port: commands without the {@code loading} flag answer
 * {@link #ERROR} (PING included), while INFO, CONFIG, MULTI and the other commands flagged so are
 * served, and INFO's {@code loading_*} fields tell how far the load is and when it should end.
 *
 * <p>{@code key-load-delay} slows the load per key (microseconds; a negative -n sleeps one microsecond
 * once in n keys on average: Redis's debugDelay), so that a test can watch a server while it loads;
 * setting it back to 0 ends the pause in progress too. It is read again every 1,024 keys, not per key:
 * reading a directive costs a lookup and a parse, which a million keys notice.
 */
final class Loading implements LoadProgress {

    /** shared.loadingerr. */
    static final String ERROR = "-LOADING Redis is loading the dataset in memory";

    private static final long PAUSE_SLICE_NANOS = 10_000_000;
    private static final long DELAY_READ_MASK = 1023;

    private final LiveConfig live;
    private final Clock clock;
    private volatile boolean active;
    private volatile long startSeconds;
    private volatile long totalBytes;
    private volatile long loadedBytes;
    /** key-load-delay as last read, every {@code DELAY_READ_MASK + 1} keys; the loading thread only. */
    private int delay;
    private long keys;

    Loading(LiveConfig live, Clock clock) {
        this.live = live;
        this.clock = clock;
    }

    /** Whether the dataset is being loaded: commands without the loading flag are refused. */
    boolean active() {
        return active;
    }

    /** There are {@code total} bytes to load: from now on the server is loading, before it listens. */
    void begun(long total) {
        startSeconds = clock.currentTimeMillis() / 1000;
        totalBytes = total;
        active = true;
    }

    /** startLoading: a file of {@code total} bytes is about to be read. */
    @Override
    public void started(long total) {
        delay = (int) live.current().number("key-load-delay");
        keys = 0;
        startSeconds = clock.currentTimeMillis() / 1000;
        totalBytes = total;
        loadedBytes = 0;
        active = true;
    }

    /** loadingAbsProgress, and key-load-delay's pause. */
    @Override
    public void keyRead(long bytesRead) {
        loadedBytes = bytesRead;
        if ((++keys & DELAY_READ_MASK) == 0) {
            delay = (int) live.current().number("key-load-delay"); // not per key: a lookup and a parse
        }
        int delay = this.delay;
        if (delay < 0) {
            delay = ThreadLocalRandom.current().nextInt(-delay) == 0 ? 1 : 0;
        }
        if (delay > 0) {
            pause(delay * 1000L);
        }
    }

    /** Sleeps, in slices, so that CONFIG SET key-load-delay 0 (served while loading) ends a long pause. */
    private void pause(long nanos) {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = until - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, PAUSE_SLICE_NANOS));
            if (live.current().number("key-load-delay") <= 0) {
                delay = 0; // and no pause for the keys after it
                return;
            }
        }
    }

    /** stopLoading: every key is in place. */
    void ended() {
        active = false;
    }

    /** The lines INFO # Persistence ends with while loading (genRedisInfoString), or nothing. */
    String info() {
        if (!active) {
            return "";
        }
        long total = totalBytes;
        long loaded = Math.min(loadedBytes, total);
        double perc = total == 0 ? 0 : (double) loaded / total * 100;
        long remaining = total == 0 ? 1 : total - loaded;
        long elapsed = clock.currentTimeMillis() / 1000 - startSeconds;
        long eta = elapsed == 0 ? 1 : elapsed * remaining / (loaded + 1); // a fake 1 second without enough to go on
        return "loading_start_time:" + startSeconds + "\r\n"
                + "loading_total_bytes:" + total + "\r\n"
                + "loading_rdb_used_mem:0\r\n"
                + "loading_loaded_bytes:" + loaded + "\r\n"
                + "loading_loaded_perc:" + String.format(Locale.ROOT, "%.2f", perc) + "\r\n"
                + "loading_eta_seconds:" + eta + "\r\n";
    }
}
