package dev.sabaody.kv.server.scripting;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * The first line of a script, when it starts with {@code #!} (eval.c evalExtractShebangFlags):
 * {@code #!lua flags=no-writes,allow-oom} for EVAL; {@code #!lua name=mylib} for a FUNCTION library.
 * A script without one runs in EVAL's compatibility mode.
 */
final class Shebang {

    /** What a script's first line says: its flags, a library name, and how many bytes it takes. */
    record Parsed(Set<Script.Flag> flags, String name, int length) {
    }

    /** Thrown with Redis's error text (no code: "ERR " comes from the reply). */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private Shebang() {
    }

    static boolean present(byte[] body) {
        return body.length >= 2 && body[0] == '#' && body[1] == '!';
    }

    /**
     * Parses the shebang of {@code body}; {@code library}: FUNCTION LOAD's form, where
     * {@code name=} is required and {@code flags=} is unknown.
     */
    static Parsed parse(byte[] body, boolean library) throws Invalid {
        if (!present(body)) {
            if (library) {
                throw new Invalid("Missing library metadata");
            }
            return new Parsed(Script.compat(), null, 0);
        }
        int end = 0;
        while (end < body.length && body[end] != '\n') {
            end++;
        }
        if (end == body.length) {
            throw new Invalid(library ? "Invalid metadata value, expected name" : "Invalid script shebang");
        }
        String line = new String(body, 0, end, StandardCharsets.ISO_8859_1);
        String[] parts = line.trim().split("[ \t\r]+");
        if (!parts[0].equals("#!lua")) {
            throw new Invalid((library ? "Engine '" + parts[0].substring(2) + "' not found" : "Unexpected engine in script shebang: " + parts[0]));
        }
        Set<Script.Flag> flags = EnumSet.noneOf(Script.Flag.class);
        String name = null;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i];
            if (library && part.startsWith("name=")) {
                name = part.substring(5);
                continue;
            }
            if (!library && part.startsWith("flags=")) {
                String list = part.substring(6);
                if (list.isEmpty()) {
                    continue;
                }
                for (String f : list.split(",", -1)) {
                    Script.Flag flag = flag(f);
                    if (flag == null) {
                        throw new Invalid("Unexpected flag in script shebang: " + f);
                    }
                    flags.add(flag);
                }
                continue;
            }
            throw new Invalid(library ? "Invalid metadata value given: " + part : "Unknown lua shebang option: " + part);
        }
        if (library && name == null) {
            throw new Invalid("Library name was not given");
        }
        return new Parsed(flags, name, end);
    }

    static Script.Flag flag(String name) {
        for (Script.Flag f : Script.Flag.values()) {
            if (name.equals(f.shebangName)) {
                return f;
            }
        }
        return null;
    }

    /** The body Lua compiles: the shebang line turned into a comment, so line numbers stay. */
    static byte[] asLua(byte[] body, Parsed parsed) {
        if (parsed.length() == 0) {
            return body;
        }
        byte[] copy = body.clone();
        copy[0] = '-';
        copy[1] = '-';
        return copy;
    }
}
