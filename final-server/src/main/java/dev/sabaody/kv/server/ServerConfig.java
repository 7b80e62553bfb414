package dev.sabaody.kv.server;

import dev.sabaody.kv.resp.Glob;
import dev.sabaody.kv.resp.Words;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's configuration, read as {@code redis-server} reads its own: an optional config file in
 * redis.conf syntax, then {@code --directive value} flags that override it.
 *
 * <pre>
 *   java -jar final-server.jar                          defaults
 *   java -jar final-server.jar sabaody.conf --port 7000 the file, then the flag
 * </pre>
 *
 * A config-file line is a directive name and its arguments, split as Redis splits them (quotes and
 * escapes, {@link Words}); blank lines and lines starting with {@code #} are skipped. Flags are turned
 * into such lines ({@code --save ""} becomes {@code save ""}), so both go through one parser. An
 * unknown directive or a bad value stops start-up with a message that names the line, as Redis does:
 * a typo in a config file must not start a server configured otherwise than its operator believes.
 *
 * <p>Immutable once read. Values are kept in the printed form CONFIG GET returns.
 */
public final class ServerConfig {

    /** Redis's own defaults where the directive is Redis's; Sabaody-KV's own ones say so. */
    static final List<Directive> DIRECTIVES = List.of(
            Directive.string("bind", "127.0.0.1", "the address to listen on (one address)"),
            Directive.integer("port", 6379, 0, 65535, "the TCP port; 0 picks a free one"),
            Directive.integer("shards", Runtime.getRuntime().availableProcessors(), 1, 1024,
                    "Sabaody-KV: event loops, each owning one slice of the keyspace (default: one per core)"),
            Directive.integer("maxclients", 10000, 1, Integer.MAX_VALUE, "connections accepted at once"),
            Directive.integer("timeout", 0, 0, Integer.MAX_VALUE, "close a client idle this many seconds; 0 never"),
            Directive.integer("tcp-backlog", 511, 0, Integer.MAX_VALUE, "the kernel's queue of connections not yet accepted"),
            Directive.integer("databases", 16, 1, Integer.MAX_VALUE, "how many databases SELECT can reach"),
            Directive.integer("hz", 10, 1, 500, "background tasks per second (the active expiry cycle)"),
            Directive.memory("proto-max-bulk-len", 512L * 1024 * 1024, 1024 * 1024, Long.MAX_VALUE,
                    "the largest bulk string a request may carry"),
            Directive.memory("client-query-buffer-limit", 1024L * 1024 * 1024, 1024 * 1024, Long.MAX_VALUE,
                    "the most input buffered for one client"),
            Directive.memory("client-output-buffer-limit-bytes", 256L * 1024 * 1024, 1024 * 1024, Long.MAX_VALUE,
                    "Sabaody-KV: the most output buffered for a client that does not read, then it is closed"),
            Directive.oneOf("daemonize", List.of("no"), "Sabaody-KV runs in the foreground only"),
            Directive.oneOf("appendonly", List.of("no"), "persistence comes with module 06: only 'no' for now"),
            Directive.string("save", "", "persistence comes with module 06: only \"\" (no snapshots) for now"));

    private final Map<String, String> values;

    private ServerConfig(Map<String, String> values) {
        this.values = values;
    }

    /** The defaults, for tests: then {@link #with} what the test needs. */
    public static ServerConfig defaults() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Directive d : DIRECTIVES) {
            values.put(d.name(), d.defaultValue());
        }
        return new ServerConfig(values);
    }

    /** A copy with one directive changed, checked as a config line would be. */
    public ServerConfig with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        apply(copy, List.of(name, value), "the caller");
        return new ServerConfig(copy);
    }

    /**
     * Reads the command line: an optional config file first, then {@code --name value...} flags.
     *
     * @throws ConfigException naming the line or flag at fault
     */
    public static ServerConfig fromArgs(String[] args) {
        Map<String, String> values = new LinkedHashMap<>(defaults().values);
        int i = 0;
        if (args.length > 0 && !args[0].startsWith("--")) {
            readFile(Path.of(args[0]), values);
            i = 1;
        }
        while (i < args.length) {
            if (!args[i].startsWith("--") || args[i].length() == 2) {
                throw new ConfigException("Reading the command line, at '" + args[i] + "'",
                        "expected --directive value, as in --port 6379");
            }
            List<String> line = new ArrayList<>();
            line.add(args[i].substring(2));
            i++;
            while (i < args.length && !args[i].startsWith("--")) {
                line.add(args[i]);
                i++;
            }
            apply(values, line, "Reading the command line, at --" + line.getFirst());
        }
        return new ServerConfig(values);
    }

    private static void readFile(Path file, Map<String, String> values) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("Reading the configuration file " + file, "cannot read it: " + e);
        }
        for (int n = 0; n < lines.size(); n++) {
            String text = lines.get(n).strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String where = "Reading the configuration file " + file + ", at line " + (n + 1) + "\n>>> '" + text + "'";
            List<String> words = Words.split(text);
            if (words == null) {
                throw new ConfigException(where, "Unbalanced quotes in configuration line");
            }
            apply(values, words, where);
        }
    }

    private static void apply(Map<String, String> values, List<String> line, String where) {
        String name = line.getFirst().toLowerCase(Locale.ROOT);
        Directive directive = directive(name);
        if (directive == null) {
            throw new ConfigException(where, "Bad directive or wrong number of arguments: unknown directive '"
                    + name + "'");
        }
        if (line.size() != 2) {
            throw new ConfigException(where, "Bad directive or wrong number of arguments: '" + name
                    + "' takes one argument");
        }
        try {
            values.put(name, directive.normalize(line.get(1)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where, name + ": " + e.getMessage());
        }
    }

    static Directive directive(String name) {
        for (Directive d : DIRECTIVES) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** CONFIG GET: every directive whose name matches one of the glob {@code patterns}, with its value. */
    public Map<String, String> matching(List<String> patterns) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pattern : patterns) {
            byte[] p = pattern.getBytes(StandardCharsets.UTF_8);
            values.forEach((name, value) -> {
                if (Glob.matches(p, name.getBytes(StandardCharsets.UTF_8), true)) {
                    out.put(name, value);
                }
            });
        }
        return out;
    }

    public String get(String name) {
        return values.get(name);
    }

    private long number(String name) {
        return Long.parseLong(values.get(name));
    }

    public InetAddress bind() {
        try {
            return InetAddress.getByName(values.get("bind"));
        } catch (UnknownHostException e) {
            throw new ConfigException("Reading bind", "cannot resolve '" + values.get("bind") + "'");
        }
    }

    public int port() {
        return (int) number("port");
    }

    public int shards() {
        return (int) number("shards");
    }

    public int maxClients() {
        return (int) number("maxclients");
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

    public int hz() {
        return (int) number("hz");
    }

    public long protoMaxBulkLen() {
        return number("proto-max-bulk-len");
    }

    public long clientQueryBufferLimit() {
        return number("client-query-buffer-limit");
    }

    public long clientOutputBufferLimit() {
        return number("client-output-buffer-limit-bytes");
    }

    /** A configuration that cannot be used: the message says where and why, as Redis's does. */
    public static final class ConfigException extends RuntimeException {
        ConfigException(String where, String why) {
            super("\n*** FATAL CONFIG ERROR ***\n" + where + "\n" + why);
        }
    }
}
