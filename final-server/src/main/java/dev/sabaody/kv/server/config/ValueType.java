package dev.sabaody.kv.server.config;

import dev.sabaody.kv.resp.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a directive's value is read, printed and rewritten: Redis's config types (config.c's
 * {@code typeInterface}), each a small record.
 *
 * <pre>
 *   "512mb"  ──parse──►  "536870912"  ──CONFIG GET──►  536870912
 *                              └──────CONFIG REWRITE──►  proto-max-bulk-len 512mb
 * </pre>
 *
 * A value is kept in one form only, the text CONFIG GET prints (its <em>canonical</em> form): the
 * server's typed getters, CONFIG GET and CONFIG REWRITE all start from it, so no second copy can
 * drift. Parsing is Redis's, down to the error texts, because clients and operators match on them
 * ({@code argument must be 'yes' or 'no'}).
 *
 * <p>The few directives whose values are lists or have rules of their own (save, bind,
 * client-output-buffer-limit...) are in {@link SpecialValues}.
 */
public sealed interface ValueType permits ValueType.YesNo, ValueType.Numeric, ValueType.OneOf, ValueType.Text,
        SpecialValues.Save, SpecialValues.BufferLimits, SpecialValues.OomScoreAdjValues,
        SpecialValues.KeyspaceEvents, SpecialValues.Bind, SpecialValues.ReplicaOf, SpecialValues.Percentiles,
        SpecialValues.Dir, SpecialValues.ShutdownOnSignal {

    /**
     * Reads {@code args} (one word, or several for a {@link #multiArg()} type) as a new value.
     *
     * @param current the value now, for the types that update part of it (client-output-buffer-limit)
     * @return the canonical form
     * @throws BadValue with Redis's words
     */
    String parse(List<String> args, String current);

    /** Redis's MULTI_ARG_CONFIG: the value is several words ("save 900 1 300 10"). */
    default boolean multiArg() {
        return false;
    }

    /**
     * The redis.conf lines that say {@code value}, for CONFIG REWRITE, and whether they must be
     * written even where the file did not mention the directive (Redis's "force": the value is not
     * the default). No line at all means the directive must vanish from the file.
     */
    Rewrite rewrite(String name, String value, String defaultValue);

    /** The lines of one directive in a rewritten file, each with its own "force". */
    record Rewrite(List<String> lines, List<Boolean> forces) {
        static Rewrite line(String line, boolean force) {
            return new Rewrite(List.of(line), List.of(force));
        }

        static Rewrite lines(List<String> lines, boolean force) {
            return new Rewrite(lines, java.util.Collections.nCopies(lines.size(), force));
        }

        static Rewrite remove() {
            return new Rewrite(List.of(), List.of());
        }
    }

    /** A value that does not fit: the message is Redis's, without the directive's name. */
    final class BadValue extends RuntimeException {
        public BadValue(String message) {
            super(message, null, false, false);
        }
    }

    // ------------------------------------------------------------------ yes / no

    /** createBoolConfig: yes or no, in any case. */
    record YesNo() implements ValueType {
        @Override
        public String parse(List<String> args, String current) {
            String word = args.getFirst().toLowerCase(Locale.ROOT);
            if (!word.equals("yes") && !word.equals("no")) {
                throw new BadValue("argument must be 'yes' or 'no'");
            }
            return word;
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            return Rewrite.line(name + " " + value, !value.equals(defaultValue));
        }
    }

    // ------------------------------------------------------------------ numbers

    /** How a number is written: config.c's numeric flags. */
    enum NumberForm {
        /** INTEGER_CONFIG: a plain integer, as string2ll reads it (no sign +, no leading zero). */
        INTEGER,
        /** MEMORY_CONFIG: a byte count with Redis's units (memtoull). */
        MEMORY,
        /** MEMORY_CONFIG | PERCENT_CONFIG: bytes, or "n%" kept as -n (maxmemory-clients). */
        MEMORY_OR_PERCENT,
        /** OCTAL_CONFIG: unixsocketperm's 0700. */
        OCTAL
    }

    /**
     * createIntConfig and its siblings: a number between bounds. {@code unsigned} marks the C types
     * Redis checks as unsigned (unsigned int, unsigned long long, size_t), where "-1" is a huge
     * number and so fails the upper bound rather than the lower one; {@code max} is then read as
     * unsigned too (ULLONG_MAX is -1L here).
     *
     * @param clampMin, clampMax hz only: Redis accepts any value and then caps it (updateHZ)
     */
    record Numeric(NumberForm form, boolean unsigned, long min, long max, long clampMin, long clampMax)
            implements ValueType {

        Numeric(NumberForm form, boolean unsigned, long min, long max) {
            this(form, unsigned, min, max, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        @Override
        public String parse(List<String> args, String current) {
            long value = read(args.getFirst());
            checkBounds(value);
            value = Math.max(clampMin, Math.min(clampMax, value));
            return print(value);
        }

        private long read(String text) {
            if (form == NumberForm.MEMORY || form == NumberForm.MEMORY_OR_PERCENT) {
                Long bytes = memtoull(text);
                if (bytes != null) {
                    return bytes;
                }
            }
            if (form == NumberForm.MEMORY_OR_PERCENT && text.length() > 1 && text.endsWith("%")) {
                Long percent = string2ll(text.substring(0, text.length() - 1));
                if (percent != null && percent >= 0) {
                    return -percent; // Redis keeps a percentage as a negative number
                }
            }
            if (form == NumberForm.OCTAL) {
                try {
                    return text.isEmpty() ? 0 : Long.parseLong(text, 8); // strtoll(.., 8) reads "" as 0
                } catch (NumberFormatException e) {
                    throw new BadValue("argument couldn't be parsed as an octal number");
                }
            }
            if (form == NumberForm.INTEGER) {
                Long number = string2ll(text);
                if (number != null) {
                    return number;
                }
            }
            throw new BadValue(switch (form) {
                case MEMORY_OR_PERCENT -> "argument must be a memory or percent value";
                case MEMORY -> "argument must be a memory value";
                default -> "argument couldn't be parsed into an integer";
            });
        }

        private void checkBounds(long value) {
            if (unsigned) {
                if (Long.compareUnsigned(value, max) > 0 || Long.compareUnsigned(value, min) < 0) {
                    throw new BadValue(form == NumberForm.OCTAL
                            ? "argument must be between " + Long.toOctalString(min) + " and "
                                    + Long.toOctalString(max) + " inclusive"
                            : "argument must be between " + Long.toUnsignedString(min) + " and "
                                    + Long.toUnsignedString(max) + " inclusive");
                }
            } else if (form == NumberForm.MEMORY_OR_PERCENT && value < 0) {
                if (value < min) {
                    throw new BadValue("percentage argument must be less or equal to " + -min);
                }
            } else if (value > max || value < min) {
                throw new BadValue("argument must be between " + min + " and " + max + " inclusive");
            }
        }

        String print(long value) {
            if (form == NumberForm.MEMORY_OR_PERCENT && value < 0) {
                return -value + "%";
            }
            return switch (form) {
                case MEMORY, MEMORY_OR_PERCENT -> Long.toUnsignedString(value);
                case OCTAL -> Long.toOctalString(value);
                case INTEGER -> unsigned ? Long.toUnsignedString(value) : Long.toString(value);
            };
        }

        /** The number a canonical value holds (a percentage as a negative number). */
        long valueOf(String canonical) {
            if (canonical.endsWith("%")) {
                return -Long.parseLong(canonical.substring(0, canonical.length() - 1));
            }
            if (form == NumberForm.OCTAL) {
                return Long.parseLong(canonical, 8);
            }
            return canonical.startsWith("-") ? Long.parseLong(canonical) : Long.parseUnsignedLong(canonical);
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            long number = valueOf(value);
            boolean force = number != valueOf(defaultValue);
            String text;
            if (form == NumberForm.MEMORY_OR_PERCENT && number < 0) {
                text = -number + "%";
            } else if (form == NumberForm.MEMORY || form == NumberForm.MEMORY_OR_PERCENT) {
                text = formatMemory(number);
            } else {
                text = value;
            }
            return Rewrite.line(name + " " + text, force);
        }
    }

    // ------------------------------------------------------------------ enums

    /** createEnumConfig: one word of a fixed list, in any case; printed as the list spells it. */
    record OneOf(List<String> words) implements ValueType {
        @Override
        public String parse(List<String> args, String current) {
            for (String word : words) {
                if (word.equalsIgnoreCase(args.getFirst())) {
                    return word;
                }
            }
            throw new BadValue("argument(s) must be one of the following: " + String.join(", ", words));
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            return Rewrite.line(name + " " + value, !value.equals(defaultValue));
        }
    }

    // ------------------------------------------------------------------ text

    /** A check a text value must pass, failing with Redis's message. */
    @FunctionalInterface
    interface TextCheck {
        /** @return null when {@code value} is fine, else Redis's error text */
        String problem(String value);
    }

    /**
     * createStringConfig / createSDSConfig.
     *
     * @param emptyIsNull Redis's EMPTY_STRING_IS_NULL: "" means "not set", and a rewrite then removes
     *                    the directive's lines instead of writing {@code name ""}
     * @param check       a validator (dbfilename must not be a path...), or null
     */
    record Text(boolean emptyIsNull, TextCheck check) implements ValueType {
        @Override
        public String parse(List<String> args, String current) {
            String value = args.getFirst();
            if (check != null) {
                String problem = check.problem(value);
                if (problem != null) {
                    throw new BadValue(problem);
                }
            }
            return value;
        }

        @Override
        public Rewrite rewrite(String name, String value, String defaultValue) {
            if (emptyIsNull && value.isEmpty()) {
                return Rewrite.remove();
            }
            return Rewrite.line(name + " " + repr(value), emptyIsNull || !value.equals(defaultValue));
        }
    }

    // ------------------------------------------------------------------ Redis's helpers

    /**
     * util.c's memtoull: digits, then an optional unit in any case (b, k = 1000, kb = 1024, m, mb,
     * g, gb). Null when the text is not one; no sign is accepted. Returned as unsigned 64 bits.
     */
    static Long memtoull(String text) {
        if (text.startsWith("-")) {
            return null;
        }
        int digits = 0;
        while (digits < text.length() && text.charAt(digits) >= '0' && text.charAt(digits) <= '9') {
            digits++;
        }
        long multiplier = switch (text.substring(digits).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 0;
        };
        if (multiplier == 0 || digits == 0) {
            return null;
        }
        try {
            long number = Long.parseUnsignedLong(text.substring(0, digits));
            if (Long.compareUnsigned(number, Long.divideUnsigned(-1L, multiplier)) > 0) {
                return null; // would overflow 64 bits
            }
            return number * multiplier;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** util.c's string2ll: strict, so "+1", "01", " 1" and "" are not numbers. */
    static Long string2ll(String text) {
        long[] out = new long[1];
        return Numbers.string2ll(text.getBytes(StandardCharsets.UTF_8), out) ? out[0] : null;
    }

    /** config.c's rewriteConfigFormatMemory: the largest of gb, mb, kb that divides the count. */
    static String formatMemory(long bytes) {
        long gb = 1024L * 1024 * 1024;
        long mb = 1024L * 1024;
        long kb = 1024L;
        if (bytes != 0 && bytes % gb == 0) {
            return bytes / gb + "gb";
        } else if (bytes != 0 && bytes % mb == 0) {
            return bytes / mb + "mb";
        } else if (bytes != 0 && bytes % kb == 0) {
            return bytes / kb + "kb";
        }
        return Long.toString(bytes);
    }

    /** sds.c's sdscatrepr: the value in double quotes, escaped so that sdssplitargs reads it back. */
    static String repr(String value) {
        return dev.sabaody.kv.resp.Words.repr(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Words split on single spaces, as CONFIG SET splits a multi-word value (sdssplitlen). */
    static List<String> splitOnSpaces(String value) {
        return new ArrayList<>(List.of(value.split(" ", -1)));
    }
}
