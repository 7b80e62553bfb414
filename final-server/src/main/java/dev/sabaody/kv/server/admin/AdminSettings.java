package dev.sabaody.kv.server.admin;

import dev.sabaody.kv.server.config.LiveConfig;
import dev.sabaody.kv.server.config.ServerConfig;

/**
 * The directives the command path reads on every command, kept as plain numbers: a lookup in the
 * configuration's map and a parse per command would cost more than the counters they govern.
 * CONFIG SET replaces them through {@link LiveConfig#onChange}; every loop reads the new value at
 * its next command (volatile).
 */
public final class AdminSettings {

    /** slowlog-log-slower-than, microseconds; negative: the slow log is off, 0: every command is logged. */
    volatile long slowlogSlowerThanMicros;
    /** slowlog-max-len: entries kept. */
    volatile long slowlogMaxLen;
    /** latency-monitor-threshold, milliseconds; 0: the latency monitor is off. */
    volatile long latencyThresholdMillis;
    /** latency-tracking: per-command latency histograms (INFO latencystats, LATENCY HISTOGRAM). */
    volatile boolean latencyTracking;
    /** latency-tracking-info-percentiles: which percentiles INFO latencystats prints. */
    volatile double[] percentiles;
    /** DEBUG SET-ACTIVE-EXPIRE: whether the cron runs the active expiry cycle (server.active_expire_enabled). */
    volatile boolean activeExpire = true;
    /** rdbcompression: DEBUG OBJECT's serializedlength is the length of the value as RDB would write it. */
    volatile boolean rdbCompression;
    /**
     * Whether Redis would share small integers: not while maxmemory is set with an LRU or LFU policy
     * (MAXMEMORY_FLAG_NO_SHARED_INTEGERS). DEBUG OBJECT's refcount.
     */
    volatile boolean sharedIntegers;
    /** list-max-listpack-size: DEBUG OBJECT's ql_listpack_max, and the fill its quicklist nodes are cut by. */
    volatile int listFill;
    /**
     * DEBUG RELOAD: save, empty, load, with every shard's keyspace still; answers null or the error.
     * Installed by the server (the RDB file is its business); none answers that it cannot.
     */
    volatile java.util.function.Function<java.util.List<dev.sabaody.kv.data.Keyspace>, String> reload =
            keyspaces -> "DEBUG RELOAD is not available";
    /** enable-debug-command: no, yes or local (immutable: read once). */
    final String debugCommand;

    public AdminSettings(LiveConfig live) {
        read(live.current());
        debugCommand = live.current().get("enable-debug-command");
        for (String name : new String[] {"slowlog-log-slower-than", "slowlog-max-len", "latency-monitor-threshold",
                "latency-tracking", "latency-tracking-info-percentiles", "rdbcompression", "maxmemory",
                "maxmemory-policy", "list-max-listpack-size"}) {
            live.onChange(name, this::read);
        }
    }

    private void read(ServerConfig config) {
        slowlogSlowerThanMicros = Long.parseLong(config.get("slowlog-log-slower-than"));
        slowlogMaxLen = Long.parseLong(config.get("slowlog-max-len"));
        latencyThresholdMillis = Long.parseLong(config.get("latency-monitor-threshold"));
        latencyTracking = config.get("latency-tracking").equals("yes");
        rdbCompression = config.get("rdbcompression").equals("yes");
        listFill = Integer.parseInt(config.get("list-max-listpack-size"));
        String policy = config.get("maxmemory-policy");
        sharedIntegers = config.get("maxmemory").equals("0") || !(policy.endsWith("-lru") || policy.endsWith("-lfu"));
        String list = config.get("latency-tracking-info-percentiles").trim();
        if (list.isEmpty()) {
            percentiles = new double[0];
        } else {
            String[] words = list.split(" +");
            double[] values = new double[words.length];
            for (int i = 0; i < words.length; i++) {
                values[i] = Double.parseDouble(words[i]);
            }
            percentiles = values;
        }
    }
}
