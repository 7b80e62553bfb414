package dev.sabaody.kv.server.config;

import dev.sabaody.kv.nio.Listen;
import dev.sabaody.kv.resp.Glob;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import dev.sabaody.kv.nio.OutputLimits;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's configuration at one instant, read as {@code redis-server} reads its own: an optional
 * config file in redis.conf syntax, then {@code --directive value} flags that override it.
 *
 * <pre>
 *   java -jar final-server.jar                          defaults
 *   java -jar final-server.jar sabaody.conf --port 7000 the file, then the flag
 * </pre>
 *
 * Every directive of Redis 7.0 is known ({@link Directives}); {@link ConfigLoader} reads the lines.
 * An unknown directive or a bad value stops start-up with a message that names the line.
 *
 * <p>Immutable: CONFIG SET makes a new one ({@link LiveConfig}), so a reader on any thread sees one
 * consistent configuration. Values are kept in the printed form CONFIG GET returns.
 */
public final class ServerConfig {

    private final Map<String, String> values;
    private final List<List<String>> fileOnly;
    private final Path configFile;

    private ServerConfig(Map<String, String> values, List<List<String>> fileOnly, Path configFile) {
        this.values = values;
        this.fileOnly = fileOnly;
        this.configFile = configFile;
    }

    /** The defaults, for tests: then {@link #with} what the test needs. */
    public static ServerConfig defaults() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Directive d : Directives.all()) {
            values.put(d.name(), d.defaultValue());
        }
        return new ServerConfig(Collections.unmodifiableMap(values), List.of(), null);
    }

    /**
     * A copy with one more config line, checked as the file's lines are: {@code with("port", "0")},
     * {@code with("save", "900", "1")}, {@code with("rename-command", "FLUSHALL", "")}.
     */
    public ServerConfig with(String name, String... args) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        List<List<String>> extra = new ArrayList<>(fileOnly);
        List<String> words = new ArrayList<>();
        words.add(name);
        words.addAll(List.of(args));
        new ConfigLoader(copy, extra).line(words, "Setting " + name);
        return checked(copy, extra, configFile, "Setting " + name);
    }

    /**
     * Reads the command line: an optional config file first, then {@code --name value...} flags.
     *
     * @throws ConfigException naming the line or flag at fault
     */
    public static ServerConfig fromArgs(String[] args) {
        Map<String, String> values = new LinkedHashMap<>(defaults().values);
        List<List<String>> fileOnly = new ArrayList<>();
        ConfigLoader loader = new ConfigLoader(values, fileOnly);
        Path file = null;
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("--")) {
            file = Path.of(args[0]).toAbsolutePath(); // CONFIG REWRITE writes here even after a chdir
            loader.file(file);
            i = 1;
        }
        loader.flags(args, i);
        return checked(values, fileOnly, file, "Reading the configuration");
    }

    /** The rules Redis checks once everything is read, and what a JVM cannot do. */
    private static ServerConfig checked(Map<String, String> values, List<List<String>> fileOnly, Path file,
                                        String where) {
        if (values.get("daemonize").equals("yes")) {
            throw new ConfigException(where + ", at daemonize", "daemonize yes: a JVM cannot fork itself into the background. Run "
                    + "Sabaody-KV in the foreground under a supervisor instead (systemd with Type=simple, a "
                    + "launcher script, or nohup java -jar final-server.jar ... &), and set daemonize no.");
        }
        String logfile = values.get("logfile");
        if (!logfile.isEmpty()) {
            // Redis opens it once while loading, so that a bad path stops start-up instead of every log line failing
            try (FileOutputStream ignored = new FileOutputStream(logfile, true)) {
                // opened and closed: it can be appended to
            } catch (IOException e) {
                throw new ConfigException(where, "Can't open the log file: " + e.getMessage());
            }
        }
        if (!values.get("replicaof").isEmpty() && values.get("cluster-enabled").equals("yes")) {
            throw new ConfigException(where, "replicaof directive not allowed in cluster mode");
        }
        return new ServerConfig(Collections.unmodifiableMap(values), List.copyOf(fileOnly), file);
    }

    /** The same file and file-only lines with other values (CONFIG SET). */
    ServerConfig withValues(Map<String, String> newValues) {
        return new ServerConfig(Collections.unmodifiableMap(new LinkedHashMap<>(newValues)), fileOnly, configFile);
    }

    Map<String, String> values() {
        return values;
    }

    /**
     * CONFIG GET: the directives whose name matches one of {@code patterns}, with their values, as
     * configGetCommand answers: a pattern without {@code * ? [} is looked up by name or alias in any
     * case and answered under the name as asked; a glob (any case) matches every name and alias
     * except the hidden directives.
     */
    public Map<String, String> matching(List<String> patterns) {
        Map<String, String> out = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>(); // Redis's reply dict compares names in any case
        for (String pattern : patterns) {
            if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0 && pattern.indexOf('[') < 0) {
                Directive d = Directives.lookup(pattern);
                if (d != null && seen.add(pattern.toLowerCase(Locale.ROOT))) {
                    out.put(pattern, values.get(d.name()));
                }
                continue;
            }
            byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
            for (Directive d : Directives.all()) {
                if (d.has(Directive.Flag.HIDDEN)) {
                    continue;
                }
                for (String name : d.alias() == null ? List.of(d.name()) : List.of(d.name(), d.alias())) {
                    if (!seen.contains(name) && Glob.matches(p, name.getBytes(StandardCharsets.UTF_8), true)) {
                        seen.add(name);
                        out.put(name, values.get(d.name()));
                    }
                }
            }
        }
        return out;
    }

    /** The value of a directive, by name or alias; null for an unknown name. */
    public String get(String name) {
        Directive d = Directives.lookup(name);
        return d == null ? null : values.get(d.name());
    }

    /** The file the configuration was read from (absolute), or null: CONFIG REWRITE's target. */
    public Path configFile() {
        return configFile;
    }

    /** The file-only lines (user, loadmodule, rename-command, module settings), as written. */
    public List<List<String>> fileOnly() {
        return fileOnly;
    }

    /**
     * What start-up must own up to: directives set to a value that changes nothing here yet, each as
     * "name value" (a secret as "name (set)"), and the file-only lines.
     */
    public List<String> notApplied() {
        List<String> out = new ArrayList<>();
        for (Directive d : Directives.all()) {
            String value = values.get(d.name());
            if (d.effect() == Directive.Effect.NONE && !value.equals(d.inertValue())) {
                out.add(d.has(Directive.Flag.SENSITIVE) ? d.name() + " (set)"
                        : d.name() + " " + (value.isEmpty() || value.contains(" ") ? ValueType.repr(value) : value));
            }
        }
        for (List<String> line : fileOnly) {
            if (line.getFirst().equalsIgnoreCase("user") || line.getFirst().equalsIgnoreCase("rename-command")) {
                continue; // applied: the users by security.AclFile, renames by the command table
            }
            out.add(line.getFirst().toLowerCase(Locale.ROOT) + (line.size() > 1 ? " " + line.get(1) : ""));
        }
        return out;
    }

    /** A numeric directive's value, its units read (1gb, 4k). */
    public long number(String name) {
        return ((ValueType.Numeric) Directives.lookup(name).type()).valueOf(values.get(name));
    }

    /** bind's addresses as written ("-" marks an optional one). */
    public List<String> bindAddresses() {
        String bind = values.get("bind");
        return bind.isEmpty() ? List.of() : List.of(bind.split(" "));
    }

    /**
     * Where the server listens: every bind address ({@code *} is every IPv4 address, {@code ::*}
     * every IPv6 one, a {@code -} prefix makes an address optional), the port, tcp-backlog, and the
     * unix socket with its permissions.
     */
    public Listen listen() {
        List<Listen.Address> addresses = new ArrayList<>();
        for (String written : bindAddresses()) {
            boolean optional = written.startsWith("-");
            String address = optional ? written.substring(1) : written;
            try {
                addresses.add(new Listen.Address(InetAddress.getByName(switch (address) {
                    case "*" -> "0.0.0.0";
                    case "::*" -> "::";
                    default -> address;
                }), optional));
            } catch (UnknownHostException e) {
                throw new ConfigException("Reading bind", "cannot resolve '" + address + "'");
            }
        }
        String unixSocket = values.get("unixsocket");
        return new Listen(addresses, port(), (int) number("tcp-backlog"),
                unixSocket.isEmpty() ? null : java.nio.file.Path.of(unixSocket), (int) number("unixsocketperm"));
    }

    public int port() {
        return (int) number("port");
    }

    public int shards() {
        return (int) number("shards");
    }

    public int maxClients() {
        return (int) Math.min(Integer.MAX_VALUE, number("maxclients"));
    }

    /** The idle timeout, or {@link Duration#ZERO} for none. */
    public Duration timeout() {
        return Duration.ofSeconds(number("timeout"));
    }

    public int tcpBacklog() {
        return (int) number("tcp-backlog");
    }

    public int databases() {
        return (int) number("databases");
    }

    /** hz, already within Redis's 1 to 500. */
    public int hz() {
        return (int) number("hz");
    }

    public long protoMaxBulkLen() {
        return number("proto-max-bulk-len");
    }

    public long clientQueryBufferLimit() {
        return number("client-query-buffer-limit");
    }

    /** busy-reply-threshold (alias lua-time-limit), milliseconds: past it a script is busy (-BUSY for others). */
    public long busyReplyThresholdMillis() {
        return number("busy-reply-threshold");
    }

    /** client-output-buffer-limit's normal class: what every client not subscribed to anything is held to. */
    public OutputLimits.Limit normalOutputLimit() {
        return outputLimit("normal", OutputLimits.Limit.NONE);
    }

    /** client-output-buffer-limit's pubsub class: what a client subscribed to a channel or pattern is held to. */
    public OutputLimits.Limit pubsubOutputLimit() {
        return outputLimit("pubsub", OutputLimits.PUBSUB_DEFAULT);
    }

    private OutputLimits.Limit outputLimit(String clientClass, OutputLimits.Limit absent) {
        String[] w = values.get("client-output-buffer-limit").split(" ");
        for (int j = 0; j + 3 < w.length; j += 4) {
            if (w[j].equals(clientClass)) {
                return new OutputLimits.Limit(Long.parseUnsignedLong(w[j + 1]), Long.parseUnsignedLong(w[j + 2]),
                        Long.parseLong(w[j + 3]));
            }
        }
        return absent;
    }

    /**
     * The most output all clients may hold together. Redis's maxmemory-clients (bytes, or a share of
     * maxmemory) when set; at 0, Redis's default, half the heap: a JVM's heap is fixed, and one client
     * that never reads must not take it all (Redis's default lets it take the machine's).
     */
    public long clientOutputTotal(long maxHeapBytes) {
        long value = number("maxmemory-clients");
        long maxmemory = number("maxmemory");
        if (value > 0) {
            return value;
        }
        if (value < 0 && maxmemory > 0) {
            return Math.max(1, maxmemory * -value / 100);
        }
        return Math.max(1, maxHeapBytes / 2);
    }

    /** Redis's loglevel: debug, verbose, notice or warning. */
    public String logLevel() {
        return values.get("loglevel");
    }

    /** The log file, or "" for standard output. */
    public String logFile() {
        return values.get("logfile");
    }

    /** The pid file, or "" for none. */
    public String pidFile() {
        return values.get("pidfile");
    }
}
