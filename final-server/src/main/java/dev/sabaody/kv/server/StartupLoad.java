package dev.sabaody.kv.server;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.rdb.LoadedKey;
import dev.sabaody.kv.rdb.RdbFile;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.server.aof.Aof;
import dev.sabaody.kv.server.config.ServerConfig;
import dev.sabaody.kv.server.scripting.Scripting;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * loadDataFromDisk: the RDB file, or the append-only file with {@code appendonly yes}, into the
 * shards, while the server answers -LOADING ({@link Loading}) when there is data. The file is read
 * and checked whole on the starting thread ({@link #read}); then each shard installs the keys it owns
 * on its own loop, dropping those already expired, and from then on its replies wait for the log
 * ({@link #install}). A file that cannot be read stops start-up, naming the offset and the reason.
 */
final class StartupLoad {

    private final Shards shards;
    private final Persistence persistence;
    private final Scripting scripting;
    private final Aof aof;
    private final Clock clock;
    /** Whether the server was closed meanwhile (SHUTDOWN while loading): the install stops waiting. */
    private final BooleanSupplier closed;
    /** When the read began (System.nanoTime), for the keys/second logged. */
    private long start;

    StartupLoad(Shards shards, Persistence persistence, Scripting scripting, Aof aof, Clock clock,
                BooleanSupplier closed) {
        this.shards = shards;
        this.persistence = persistence;
        this.scripting = scripting;
        this.aof = aof;
        this.clock = clock;
        this.closed = closed;
    }

    /** The file read and checked whole, on the starting thread; null: nothing to load. */
    List<LoadedKey> read(CommandTable<Db> table, ServerConfig checked) throws IOException {
        start = System.nanoTime();
        boolean fromAof = checked.get("appendonly").equals("yes");
        List<LoadedKey> keys;
        try {
            if (fromAof) { // with appendonly yes the log is the data, not the RDB file (loadDataFromDisk)
                keys = Aof.loadAtStart(checked, table, clock);
            } else {
                RdbFile.Loaded rdb = persistence.readAtStart(checked);
                keys = rdb == null ? null : rdb.keys();
                if (rdb != null) { // rdbLoadRio loads the file's libraries before its keys are served
                    String failed = scripting.loadLibraries(rdb.summary().functions());
                    if (failed != null) {
                        Log.warn("Failed loading library, %s", failed);
                        throw new IOException("Failed loading library, " + failed);
                    }
                }
            }
        } catch (Persistence.LoadFailure | Aof.LoadFailure e) {
            throw new IOException(e.getMessage(), e);
        }
        return keys;
    }

    /** Each shard takes its keys of the file on its own loop; from then on its replies wait for the log. */
    void install(List<LoadedKey> keys, ServerConfig checked) throws IOException {
        boolean fromAof = checked.get("appendonly").equals("yes");
        AtomicLong expired = new AtomicLong();
        List<CompletableFuture<Void>> installed = new ArrayList<>();
        for (Shard shard : shards.all()) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            shard.loop().execute(() -> {
                try {
                    if (keys != null) { // this shard's keys of the file, installed on its own thread
                        expired.addAndGet(RdbFile.install(keys, shard.keyspace(),
                                key -> shards.ownerOf(key) == shard.index(), Persistence.clocks(checked),
                                clock.currentTimeMillis()));
                    }
                    if (aof.log() != null) {
                        shard.loop().outputBarrier(aof.log()); // replies wait for the log from the first write
                    }
                    done.complete(null);
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
            installed.add(done);
        }
        await(installed);
        if (keys != null) {
            long count = keys.size() - expired.get();
            double seconds = (System.nanoTime() - start) / 1e9;
            Log.info("Done loading %s, keys loaded: %d, keys expired: %d.", fromAof ? "AOF" : "RDB", count,
                    expired.get());
            persistence.loaded(count, expired.get());
            Log.info("DB loaded from disk: %.3f seconds (%.0f keys/second)", seconds, count / Math.max(seconds, 1e-9));
        }
        persistence.loading().ended();
    }

    /** Waits for every shard's install; gives up when the server was shut down meanwhile (SHUTDOWN while loading). */
    private void await(List<CompletableFuture<Void>> installed) throws IOException {
        CompletableFuture<Void> all = CompletableFuture.allOf(installed.toArray(CompletableFuture[]::new));
        while (true) {
            try {
                all.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (closed.getAsBoolean()) {
                    throw new IOException("shut down while loading");
                }
            } catch (ExecutionException e) {
                throw new IOException("installing the loaded keys: " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while loading", e);
            }
        }
    }
}
