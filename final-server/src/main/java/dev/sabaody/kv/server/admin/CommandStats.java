package dev.sabaody.kv.server.admin;

import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandObserver;
import dev.sabaody.kv.resp.CommandSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One shard's per-command figures: what INFO commandstats, errorstats and latencystats and LATENCY
 * HISTOGRAM add up, and the door to the slow log and the latency monitor.
 *
 * <p>Only the thread that holds the shard calls {@link #ran} and {@link #rejected} (its loop; another
 * thread only while it holds the shard's turn or the shard is parked, each with a happens-before
 * edge), so the counters are plain arrays indexed by {@link CommandSpec#aclId()} (a dense number for every command and subcommand): no lock, no atomic,
 * nothing allocated per command once a command has run once. INFO copies them in its part, on the
 * same thread, and sums the copies ({@link Snapshot}).
 *
 * <p>Latency per command goes into an HdrHistogram, as Redis's does (server.c's
 * {@code updateCommandLatencyHistogram}: whole microseconds recorded in nanoseconds, from 1 ns to 1 s,
 * 2 significant digits).
 */
public final class CommandStats implements CommandObserver {

    /** LATENCY_HISTOGRAM_MIN_VALUE, nanoseconds (server.h): shorter calls are recorded as this. */
    static final long LATENCY_HISTOGRAM_MIN_VALUE = 1;
    /** LATENCY_HISTOGRAM_MAX_VALUE, nanoseconds (server.h): longer calls are recorded as this. */
    static final long LATENCY_HISTOGRAM_MAX_VALUE = 1_000_000_000L;
    /** LATENCY_HISTOGRAM_PRECISION, significant digits (server.h). */
    static final int LATENCY_HISTOGRAM_PRECISION = 2;
    /** ERROR_STATS_NUMBER (server.h): distinct error codes tracked; past it Redis stops adding. */
    static final int ERROR_STATS_NUMBER = 128;

    private final AdminSettings settings;
    private final SlowLog slowLog;
    private final LatencyMonitor latencyMonitor;
    private long[] calls = new long[0];
    private long[] nanos = new long[0];
    private long[] rejectedCalls = new long[0];
    private long[] failedCalls = new long[0];
    private Histogram[] latency = new Histogram[0];
    private CommandSpec<?>[] specs = new CommandSpec<?>[0];
    /** Error replies by code ("ERR", "WRONGTYPE"): rare, so a map. */
    private final Map<String, long[]> errors = new HashMap<>();
    /** Set by CONFIG RESETSTAT from any thread; the owner zeroes its counters when it next looks. */
    private volatile boolean resetAsked;

    CommandStats(AdminSettings settings, SlowLog slowLog, LatencyMonitor latencyMonitor) {
        this.settings = settings;
        this.slowLog = slowLog;
        this.latencyMonitor = latencyMonitor;
    }

    @Override
    public void ran(CommandContext<?> ctx, CommandSpec<?> spec, long startNanos, long took, boolean failed) {
        count(ctx, spec, took, failed, failed);
    }

    @Override
    public void unblocked(CommandContext<?> ctx, CommandSpec<?> spec, long took, boolean errorReplied,
                          boolean failed) {
        count(ctx, spec, took, errorReplied, failed);
    }

    private void count(CommandContext<?> ctx, CommandSpec<?> spec, long took, boolean errorReplied, boolean failed) {
        int i = slot(spec);
        calls[i]++;
        nanos[i] += took;
        if (failed) {
            failedCalls[i]++;
        }
        if (errorReplied) {
            error(ctx.reply().lastErrorCode());
        }
        if (settings.latencyTracking) {
            Histogram h = latency[i];
            if (h == null) {
                h = latency[i] = newHistogram();
            }
            long ns = took / 1000 * 1000; // Redis measures in µs (ustime) and records duration * 1000
            h.recordValue(Math.min(LATENCY_HISTOGRAM_MAX_VALUE, Math.max(LATENCY_HISTOGRAM_MIN_VALUE, ns)));
        }
        long micros = took / 1000;
        long slower = settings.slowlogSlowerThanMicros;
        if (slower >= 0 && micros >= slower && !spec.has(CommandFlag.SKIP_SLOWLOG)) {
            slowLog.add(ctx, micros);
        }
        long threshold = settings.latencyThresholdMillis;
        if (threshold > 0 && micros / 1000 >= threshold) {
            latencyMonitor.add(spec.has(CommandFlag.FAST) ? "fast-command" : "command", micros / 1000);
        }
    }

    @Override
    public void rejected(CommandContext<?> ctx) {
        if (resetAsked) {
            zero();
        }
        if (ctx.command() != null) {
            int i = slot(ctx.command()); // first: it may replace the arrays
            rejectedCalls[i]++;
        }
        if (ctx.reply().takeNewErrors()) {
            error(ctx.reply().lastErrorCode());
        }
    }

    private int slot(CommandSpec<?> spec) {
        if (resetAsked) {
            zero();
        }
        int i = spec.aclId();
        if (i >= calls.length) {
            int size = Math.max(i + 1, calls.length * 2 + 16);
            calls = Arrays.copyOf(calls, size);
            nanos = Arrays.copyOf(nanos, size);
            rejectedCalls = Arrays.copyOf(rejectedCalls, size);
            failedCalls = Arrays.copyOf(failedCalls, size);
            latency = Arrays.copyOf(latency, size);
            specs = Arrays.copyOf(specs, size);
        }
        specs[i] = spec;
        return i;
    }

    private void error(String code) {
        long[] count = errors.get(code);
        if (count == null) {
            if (errors.size() >= ERROR_STATS_NUMBER) {
                return;
            }
            errors.put(code, count = new long[1]);
        }
        count[0]++;
    }

    static Histogram newHistogram() {
        return new Histogram(LATENCY_HISTOGRAM_MIN_VALUE, LATENCY_HISTOGRAM_MAX_VALUE, LATENCY_HISTOGRAM_PRECISION);
    }

    /** CONFIG RESETSTAT: from any thread; the owner zeroes its figures before it next counts or is read. */
    public void reset() {
        resetAsked = true;
    }

    private void zero() {
        resetAsked = false;
        Arrays.fill(calls, 0);
        Arrays.fill(nanos, 0);
        Arrays.fill(rejectedCalls, 0);
        Arrays.fill(failedCalls, 0);
        Arrays.fill(latency, null);
        Arrays.fill(specs, null);
        errors.clear();
    }

    /** A copy of the figures, on the owner's thread (INFO's part). */
    public Snapshot snapshot() {
        if (resetAsked) {
            zero();
        }
        Snapshot s = new Snapshot();
        s.add(this);
        return s;
    }

    /** Figures of one or several shards, summed: what INFO and LATENCY HISTOGRAM print. */
    public static final class Snapshot {
        final Map<String, long[]> commands = new java.util.TreeMap<>(); // name → calls, nanos, rejected, failed
        final Map<String, Histogram> latency = new java.util.TreeMap<>();
        final Map<String, Long> errors = new java.util.TreeMap<>();

        private void add(CommandStats stats) {
            for (int i = 0; i < stats.specs.length; i++) {
                CommandSpec<?> spec = stats.specs[i];
                if (spec == null) {
                    continue;
                }
                long[] sum = commands.computeIfAbsent(spec.fullName(), k -> new long[4]);
                sum[0] += stats.calls[i];
                sum[1] += stats.nanos[i];
                sum[2] += stats.rejectedCalls[i];
                sum[3] += stats.failedCalls[i];
                if (stats.latency[i] != null) {
                    latency.computeIfAbsent(spec.fullName(), k -> newHistogram()).add(stats.latency[i]);
                }
            }
            stats.errors.forEach((code, count) -> errors.merge(code, count[0], Long::sum));
        }

        /** Adds another snapshot's figures to these. */
        public Snapshot plus(Snapshot other) {
            other.commands.forEach((name, v) -> {
                long[] sum = commands.computeIfAbsent(name, k -> new long[4]);
                for (int j = 0; j < 4; j++) {
                    sum[j] += v[j];
                }
            });
            other.latency.forEach((name, h) -> latency.computeIfAbsent(name, k -> newHistogram()).add(h));
            other.errors.forEach((code, n) -> errors.merge(code, n, Long::sum));
            return this;
        }

        /** total_error_replies: every error reply counted in errorstats. */
        public long errorReplies() {
            long total = 0;
            for (long n : errors.values()) {
                total += n;
            }
            return total;
        }

        /** INFO's commandstats section body: {@code cmdstat_get:calls=2,usec=12,usec_per_call=6.00,...}. */
        public void commandstats(StringBuilder out) {
            commands.forEach((name, v) -> {
                long usec = v[1] / 1000;
                out.append("cmdstat_").append(name).append(":calls=").append(v[0]).append(",usec=").append(usec)
                        .append(",usec_per_call=")
                        .append(String.format(java.util.Locale.ROOT, "%.2f", v[0] == 0 ? 0.0 : (double) usec / v[0]))
                        .append(",rejected_calls=").append(v[2]).append(",failed_calls=").append(v[3]).append("\r\n");
            });
        }

        /** INFO's errorstats section body: {@code errorstat_ERR:count=3}. */
        public void errorstats(StringBuilder out) {
            errors.forEach((code, n) -> out.append("errorstat_").append(code).append(":count=").append(n).append("\r\n"));
        }

        /**
         * INFO's latencystats body, as fillPercentileDistributionLatencies writes it:
         * {@code latency_percentiles_usec_get:p50=1.003,p99=3.007,p99.9=3.007}.
         */
        public void latencystats(StringBuilder out, double[] percentiles) {
            latency.forEach((name, h) -> {
                if (h.getTotalCount() == 0) {
                    return;
                }
                out.append("latency_percentiles_usec_").append(name).append(':');
                for (int j = 0; j < percentiles.length; j++) {
                    if (j > 0) {
                        out.append(',');
                    }
                    out.append('p').append(trimDouble(percentiles[j])).append('=')
                            .append(String.format(java.util.Locale.ROOT, "%.3f",
                                    h.getValueAtPercentile(percentiles[j]) / 1000.0));
                }
                out.append("\r\n");
            });
        }

        Map<String, long[]> commands() {
            return commands;
        }

        Map<String, Histogram> latency() {
            return latency;
        }
    }

    /** Redis's trimDoubleString over "%f": 50 → "50", 99.9 → "99.9". */
    static String trimDouble(double value) {
        String s = String.format(java.util.Locale.ROOT, "%f", value);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }
}
