package dev.sabaody.kv.server.admin;

import static dev.sabaody.kv.resp.AclCategory.CONNECTION;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.ServerState;
import dev.sabaody.kv.resp.SlicedCommand;
import dev.sabaody.kv.server.config.LiveConfig;
import java.util.List;

/**
 * The operator's side of the server, assembled: what counts each command (one {@link CommandStats}
 * per shard, and one for the coordinator that runs commands spanning shards), the slow log and the
 * latency monitor they feed, and the commands that read them (SLOWLOG, LATENCY, LOLWUT, WAIT).
 *
 * <pre>
 *   a command runs on shard i ──► CommandStats[i]: calls, time, failures, latency histogram
 *                                       │ slower than slowlog-log-slower-than ──► SlowLog (one, locked)
 *                                       │ over latency-monitor-threshold      ──► LatencyMonitor (one, locked)
 *   INFO / LATENCY HISTOGRAM ──► each shard copies its own on its thread ──► summed into one answer
 * </pre>
 */
public final class Admin {

    final AdminSettings settings;
    final SlowLog slowLog;
    final LatencyMonitor latencyMonitor;
    /** The coordinator's own figures: written only on the coordinator thread. */
    private final CommandStats coordinator;
    private final List<CommandStats> all = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Admin(LiveConfig live, Clock clock) {
        this.settings = new AdminSettings(live);
        this.slowLog = new SlowLog(settings);
        this.latencyMonitor = new LatencyMonitor(clock);
        this.coordinator = newStats();
    }

    /** A shard's counters: to be the observer of that shard's {@link ServerState}. */
    public CommandStats newStats() {
        CommandStats stats = new CommandStats(settings, slowLog, latencyMonitor);
        all.add(stats);
        return stats;
    }

    /** The coordinator's counters: the observer of the state it runs cross-shard commands in. */
    public CommandStats coordinatorStats() {
        return coordinator;
    }

    /**
     * The coordinator's figures, read by a sliced command's answer: on the coordinator when the
     * server has several shards (its answer runs there), and nothing to read with one.
     */
    public CommandStats.Snapshot coordinatorSnapshot(int shards) {
        return shards > 1 ? coordinator.snapshot() : new CommandStats.Snapshot();
    }

    private final ClientsPeakMemory clientsPeak = new ClientsPeakMemory();

    /** INFO's client_recent_max_input_buffer and _output_buffer, sampled by shard 0's cron. */
    public ClientsPeakMemory clientsPeak() {
        return clientsPeak;
    }

    /** DEBUG SET-ACTIVE-EXPIRE: whether the cron expires keys nobody reads. */
    public boolean activeExpire() {
        return settings.activeExpire;
    }

    /** The percentiles INFO latencystats prints (latency-tracking-info-percentiles). */
    public double[] percentiles() {
        return settings.percentiles;
    }

    /** CONFIG RESETSTAT: every shard's figures start again at zero (each zeroes its own, on its thread). */
    public void resetStats() {
        for (CommandStats stats : all) {
            stats.reset();
        }
    }

    private final ResetCommand reset = new ResetCommand();

    /** Adds the operator's commands this package answers. */
    public void register(CommandTable<Db> table) {
        table.add(SlowlogCommand.<Db>spec(slowLog))
                .add(LatencyCommand.<Db>spec(this))
                .add(Lolwut.<Db>spec(new Lolwut(Lolwut.systemRand())))
                .add(Admin.<Db>waitCommand())
                .add(reset.spec())
                .add(DebugCommand.spec(settings))
                .add(memory.spec(memoryUsage));
    }

    private final MemoryCommand memory = new MemoryCommand();
    private CommandSpec.Builder<Db> memoryUsage;

    /**
     * MEMORY USAGE, from memory accounting: it joins the MEMORY container built here. Call before
     * {@link #register}.
     */
    public void memoryUsage(CommandSpec.Builder<Db> usage) {
        memoryUsage = usage;
    }

    /**
     * Registers what RESET must also clear for a client: the seam for the Pub/Sub engine
     * (unsubscribe from everything) and client-side caching (tracking off).
     */
    public void onReset(java.util.function.Consumer<CommandContext<Db>> hook) {
        reset.onReset(hook);
    }

    /**
     * WAIT numreplicas timeout: a master with no replica has no write to wait for, so it answers 0 at
     * once, whatever the timeout, as Redis does with no replica connected. Its tips say
     * {@code request_policy:all_shards} (agg_min): every shard's part is that 0.
     */
    private static <D> CommandSpec.Builder<D> waitCommand() {
        return CommandSpec.<D>command("wait", 3, new SlicedCommand<D, Long>() {
                    @Override
                    public boolean check(CommandContext<? extends D> ctx) {
                        // waitCommand reads the timeout first (getTimeoutFromObjectOrReply), then numreplicas
                        if (!ctx.argv().parseLong(2)) {
                            ctx.reply().error("timeout is not an integer or out of range");
                            return false;
                        }
                        if (ctx.argv().parsedLong() < 0) {
                            ctx.reply().error("timeout is negative");
                            return false;
                        }
                        if (!ctx.argv().parseLong(1)) {
                            ctx.reply().error("value is not an integer or out of range");
                            return false;
                        }
                        return true;
                    }

                    @Override
                    public Long part(CommandContext<? extends D> ctx) {
                        return 0L; // replicas acknowledging this shard's writes: none are connected
                    }

                    @Override
                    public void answer(CommandContext<? extends D> ctx, List<Long> parts) {
                        long min = Long.MAX_VALUE;
                        for (long p : parts) {
                            min = Math.min(min, p);
                        }
                        ctx.reply().integer(parts.isEmpty() ? 0 : min);
                    }
                })
                .flags(CommandFlag.NOSCRIPT).acl(SLOW, CONNECTION)
                .tips("request_policy:all_shards", "response_policy:agg_min")
                .doc(CommandDoc.of("Wait for the synchronous replication of all the write commands sent in the context of the current connection",
                        "3.0.0", "generic", "O(1)", Arg.of("numreplicas", "integer"), Arg.of("timeout", "integer")));
    }
}
