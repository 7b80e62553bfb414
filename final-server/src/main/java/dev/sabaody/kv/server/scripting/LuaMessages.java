package dev.sabaody.kv.server.scripting;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Runtime errors in Lua 5.1's words, where LuaJ words them its own way. Scripts see these texts
 * (pcall hands them back, the error reply carries them), and tests and client code match on them.
 *
 * <pre>
 *   LuaJ                                                Lua 5.1 (ldebug.c, lauxlib.c)
 *   attempt to perform arithmetic __add on number and table   attempt to perform arithmetic on a table value
 *   attempt to concatenate nil and string               attempt to concatenate a nil value
 *   attempt to get length of nil                        attempt to get length of a nil value
 *   attempt to compare __lt on table and table          attempt to compare two table values
 *   attempt to call nil                                 attempt to call a nil value
 *   attempt to index ? (a nil value)                    attempt to index a nil value
 *   bad argument: number expected, got string           bad argument #1 to 'floor' (number expected, got string)
 * </pre>
 *
 * What stays LuaJ's: Lua names the variable when it knows it ("local 't'", "field 'a'"); LuaJ's
 * interpreter does not keep those names, so the unnamed form is given.
 */
final class LuaMessages {

    private LuaMessages() {
    }

    private static final Pattern ARITHMETIC = Pattern.compile("attempt to perform arithmetic (?:__\\w+ )?on (\\w+) and (\\w+)");
    private static final Pattern CONCAT = Pattern.compile("attempt to concatenate (\\w+) and (\\w+)");
    private static final Pattern LENGTH = Pattern.compile("attempt to get length of (\\w+)$");
    private static final Pattern COMPARE = Pattern.compile("attempt to compare (?:__\\w+ on )?(\\w+) and (\\w+)");
    /** LuaJ's text when a number is compared with a string: the operands come out reversed. */
    private static final Pattern COMPARE_MIXED = Pattern.compile("attempt to compare (\\w+) with (\\w+) expected, got \\w+");
    private static final Pattern CALL = Pattern.compile("attempt to call (nil|boolean|number|string|table|userdata|thread)$");
    /** LuaJ's text for indexing nil in an assignment ({@code t.x.y = 1}). */
    private static final Pattern INDEX_EXPECTED = Pattern.compile("index expected, got (\\w+)$");
    private static final Pattern UNNAMED = Pattern.compile("attempt to (\\w+(?: \\w+)*) \\? \\(a (\\w+) value\\)");

    /** A runtime error's text after its position, in Lua 5.1's words. */
    static String runtime(String m) {
        Matcher x;
        if ((x = ARITHMETIC.matcher(m)).find()) {
            // luaG_aritherror: the first operand that is not a number
            String type = x.group(1).equals("number") ? x.group(2) : x.group(1);
            return x.replaceFirst("attempt to perform arithmetic on a " + type + " value");
        }
        if ((x = CONCAT.matcher(m)).find()) {
            // luaG_concaterror: the first operand that is neither string nor number
            String type = x.group(1).equals("string") || x.group(1).equals("number") ? x.group(2) : x.group(1);
            return x.replaceFirst("attempt to concatenate a " + type + " value");
        }
        if ((x = LENGTH.matcher(m)).find()) {
            return x.replaceFirst("attempt to get length of a " + x.group(1) + " value");
        }
        if ((x = COMPARE.matcher(m)).find()) {
            return x.replaceFirst(x.group(1).equals(x.group(2)) ? "attempt to compare two " + x.group(1) + " values"
                    : "attempt to compare " + x.group(1) + " with " + x.group(2));
        }
        if ((x = COMPARE_MIXED.matcher(m)).find()) {
            return x.replaceFirst("attempt to compare " + x.group(2) + " with " + x.group(1));
        }
        if ((x = CALL.matcher(m)).find()) {
            return x.replaceFirst("attempt to call a " + x.group(1) + " value");
        }
        if ((x = INDEX_EXPECTED.matcher(m)).find()) {
            return x.replaceFirst("attempt to index a " + x.group(1) + " value");
        }
        if ((x = UNNAMED.matcher(m)).find()) {
            return x.replaceFirst("attempt to " + x.group(1) + " a " + x.group(2) + " value");
        }
        return m;
    }

    private static final Pattern TYPE_ERROR = Pattern.compile("^bad argument: (\\w+) expected, got (\\w+)$");
    private static final Pattern NUMBERED = Pattern.compile("^bad argument #(\\d+)(?::| \\() ?(.*?)\\)?$");

    /**
     * Replaces every function of {@code lib} with one whose argument errors name the argument and
     * the function, as luaL_argerror does ("bad argument #1 to 'floor' (...)"). LuaJ's type errors
     * name neither: the argument is the first one of the type it got ("no value" past the last).
     */
    static void nameArgumentErrors(LuaTable lib) {
        nameArgumentErrors(lib, null);
    }

    /** {@link #nameArgumentErrors(LuaTable)} for the functions of {@code lib} named in {@code only} (all when null). */
    static void nameArgumentErrors(LuaTable lib, java.util.Set<String> only) {
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = lib.next(k);
            if ((k = n.arg1()).isnil()) {
                return;
            }
            if (n.arg(2) instanceof LuaFunction f && k.isstring() && (only == null || only.contains(k.tojstring()))) {
                String function = k.tojstring(); // not "name": LuaJ's LibFunction has a field of that name
                lib.rawset(k, new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs args) {
                        try {
                            return f.invoke(args);
                        } catch (LuaError e) {
                            String renamed = e.getMessageObject() != null && e.getMessageObject().type() == LuaValue.TSTRING
                                    ? argumentError(LuaEngine.cleanMessage(e.getMessageObject().tojstring()), function, args) : null;
                            if (renamed == null) {
                                throw e;
                            }
                            throw new LuaError(renamed);
                        }
                    }
                });
            }
        }
    }

    /** {@code m} as luaL_argerror words it for function {@code name} called with {@code args}; null if not an argument error. */
    static String argumentError(String m, String name, Varargs args) {
        if (m.contains(" to '")) {
            return null; // already Lua's
        }
        Matcher x = TYPE_ERROR.matcher(m);
        if (x.matches()) {
            String expected = switch (x.group(1)) { // LuaJ names the Java type it wanted
                case "double", "int", "integer", "long" -> "number";
                default -> x.group(1);
            };
            String got = x.group(2);
            int narg = args.narg();
            for (int i = 1; i <= narg + 1; i++) {
                String type = i > narg ? "nil" : args.arg(i).typename();
                if (type.equals(got)) {
                    String shown = i > narg ? "no value" : got;
                    return "bad argument #" + i + " to '" + name + "' (" + expected + " expected, got " + shown + ")";
                }
            }
            return null;
        }
        x = NUMBERED.matcher(m);
        if (x.matches()) {
            return "bad argument #" + x.group(1) + " to '" + name + "' (" + x.group(2) + ")";
        }
        if (m.startsWith("invalid format option")) { // struct's format is its first argument
            return "bad argument #1 to '" + name + "' (" + m + ")";
        }
        return null;
    }
}
