package dev.sabaody.kv.server.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latency monitor (latency.c): for each event ("command", "fast-command"), the last
 * {@link #LATENCY_TS_LEN} seconds in which something took at least {@code latency-monitor-threshold}
 * milliseconds, one sample a second (the worst of that second), and the worst ever.
 *
 * <p>Only a command over the threshold reaches it, so one lock for every shard costs nothing on the
 * common path.
 */
final class LatencyMonitor {

    /** LATENCY_TS_LEN (latency.h): samples kept per event. */
    static final int LATENCY_TS_LEN = 160;

    /** One second's worst latency. */
    record Sample(long unixSeconds, long millis) {
    }

    /** latencyTimeSeries: a ring of samples and the all-time maximum. */
    static final class Series {
        final long[] time = new long[LATENCY_TS_LEN];
        final long[] latency = new long[LATENCY_TS_LEN];
        int idx;
        long max;

        Sample last() {
            int last = (idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN;
            return new Sample(time[last], latency[last]);
        }

        /** Oldest first, as LATENCY HISTORY lists them. */
        List<Sample> samples() {
            List<Sample> out = new ArrayList<>();
            for (int j = 0; j < LATENCY_TS_LEN; j++) {
                int i = (idx + j) % LATENCY_TS_LEN;
                if (time[i] != 0) {
                    out.add(new Sample(time[i], latency[i]));
                }
            }
            return out;
        }
    }

    private final dev.sabaody.kv.nio.Clock clock;
    private final Map<String, Series> events = new LinkedHashMap<>();

    LatencyMonitor(dev.sabaody.kv.nio.Clock clock) {
        this.clock = clock;
    }

    /** latencyAddSample: a second that already has a sample keeps the worse of the two. */
    synchronized void add(String event, long millis) {
        long now = clock.currentTimeMillis() / 1000;
        Series ts = events.computeIfAbsent(event, e -> new Series());
        ts.max = Math.max(ts.max, millis);
        int prev = (ts.idx + LATENCY_TS_LEN - 1) % LATENCY_TS_LEN;
        if (ts.time[prev] == now) {
            ts.latency[prev] = Math.max(ts.latency[prev], millis);
            return;
        }
        ts.time[ts.idx] = now;
        ts.latency[ts.idx] = millis;
        ts.idx = (ts.idx + 1) % LATENCY_TS_LEN;
    }

    /** A copy of every event's series, in the order they first happened. */
    synchronized Map<String, Series> events() {
        Map<String, Series> copy = new LinkedHashMap<>();
        events.forEach((name, ts) -> {
            Series c = new Series();
            System.arraycopy(ts.time, 0, c.time, 0, LATENCY_TS_LEN);
            System.arraycopy(ts.latency, 0, c.latency, 0, LATENCY_TS_LEN);
            c.idx = ts.idx;
            c.max = ts.max;
            copy.put(name, c);
        });
        return copy;
    }

    /** LATENCY RESET: the events named (all when none); how many existed. */
    synchronized int reset(List<String> names) {
        if (names.isEmpty()) {
            int n = events.size();
            events.clear();
            return n;
        }
        int n = 0;
        for (String name : names) {
            if (events.remove(name) != null) {
                n++;
            }
        }
        return n;
    }
}
