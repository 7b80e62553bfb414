package dev.sabaody.kv.server.scripting;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Lua scripting as Redis 7.0 has it: EVAL, EVALSHA and their read-only forms, SCRIPT, FUNCTION and
 * FCALL, over LuaJ.
 *
 * <h2>How a script runs</h2>
 * EVAL is an ordinary command of the table, with Redis's key spec (numkeys, then the keys). So the
 * router sends it where its declared keys live, as any command: on the connection's own shard, on
 * the one other shard that owns them all (a hop), or, when they are spread over several shards, on
 * the coordinator with those shards parked and their entries gathered, exactly as a cross-shard
 * MSET or an EXEC runs. The script then runs on that one thread from start to end; no other client
 * runs anything on those keys meanwhile, so nobody sees it half done. Inside MULTI, EVAL is queued
 * and EXEC runs it as it runs any queued command.
 *
 * <pre>
 *   EVAL body numkeys k1 k2 args ──route by keys──► thread holding k1, k2 (shard loop or coordinator)
 *        │                                            │
 *        └─ SHA1 → cached Script (prototype) ─────────┤ LuaEngine of that thread: globals, sandbox
 *                                                     │ ScriptRun: redis.call → command table → keyspace
 *                                                     └ reply: Lua value → RESP (LuaReplies)
 * </pre>
 *
 * <h2>What is shared, what is per thread</h2>
 * The script cache (SHA1 → compiled prototype) and the function libraries are the server's: EVALSHA
 * finds a script whichever shard loaded it. The interpreter is per thread ({@link LuaEngine}):
 * LuaJ's globals are not thread-safe, and a thread runs one script at a time. Scripts cannot keep
 * state in globals (they are read-only), so no script can tell engines apart.
 *
 * <h2>Keys a script did not declare</h2>
 * Redis Cluster lets a script touch an undeclared key of its own node and refuses others. Here a
 * key is local when its shard is the one the script runs on, or one parked for it ({@link KeyReach});
 * with one shard every key is local, as in a single Redis. Keys with the hash tag of a declared key
 * ({@code {user1}:a}, {@code {user1}:b}) share its shard, so they are local wherever it runs. A
 * script is not retried with every shard parked when it reaches further (Dragonfly's
 * allow-undeclared-keys): what it did before, a PUBLISH, a log line, would happen twice.
 *
 * <h2>Long scripts</h2>
 * Past busy-reply-threshold (lua-time-limit) a script is <em>busy</em>: every shard answers other
 * clients' commands with -BUSY, except those flagged allow-busy (SCRIPT KILL, FUNCTION KILL,
 * SHUTDOWN, MULTI...), and SCRIPT KILL stops a script that has not written. The other shards' loops
 * answer their clients as usual. The loop running the script answers its own from inside the
 * script: every {@link LuaEngine#HOOK_INSTRUCTIONS} instructions, once busy, the script's hook calls
 * {@link dev.sabaody.kv.nio.EventLoop#processEventsWhileBlocked}, one read per ready client and the
 * replies written, as Redis's hook does (processEventsWhileBlocked). So with one shard too a script
 * that never ends can be killed, and SHUTDOWN NOSAVE stops the server under it ({@link WhileBusy}).
 * A script whose keys span shards runs on the coordinator with their loops parked: those loops
 * serve their clients in the same steps while it is busy (final-server's CrossShard). Not served
 * meanwhile: the clients of a shard whose turn another loop borrowed to run the script.
 */
public final class Scripting {

    /** shared.slowevalerr (server.c). */
    public static final String BUSY_EVAL =
            "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
    /** shared.slowscripterr (server.c). */
    static final String BUSY_FUNCTION =
            "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";

    private final Map<String, Script> cache = new ConcurrentHashMap<>();
    private final Set<ScriptRun> running = ConcurrentHashMap.newKeySet();
    /** How many running scripts are past the threshold: read by every command on every shard. */
    private final AtomicInteger busyCount = new AtomicInteger();
    private final KeyReach reach;
    private final LongSupplier busyThresholdMillis;
    private final RedisLib redisLib;
    private final ThreadLocal<LuaEngine> engines;
    /** FUNCTION LOAD's libraries. */
    final Functions functions = new Functions();

    /**
     * @param reach               which keys a script may touch where it runs
     * @param busyThresholdMillis busy-reply-threshold as it is now (0: busy at once)
     * @param version             redis.REDIS_VERSION
     */
    public Scripting(KeyReach reach, LongSupplier busyThresholdMillis, String version) {
        this.reach = reach;
        this.busyThresholdMillis = busyThresholdMillis;
        this.redisLib = new RedisLib(version);
        this.engines = ThreadLocal.withInitial(() -> new LuaEngine(redisLib));
    }

    /** Adds EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT, FUNCTION, FCALL and FCALL_RO to {@code table}. */
    public CommandTable<Db> register(CommandTable<Db> table) {
        EvalCommands.register(table, this);
        ScriptCommand.register(table, this);
        FunctionCommands.register(table, this);
        return table;
    }

    /**
     * An allow-busy command with a rule of its own while a script is busy: SHUTDOWN runs then only
     * with NOSAVE (shutdownCommand in Redis 7.0).
     */
    public interface WhileBusy {
        /**
         * The error {@code ctx}'s command answers while a script is busy, or null to let it run
         * ({@code scripting} may be told to stop the script first). Bad arguments: null, the command
         * answers them itself.
         */
        String whileBusy(CommandContext<?> ctx, Scripting scripting);
    }

    /**
     * The -BUSY error a command gets now, or null when it may run: no script is busy, or the
     * command is flagged allow-busy (and, if it has a rule of its own, {@link WhileBusy}, that rule
     * lets it). Every shard asks this before running a client's command, before routing it.
     */
    public String busyError(CommandContext<?> ctx) {
        CommandSpec<?> spec = ctx.command();
        if (busyCount.get() == 0 || spec == null) {
            return null;
        }
        if (!spec.has(CommandFlag.ALLOW_BUSY)) {
            return busyReply();
        }
        return spec.implementation() instanceof WhileBusy rule ? rule.whileBusy(ctx, this) : null;
    }

    /** Whether a script is past busy-reply-threshold now. */
    public boolean busy() {
        return busyCount.get() != 0;
    }

    /** The -BUSY text for the script busy now (EVAL's or FUNCTION's words), or null when none is. */
    public String busyReply() {
        ScriptRun run = busyRun();
        return run == null ? null : run.evalMode ? BUSY_EVAL : BUSY_FUNCTION;
    }

    /** A script past busy-reply-threshold, or null. */
    ScriptRun busyRun() {
        if (busyCount.get() == 0) {
            return null;
        }
        for (ScriptRun run : running) {
            if (run.busy) {
                return run;
            }
        }
        return null;
    }

    /**
     * SHUTDOWN NOSAVE while scripts run: each is stopped at its next hook, written or not, and its
     * caller's connection closed unanswered, as a Redis that exits under a script leaves it.
     */
    public void killForShutdown() {
        for (ScriptRun run : running) {
            run.killForShutdown();
        }
    }

    /** What the cached scripts and the libraries hold: INFO's # Memory. */
    public dev.sabaody.kv.memory.MemoryInfo.Scripts memory() {
        return ScriptsMemory.of(cache.values(), functions.libraries());
    }

    // ---------------------------------------------------------------- the libraries in an RDB file

    /** Every FUNCTION LOAD library's code, as rdbSaveFunctions writes them into a file. */
    public java.util.List<byte[]> libraryCodes() {
        return functions.libraries().stream().map(lib -> lib.code).toList();
    }

    /**
     * The libraries of a file loaded at start-up (rdbFunctionLoad): each as FUNCTION LOAD without
     * REPLACE would load it. Returns null when all loaded, or the error of the first that did not:
     * Redis then stops with "Failed loading library, " and this text.
     */
    public String loadLibraries(java.util.List<byte[]> codes) {
        for (byte[] code : codes) {
            try {
                functions.load(engine(), code, false);
            } catch (Shebang.Invalid e) {
                return e.getMessage();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- the cache

    LuaEngine engine() {
        return engines.get();
    }

    Script cached(String sha) {
        return cache.get(sha);
    }

    /**
     * The script of {@code body}, compiled and cached if new (luaCreateFunction). Throws
     * {@link Shebang.Invalid} with Redis's error text when its shebang or its Lua is wrong.
     */
    Script compile(byte[] body) throws Shebang.Invalid {
        String sha = sha1hex(body);
        Script s = cache.get(sha);
        if (s != null) {
            return s;
        }
        Shebang.Parsed parsed = Shebang.parse(body, false);
        try {
            s = new Script(sha, body, parsed.flags(), engine().compile(Shebang.asLua(body, parsed), "@user_script"));
        } catch (org.luaj.vm2.LuaError e) {
            throw new Shebang.Invalid("Error compiling script (new function): " + LuaSyntax.message(e));
        }
        Script raced = cache.putIfAbsent(sha, s);
        return raced != null ? raced : s;
    }

    boolean exists(String sha) {
        return cache.containsKey(sha.toLowerCase(java.util.Locale.ROOT));
    }

    void flush() {
        cache.clear();
    }

    // ---------------------------------------------------------------- running scripts

    KeyReach reach() {
        return reach;
    }

    long busyThresholdNanos() {
        return busyThresholdMillis.getAsLong() * 1_000_000L;
    }

    /** The client a script's commands run as: a fresh one (Redis's Lua client), in the caller's database. */
    Client scriptClient(Client caller) {
        return new Client(caller.id(), null, null, 0);
    }

    void started(ScriptRun run) {
        running.add(run);
    }

    void finished(ScriptRun run) {
        running.remove(run);
        if (run.busy) {
            busyCount.decrementAndGet();
            Log.info("Slow script finished after %d ms", (System.nanoTime() - run.startNanos) / 1_000_000);
        }
    }

    void becameBusy(ScriptRun run) {
        busyCount.incrementAndGet();
        Log.warn("Slow script detected: still in execution after %d milliseconds. "
                + "You can try killing the script using the %s KILL command. Script name is: %s.",
                busyThresholdMillis.getAsLong(), run.evalMode ? "SCRIPT" : "FUNCTION", run.name);
    }

    /** SCRIPT KILL ({@code eval}) and FUNCTION KILL (scriptKill, script.c): the error, or null when killed. */
    String kill(boolean eval) {
        ScriptRun target = null;
        for (ScriptRun run : running) {
            if (run.busy) { // Redis reads SCRIPT KILL only while a script is busy
                target = run;
            }
        }
        if (target == null) {
            return "-NOTBUSY No scripts in execution right now.";
        }
        if (target.wrote) {
            return "-UNKILLABLE Sorry the script already executed write commands against the dataset. You can "
                    + "either wait the script termination or kill the server in a hard way using the SHUTDOWN "
                    + "NOSAVE command.";
        }
        if (eval && !target.evalMode) {
            return BUSY_FUNCTION;
        }
        if (!eval && target.evalMode) {
            return BUSY_EVAL;
        }
        target.kill();
        return null;
    }

    static String sha1hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
        }
    }

    static String sha1hex(String text) {
        return sha1hex(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
