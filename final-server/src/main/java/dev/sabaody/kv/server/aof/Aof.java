package dev.sabaody.kv.server.aof;

import dev.sabaody.kv.aof.AofDir;
import dev.sabaody.kv.aof.AofFormatException;
import dev.sabaody.kv.aof.AofLoad;
import dev.sabaody.kv.aof.AofManifest;
import dev.sabaody.kv.aof.AofManifestException;
import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.NioServer;
import dev.sabaody.kv.rdb.ForklessSave;
import dev.sabaody.kv.rdb.LoadedKey;
import dev.sabaody.kv.rdb.SaveOptions;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.server.config.LiveConfig;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The append-only file of final-server: Redis 7.0's multi-part layout (module 06's {@link AofDir}),
 * written by one {@link AppendLog} for all shards, loaded at start by {@link AofReplay}, and rewritten
 * without fork:
 *
 * <pre>
 *   every shard parked (one instant):  the log switches to a new incr file
 *                                      module 06's ForklessSave takes its snapshot
 *   shards serving again:              new writes ─► new incr file
 *                                      the snapshot ─► temp file ─► renamed NAME.N.base.rdb
 *   snapshot written:                  manifest: new base + new incr; the old files become history,
 *                                      deleted
 * </pre>
 *
 * The base holds the data of the instant, the new incr file everything after it: together they are
 * the dataset, with no rewrite buffer and no copy. Turning {@code appendonly} on is the same rewrite,
 * except that the writes meanwhile go to a temp incr file that is adopted once the base exists (a
 * crash before that leaves no AOF at all, never one without its base).
 */
public final class Aof {

    /** A log that exists but cannot be loaded: start-up stops. */
    public static final class LoadFailure extends Exception {
        LoadFailure(String message) {
            super(message);
        }
    }

    private final LiveConfig live;
    private final Clock clock;
    private final CommandTable<Db> table;
    /** Each keyspace with the loop that owns it: the rewrite's snapshot walks there. */
    private final Function<List<Keyspace>, List<ForklessSave.Part>> parts;
    /** Runs work with every shard parked (on the cross-shard coordinator): the rewrite's instant. */
    private final Consumer<Function<List<Keyspace>, Boolean>> parked;
    /** Whether a background save (BGSAVE) is running: one snapshot at a time. */
    private final Supplier<Boolean> bgsaveRunning;
    private NioServer nio;
    /** The function libraries' code, written in each base as Redis writes them in its RDB. */
    private volatile Supplier<List<byte[]>> libraries = List::of;
    private AofDir dir;
    private AofManifest manifest = AofManifest.empty();
    private volatile AppendLog log;
    private LoggedCommands logged;
    /** Whether the log waits for its first base (turned on live): it writes the temp incr file. */
    private boolean waitingForBase;
    private ForklessSave rewrite;
    private volatile boolean rewriteScheduled;
    private volatile long rewriteStartMillis;
    private volatile long lastRewriteSeconds = -1;
    private volatile boolean lastRewriteOk = true;
    private volatile long rewrites;
    private volatile long baseBytes;

    public Aof(LiveConfig live, Clock clock, CommandTable<Db> table, Function<List<Keyspace>, List<ForklessSave.Part>> parts,
               Consumer<Function<List<Keyspace>, Boolean>> parked, Supplier<Boolean> bgsaveRunning) {
        this.live = live;
        this.clock = clock;
        this.table = table;
        this.parts = parts;
        this.parked = parked;
        this.bgsaveRunning = bgsaveRunning;
    }

    private static AofDir dir(ServerConfig config) {
        return new AofDir(Path.of(config.get("dir")), config.get("appenddirname"), config.get("appendfilename"));
    }

    /**
     * Start-up with {@code appendonly yes}: the log is loaded (not the RDB) into the keys the shards
     * will install; null when there is no log yet. A corrupt log stops start-up, naming file and offset.
     */
    public static List<LoadedKey> loadAtStart(ServerConfig config, CommandTable<Db> table, Clock clock)
            throws LoadFailure {
        AofReplay replay = new AofReplay(table, clock, config.databases());
        long start = System.nanoTime();
        AofLoad.Result result;
        try {
            result = AofLoad.load(dir(config), new AofLoad.Options(config.get("aof-load-truncated").equals("yes"),
                    config.databases(), AofLoad.Lines.serverLog()), replay);
        } catch (AofFormatException e) {
            throw new LoadFailure(e.redisLine());
        } catch (AofManifestException e) {
            throw new LoadFailure(String.join("\n", e.logLines()));
        } catch (IOException e) {
            throw new LoadFailure("Error reading the append only file: " + e.getMessage());
        }
        if (result.status() == AofLoad.Status.NOT_EXIST || result.status() == AofLoad.Status.EMPTY) {
            return null;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Log.info("DB loaded from append only file: %.3f seconds (%d keys from the base, %d commands, %.0f commands/second)",
                seconds, result.keys(), result.commands(), result.commands() / Math.max(seconds, 1e-9));
        return replay.keys();
    }

    /**
     * Before the server listens, with {@code appendonly yes}: the log is opened, so that the first
     * command is logged. With no log yet (a first start) the dataset is empty, and its base is written
     * now, an empty RDB, with the first incr file (aofOpenIfNeededOnServerStart).
     */
    public synchronized void open() throws IOException {
        ServerConfig config = live.current();
        this.dir = dir(config);
        if (!config.get("appendonly").equals("yes")) {
            return;
        }
        try {
            manifest = dir.readManifest();
        } catch (AofManifestException e) {
            throw new IOException("the AOF manifest could not be read: " + e.getMessage(), e);
        }
        if (manifest.base() == null) {
            dir.createIfMissing();
            AofManifest next = manifest.withNewBase(dir.appendfilename(), true);
            SaveOptions options = new SaveOptions(config.get("rdbcompression").equals("yes"),
                    config.get("rdbchecksum").equals("yes"), SaveOptions.Clocks.NONE,
                    clock.currentTimeMillis() / 1000, 0).asAofBase();
            dev.sabaody.kv.rdb.RdbFile.save(List.of(new Keyspace(clock, config.databases(), new dev.sabaody.kv.data.Watches())),
                    options, dir.path(), next.base().name());
            Log.info("Creating AOF base file %s on server start", next.base().name());
            manifest = next;
        }
        openExisting();
    }

    public void libraries(Supplier<List<byte[]>> codes) {
        libraries = codes;
    }

    /** The log replies wait for, or null when there is none: each loop takes it as it starts. */
    public AppendLog log() {
        return log;
    }

    /** Once the server runs: CONFIG SET appendonly turns the log on and off. */
    public synchronized void started(NioServer nio) {
        this.nio = nio;
        live.onChange("appendfsync", now -> {
            if (log != null) {
                parked.accept(keyspaces -> { // no shard appends while the log is replaced
                    synchronized (this) {
                        AppendLog old = log;
                        if (old == null || waitingForBase) {
                            return false;
                        }
                        old.close();
                        lastPosition = old.position();
                        openExisting();
                        return true;
                    }
                });
            }
        });
        live.onChange("appendonly", now -> {
            if (now.get("appendonly").equals("yes")) {
                turnOnLive();
            } else {
                turnOff();
            }
        });
    }

    /** The log goes on in the last incr file of the manifest (a new one when it has none). */
    private void openExisting() {
        try {
            dir.createIfMissing();
            if (manifest.lastIncr() == null) {
                manifest = manifest.withNewIncr(dir.appendfilename());
                dir.persist(manifest);
                Log.info("Creating AOF incr file %s on server start", manifest.lastIncr().name());
            }
            String incr = manifest.lastIncr().name();
            baseBytes = dir.size(manifest.base().name());
            install(new AppendLog(dir.openForAppend(incr), dir.size(incr) + baseBytes, fsync(), timestamps(),
                    clock::currentTimeMillis, Aof::exit, nextPosition()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void turnOnLive() {
        if (log == null && !waitingForBase) {
            parked.accept(keyspaces -> {
                synchronized (this) {
                    manifest = readManifestQuietly();
                    return turnOnParked(keyspaces);
                }
            });
        }
    }

    private AofManifest readManifestQuietly() {
        try {
            return dir.readManifest();
        } catch (IOException | AofManifestException e) {
            return AofManifest.empty();
        }
    }

    /** startAppendOnly with the shards parked: log to the temp incr file, and write the first base. */
    private boolean turnOnParked(List<Keyspace> keyspaces) {
        try {
            dir.createIfMissing();
            Files.deleteIfExists(dir.file(dir.tempIncrName()));
            waitingForBase = true;
            install(new AppendLog(dir.openForAppend(dir.tempIncrName()), 0, fsync(), timestamps(),
                    clock::currentTimeMillis, Aof::exit, nextPosition()));
        } catch (IOException e) {
            Log.warn("Redis needs to enable the AOF but can't open the append only file: %s", e.getMessage());
            return false;
        }
        return startRewrite(keyspaces, false);
    }

    /** Where a new log starts counting: after the last one, so that a loop's held output is not confused. */
    private long lastPosition;

    private long nextPosition() {
        return lastPosition;
    }

    private void install(AppendLog next) {
        log = next;
        logged = new LoggedCommands(next);
        table.log(logged);
        if (nio != null) {
            nio.outputBarrier(next);
        }
    }

    /** stopAppendOnly: the log is flushed and closed; replies no longer wait. */
    private synchronized void turnOff() {
        AppendLog current = log;
        if (current == null) {
            return;
        }
        table.log(null);
        nio.outputBarrier(null);
        log = null;
        logged = null;
        lastPosition = current.position();
        if (rewrite != null) {
            rewrite.abort("AOF turned off");
            rewrite = null;
        }
        waitingForBase = false;
        current.close();
    }

    /** BGREWRITEAOF, with every shard parked: what it answers. */
    public synchronized String bgrewriteaof(List<Keyspace> keyspaces) {
        if (rewrite != null) {
            return "-ERR Background append only file rewriting already in progress";
        }
        if (bgsaveRunning.get()) {
            rewriteScheduled = true;
            return "+Background append only file rewriting scheduled";
        }
        return startRewrite(keyspaces, true) ? "+Background append only file rewriting started" : "-ERR Can't execute an AOF background rewriting. Please check the server logs for more information.";
    }

    public synchronized boolean rewriting() {
        return rewrite != null;
    }

    /**
     * rewriteAppendOnlyFileBackground with the shards parked: the log switches to a new incr file
     * (the manifest names it at once, as Redis 7.0 does) and the snapshot of this instant becomes the
     * next base.
     */
    private boolean startRewrite(List<Keyspace> keyspaces, boolean newIncr) {
        try {
            dir.createIfMissing();
            if (newIncr && log != null) {
                AofManifest next = manifest.withNewIncr(dir.appendfilename());
                dir.persist(next);
                manifest = next;
                String name = next.lastIncr().name();
                log.rotate(() -> {
                    try {
                        return dir.openForAppend(name);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } catch (IOException e) {
            Log.warn("Can't open new incr AOF: %s", e.getMessage());
            lastRewriteOk = false;
            return false;
        }
        ServerConfig config = live.current();
        long now = clock.currentTimeMillis();
        long used = 0;
        for (Keyspace k : keyspaces) {
            used += k.usedBytes();
        }
        SaveOptions options = new SaveOptions(config.get("rdbcompression").equals("yes"),
                config.get("rdbchecksum").equals("yes"), SaveOptions.Clocks.NONE, now / 1000, used).asAofBase()
                .withFunctions(libraries.get());
        String tempBase = "temp-rewriteaof-bg-" + ProcessHandle.current().pid() + ".aof";
        ForklessSave save = ForklessSave.begin(parts.apply(keyspaces), options, dir.path(), tempBase,
                () -> config.number("rdb-key-save-delay"));
        rewrite = save;
        rewriteScheduled = false;
        if (log != null && config.get("no-appendfsync-on-rewrite").equals("yes")) {
            log.pauseFsync(true);
        }
        rewriteStartMillis = now;
        Log.info("Background append only file rewriting started");
        save.done().whenComplete((result, failure) -> rewriteDone(save, tempBase, failure));
        return true;
    }

    /** backgroundRewriteDoneHandler: the new base takes its name, the manifest moves on, history goes. */
    private synchronized void rewriteDone(ForklessSave save, String tempBase, Throwable failure) {
        if (rewrite != save) {
            return;
        }
        rewrite = null;
        if (log != null) {
            log.pauseFsync(false);
        }
        lastRewriteSeconds = (clock.currentTimeMillis() - rewriteStartMillis) / 1000;
        if (failure != null) {
            Log.warn("Background AOF rewrite failed: %s", failure.getMessage());
            lastRewriteOk = false;
            deleteQuietly(dir.file(tempBase));
            return;
        }
        try {
            AofManifest next = manifest.withNewBase(dir.appendfilename(), true);
            Files.move(dir.file(tempBase), dir.file(next.base().name()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            if (waitingForBase) {
                next = dir.adoptTempIncr(next);
                waitingForBase = false;
            }
            next = next.withRewrittenIncrsAsHistory(true);
            dir.persist(next);
            manifest = dir.deleteHistory(next, line -> Log.info("%s", line));
            baseBytes = dir.size(manifest.base().name());
            lastRewriteOk = true;
            rewrites++;
            Log.info("Background AOF rewrite terminated with success");
            Log.info("Background AOF rewrite finished successfully");
        } catch (IOException e) {
            Log.warn("Error trying to rename the temporary AOF base file: %s", e.getMessage());
            lastRewriteOk = false;
        }
    }

    /**
     * serverCron: a scheduled rewrite once no save runs; an automatic one when the log has grown
     * auto-aof-rewrite-percentage past its base and is over auto-aof-rewrite-min-size.
     */
    public void cron() {
        AppendLog l = log;
        ServerConfig config = live.current();
        long percentage = config.number("auto-aof-rewrite-percentage");
        if (l != null && !waitingForBase && percentage > 0 && !rewriting() && !rewriteScheduled && !bgsaveRunning.get()) {
            long size = l.fileBytes();
            long base = Math.max(1, baseBytes);
            long growth = (size - base) * 100 / base;
            if (size > config.number("auto-aof-rewrite-min-size") && growth >= percentage) {
                Log.info("Starting automatic rewriting of AOF on %d%% growth", growth);
                rewriteScheduled = true;
            }
        }
        if (rewriteScheduled && !bgsaveRunning.get() && !rewriting()) {
            parked.accept(keyspaces -> {
                synchronized (this) {
                    if (rewrite != null || !rewriteScheduled) {
                        return false;
                    }
                    return startRewrite(keyspaces, log != null);
                }
            });
        }
    }

    /** Flushes and closes the log (shutdown): every acknowledged write is in the file. */
    public synchronized void close() {
        if (rewrite != null) {
            rewrite.abort("shutdown");
            rewrite = null;
        }
        AppendLog current = log;
        if (current != null) {
            table.log(null);
            current.close();
            log = null;
        }
    }

    /** INFO # Persistence: the aof_ fields, Redis's names. */
    public String info() {
        AppendLog current = log;
        StringBuilder out = new StringBuilder();
        field(out, "aof_enabled", current != null ? "1" : "0");
        field(out, "aof_rewrite_in_progress", rewriting() ? "1" : "0");
        field(out, "aof_rewrite_scheduled", rewriteScheduled ? "1" : "0");
        field(out, "aof_last_rewrite_time_sec", Long.toString(lastRewriteSeconds));
        field(out, "aof_current_rewrite_time_sec",
                rewriting() ? Long.toString((clock.currentTimeMillis() - rewriteStartMillis) / 1000) : "-1");
        field(out, "aof_last_bgrewrite_status", lastRewriteOk ? "ok" : "err");
        field(out, "aof_rewrites", Long.toString(rewrites));
        field(out, "aof_rewrites_consecutive_failures", lastRewriteOk ? "0" : "1");
        field(out, "aof_last_write_status", current == null || current.lastWriteOk() ? "ok" : "err");
        field(out, "aof_last_cow_size", "0");
        field(out, "module_fork_in_progress", "0");
        field(out, "module_fork_last_cow_size", "0");
        if (current != null) {
            field(out, "aof_current_size", Long.toString(current.fileBytes()));
            field(out, "aof_base_size", Long.toString(baseBytes));
            field(out, "aof_pending_rewrite", "0");
            field(out, "aof_buffer_length", "0");
            field(out, "aof_pending_bio_fsync", "0");
            field(out, "aof_delayed_fsync", Long.toString(current.delayedFsyncs()));
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(name).append(':').append(value).append("\r\n");
    }

    /** deleteEvictedKeyAndPropagate: an evicted key is logged as DEL, a record of its own. */
    public void evicted(int db, byte[] key) {
        AppendLog l = log;
        if (l != null) {
            l.append(List.of(new AppendLog.Command(db, new byte[][] {{'D', 'E', 'L'}, key})));
        }
    }

    /** A write that ran in parts on every shard (FLUSHDB, SWAPDB...): logged as sent, once. */
    public void loggedWhole(dev.sabaody.kv.resp.CommandContext<Db> ctx) {
        LoggedCommands l = logged;
        if (l != null && ctx.command().has(dev.sabaody.kv.resp.CommandFlag.WRITE)) {
            l.beginGroup();
            l.add(ctx.db().index(), ctx.argv());
            l.endGroup();
        }
    }

    /** A cross-shard EXEC's commands are one record: the coordinator opens a group around it. */
    public void beginGroup() {
        LoggedCommands l = logged;
        if (l != null) {
            l.beginGroup();
        }
    }

    public void endGroup() {
        LoggedCommands l = logged;
        if (l != null) {
            l.endGroup();
        }
    }

    private AppendLog.Fsync fsync() {
        return switch (live.current().get("appendfsync")) {
            case "always" -> AppendLog.Fsync.ALWAYS;
            case "no" -> AppendLog.Fsync.NO;
            default -> AppendLog.Fsync.EVERYSEC;
        };
    }

    private boolean timestamps() {
        return live.current().get("aof-timestamp-enabled").equals("yes");
    }

    private static void exit() {
        Runtime.getRuntime().halt(1); // as Redis exits when an fsync under "always" fails
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a later rewrite overwrites it
        }
    }
}
