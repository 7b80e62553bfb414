package dev.sabaody.kv.server.config;

import dev.sabaody.kv.resp.Words;
import dev.sabaody.kv.server.config.ValueType.BadValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads redis.conf lines into values, as config.c's {@code loadServerConfigFromString} does:
 *
 * <pre>
 *   file ──lines──► trim, skip "#" and blank ──sdssplitargs──► [name, args...] ──► directive table
 *   --name args ───────────────────────────────────────────► the same, after the file
 * </pre>
 *
 * Redis's rules kept here: a directive repeated wins by its last line, except {@code save}, whose
 * lines add snapshot points (the first one drops the defaults, {@code save ""} drops them all);
 * {@code include} reads another file at that point (a glob includes every match, none is fine);
 * a multi-word directive given its words as one argument ({@code --save "900 1"}) is split;
 * {@code list-max-ziplist-entries} and the other deprecated directives are skipped; {@code user},
 * {@code loadmodule}, {@code rename-command} and module settings ({@code name.setting}) are
 * file-only and kept as written.
 */
final class ConfigLoader {

    /** Redis has no limit; a file that includes itself must still stop with a message, not a stack overflow. */
    private static final int MAX_INCLUDE_DEPTH = 32;

    /** config.c's deprecated_configs: accepted with exactly one argument and ignored. */
    private static final List<String> DEPRECATED = List.of("list-max-ziplist-entries", "list-max-ziplist-value",
            "lua-replicate-commands");

    private final Map<String, String> values;
    private final List<List<String>> fileOnly;
    private boolean saveSeen;
    private int depth;

    ConfigLoader(Map<String, String> values, List<List<String>> fileOnly) {
        this.values = values;
        this.fileOnly = fileOnly;
    }

    /** Reads {@code file}; its includes are read where they appear. */
    void file(Path file) {
        if (++depth > MAX_INCLUDE_DEPTH) {
            throw new ConfigException("Reading the configuration file " + file,
                    "include nested more than " + MAX_INCLUDE_DEPTH + " deep (does a file include itself?)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("Reading the configuration file " + file,
                    "Fatal error, can't open config file '" + file + "': " + e.getMessage());
        }
        for (int n = 0; n < lines.size(); n++) {
            String text = strip(lines.get(n));
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String where = "Reading the configuration file " + file + ", at line " + (n + 1) + "\n>>> '" + text + "'";
            List<String> words = Words.split(text);
            if (words == null) {
                throw new ConfigException(where, "Unbalanced quotes in configuration line");
            }
            if (!words.isEmpty()) {
                line(words, where);
            }
        }
        depth--;
    }

    /**
     * The command line after the config file: {@code --name arg...}, each becoming a config line.
     * As in redis-server, {@code --save} with no argument means {@code save ""}.
     */
    void flags(String[] args, int from) {
        int i = from;
        while (i < args.length) {
            if (!args[i].startsWith("--") || args[i].length() == 2) {
                throw new ConfigException("Reading the command line, at '" + args[i] + "'",
                        "expected --directive value, as in --port 6379");
            }
            List<String> words = new ArrayList<>();
            words.add(args[i].substring(2));
            i++;
            while (i < args.length && !args[i].startsWith("--")) {
                words.add(args[i]);
                i++;
            }
            if (words.size() == 1 && words.getFirst().equalsIgnoreCase("save")) {
                words.add("");
            }
            line(words, "Reading the command line, at --" + words.getFirst());
        }
    }

    /** One directive line: {@code words.get(0)} is the name. */
    void line(List<String> words, String where) {
        String name = words.getFirst().toLowerCase(Locale.ROOT);
        Directive directive = Directives.lookup(name);
        if (directive != null) {
            values.put(directive.name(), value(directive, words.subList(1, words.size()), where));
            return;
        }
        if (DEPRECATED.contains(name) && words.size() == 2) {
            return;
        }
        switch (name) {
            case "include" -> {
                if (words.size() != 2) {
                    throw new ConfigException(where, "Bad directive or wrong number of arguments");
                }
                include(words.get(1));
            }
            case "rename-command", "user", "loadmodule" -> {
                if (name.equals("rename-command") ? words.size() != 3 : words.size() < 2) {
                    throw new ConfigException(where, "Bad directive or wrong number of arguments");
                }
                fileOnly.add(List.copyOf(words));
            }
            case "sentinel" -> throw new ConfigException(where, "sentinel directive while not in sentinel mode");
            default -> {
                if (name.contains(".")) { // a module's setting, "module.name value"
                    if (words.size() != 2) {
                        throw new ConfigException(where, "Module config specified without value");
                    }
                    fileOnly.add(List.copyOf(words));
                    return;
                }
                throw new ConfigException(where, "Bad directive or wrong number of arguments: unknown directive '"
                        + name + "'");
            }
        }
    }

    private String value(Directive directive, List<String> given, String where) {
        String name = directive.name();
        List<String> args = given;
        if (!directive.type().multiArg() && args.size() != 1) {
            throw new ConfigException(where, name + ": wrong number of arguments");
        }
        if (directive.type().multiArg() && args.size() == 1 && !args.getFirst().isEmpty()) {
            args = Words.split(args.getFirst()); // --save "900 1" is save 900 1
            if (args == null) {
                throw new ConfigException(where, "Unbalanced quotes in configuration line");
            }
        }
        if (directive.type().multiArg() && args.isEmpty() && !name.equals("save")) {
            args = List.of("");
        }
        String current = values.get(name);
        String value;
        try {
            value = directive.type().parse(args.isEmpty() ? List.of("") : args, current);
        } catch (BadValue e) {
            throw new ConfigException(where, name + ": " + e.getMessage());
        }
        if (name.equals("save")) {
            // The first save line replaces Redis's default points; the next ones add theirs; "" clears.
            boolean first = !saveSeen;
            saveSeen = true;
            if (!first && !value.isEmpty() && !current.isEmpty()) {
                value = current + " " + value;
            }
        }
        return value;
    }

    /** include path: a path with * ? or [ is a glob whose matches are read in name order; none is fine. */
    private void include(String path) {
        if (path.indexOf('*') < 0 && path.indexOf('?') < 0 && path.indexOf('[') < 0) {
            file(Path.of(path));
            return;
        }
        Path pattern = Path.of(path).toAbsolutePath();
        Path dir = pattern.getParent();
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        List<Path> matches;
        try (Stream<Path> files = Files.list(dir)) {
            matches = files.filter(matcher::matches).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("Reading the configuration file " + path, "cannot list " + dir + ": " + e);
        }
        matches.forEach(this::file);
    }

    /** sdstrim(line, " \t\r\n"). */
    private static String strip(String line) {
        int start = 0;
        int end = line.length();
        while (start < end && " \t\r\n".indexOf(line.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && " \t\r\n".indexOf(line.charAt(end - 1)) >= 0) {
            end--;
        }
        return line.substring(start, end);
    }
}
