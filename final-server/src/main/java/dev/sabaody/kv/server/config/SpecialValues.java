package dev.sabaody.kv.server.config;

import dev.sabaody.kv.server.config.ValueType.BadValue;
import dev.sabaody.kv.server.config.ValueType.Rewrite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The directives Redis calls "special" (config.c's createSpecialConfig): values that are lists or
 * follow rules of their own. Each keeps Redis's parsing, printing, rewriting and error texts.
 */
final class SpecialValues {

    private SpecialValues() {
    }

    /** save [seconds changes ...]: snapshot points; "" for none. Repeated lines add points (see ConfigLoader). */
    record Save() implements ValueType {
        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String parse(List<String> args, String current) {
            List<String> words = args.size() == 1 && args.getFirst().isEmpty() ? List.of() : args;
            if (words.size() % 2 != 0) {
                throw new BadValue("Invalid save parameters");
            }
            List<String> out = new ArrayList<>();
            for (int j = 0; j < words.size(); j++) {
                Long value = strtoll(words.get(j));
                if (value == null || (j % 2 == 0 && value < 1) || (j % 2 == 1 && value < 0)) {
                    throw new BadValue("Invalid save parameters");
                }
                out.add(Long.toString(j % 2 == 0 ? value : (int) (long) value));
            }
            return String.join(" ", out);
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            if (value.isEmpty()) {
                return Rewrite.line(name + " \"\"", true);
            }
            String[] words = value.split(" ");
            List<String> lines = new ArrayList<>();
            for (int j = 0; j + 1 < words.length; j += 2) {
                lines.add(name + " " + words[j] + " " + words[j + 1]);
            }
            return Rewrite.lines(lines, true);
        }
    }

    /**
     * client-output-buffer-limit class hard soft seconds [...]: the classes named are updated, the
     * others kept (updateClientOutputBufferLimit), so parsing needs the current value.
     */
    record BufferLimits() implements ValueType {
        private static final List<String> CLASSES = List.of("normal", "slave", "pubsub");
        static final String DEFAULT = "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60";

        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String parse(List<String> args, String current) {
            if (args.size() % 4 != 0) {
                throw new BadValue("Wrong number of arguments in buffer limit configuration.");
            }
            Map<String, String> limits = classes(current);
            Map<String, String> updates = new LinkedHashMap<>();
            for (int j = 0; j < args.size(); j += 4) {
                String clientClass = switch (args.get(j).toLowerCase(Locale.ROOT)) {
                    case "normal" -> "normal";
                    case "slave", "replica" -> "slave";
                    case "pubsub" -> "pubsub";
                    default -> throw new BadValue("Invalid client class specified in buffer limit configuration.");
                };
                Long hard = ValueType.memtoull(args.get(j + 1));
                Long soft = ValueType.memtoull(args.get(j + 2));
                Long seconds = strtoll(args.get(j + 3));
                if (hard == null || soft == null || seconds == null || seconds < 0) {
                    throw new BadValue("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
                }
                updates.put(clientClass, Long.toUnsignedString(hard) + " " + Long.toUnsignedString(soft) + " "
                        + seconds);
            }
            limits.putAll(updates); // all or nothing: nothing is kept when one class was wrong
            StringBuilder out = new StringBuilder();
            for (String c : CLASSES) {
                out.append(out.isEmpty() ? "" : " ").append(c).append(' ').append(limits.get(c));
            }
            return out.toString();
        }

        /** The three numbers of each class in a canonical value. */
        static Map<String, String> classes(String value) {
            String[] w = value.split(" ");
            Map<String, String> out = new LinkedHashMap<>();
            for (int j = 0; j + 3 < w.length; j += 4) {
                out.put(w[j], w[j + 1] + " " + w[j + 2] + " " + w[j + 3]);
            }
            return out;
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            Map<String, String> now = classes(value);
            Map<String, String> defaults = classes(defaultValue);
            List<String> lines = new ArrayList<>();
            List<Boolean> forces = new ArrayList<>();
            for (String c : CLASSES) {
                String[] n = now.get(c).split(" ");
                forces.add(!now.get(c).equals(defaults.get(c))); // Redis decides per class
                lines.add(name + " " + (c.equals("slave") ? "replica" : c) + " "
                        + ValueType.formatMemory(Long.parseUnsignedLong(n[0])) + " "
                        + ValueType.formatMemory(Long.parseUnsignedLong(n[1])) + " " + n[2]);
            }
            return new Rewrite(lines, forces);
        }
    }

    /** oom-score-adj-values master replica bgchild: three numbers between -2000 and 2000. */
    record OomScoreAdjValues() implements ValueType {
        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String parse(List<String> args, String current) {
            if (args.size() != 3) {
                throw new BadValue("wrong number of arguments");
            }
            List<String> out = new ArrayList<>();
            for (String arg : args) {
                Long value = strtoll(arg);
                if (value == null || value < -2000 || value > 2000) {
                    throw new BadValue("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
                }
                out.add(Long.toString(value));
            }
            return String.join(" ", out);
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            return Rewrite.line(name + " " + value, !value.equals(defaultValue));
        }
    }

    /**
     * notify-keyspace-events: classes of events as letters (notify.c). "A" stands for g$lshzxetd;
     * printed back in notify.c's order, "A" when all of those are on.
     */
    record KeyspaceEvents() implements ValueType {
        private static final String ALL = "g$lshzxetd";
        private static final String ORDER = "g$lshzxetdn";

        @Override
        public String parse(List<String> args, String current) {
            if (args.size() != 1) {
                throw new BadValue("wrong number of arguments");
            }
            StringBuilder classes = new StringBuilder();
            boolean keyspace = false;
            boolean keyevent = false;
            boolean miss = false;
            for (char c : args.getFirst().toCharArray()) {
                switch (c) {
                    case 'A' -> classes.append(ALL);
                    case 'K' -> keyspace = true;
                    case 'E' -> keyevent = true;
                    case 'm' -> miss = true;
                    default -> {
                        if (ORDER.indexOf(c) < 0) {
                            throw new BadValue("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
                        }
                        classes.append(c);
                    }
                }
            }
            StringBuilder out = new StringBuilder();
            if (ALL.chars().allMatch(c -> classes.indexOf(String.valueOf((char) c)) >= 0)) {
                out.append('A');
                if (classes.indexOf("n") >= 0) {
                    out.append('n');
                }
            } else {
                for (char c : ORDER.toCharArray()) {
                    if (classes.indexOf(String.valueOf(c)) >= 0) {
                        out.append(c);
                    }
                }
            }
            return out.append(keyspace ? "K" : "").append(keyevent ? "E" : "").append(miss ? "m" : "").toString();
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            return Rewrite.line(name + " " + ValueType.repr(value), !value.isEmpty());
        }
    }

    /** bind addr [addr ...]: up to CONFIG_BINDADDR_MAX addresses; "" for none; "-" marks one optional. */
    record Bind() implements ValueType {
        /** CONFIG_BINDADDR_MAX, server.h. */
        private static final int CONFIG_BINDADDR_MAX = 16;

        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String parse(List<String> args, String current) {
            if (args.size() > CONFIG_BINDADDR_MAX) {
                throw new BadValue("Too many bind addresses specified.");
            }
            return args.size() == 1 && args.getFirst().isEmpty() ? "" : String.join(" ", args);
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            if (value.equals(defaultValue)) {
                return Rewrite.remove();
            }
            return Rewrite.line(name + " " + (value.isEmpty() ? "\"\"" : value), true);
        }
    }

    /** replicaof host port, or "no one": immutable in Redis 7.0, stored and shown here. */
    record ReplicaOf() implements ValueType {
        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String parse(List<String> args, String current) {
            if (args.size() != 2) {
                throw new BadValue("wrong number of arguments");
            }
            if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) {
                return "";
            }
            Long port = strtoll(args.get(1));
            if (port == null || port < 0 || port > 65535) {
                throw new BadValue("Invalid master port");
            }
            return args.get(0) + " " + port;
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            return value.isEmpty() ? Rewrite.remove() : Rewrite.line(name + " " + value, true);
        }
    }

    /** latency-tracking-info-percentiles p [p ...]: numbers from 0 to 100; "" for none. */
    record Percentiles() implements ValueType {
        private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String parse(List<String> args, String current) {
            if (args.size() == 1 && args.getFirst().isEmpty()) {
                return "";
            }
            List<String> out = new ArrayList<>();
            for (String arg : args) {
                if (!DECIMAL.matcher(arg).matches()) {
                    throw new BadValue("Invalid latency-tracking-info-percentiles parameters");
                }
                double p = Double.parseDouble(arg);
                if (p > 100.0 || p < 0.0) {
                    throw new BadValue("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
                }
                out.add(trimDouble(String.format(Locale.ROOT, "%f", p)));
            }
            return String.join(" ", out);
        }

        /** util.c's trimDoubleString: "99.900000" → "99.9", "50.000000" → "50". */
        private static String trimDouble(String text) {
            if (text.indexOf('.') < 0) {
                return text;
            }
            int end = text.length();
            while (text.charAt(end - 1) == '0') {
                end--;
            }
            if (text.charAt(end - 1) == '.') {
                end--;
            }
            return text.substring(0, end);
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            return Rewrite.line(name + " " + (value.isEmpty() ? "\"\"" : value), true);
        }
    }

    /**
     * dir: Redis changes its working directory (chdir) and CONFIG GET prints getcwd. A JVM cannot
     * change its working directory, so the path is checked as chdir would check it and kept,
     * absolute and with links resolved as getcwd prints it, for the files that will live there.
     */
    record Dir() implements ValueType {
        @Override
        public String parse(List<String> args, String current) {
            if (args.size() != 1) {
                throw new BadValue("wrong number of arguments");
            }
            Path path = Path.of(current).resolve(args.getFirst());
            if (!Files.exists(path)) {
                throw new BadValue("No such file or directory");
            }
            if (!Files.isDirectory(path)) {
                throw new BadValue("Not a directory");
            }
            try {
                return path.toRealPath().toString();
            } catch (IOException e) {
                throw new BadValue("Permission denied");
            }
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            return Rewrite.line(name + " " + ValueType.repr(value), true);
        }
    }

    /**
     * shutdown-on-sigint / shutdown-on-sigterm: flags out of default, save, nosave, now, force,
     * printed in that order; "default" when none.
     */
    record ShutdownOnSignal() implements ValueType {
        private static final List<String> WORDS = List.of("default", "save", "nosave", "now", "force");

        @Override
        public boolean multiArg() {
            return true;
        }

        @Override
        public String parse(List<String> args, String current) {
            boolean[] on = new boolean[WORDS.size()];
            for (String arg : args) {
                int i = WORDS.indexOf(arg.toLowerCase(Locale.ROOT));
                if (i < 0) {
                    throw new BadValue("argument(s) must be one of the following: " + String.join(", ", WORDS));
                }
                on[i] = true;
            }
            if (on[1] && on[2]) {
                throw new BadValue("shutdown options SAVE and NOSAVE can't be used simultaneously");
            }
            List<String> out = new ArrayList<>();
            for (int i = 1; i < WORDS.size(); i++) {
                if (on[i]) {
                    out.add(WORDS.get(i));
                }
            }
            return out.isEmpty() ? "default" : String.join(" ", out);
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            return Rewrite.line(name + " " + value, !value.equals(defaultValue));
        }
    }

    /** C's strtoll(.., 10) with the whole text consumed: a sign and leading blanks are allowed. */
    static Long strtoll(String text) {
        String t = text.stripLeading();
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            return text.isEmpty() ? 0L : null; // strtoll("") consumes nothing, and the end is then '\0'
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
