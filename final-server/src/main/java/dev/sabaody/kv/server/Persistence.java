package dev.sabaody.kv.server;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.rdb.ForklessSave;
import dev.sabaody.kv.rdb.RdbFile;
import dev.sabaody.kv.rdb.RdbFormatException;
import dev.sabaody.kv.rdb.SaveOptions;
import dev.sabaody.kv.server.config.LiveConfig;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The RDB file of the configuration ({@code dir}/{@code dbfilename}): loaded whole before the server
 * listens, saved by SAVE, BGSAVE, the save points, SHUTDOWN and the stop on SIGTERM/SIGINT when save
 * points are configured.
 *
 * <p>A foreground save needs a still keyspace: SAVE and SHUTDOWN are sliced commands, so with
 * several shards they run with every shard parked ({@link ParkedRun}), and the file is one
 * consistent point in time; the stop on a signal saves after the loops have stopped. Module 06's
 * {@link RdbFile} does the writing (temp file, fsync, rename, directory fsync) and the reading.
 *
 * <p>A background save needs the shards still only for an instant: BGSAVE is sliced too, and while
 * every shard is parked module 06's {@link ForklessSave} flips each keyspace's snapshot parity; then
 * the shards serve again and write their keys of that instant a slice per turn. The save points are
 * checked on shard 0's loop, hz times a second, as serverCron checks them; a save they start parks
 * the shards through the cross-shard coordinator.
 */
final class Persistence {

    /** A file that exists but cannot be loaded: start-up stops. */
    static final class LoadFailure extends Exception {
        LoadFailure(String message) {
            super(message);
        }
    }

    /** shared.bgsaveerr: the reply to writes while the last background save failed (stop-writes-on-bgsave-error). */
    static final String MISCONF = "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to "
            + "persist to disk. Commands that may modify the data set are disabled, because this instance is "
            + "configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error "
            + "option). Please check the Redis logs for details about the RDB error.";
    /** server.h CONFIG_BGSAVE_RETRY_DELAY: seconds before a save point retries after a failed save. */
    static final int CONFIG_BGSAVE_RETRY_DELAY = 5;

    private final LiveConfig live;
    private final Clock clock;
    private final Shards shards;
    /** The background save in progress, or null. Set and cleared under {@code this}. */
    private ForklessSave current;
    /** BGSAVE SCHEDULE (or BGSAVE inside EXEC): start one as soon as none runs. */
    private volatile boolean scheduled;
    /**
     * rdb_last_bgsave_status: false after a background save failed, true after any save succeeded (a
     * failed SAVE leaves it as it was, as in Redis).
     */
    private volatile boolean lastBgsaveOk = true;
    /** Unix seconds of the last background save attempt (lastbgsave_try). */
    private volatile long lastBgsaveTry;
    /** rdb_last_bgsave_time_sec: seconds the last background save took; -1 before any. */
    private volatile long lastBgsaveSeconds = -1;
    /** When the save in progress began (Unix ms), its keys at the instant, its changes counter then. */
    private volatile long currentStartMillis;
    private volatile long currentKeysTotal;
    private volatile long currentDirtyAtStart;
    /** The changes counter (sum over shards) that the last successful save recorded. */
    private volatile long dirtyAtLastSave;
    /** LASTSAVE: Unix seconds of the last successful save; the start time until then, as in Redis. */
    private volatile long lastSave;
    private final Loading loading;
    /** The background save FLUSHALL ended: its end is not a failure. */
    private ForklessSave killed;
    /** rdb_saves: successful saves since start. */
    private volatile long saves;
    /** rdb_last_load_keys_loaded and _expired: what the start-up load installed and dropped. */
    private volatile long loadedKeys;
    private volatile long loadedExpired;
    /** Set once SHUTDOWN has decided about the final save (done or NOSAVE): the stop must not save again. */
    private volatile boolean finalSaveHandled;

    /** The code of every function library: saved with the data, before the databases (rdbSaveFunctions). */
    private volatile java.util.function.Supplier<List<byte[]>> libraries = List::of;

    void libraries(java.util.function.Supplier<List<byte[]>> codes) {
        this.libraries = codes;
    }

    Persistence(LiveConfig live, Clock clock, Shards shards) {
        this.live = live;
        this.clock = clock;
        this.shards = shards;
        this.lastSave = clock.currentTimeMillis() / 1000;
        this.loading = new Loading(live, clock);
    }

    /** The load at start-up: -LOADING for most commands while it runs. */
    Loading loading() {
        return loading;
    }

    /** The eviction clock a file and RESTORE record: maxmemory-policy's LRU or LFU flag, or none. */
    static SaveOptions.Clocks clocks(ServerConfig config) {
        String policy = config.get("maxmemory-policy");
        return policy.endsWith("-lru") ? SaveOptions.Clocks.LRU_IDLE
                : policy.endsWith("-lfu") ? SaveOptions.Clocks.LFU_FREQ : SaveOptions.Clocks.NONE;
    }

    static Path file(ServerConfig config) {
        return Path.of(config.get("dir")).resolve(config.get("dbfilename"));
    }

    /**
     * The bytes start-up has to load: the AOF directory's files (or a single file of before Redis 7.0)
     * with appendonly yes, else the RDB file; -1 when there is nothing.
     */
    static long dataOnDisk(ServerConfig config) {
        try {
            if (config.get("appendonly").equals("yes")) {
                return new dev.sabaody.kv.aof.AofDir(Path.of(config.get("dir")), config.get("appenddirname"),
                        config.get("appendfilename")).bytesOnDisk();
            }
            Path rdb = file(config);
            return java.nio.file.Files.exists(rdb) ? java.nio.file.Files.size(rdb) : -1;
        } catch (IOException e) {
            return 0; // there is something, unreadable: the load will say what
        }
    }

    long lastSave() {
        return lastSave;
    }

    /** Whether another snapshot runs (an AOF rewrite): one at a time, as Redis runs one child. */
    private volatile java.util.function.BooleanSupplier otherSnapshot = () -> false;

    void otherSnapshot(java.util.function.BooleanSupplier running) {
        otherSnapshot = running;
    }

    /** Changes counted elsewhere than the shards: the cross-shard commands' scratch keyspace. */
    private volatile java.util.function.LongSupplier otherChanges = () -> 0;

    void countChangesOf(java.util.function.LongSupplier changes) {
        otherChanges = changes;
    }

    /** server.dirty: changes counted by every shard (each shard's own counter, read as it is now). */
    long dirty() {
        long n = otherChanges.getAsLong();
        for (Shard shard : shards.all()) {
            if (shard != null) {
                n += shard.keyspace().stats().dirty;
            }
        }
        return n;
    }

    /** rdb_changes_since_last_save. */
    long changesSinceLastSave() {
        return dirty() - dirtyAtLastSave;
    }

    /**
     * writeCommandsDeniedByDiskError: save points configured, stop-writes-on-bgsave-error on, and the
     * last background save failed. Then write commands (and PING) get {@link #MISCONF}.
     */
    boolean writesDenied() {
        return !lastBgsaveOk && savePointsConfigured()
                && live.current().get("stop-writes-on-bgsave-error").equals("yes");
    }

    synchronized boolean bgsaveInProgress() {
        return current != null;
    }

    boolean savePointsConfigured() {
        return !live.current().get("save").isBlank();
    }

    void finalSaveHandled() {
        finalSaveHandled = true;
    }

    /** Whether the stop on a signal must save: save points configured and SHUTDOWN did not already decide. */
    boolean saveOnStop() {
        // a stop while loading saves nothing: the file would lose the keys not read yet (sigShutdownHandler)
        return !finalSaveHandled && savePointsConfigured() && !loading.active();
    }

    private SaveOptions options(List<Keyspace> keyspaces, long now) {
        ServerConfig config = live.current();
        long used = 0;
        for (Keyspace k : keyspaces) {
            used += k.usedBytes();
        }
        return new SaveOptions(config.get("rdbcompression").equals("yes"),
                config.get("rdbchecksum").equals("yes"), clocks(config), now / 1000, used)
                .withFunctions(libraries.get());
    }

    /** SAVE: {@link #write}, counted in INFO rdb_saves. */
    boolean save(List<Keyspace> shards) {
        if (!write(shards)) {
            return false;
        }
        saves++; // written on whichever thread saves, one save at a time (the shards are parked)
        return true;
    }

    /**
     * flushAllDataAndResetRDB, after FLUSHALL emptied every shard (they are still: parked, or the one
     * loop): a background save is ended, since its file would bring back what was just dropped, and
     * with save points the empty dataset is saved at once, so a restart does not load the old dump.
     * That save resets the change count and LASTSAVE, but is not one of INFO's rdb_saves (Redis
     * counts SAVE and BGSAVE there).
     */
    void flushedAll() {
        ForklessSave save;
        synchronized (this) {
            save = current;
            killed = save;
        }
        if (save != null) {
            // killRDBChild: in progress until its walks end (checkChildrenDone), then not a failure
            save.abort("flushall");
        }
        if (savePointsConfigured()) {
            write(keyspaces());
        }
    }

    /** rdbSave: writes every shard to the configured file. The shards must be still. Logs as Redis logs. */
    private boolean write(List<Keyspace> shards) {
        ServerConfig config = live.current();
        long now = clock.currentTimeMillis();
        SaveOptions options = options(shards, now);
        long dirtyNow = dirty();
        long start = System.nanoTime();
        try {
            long bytes = RdbFile.save(shards, options, Path.of(config.get("dir")), config.get("dbfilename"));
            Log.info("DB saved on disk (%d bytes in %.3f seconds)", bytes, (System.nanoTime() - start) / 1e9);
            lastSave = now / 1000;
            lastBgsaveOk = true; // rdbSave: a good save clears a background save's error too
            dirtyAtLastSave = dirtyNow;
            return true;
        } catch (IOException | RuntimeException e) {
            Log.warn("Write error saving DB on disk: %s", e.getMessage());
            return false;
        }
    }

    /** What BGSAVE answers; starts the save when none runs. The keyspaces must be still (parked). */
    String bgsave(List<Keyspace> keyspaces, boolean schedule, boolean inExec) {
        synchronized (this) {
            if (current != null) {
                return "-ERR Background save already in progress";
            }
            if (otherSnapshot.getAsBoolean() || inExec) { // bgsaveCommand: another child, or inside EXEC
                if (schedule || inExec) {
                    scheduled = true;
                    return "+Background saving scheduled";
                }
                return "-ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE "
                        + "in order to schedule a BGSAVE whenever possible.";
            }
        }
        return startBackground(keyspaces) ? "+Background saving started" : "-ERR";
    }

    /** rdbSaveBackground: the instant is now (the keyspaces are still); the walks run from the shards' loops. */
    private boolean startBackground(List<Keyspace> keyspaces) {
        ServerConfig config = live.current();
        long now = clock.currentTimeMillis();
        List<ForklessSave.Part> parts = parts(keyspaces);
        long keys = 0;
        for (Keyspace k : keyspaces) {
            keys += k.keyCount();
        }
        ForklessSave save;
        synchronized (this) {
            if (current != null || otherSnapshot.getAsBoolean()) {
                return false;
            }
            lastBgsaveTry = now / 1000;
            currentStartMillis = now;
            currentKeysTotal = keys;
            currentDirtyAtStart = dirty();
            scheduled = false;
            save = ForklessSave.begin(parts, options(keyspaces, now), Path.of(config.get("dir")), config.get("dbfilename"),
                    () -> live.current().number("rdb-key-save-delay"));
            current = save;
        }
        Log.info("Background saving started");
        save.done().whenComplete((result, failure) -> finished(save, result, failure));
        return true;
    }

    /** Each keyspace with the loop that owns it: where a snapshot's walk runs. */
    List<ForklessSave.Part> parts(List<Keyspace> keyspaces) {
        List<ForklessSave.Part> out = new ArrayList<>();
        for (Keyspace k : keyspaces) {
            out.add(new ForklessSave.Part(k, loopOf(k)));
        }
        return out;
    }

    private java.util.concurrent.Executor loopOf(Keyspace k) {
        for (Shard shard : shards.all()) {
            if (shard.keyspace() == k) {
                return new PacedTurns(shard.loop()); // a slice per turn, resting half the time
            }
        }
        throw new IllegalArgumentException("not a shard's keyspace");
    }

    /** backgroundSaveDoneHandlerDisk, on the writer thread. */
    private void finished(ForklessSave save, ForklessSave.Result result, Throwable failure) {
        long now = clock.currentTimeMillis();
        synchronized (this) {
            if (current != save) {
                return;
            }
            current = null;
            lastBgsaveSeconds = (now - currentStartMillis) / 1000;
            if (failure == null) {
                Log.info("DB saved on disk (%d bytes, %d keys in %.3f seconds)", result.bytes(), result.keys(),
                        result.seconds());
                Log.info("Background saving terminated with success");
                dirtyAtLastSave = currentDirtyAtStart;
                lastSave = now / 1000;
                lastBgsaveOk = true;
                saves++;
            } else if (save == killed) {
                Log.warn("Background saving terminated by signal 10"); // SIGUSR1: killed, not failed
            } else {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                        ? c.getCause() : failure;
                Log.warn("Write error saving DB on disk: %s", cause.getMessage());
                Log.warn("Background saving error");
                lastBgsaveOk = false;
            }
        }
    }

    /** The background save in progress, no longer current: its end will be ignored. Null when none. */
    private synchronized ForklessSave takeBackground() {
        ForklessSave save = current;
        current = null;
        return save;
    }

    /** Kills the background save, if any (SHUTDOWN, as killRDBChild): its temp file goes, the old dump stays. */
    void abortBackground(String why) {
        ForklessSave save = takeBackground();
        if (save != null) {
            Log.warn("There is a child saving an .rdb. Killing it!");
            save.abort(why);
        }
    }

    /**
     * serverCron's save points and the scheduled BGSAVE, on shard 0's loop: "N changes in M seconds.
     * Saving..." once a point is reached, a failed save retried after CONFIG_BGSAVE_RETRY_DELAY.
     */
    void cron() {
        if (bgsaveInProgress() || otherSnapshot.getAsBoolean()) {
            return;
        }
        long now = clock.currentTimeMillis() / 1000;
        boolean retryAllowed = now - lastBgsaveTry > CONFIG_BGSAVE_RETRY_DELAY || lastBgsaveOk;
        String reason = null;
        if (scheduled && retryAllowed) {
            reason = "";
        } else {
            long changes = changesSinceLastSave();
            long[] points = savePoints(live.current().get("save"));
            for (int i = 0; i + 1 < points.length && reason == null; i += 2) {
                if (changes >= points[i + 1] && now - lastSave > points[i] && retryAllowed) {
                    reason = String.format("%d changes in %d seconds. Saving...", points[i + 1], points[i]);
                }
            }
        }
        if (reason == null) {
            return;
        }
        if (!reason.isEmpty()) {
            Log.info("%s", reason);
        }
        lastBgsaveTry = now; // one attempt per point until it completes or fails
        CrossShard coordinator = shards.crossShard();
        coordinator.submit(() -> {
            try {
                coordinator.parked(shards.all(), () -> startBackground(keyspaces()));
            } catch (IllegalStateException stopping) {
                // a shard did not park: the server is stopping
            }
        });
    }

    private List<Keyspace> keyspaces() {
        List<Keyspace> out = new ArrayList<>();
        for (Shard shard : shards.all()) {
            out.add(shard.keyspace());
        }
        return out;
    }

    /** The save directive's pairs, seconds then changes. */
    static long[] savePoints(String save) {
        String[] words = save.trim().isEmpty() ? new String[0] : save.trim().split("\\s+");
        long[] out = new long[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = Long.parseLong(words[i]);
        }
        return out;
    }

    /**
     * DEBUG RELOAD with every shard still: save, empty every database, load the file back (each shard
     * its own keys). Null, or the error to answer as Redis does.
     */
    String reload(List<Keyspace> keyspaces) {
        if (!save(keyspaces)) {
            return "-ERR"; // shared.err: the reason is in the log
        }
        RdbFile.Loaded loaded;
        try {
            loaded = RdbFile.read(file(live.current()), live.current().databases());
        } catch (IOException | RdbFormatException e) {
            Log.warn("Error trying to load the RDB dump: %s", e.getMessage());
            return "Error trying to load the RDB dump, check server logs.";
        }
        long now = clock.currentTimeMillis();
        for (int i = 0; i < keyspaces.size(); i++) {
            Keyspace k = keyspaces.get(i);
            for (int db = 0; db < k.databases().count(); db++) {
                k.db(db).flush();
            }
            k.watches().flushed(-1);
            int shard = i;
            if (loaded != null) {
                RdbFile.install(loaded.keys(), k, key -> keyspaces.size() == 1 || shards.ownerOf(key) == shard,
                        clocks(live.current()), now);
            }
        }
        Log.info("DB reloaded by DEBUG RELOAD");
        return null;
    }

    void loaded(long keys, long expired) {
        loadedKeys = keys;
        loadedExpired = expired;
    }

    /**
     * INFO # Persistence, Redis 7.0's fields. There is no fork, hence no copy-on-write figures: the
     * snapshot's extra memory is its chunks waiting for the disk, bounded by module 06.
     */
    String info(String aofFields) {
        StringBuilder out = new StringBuilder("# Persistence\r\n");
        ForklessSave save;
        synchronized (this) {
            save = current;
        }
        long now = clock.currentTimeMillis();
        String[][] fields = {
                {"loading", loading.active() ? "1" : "0"}, {"async_loading", "0"}, {"current_cow_peak", "0"}, {"current_cow_size", "0"},
                {"current_cow_size_age", "0"}, {"current_fork_perc", "0.00"},
                {"current_save_keys_processed", save == null ? "0" : Long.toString(save.keysWritten())},
                {"current_save_keys_total", save == null ? "0" : Long.toString(currentKeysTotal)},
                {"rdb_changes_since_last_save", Long.toString(changesSinceLastSave())},
                {"rdb_bgsave_in_progress", save == null ? "0" : "1"},
                {"rdb_last_save_time", Long.toString(lastSave)}, {"rdb_last_bgsave_status", lastBgsaveOk ? "ok" : "err"},
                {"rdb_last_bgsave_time_sec", Long.toString(lastBgsaveSeconds)},
                {"rdb_current_bgsave_time_sec", save == null ? "-1" : Long.toString((now - currentStartMillis) / 1000)},
                {"rdb_saves", Long.toString(saves)}, {"rdb_last_cow_size", "0"},
                {"rdb_last_load_keys_expired", Long.toString(loadedExpired)},
                {"rdb_last_load_keys_loaded", Long.toString(loadedKeys)}};
        for (String[] f : fields) {
            out.append(f[0]).append(':').append(f[1]).append("\r\n");
        }
        return out.append(aofFields).append(loading.info()).toString();
    }

    /**
     * Reads the configured file while the server answers -LOADING: null when there is none. A file that
     * exists and cannot be read is a {@link LoadFailure} naming the offset and the reason.
     */
    RdbFile.Loaded readAtStart(ServerConfig config) throws LoadFailure {
        Path file = file(config);
        long start = System.nanoTime();
        RdbFile.Loaded loaded;
        try {
            loaded = RdbFile.read(file, config.databases(), loading);
        } catch (RdbFormatException e) {
            throw new LoadFailure("Bad RDB file " + file + " " + e.getMessage() + ". Unrecoverable error, aborting now.");
        } catch (IOException e) {
            throw new LoadFailure("Error reading RDB file " + file + ": " + e.getMessage());
        }
        if (loaded == null) {
            return null;
        }
        var aux = loaded.summary().aux();
        Log.info("Loading RDB produced by version %s", aux.getOrDefault("redis-ver", "unknown"));
        if (aux.containsKey("ctime")) {
            Log.info("RDB age %d seconds", Math.max(0, System.currentTimeMillis() / 1000 - Long.parseLong(aux.get("ctime"))));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Log.info("RDB read and verified: %d keys, %d bytes in %.3f seconds (%.0f keys/second)",
                loaded.keys().size(), loaded.summary().bytes(), seconds, loaded.keys().size() / Math.max(seconds, 1e-9));
        return loaded;
    }
}
