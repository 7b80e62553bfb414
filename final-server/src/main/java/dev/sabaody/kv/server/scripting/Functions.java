package dev.sabaody.kv.server.scripting;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The function libraries of FUNCTION LOAD (functions.c, function_lua.c): the server's, shared by every
 * shard. A library is its code, compiled once, and the functions its code registered. Each thread
 * that calls one runs the library's code once in its own engine (the callbacks are closures of that
 * engine), then keeps them; the library object is the key, so a replaced library is loaded afresh.
 *
 * <p>Changes (LOAD, DELETE, FLUSH) are serialised and publish a new immutable snapshot; FCALL reads
 * the snapshot without a lock.
 */
final class Functions {

    /** One function of a library: what FUNCTION LIST shows. */
    record Meta(String name, String description, Set<Script.Flag> flags) {
    }

    /** A loaded library. Identity matters: each engine caches its callbacks per library object. */
    static final class Library {
        final String name;
        final byte[] code;
        final Prototype prototype;
        final Map<String, Meta> functions;

        Library(String name, byte[] code, Prototype prototype, Map<String, Meta> functions) {
            this.name = name;
            this.code = code;
            this.prototype = prototype;
            this.functions = functions;
        }
    }

    /** What FCALL finds by a function's name. */
    record Found(Library library, Meta meta) {
    }

    private volatile Map<String, Library> libraries = Map.of();
    private volatile Map<String, Found> byFunction = Map.of();

    Found find(String function) {
        return byFunction.get(function);
    }

    List<Library> libraries() {
        return List.copyOf(libraries.values());
    }

    int functionCount() {
        return byFunction.size();
    }

    /** FUNCTION LOAD: the library's name, or throws {@link Shebang.Invalid} with Redis's error. */
    synchronized String load(LuaEngine engine, byte[] code, boolean replace) throws Shebang.Invalid {
        Shebang.Parsed parsed = Shebang.parse(code, true);
        String name = parsed.name();
        if (!validName(name)) {
            throw new Shebang.Invalid("Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
        }
        if (libraries.containsKey(name) && !replace) {
            throw new Shebang.Invalid("Library '" + name + "' already exists");
        }
        Library library = build(engine, code, parsed);
        for (String f : library.functions.keySet()) {
            Found other = byFunction.get(f);
            if (other != null && !other.library().name.equals(name)) {
                throw new Shebang.Invalid("Function " + f + " already exists");
            }
        }
        Map<String, Library> libs = new LinkedHashMap<>(libraries);
        libs.put(name, library);
        publish(libs);
        return name;
    }

    /** Compiles a library's code and runs it in load mode: the library, or Redis's error. */
    private static Library build(LuaEngine engine, byte[] code, Shebang.Parsed parsed) throws Shebang.Invalid {
        Prototype prototype;
        try {
            prototype = engine.compile(Shebang.asLua(code, parsed), "@user_function");
        } catch (LuaError e) {
            throw new Shebang.Invalid("Error compiling function: " + LuaSyntax.message(e));
        }
        Map<String, Registered> registered;
        try {
            registered = engine.register(prototype);
        } catch (LuaError e) {
            throw new Shebang.Invalid("Error registering functions: " + ScriptRun.errorText(engine.errorValue(e)));
        }
        if (registered.isEmpty()) {
            throw new Shebang.Invalid("No functions registered");
        }
        Map<String, Meta> metas = new LinkedHashMap<>();
        registered.forEach((f, r) -> metas.put(f, r.meta()));
        return new Library(parsed.name(), code, prototype, Collections.unmodifiableMap(metas));
    }

    /** FUNCTION RESTORE's policies. */
    enum RestorePolicy { FLUSH, APPEND, REPLACE }

    /** FUNCTION RESTORE (functionRestoreCommand): all the payload's libraries, or none. */
    synchronized void restore(LuaEngine engine, List<byte[]> codes, RestorePolicy policy) throws Shebang.Invalid {
        Map<String, Library> incoming = new LinkedHashMap<>();
        for (byte[] code : codes) {
            Shebang.Parsed parsed = Shebang.parse(code, true);
            if (!validName(parsed.name())) {
                throw new Shebang.Invalid("Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
            }
            if (incoming.containsKey(parsed.name())) {
                throw new Shebang.Invalid("Library " + parsed.name() + " already exists");
            }
            incoming.put(parsed.name(), build(engine, code, parsed));
        }
        Map<String, Library> result = new LinkedHashMap<>();
        if (policy != RestorePolicy.FLUSH) {
            for (Library lib : libraries.values()) {
                if (incoming.containsKey(lib.name)) {
                    if (policy == RestorePolicy.APPEND) {
                        throw new Shebang.Invalid("Library " + lib.name + " already exists");
                    }
                    continue;
                }
                result.put(lib.name, lib);
            }
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Library lib : result.values()) {
            seen.addAll(lib.functions.keySet());
        }
        for (Library lib : incoming.values()) {
            for (String f : lib.functions.keySet()) {
                if (!seen.add(f)) {
                    throw new Shebang.Invalid("Function " + f + " already exists");
                }
            }
            result.put(lib.name, lib);
        }
        publish(result);
    }

    synchronized boolean delete(String name) {
        if (!libraries.containsKey(name)) {
            return false;
        }
        Map<String, Library> libs = new LinkedHashMap<>(libraries);
        libs.remove(name);
        publish(libs);
        return true;
    }

    synchronized void flush() {
        publish(new LinkedHashMap<>());
    }

    private void publish(Map<String, Library> libs) {
        Map<String, Found> index = new LinkedHashMap<>();
        for (Library lib : libs.values()) {
            lib.functions.forEach((f, meta) -> index.put(f, new Found(lib, meta)));
        }
        libraries = Collections.unmodifiableMap(libs);
        byFunction = Collections.unmodifiableMap(index);
    }

    /** Letters, digits and underscores, at least one (functionsVerifyName). */
    static boolean validName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** A function as its library's code registered it in one engine. */
    record Registered(Meta meta, LuaFunction callback) {
    }

    /**
     * redis.register_function as the load-time {@code redis} table offers it: (name, callback) or a
     * table of named arguments (function_name, callback, flags, description). Errors are Redis's.
     */
    static VarArgFunction registerFunction(Map<String, Registered> into) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                String name;
                LuaValue callback;
                String description = null;
                Set<Script.Flag> flags = java.util.EnumSet.noneOf(Script.Flag.class);
                if (args.narg() == 1) {
                    if (!args.arg1().istable()) {
                        throw registrationError("calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).");
                    }
                    LuaTable t = (LuaTable) args.arg1();
                    LuaValue k = LuaValue.NIL;
                    name = null;
                    callback = LuaValue.NIL;
                    while (true) {
                        Varargs n = t.next(k);
                        if ((k = n.arg1()).isnil()) {
                            break;
                        }
                        String key = k.isstring() ? k.tojstring() : "";
                        LuaValue v = n.arg(2);
                        switch (key) {
                            case "function_name" -> {
                                if (!v.isstring()) {
                                    throw registrationError("function_name argument given to redis.register_function must be a string");
                                }
                                name = v.tojstring();
                            }
                            case "callback" -> {
                                if (!v.isfunction()) {
                                    throw registrationError("callback argument given to redis.register_function must be a function");
                                }
                                callback = v;
                            }
                            case "description" -> {
                                if (!v.isstring()) {
                                    throw registrationError("description argument given to redis.register_function must be a string");
                                }
                                description = v.tojstring();
                            }
                            case "flags" -> {
                                if (!v.istable()) {
                                    throw registrationError("flags argument to redis.register_function must be a table representing function flags");
                                }
                                for (int i = 1; !v.get(i).isnil(); i++) {
                                    Script.Flag f = v.get(i).isstring() ? Shebang.flag(v.get(i).tojstring()) : null;
                                    if (f == null) {
                                        throw registrationError("unknown flag given");
                                    }
                                    flags.add(f);
                                }
                            }
                            default -> throw registrationError("unknown argument given to redis.register_function");
                        }
                    }
                    if (name == null) {
                        throw registrationError("redis.register_function must get a function name argument");
                    }
                    if (callback.isnil()) {
                        throw registrationError("redis.register_function must get a callback argument");
                    }
                } else if (args.narg() == 2) {
                    if (!args.arg1().isstring()) {
                        throw registrationError("first argument to redis.register_function must be a string");
                    }
                    if (!args.arg(2).isfunction()) {
                        throw registrationError("second argument to redis.register_function must be a function");
                    }
                    name = args.arg1().tojstring();
                    callback = args.arg(2);
                } else {
                    throw registrationError("wrong number of arguments to redis.register_function");
                }
                if (!validName(name)) {
                    throw registrationError("Library names can only contain letters, numbers, or underscores(_) and must be at least one character long");
                }
                if (into.containsKey(name)) {
                    throw registrationError("Function already exists in the library");
                }
                into.put(name, new Registered(new Meta(name, description, flags), (LuaFunction) callback));
                return LuaValue.NONE;
            }
        };
    }

    private static LuaError registrationError(String message) {
        return new LuaError(RedisLib.pushError(message));
    }
}
