package dev.sabaody.kv.server;

import java.util.List;
import java.util.Locale;

/**
 * One configuration directive: its redis.conf name, how its value is read, its default. The list of
 * them in {@link ServerConfig#DIRECTIVES} is the whole configuration model: the command-line flags,
 * the config file and CONFIG GET all go through it, so a directive is added in one place.
 *
 * @param name         the redis.conf name, lower case
 * @param kind         how the text is parsed and printed back
 * @param defaultValue the value before any file or flag, in the form CONFIG GET prints
 * @param min          the smallest accepted number (numbers only)
 * @param max          the largest accepted number (numbers only)
 * @param allowed      for {@link Kind#ENUM}, the accepted words; for the others, empty
 * @param help         one line for the README's table and for error messages
 */
record Directive(String name, Kind kind, String defaultValue, long min, long max, List<String> allowed, String help) {

    enum Kind {
        /** A whole number ("port 6379"). */
        INTEGER,
        /** A byte count with Redis's units: 1k = 1000, 1kb = 1024, also m/mb, g/gb ("512mb"). */
        MEMORY,
        /** One word out of {@link #allowed} ("daemonize no"). */
        ENUM,
        /** Free text ("bind 127.0.0.1"). */
        STRING
    }

    static Directive integer(String name, long defaultValue, long min, long max, String help) {
        return new Directive(name, Kind.INTEGER, Long.toString(defaultValue), min, max, List.of(), help);
    }

    static Directive memory(String name, long defaultValue, long min, long max, String help) {
        return new Directive(name, Kind.MEMORY, Long.toString(defaultValue), min, max, List.of(), help);
    }

    static Directive oneOf(String name, List<String> allowed, String help) {
        return new Directive(name, Kind.ENUM, allowed.getFirst(), 0, 0, allowed, help);
    }

    static Directive string(String name, String defaultValue, String help) {
        return new Directive(name, Kind.STRING, defaultValue, 0, 0, List.of(), help);
    }

    /**
     * Reads {@code text} as a value of this directive and returns it in its printed form (a memory
     * size as its byte count, as CONFIG GET prints it).
     *
     * @throws IllegalArgumentException with Redis's wording when the text does not fit
     */
    String normalize(String text) {
        return switch (kind) {
            case INTEGER -> Long.toString(inRange(parseInteger(text)));
            case MEMORY -> Long.toString(inRange(parseMemory(text)));
            case ENUM -> {
                String word = text.toLowerCase(Locale.ROOT);
                if (!allowed.contains(word)) {
                    throw new IllegalArgumentException("argument(s) must be one of the following: "
                            + String.join(", ", allowed));
                }
                yield word;
            }
            case STRING -> text;
        };
    }

    private long inRange(long value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
        }
        return value;
    }

    private static long parseInteger(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
    }

    /** Redis's memtoull (util.c): a number, then an optional unit in any case. */
    static long parseMemory(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < lower.length() && (Character.isDigit(lower.charAt(digits)) || (digits == 0 && lower.charAt(0) == '-'))) {
            digits++;
        }
        long multiplier = switch (lower.substring(digits)) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> throw new IllegalArgumentException("argument must be a memory value");
        };
        try {
            return Math.multiplyExact(Long.parseLong(lower.substring(0, digits)), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("argument must be a memory value");
        }
    }
}
