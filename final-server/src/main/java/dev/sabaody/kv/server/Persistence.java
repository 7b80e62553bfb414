package dev.sabaody.kv.server;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.rdb.RdbFile;
import dev.sabaody.kv.rdb.RdbFormatException;
import dev.sabaody.kv.rdb.SaveOptions;
import dev.sabaody.kv.server.config.LiveConfig;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The RDB file of the configuration ({@code dir}/{@code dbfilename}): loaded whole before the server
 * listens, saved by SAVE, SHUTDOWN and the stop on SIGTERM/SIGINT when save points are configured.
 *
 * <p>A save needs a still keyspace: SAVE and SHUTDOWN are sliced commands, so with several shards
 * they run with every shard parked ({@link ParkedRun}), and the file is one consistent point in time;
 * the stop on a signal saves after the loops have stopped. Module 06's {@link RdbFile} does the
 * writing (temp file, fsync, rename, directory fsync) and the reading.
 */
final class Persistence {

    /** A file that exists but cannot be loaded: start-up stops. */
    static final class LoadFailure extends Exception {
        LoadFailure(String message) {
            super(message);
        }
    }

    private final LiveConfig live;
    private final Clock clock;
    /** LASTSAVE: Unix seconds of the last successful save; the start time until then, as in Redis. */
    private volatile long lastSave;
    /**
     * rdb_last_bgsave_status: a successful SAVE sets it ok, as rdbSave does; a failed SAVE leaves it
     * as it was (in Redis only a failed BGSAVE turns it to err, and there is no BGSAVE yet).
     */
    private volatile boolean lastSaveOk = true;
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

    Persistence(LiveConfig live, Clock clock) {
        this.live = live;
        this.clock = clock;
        this.lastSave = clock.currentTimeMillis() / 1000;
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

    long lastSave() {
        return lastSave;
    }

    boolean lastSaveOk() {
        return lastSaveOk;
    }

    boolean savePointsConfigured() {
        return !live.current().get("save").isBlank();
    }

    void finalSaveHandled() {
        finalSaveHandled = true;
    }

    /** Whether the stop on a signal must save: save points configured and SHUTDOWN did not already decide. */
    boolean saveOnStop() {
        return !finalSaveHandled && savePointsConfigured();
    }

    /** rdbSave: writes every shard to the configured file. The shards must be still. Logs as Redis logs. */
    boolean save(List<Keyspace> shards) {
        ServerConfig config = live.current();
        long used = 0;
        for (Keyspace k : shards) {
            used += k.usedBytes();
        }
        long now = clock.currentTimeMillis();
        SaveOptions options = new SaveOptions(config.get("rdbcompression").equals("yes"),
                config.get("rdbchecksum").equals("yes"), clocks(config), now / 1000, used)
                .withFunctions(libraries.get());
        long start = System.nanoTime();
        try {
            long bytes = RdbFile.save(shards, options, Path.of(config.get("dir")), config.get("dbfilename"));
            Log.info("DB saved on disk (%d bytes in %.3f seconds)", bytes, (System.nanoTime() - start) / 1e9);
            lastSave = now / 1000;
            lastSaveOk = true;
            saves++; // written on whichever thread saves, one save at a time (the shards are parked)
            return true;
        } catch (IOException | RuntimeException e) {
            Log.warn("Write error saving DB on disk: %s", e.getMessage());
            return false;
        }
    }

    void loaded(long keys, long expired) {
        loadedKeys = keys;
        loadedExpired = expired;
    }

    /**
     * INFO # Persistence, Redis 7.0's fields. There is no fork, hence no copy-on-write figures and
     * no background save; rdb_changes_since_last_save is left out until changes are counted.
     */
    String info() {
        StringBuilder out = new StringBuilder("# Persistence\r\n");
        String[][] fields = {
                {"loading", "0"}, {"async_loading", "0"}, {"current_cow_peak", "0"}, {"current_cow_size", "0"},
                {"current_cow_size_age", "0"}, {"current_fork_perc", "0.00"}, {"current_save_keys_processed", "0"},
                {"current_save_keys_total", "0"}, {"rdb_changes_since_last_save", "0"}, {"rdb_bgsave_in_progress", "0"},
                {"rdb_last_save_time", Long.toString(lastSave)}, {"rdb_last_bgsave_status", lastSaveOk ? "ok" : "err"},
                {"rdb_last_bgsave_time_sec", "-1"}, {"rdb_current_bgsave_time_sec", "-1"},
                {"rdb_saves", Long.toString(saves)}, {"rdb_last_cow_size", "0"},
                {"rdb_last_load_keys_expired", Long.toString(loadedExpired)},
                {"rdb_last_load_keys_loaded", Long.toString(loadedKeys)}, {"aof_enabled", "0"},
                {"aof_rewrite_in_progress", "0"}, {"aof_rewrite_scheduled", "0"}, {"aof_last_rewrite_time_sec", "-1"},
                {"aof_current_rewrite_time_sec", "-1"}, {"aof_last_bgrewrite_status", "ok"}, {"aof_rewrites", "0"},
                {"aof_rewrites_consecutive_failures", "0"}, {"aof_last_write_status", "ok"}, {"aof_last_cow_size", "0"},
                {"module_fork_in_progress", "0"}, {"module_fork_last_cow_size", "0"}};
        for (String[] f : fields) {
            out.append(f[0]).append(':').append(f[1]).append("\r\n");
        }
        return out.toString();
    }

    /**
     * Reads the configured file before the server listens: null when there is none. A file that
     * exists and cannot be read is a {@link LoadFailure} naming the offset and the reason.
     */
    static RdbFile.Loaded readAtStart(ServerConfig config) throws LoadFailure {
        Path file = file(config);
        long start = System.nanoTime();
        RdbFile.Loaded loaded;
        try {
            loaded = RdbFile.read(file, config.databases());
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
