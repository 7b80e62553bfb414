package dev.sabaody.kv.server;

import dev.sabaody.kv.nio.EventLoop;
import java.util.List;

/**
 * INFO's instantaneous_ops_per_sec and instantaneous_input/output_kbps, as serverCron's
 * trackInstantaneousMetric measures them: every 100 ms, the rate since the previous sample; the
 * figure is the mean of the last {@link #STATS_METRIC_SAMPLES} samples.
 *
 * <p>Sampled on shard 0's loop. The other shards' counters are plain fields their own threads write:
 * read from here they may be a moment old, which a rate over 1.6 s does not notice.
 */
final class Instantaneous {

    /** STATS_METRIC_SAMPLES (server.h). */
    static final int STATS_METRIC_SAMPLES = 16;
    /** serverCron's run_with_period(100), milliseconds. */
    static final long PERIOD_MILLIS = 100;

    private final double[][] samples = new double[3][STATS_METRIC_SAMPLES];
    private int index;
    private long lastMillis = -1;
    private final long[] last = new long[3];
    private volatile double[] means = new double[3];

    /** One sample: commands, bytes in and bytes out now, over every shard. */
    void sample(long nowMillis, Shards shards, List<EventLoop> loops) {
        long[] now = new long[3];
        for (Shard shard : shards.all()) {
            now[0] += shard.stats().commandsProcessed;
        }
        for (EventLoop loop : loops) {
            now[1] += loop.netInputBytes();
            now[2] += loop.netOutputBytes();
        }
        if (lastMillis >= 0 && nowMillis > lastMillis) {
            long elapsed = nowMillis - lastMillis;
            for (int m = 0; m < 3; m++) {
                samples[m][index] = Math.max(0, now[m] - last[m]) * 1000.0 / elapsed;
            }
            index = (index + 1) % STATS_METRIC_SAMPLES;
            double[] mean = new double[3];
            for (int m = 0; m < 3; m++) {
                double sum = 0;
                for (double v : samples[m]) {
                    sum += v;
                }
                mean[m] = sum / STATS_METRIC_SAMPLES;
            }
            means = mean;
        }
        lastMillis = nowMillis;
        System.arraycopy(now, 0, last, 0, 3);
    }

    long opsPerSec() {
        return (long) means[0];
    }

    double inputKbps() {
        return means[1] / 1024;
    }

    double outputKbps() {
        return means[2] / 1024;
    }
}
