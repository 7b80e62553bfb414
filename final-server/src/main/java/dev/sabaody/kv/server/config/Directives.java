package dev.sabaody.kv.server.config;

import dev.sabaody.kv.server.config.Directive.Effect;
import dev.sabaody.kv.server.config.Directive.Flag;
import dev.sabaody.kv.server.config.ValueType.NumberForm;
import dev.sabaody.kv.server.config.ValueType.Numeric;
import dev.sabaody.kv.server.config.ValueType.OneOf;
import dev.sabaody.kv.server.config.ValueType.Text;
import dev.sabaody.kv.server.config.ValueType.TextCheck;
import dev.sabaody.kv.server.config.ValueType.YesNo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every directive Redis 7.0 knows, in the order of config.c's {@code static_configs} table, with
 * Redis's types, bounds, defaults and flags; then Sabaody-KV's own two. The one table the config
 * file, the command line, CONFIG GET, CONFIG SET and CONFIG REWRITE all read.
 *
 * <p>Why every directive, when most mean nothing here yet? Because a redis.conf written for Redis
 * must start this server, and a client or an exporter that reads {@code CONFIG GET *} must find
 * what it finds on Redis. A directive with no effect here is still checked as Redis checks it (a
 * typo must not pass) and shown as set; start-up says in one line which ones are not applied.
 *
 * <p>Sources: Redis 7.0.15's src/config.c ({@code static_configs}, the five directives added in the
 * 7.0 patch releases too: propagation-error-behavior, replica-ignore-disk-write-errors,
 * shutdown-on-sigint, shutdown-on-sigterm, socket-mark-id), checked name by name and default by
 * default against a running redis-server 7.0.15 by {@code ConfigDifferentialTest}.
 */
public final class Directives {

    // config.c's flags, as bits so that a table line stays one line
    private static final int MODIFIABLE = 0;
    private static final int IMMUTABLE = 1;
    private static final int PROTECTED = 2;
    private static final int SENSITIVE = 4;
    private static final int HIDDEN = 8;
    private static final int DENY_LOADING = 16;
    private static final int DEBUG = 32;

    // C limits, as Redis's bounds name them
    private static final long INT_MIN = Integer.MIN_VALUE;
    private static final long INT_MAX = Integer.MAX_VALUE;
    private static final long UINT_MAX = 0xffff_ffffL;
    private static final long LONG_MAX = Long.MAX_VALUE;
    private static final long LLONG_MAX = Long.MAX_VALUE;
    private static final long SSIZE_MAX = Long.MAX_VALUE;
    private static final long ULLONG_MAX = -1L; // read as unsigned

    /** CONFIG_DEFAULT_HZ, CONFIG_MIN_HZ, CONFIG_MAX_HZ (server.h). */
    private static final long CONFIG_DEFAULT_HZ = 10;
    private static final long CONFIG_MIN_HZ = 1;
    private static final long CONFIG_MAX_HZ = 500;

    /** Redis's default bind: every address, IPv6 optional; protected mode keeps strangers out without a password. */
    public static final String SABAODY_BIND = "* -::*";

    /** What acts on a directive here: everything not named is {@link Effect#NONE}. */
    private static final Set<String> LIVE = Set.of("maxclients", "hz", "loglevel", "proto-max-bulk-len",
            "client-output-buffer-limit", "maxmemory-clients", "requirepass", "acllog-max-len", "acl-pubsub-default",
            "protected-mode", "timeout", "client-query-buffer-limit", "hash-max-listpack-entries",
            "hash-max-listpack-value", "set-max-intset-entries", "zset-max-listpack-entries", "zset-max-listpack-value",
            "notify-keyspace-events", "slowlog-log-slower-than", "slowlog-max-len", "latency-monitor-threshold",
            "latency-tracking", "latency-tracking-info-percentiles", "busy-reply-threshold");
    /** Module 06's snapshots (Persistence): read at each save, so a change applies to the next one. */
    private static final Set<String> PERSISTENCE = Set.of("save", "dir", "dbfilename", "rdbcompression",
            "rdbchecksum", "stop-writes-on-bgsave-error", "rdb-key-save-delay", "key-load-delay", "appendonly", "appendfsync", "appendfilename",
            "appenddirname", "aof-load-truncated", "aof-timestamp-enabled", "no-appendfsync-on-rewrite",
            "auto-aof-rewrite-percentage", "auto-aof-rewrite-min-size");
    /** Module 06's memory limit (MemoryControl). */
    private static final Set<String> MEMORY = Set.of("maxmemory", "maxmemory-policy", "maxmemory-samples",
            "maxmemory-eviction-tenacity", "lfu-log-factor", "lfu-decay-time");
    private static final Set<String> AT_START = Set.of("databases", "logfile", "pidfile", "daemonize",
            "shards", "aclfile", "tcp-backlog", "unixsocket", "unixsocketperm", "enable-debug-command");
    private static final Set<String> NEXT_START = Set.of("port", "bind");

    private static final List<Directive> ALL;
    private static final Map<String, Directive> BY_NAME = new HashMap<>();

    static {
        List<Directive> d = new ArrayList<>();
        // ---------------------------------------------------------------- bool configs
        d.add(bool("rdbchecksum", null, IMMUTABLE, true));
        d.add(bool("daemonize", null, IMMUTABLE, false));
        d.add(bool("io-threads-do-reads", null, DEBUG | IMMUTABLE, false));
        d.add(bool("always-show-logo", null, IMMUTABLE, false));
        d.add(bool("protected-mode", null, MODIFIABLE, true));
        d.add(bool("rdbcompression", null, MODIFIABLE, true));
        d.add(bool("rdb-del-sync-files", null, MODIFIABLE, false));
        d.add(bool("activerehashing", null, MODIFIABLE, true));
        d.add(bool("stop-writes-on-bgsave-error", null, MODIFIABLE, true));
        d.add(bool("set-proc-title", null, IMMUTABLE, true));
        d.add(bool("dynamic-hz", null, MODIFIABLE, true));
        d.add(bool("lazyfree-lazy-eviction", null, DEBUG, false));
        d.add(bool("lazyfree-lazy-expire", null, DEBUG, false));
        d.add(bool("lazyfree-lazy-server-del", null, DEBUG, false));
        d.add(bool("lazyfree-lazy-user-del", null, DEBUG, false));
        d.add(bool("lazyfree-lazy-user-flush", null, DEBUG, false));
        d.add(bool("repl-disable-tcp-nodelay", null, MODIFIABLE, false));
        d.add(bool("repl-diskless-sync", null, DEBUG, true));
        d.add(bool("aof-rewrite-incremental-fsync", null, MODIFIABLE, true));
        d.add(bool("no-appendfsync-on-rewrite", null, MODIFIABLE, false));
        d.add(bool("cluster-require-full-coverage", null, MODIFIABLE, true));
        d.add(bool("rdb-save-incremental-fsync", null, MODIFIABLE, true));
        d.add(bool("aof-load-truncated", null, MODIFIABLE, true));
        d.add(bool("aof-use-rdb-preamble", null, MODIFIABLE, true));
        d.add(bool("aof-timestamp-enabled", null, MODIFIABLE, false));
        d.add(bool("cluster-replica-no-failover", "cluster-slave-no-failover", MODIFIABLE, false));
        d.add(bool("replica-lazy-flush", "slave-lazy-flush", MODIFIABLE, false));
        d.add(bool("replica-serve-stale-data", "slave-serve-stale-data", MODIFIABLE, true));
        d.add(bool("replica-read-only", "slave-read-only", DEBUG, true));
        d.add(bool("replica-ignore-maxmemory", "slave-ignore-maxmemory", MODIFIABLE, true));
        d.add(bool("jemalloc-bg-thread", null, MODIFIABLE, true));
        d.add(bool("activedefrag", null, DEBUG, false));
        d.add(bool("syslog-enabled", null, IMMUTABLE, false));
        d.add(bool("cluster-enabled", null, IMMUTABLE, false));
        d.add(bool("appendonly", null, DENY_LOADING, false));
        d.add(bool("cluster-allow-reads-when-down", null, MODIFIABLE, false));
        d.add(bool("cluster-allow-pubsubshard-when-down", null, MODIFIABLE, true));
        d.add(bool("crash-log-enabled", null, MODIFIABLE, true));
        d.add(bool("crash-memcheck-enabled", null, MODIFIABLE, true));
        d.add(bool("use-exit-on-panic", null, HIDDEN, false));
        d.add(bool("disable-thp", null, IMMUTABLE, true));
        d.add(bool("cluster-allow-replica-migration", null, MODIFIABLE, true));
        d.add(bool("replica-announced", null, MODIFIABLE, true));
        d.add(bool("latency-tracking", null, MODIFIABLE, true));
        d.add(bool("aof-disable-auto-gc", null, MODIFIABLE, false));
        d.add(bool("replica-ignore-disk-write-errors", null, MODIFIABLE, false));

        // ---------------------------------------------------------------- string configs
        d.add(text("aclfile", null, IMMUTABLE, false, "", null));
        d.add(text("unixsocket", null, IMMUTABLE, true, "", null));
        d.add(text("pidfile", null, IMMUTABLE, true, "", null));
        d.add(text("replica-announce-ip", "slave-announce-ip", MODIFIABLE, true, "", null));
        d.add(text("masteruser", null, SENSITIVE, true, "", null));
        d.add(text("cluster-announce-ip", null, MODIFIABLE, true, "", null));
        d.add(text("cluster-config-file", null, IMMUTABLE, false, "nodes.conf", null));
        d.add(text("cluster-announce-hostname", null, MODIFIABLE, true, "", Directives::announcedHostnameProblem));
        d.add(text("syslog-ident", null, IMMUTABLE, false, "redis", null));
        d.add(text("dbfilename", null, PROTECTED, false, "dump.rdb",
                v -> v.contains("/") ? "dbfilename can't be a path, just a filename" : null));
        d.add(text("appendfilename", null, IMMUTABLE, false, "appendonly.aof",
                v -> v.isEmpty() ? "appendfilename can't be empty"
                        : v.contains("/") ? "appendfilename can't be a path, just a filename" : null));
        d.add(text("appenddirname", null, IMMUTABLE, false, "appendonlydir",
                v -> v.isEmpty() ? "appenddirname can't be empty"
                        : v.contains("/") ? "appenddirname can't be a path, just a dirname" : null));
        d.add(text("server_cpulist", null, IMMUTABLE, true, "", null));
        d.add(text("bio_cpulist", null, IMMUTABLE, true, "", null));
        d.add(text("aof_rewrite_cpulist", null, IMMUTABLE, true, "", null));
        d.add(text("bgsave_cpulist", null, IMMUTABLE, true, "", null));
        d.add(text("ignore-warnings", null, MODIFIABLE, false, "", null));
        d.add(text("proc-title-template", null, MODIFIABLE, false, "{title} {listen-addr} {server-mode}",
                Directives::procTitleTemplateProblem));
        d.add(text("bind-source-addr", null, MODIFIABLE, true, "", null));
        d.add(text("logfile", null, IMMUTABLE, false, "", null));
        // SDS configs
        d.add(text("masterauth", null, SENSITIVE, true, "", null));
        d.add(text("requirepass", null, SENSITIVE, true, "", null));

        // ---------------------------------------------------------------- enum configs
        d.add(oneOf("supervised", IMMUTABLE, "no", "upstart", "systemd", "auto", "no"));
        d.add(oneOf("syslog-facility", IMMUTABLE, "local0",
                "user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"));
        d.add(oneOf("repl-diskless-load", DEBUG | DENY_LOADING, "disabled", "disabled", "on-empty-db", "swapdb"));
        d.add(oneOf("loglevel", MODIFIABLE, "notice", "debug", "verbose", "notice", "warning"));
        d.add(oneOf("maxmemory-policy", MODIFIABLE, "noeviction", "volatile-lru", "volatile-lfu", "volatile-random",
                "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"));
        d.add(oneOf("appendfsync", MODIFIABLE, "everysec", "everysec", "always", "no"));
        d.add(oneOf("oom-score-adj", MODIFIABLE, "no", "no", "yes", "relative", "absolute"));
        d.add(oneOf("acl-pubsub-default", MODIFIABLE, "resetchannels", "allchannels", "resetchannels"));
        d.add(oneOf("sanitize-dump-payload", DEBUG, "no", "no", "yes", "clients"));
        d.add(oneOf("enable-protected-configs", IMMUTABLE, "no", "no", "yes", "local"));
        d.add(oneOf("enable-debug-command", IMMUTABLE, "no", "no", "yes", "local"));
        d.add(oneOf("enable-module-command", IMMUTABLE, "no", "no", "yes", "local"));
        d.add(oneOf("cluster-preferred-endpoint-type", MODIFIABLE, "ip", "ip", "hostname", "unknown-endpoint"));
        d.add(oneOf("propagation-error-behavior", MODIFIABLE, "ignore", "ignore", "panic", "panic-on-replicas"));
        d.add(special("shutdown-on-sigint", null, MODIFIABLE, new SpecialValues.ShutdownOnSignal(), "default"));
        d.add(special("shutdown-on-sigterm", null, MODIFIABLE, new SpecialValues.ShutdownOnSignal(), "default"));

        // ---------------------------------------------------------------- integer configs
        d.add(integer("databases", null, IMMUTABLE, 1, INT_MAX, 16));
        d.add(integer("port", null, MODIFIABLE, 0, 65535, 6379));
        d.add(integer("io-threads", null, DEBUG | IMMUTABLE, 1, 128, 1));
        d.add(integer("auto-aof-rewrite-percentage", null, MODIFIABLE, 0, INT_MAX, 100));
        d.add(integer("cluster-replica-validity-factor", "cluster-slave-validity-factor", MODIFIABLE, 0, INT_MAX, 10));
        d.add(integer("list-max-listpack-size", "list-max-ziplist-size", MODIFIABLE, INT_MIN, INT_MAX, -2));
        d.add(integer("tcp-keepalive", null, MODIFIABLE, 0, INT_MAX, 300));
        d.add(integer("cluster-migration-barrier", null, MODIFIABLE, 0, INT_MAX, 1));
        d.add(integer("active-defrag-cycle-min", null, MODIFIABLE, 1, 99, 1));
        d.add(integer("active-defrag-cycle-max", null, MODIFIABLE, 1, 99, 25));
        d.add(integer("active-defrag-threshold-lower", null, MODIFIABLE, 0, 1000, 10));
        d.add(integer("active-defrag-threshold-upper", null, MODIFIABLE, 0, 1000, 100));
        d.add(integer("lfu-log-factor", null, MODIFIABLE, 0, INT_MAX, 10));
        d.add(integer("lfu-decay-time", null, MODIFIABLE, 0, INT_MAX, 1));
        d.add(integer("replica-priority", "slave-priority", MODIFIABLE, 0, INT_MAX, 100));
        d.add(integer("repl-diskless-sync-delay", null, MODIFIABLE, 0, INT_MAX, 5));
        d.add(integer("maxmemory-samples", null, MODIFIABLE, 1, INT_MAX, 5));
        d.add(integer("maxmemory-eviction-tenacity", null, MODIFIABLE, 0, 100, 10));
        d.add(integer("timeout", null, MODIFIABLE, 0, INT_MAX, 0));
        d.add(integer("replica-announce-port", "slave-announce-port", MODIFIABLE, 0, 65535, 0));
        d.add(integer("tcp-backlog", null, IMMUTABLE, 0, INT_MAX, 511));
        d.add(integer("cluster-port", null, IMMUTABLE, 0, 65535, 0));
        d.add(integer("cluster-announce-bus-port", null, MODIFIABLE, 0, 65535, 0));
        d.add(integer("cluster-announce-port", null, MODIFIABLE, 0, 65535, 0));
        d.add(integer("cluster-announce-tls-port", null, MODIFIABLE, 0, 65535, 0));
        d.add(integer("repl-timeout", null, MODIFIABLE, 1, INT_MAX, 60));
        d.add(integer("repl-ping-replica-period", "repl-ping-slave-period", MODIFIABLE, 1, INT_MAX, 10));
        d.add(integer("list-compress-depth", null, DEBUG, 0, INT_MAX, 0));
        d.add(integer("rdb-key-save-delay", null, HIDDEN, INT_MIN, INT_MAX, 0));
        d.add(integer("key-load-delay", null, HIDDEN, INT_MIN, INT_MAX, 0));
        d.add(integer("active-expire-effort", null, MODIFIABLE, 1, 10, 1));
        d.add(directive("hz", null, MODIFIABLE, new Numeric(NumberForm.INTEGER, false, 0, INT_MAX, CONFIG_MIN_HZ,
                CONFIG_MAX_HZ), Long.toString(CONFIG_DEFAULT_HZ)));
        d.add(integer("min-replicas-to-write", "min-slaves-to-write", MODIFIABLE, 0, INT_MAX, 0));
        d.add(integer("min-replicas-max-lag", "min-slaves-max-lag", MODIFIABLE, 0, INT_MAX, 10));
        d.add(integer("watchdog-period", null, HIDDEN, 0, INT_MAX, 0));
        d.add(integer("shutdown-timeout", null, MODIFIABLE, 0, INT_MAX, 10));
        d.add(integer("repl-diskless-sync-max-replicas", null, MODIFIABLE, 0, INT_MAX, 0));
        // unsigned int
        d.add(unsigned("maxclients", null, MODIFIABLE, 1, UINT_MAX, 10000));
        d.add(directive("unixsocketperm", null, IMMUTABLE, new Numeric(NumberForm.OCTAL, true, 0, 0777), "0"));
        d.add(unsigned("socket-mark-id", null, IMMUTABLE, 0, UINT_MAX, 0));
        // unsigned long: config.c checks these bounds as signed
        d.add(integer("active-defrag-max-scan-fields", null, MODIFIABLE, 1, LONG_MAX, 1000));
        d.add(integer("slowlog-max-len", null, MODIFIABLE, 0, LONG_MAX, 128));
        d.add(integer("acllog-max-len", null, MODIFIABLE, 0, LONG_MAX, 128));
        // long long
        d.add(integer("busy-reply-threshold", "lua-time-limit", MODIFIABLE, 0, LONG_MAX, 5000));
        d.add(integer("cluster-node-timeout", null, MODIFIABLE, 0, LLONG_MAX, 15000));
        d.add(integer("slowlog-log-slower-than", null, MODIFIABLE, -1, LLONG_MAX, 10000));
        d.add(integer("latency-monitor-threshold", null, MODIFIABLE, 0, LLONG_MAX, 0));
        d.add(memory("proto-max-bulk-len", null, DEBUG, false, 1024 * 1024, LONG_MAX, 512L * 1024 * 1024));
        d.add(integer("stream-node-max-entries", null, MODIFIABLE, 0, LLONG_MAX, 100));
        d.add(memory("repl-backlog-size", null, MODIFIABLE, false, 1, LLONG_MAX, 1024 * 1024));
        // unsigned long long
        d.add(memory("maxmemory", null, MODIFIABLE, true, 0, ULLONG_MAX, 0));
        d.add(memory("cluster-link-sendbuf-limit", null, MODIFIABLE, true, 0, ULLONG_MAX, 0));
        // size_t
        d.add(unsigned("hash-max-listpack-entries", "hash-max-ziplist-entries", MODIFIABLE, 0, LONG_MAX, 512));
        d.add(unsigned("set-max-intset-entries", null, MODIFIABLE, 0, LONG_MAX, 512));
        d.add(unsigned("zset-max-listpack-entries", "zset-max-ziplist-entries", MODIFIABLE, 0, LONG_MAX, 128));
        d.add(memory("active-defrag-ignore-bytes", null, MODIFIABLE, true, 1, LLONG_MAX, 100L << 20));
        d.add(memory("hash-max-listpack-value", "hash-max-ziplist-value", MODIFIABLE, true, 0, LONG_MAX, 64));
        d.add(memory("stream-node-max-bytes", null, MODIFIABLE, true, 0, LONG_MAX, 4096));
        d.add(memory("zset-max-listpack-value", "zset-max-ziplist-value", MODIFIABLE, true, 0, LONG_MAX, 64));
        d.add(memory("hll-sparse-max-bytes", null, MODIFIABLE, true, 0, LONG_MAX, 3000));
        d.add(unsigned("tracking-table-max-keys", null, MODIFIABLE, 0, LONG_MAX, 1_000_000));
        d.add(memory("client-query-buffer-limit", null, DEBUG, true, 1024 * 1024, LONG_MAX, 1024L * 1024 * 1024));
        d.add(directive("maxmemory-clients", null, MODIFIABLE,
                new Numeric(NumberForm.MEMORY_OR_PERCENT, false, -100, SSIZE_MAX), "0"));
        // time_t, off_t
        d.add(integer("repl-backlog-ttl", null, MODIFIABLE, 0, LONG_MAX, 60 * 60));
        d.add(memory("auto-aof-rewrite-min-size", null, MODIFIABLE, false, 0, LLONG_MAX, 64L * 1024 * 1024));
        d.add(integer("loading-process-events-interval-bytes", null, HIDDEN, 1024, INT_MAX, 1024 * 1024 * 2));

        // ---------------------------------------------------------------- TLS (Redis built with USE_OPENSSL, as Debian's is)
        d.add(integer("tls-port", null, MODIFIABLE, 0, 65535, 0));
        d.add(integer("tls-session-cache-size", null, MODIFIABLE, 0, INT_MAX, 20 * 1024));
        d.add(integer("tls-session-cache-timeout", null, MODIFIABLE, 0, INT_MAX, 300));
        d.add(bool("tls-cluster", null, MODIFIABLE, false));
        d.add(bool("tls-replication", null, MODIFIABLE, false));
        d.add(oneOf("tls-auth-clients", MODIFIABLE, "yes", "no", "yes", "optional"));
        d.add(bool("tls-prefer-server-ciphers", null, MODIFIABLE, false));
        d.add(bool("tls-session-caching", null, MODIFIABLE, true));
        for (String file : List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file",
                "tls-client-key-file", "tls-client-key-file-pass", "tls-dh-params-file", "tls-ca-cert-file",
                "tls-ca-cert-dir", "tls-protocols", "tls-ciphers", "tls-ciphersuites")) {
            d.add(text(file, null, MODIFIABLE, true, "", null));
        }

        // ---------------------------------------------------------------- special configs
        d.add(special("dir", null, PROTECTED | DENY_LOADING, new SpecialValues.Dir(), workingDirectory()));
        d.add(special("save", null, MODIFIABLE, new SpecialValues.Save(), "3600 1 300 100 60 10000"));
        d.add(special("client-output-buffer-limit", null, MODIFIABLE, new SpecialValues.BufferLimits(),
                SpecialValues.BufferLimits.DEFAULT));
        d.add(special("oom-score-adj-values", null, MODIFIABLE, new SpecialValues.OomScoreAdjValues(), "0 200 800"));
        d.add(special("notify-keyspace-events", null, MODIFIABLE, new SpecialValues.KeyspaceEvents(), ""));
        d.add(special("bind", null, MODIFIABLE, new SpecialValues.Bind(), SABAODY_BIND));
        d.add(special("replicaof", "slaveof", IMMUTABLE, new SpecialValues.ReplicaOf(), ""));
        d.add(special("latency-tracking-info-percentiles", null, MODIFIABLE, new SpecialValues.Percentiles(),
                "50 99 99.9"));

        // ---------------------------------------------------------------- Sabaody-KV's own
        d.add(integer("shards", null, IMMUTABLE, 1, 1024, Runtime.getRuntime().availableProcessors()));

        ALL = Collections.unmodifiableList(d);
        for (Directive directive : ALL) {
            register(directive.name(), directive);
            if (directive.alias() != null) {
                register(directive.alias(), directive);
            }
        }
    }

    private Directives() {
    }

    /** Every directive, in table order (primary names; aliases are in {@link Directive#alias()}). */
    public static List<Directive> all() {
        return ALL;
    }

    /** The directive called {@code name} (or aliased so), in any case; null when there is none. */
    public static Directive lookup(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    private static void register(String name, Directive directive) {
        if (BY_NAME.put(name, directive) != null) {
            throw new IllegalStateException("two directives named " + name);
        }
    }

    // ------------------------------------------------------------------ table helpers

    private static Directive bool(String name, String alias, int flags, boolean defaultValue) {
        return directive(name, alias, flags, new YesNo(), defaultValue ? "yes" : "no");
    }

    private static Directive integer(String name, String alias, int flags, long min, long max, long defaultValue) {
        return directive(name, alias, flags, new Numeric(NumberForm.INTEGER, false, min, max),
                Long.toString(defaultValue));
    }

    private static Directive unsigned(String name, String alias, int flags, long min, long max, long defaultValue) {
        return directive(name, alias, flags, new Numeric(NumberForm.INTEGER, true, min, max),
                Long.toString(defaultValue));
    }

    private static Directive memory(String name, String alias, int flags, boolean unsigned, long min, long max,
                                    long defaultValue) {
        return directive(name, alias, flags, new Numeric(NumberForm.MEMORY, unsigned, min, max),
                Long.toString(defaultValue));
    }

    private static Directive text(String name, String alias, int flags, boolean emptyIsNull, String defaultValue,
                                  TextCheck check) {
        return directive(name, alias, flags, new Text(emptyIsNull, check), defaultValue);
    }

    private static Directive oneOf(String name, int flags, String defaultValue, String... words) {
        return directive(name, null, flags, new OneOf(List.of(words)), defaultValue);
    }

    private static Directive special(String name, String alias, int flags, ValueType type, String defaultValue) {
        return directive(name, alias, flags, type, defaultValue);
    }

    private static Directive directive(String name, String alias, int flags, ValueType type, String defaultValue) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        if ((flags & IMMUTABLE) != 0) {
            set.add(Flag.IMMUTABLE);
        }
        if ((flags & PROTECTED) != 0) {
            set.add(Flag.PROTECTED);
        }
        if ((flags & SENSITIVE) != 0) {
            set.add(Flag.SENSITIVE);
        }
        if ((flags & HIDDEN) != 0) {
            set.add(Flag.HIDDEN);
        }
        if ((flags & DENY_LOADING) != 0) {
            set.add(Flag.DENY_LOADING);
        }
        if ((flags & DEBUG) != 0) {
            set.add(Flag.DEBUG);
        }
        Effect effect = LIVE.contains(name) || MEMORY.contains(name) || PERSISTENCE.contains(name) ? Effect.LIVE
                : AT_START.contains(name) ? Effect.AT_START
                : NEXT_START.contains(name) ? Effect.NEXT_START
                : Effect.NONE;
        // Redis snapshots with its default save points; with nothing to snapshot yet, only "" is inert.
        String inert = name.equals("save") ? "" : defaultValue;
        return new Directive(name, alias, type, Collections.unmodifiableSet(set), defaultValue, effect, inert);
    }

    /** dir's default: the working directory as getcwd prints it, links resolved. */
    private static String workingDirectory() {
        java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
        try {
            return cwd.toRealPath().toString();
        } catch (java.io.IOException e) {
            return cwd.toString();
        }
    }

    // ------------------------------------------------------------------ validators

    /** config.c's isValidAnnouncedHostname. NET_HOST_STR_LEN is 256 (anet.h). */
    private static String announcedHostnameProblem(String value) {
        if (value.length() >= 256) {
            return "Hostnames must be less than 256 characters";
        }
        for (char c : value.toCharArray()) {
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
                return "Hostnames may only contain alphanumeric characters, hyphens or dots";
            }
        }
        return null;
    }

    /** server.c's validateProcTitleTemplate: only known {variables}, braces balanced, something left. */
    private static String procTitleTemplateProblem(String value) {
        Set<String> known = Set.of("title", "listen-addr", "server-mode", "port", "tls-port", "unixsocket",
                "config-file");
        StringBuilder expanded = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '{') {
                int close = value.indexOf('}', i);
                if (close < 0 || !known.contains(value.substring(i + 1, close))) {
                    return "template format is invalid or contains unknown variables";
                }
                expanded.append("x");
                i = close + 1;
            } else if (c == '}') {
                return "template format is invalid or contains unknown variables";
            } else {
                expanded.append(c);
                i++;
            }
        }
        return expanded.toString().isBlank() ? "template format is invalid or contains unknown variables" : null;
    }
}
