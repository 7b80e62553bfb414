package dev.sabaody.kv.server.scripting;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * One Lua interpreter, as a script sees it in Redis 7.0: LuaJ (Lua 5.2) dressed as Redis's Lua 5.1.
 * One per thread that runs scripts (each shard's loop, the cross-shard coordinator): LuaJ's state
 * is not thread-safe, and a shard runs one script at a time, so a thread's engine is never shared.
 *
 * <h2>The sandbox</h2>
 * Scripts see the base library without {@code print}, {@code dofile}, {@code loadfile},
 * {@code require}, {@code module}; {@code string}, {@code table}, {@code math}, {@code coroutine};
 * Redis's {@code redis}, {@code bit}, {@code cjson}, {@code cmsgpack}, {@code struct}; no {@code os},
 * {@code io}, {@code debug} or {@code package}. Their global table is a read-only proxy (Redis's
 * "globals protection"): reading a missing name is "Script attempted to access nonexistent global
 * variable", assigning one is "Attempt to modify a readonly table". Library tables are proxied the
 * same way, so {@code string.x = 1} is refused too.
 *
 * <h2>Lua 5.1 where scripts notice</h2>
 * {@link Lua51} installs them: global {@code unpack}, {@code loadstring}, {@code table.getn}, {@code table.maxn},
 * {@code table.foreach(i)}, {@code math.mod}, {@code math.log10}, {@code string.gfind},
 * {@code gcinfo}, {@code _VERSION} "Lua 5.1"; {@code tostring} and {@code string.format} format
 * numbers as C does ({@code %.14g}: {@link LuaFormat}); {@code math.random} is Redis's lrand48,
 * reseeded to 0 before each script, so a script's "random" numbers are Redis's
 * ({@link LuaRandom}); {@code pcall} hands back a Redis error's text, as Redis 7.0's does. What
 * LuaJ does itself stays LuaJ's: {@code ..} on a fractional number (Java's float text), the
 * variable names in runtime errors ("attempt to index ?" where Lua says "local 't'").
 *
 * <h2>Time limit</h2>
 * LuaJ calls its debug library at each instruction when one is installed; {@link Budget} is one
 * that does nothing but count, and every {@link #HOOK_INSTRUCTIONS} instructions asks the running
 * script whether it is past busy-reply-threshold or killed (Redis's count hook, same period).
 *
 * <h2>The debugger</h2>
 * The same hook keeps the call frames (prototype, registers, current instruction) and, while a
 * SCRIPT DEBUG session runs ({@link #debugger}), hands each instruction to {@link LuaDebugger},
 * which makes Lua's line events of them; a debugged script has the debugger's timeout instead of
 * the busy check.
 */
final class LuaEngine {

    /** luaMaskCountHook's period in Redis (eval.c: lua_sethook(..., LUA_MASKCOUNT, 100000)). */
    static final int HOOK_INSTRUCTIONS = 100_000;

    private final Globals globals = new Globals();
    /** What scripts' {@code _G} reads through: the libraries, KEYS and ARGV. */
    private final LuaTable real = new LuaTable();
    /** The read-only proxy scripts get as their environment. */
    private final LuaTable env;
    private final Budget budget = new Budget();
    private final LuaRandom random = new LuaRandom();
    /** The script this thread runs now, null between scripts. */
    ScriptRun current;
    /** The debugging session of the script running now (SCRIPT DEBUG), or null: {@link LuaDebugger}. */
    LuaDebugger debugger;
    /** The environment of function libraries: as {@link #env}, but {@code redis} is the load-time table while loading. */
    private final LuaTable functionEnv;
    private boolean loading;
    /** Where redis.register_function puts what a library's code registers, while it loads. */
    private final Map<String, Functions.Registered> registering = new LinkedHashMap<>();
    /** Each library's callbacks in this engine, loaded at its first FCALL here. */
    private final Map<Functions.Library, Map<String, Functions.Registered>> libraries = new WeakHashMap<>();

    LuaEngine(RedisLib redis) {
        globals.load(new JseBaseLib());
        globals.load(new PackageLib()); // TableLib and StringLib register through package.loaded
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new JseMathLib());
        globals.load(new CoroutineLib());
        globals.load(budget);
        LoadState.install(globals);
        LuaC.install(globals);

        for (String name : new String[] {"assert", "collectgarbage", "error", "getmetatable", "ipairs", "load",
                "next", "pairs", "rawequal", "rawget", "rawset", "select", "setmetatable", "type", "coroutine"}) {
            real.rawset(name, globals.get(name));
        }
        LuaTable string = (LuaTable) globals.get("string");
        LuaTable table = (LuaTable) globals.get("table");
        LuaTable math = (LuaTable) globals.get("math");
        Lua51.install(real, globals, string, table, math, random, new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return protectedCall(args);
            }
        });
        real.rawset("xpcall", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return handledCall(args);
            }
        });
        real.rawset("string", readOnly(string));
        real.rawset("table", readOnly(table));
        real.rawset("math", readOnly(math));
        LuaTable fullRedis = readOnly(redis.table(this));
        real.rawset("redis", fullRedis);
        LuaTable bit = BitLib.table();
        LuaMessages.nameArgumentErrors(bit);
        real.rawset("bit", readOnly(bit));
        real.rawset("cjson", readOnly(CjsonLib.table()));
        LuaTable struct = StructLib.table();
        LuaMessages.nameArgumentErrors(struct);
        real.rawset("struct", readOnly(struct));
        real.rawset("cmsgpack", readOnly(CmsgpackLib.table()));
        real.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
        // A Globals, not a plain table: LuaJ hooks its debug library (the instruction counter) into a
        // closure only when the closure's environment is a Globals.
        Globals proxy = new Globals();
        proxy.debuglib = budget;
        proxy.running = globals.running;
        proxy.baselib = globals.baselib;
        env = proxy;
        LuaTable meta = new LuaTable();
        meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue key) {
                LuaValue v = real.rawget(key);
                if (v.isnil()) {
                    throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
                }
                return v;
            }
        });
        meta.rawset(LuaValue.NEWINDEX, READ_ONLY);
        meta.rawset(LuaValue.METATABLE, LuaValue.FALSE);
        env.setmetatable(meta);
        real.rawset("_G", env);
        functionEnv = functionEnvironment(fullRedis, redis.loadTable(Functions.registerFunction(registering)));
    }

    /**
     * The globals of function libraries (function_lua.c): the same as scripts', but while a library's
     * code runs at FUNCTION LOAD, {@code redis} offers only register_function, log and the constants;
     * anything else is a missing global, as in Redis ("... nonexistent global variable 'call'").
     */
    private LuaTable functionEnvironment(LuaTable fullRedis, LuaTable loadRedis) {
        LuaTable loadProxy = new LuaTable();
        LuaTable loadMeta = new LuaTable();
        loadMeta.rawset(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue key) {
                LuaValue v = loadRedis.rawget(key);
                if (v.isnil()) {
                    throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
                }
                return v;
            }
        });
        loadMeta.rawset(LuaValue.NEWINDEX, READ_ONLY);
        loadProxy.setmetatable(loadMeta);
        Globals proxy = new Globals();
        proxy.debuglib = budget;
        proxy.running = globals.running;
        proxy.baselib = globals.baselib;
        LuaTable meta = new LuaTable();
        meta.rawset(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue self, LuaValue key) {
                if (key.isstring() && key.tojstring().equals("redis")) {
                    return loading ? loadProxy : fullRedis;
                }
                LuaValue v = real.rawget(key);
                if (v.isnil()) {
                    throw new LuaError("Script attempted to access nonexistent global variable '" + key.tojstring() + "'");
                }
                return v;
            }
        });
        meta.rawset(LuaValue.NEWINDEX, READ_ONLY);
        meta.rawset(LuaValue.METATABLE, LuaValue.FALSE);
        proxy.setmetatable(meta);
        return proxy;
    }

    /** Runs a library's code in load mode: the functions it registered (FUNCTION LOAD checks them). */
    Map<String, Functions.Registered> register(Prototype prototype) {
        registering.clear();
        loading = true;
        try {
            new LuaClosure(prototype, functionEnv).call();
            return new LinkedHashMap<>(registering);
        } finally {
            loading = false;
            registering.clear();
        }
    }

    /** The callback of {@code function} of {@code library} in this engine, loading the library here first if new. */
    LuaFunction function(Functions.Library library, String function) {
        Map<String, Functions.Registered> loaded = libraries.get(library);
        if (loaded == null) {
            loaded = register(library.prototype);
            libraries.put(library, loaded);
        }
        Functions.Registered r = loaded.get(function);
        return r == null ? null : r.callback();
    }

    private static final LuaFunction READ_ONLY = new VarArgFunction() {
        @Override
        public Varargs invoke(Varargs args) {
            throw new LuaError("Attempt to modify a readonly table");
        }
    };

    /** An empty table reading through to {@code t}, refusing writes. */
    private static LuaTable readOnly(LuaTable t) {
        LuaTable proxy = new LuaTable();
        LuaTable meta = new LuaTable();
        meta.rawset(LuaValue.INDEX, t);
        meta.rawset(LuaValue.NEWINDEX, READ_ONLY);
        meta.rawset(LuaValue.METATABLE, LuaValue.FALSE);
        proxy.setmetatable(meta);
        return proxy;
    }

    /**
     * Redis 7.0's pcall (luaRedisPcall): as Lua's, but an error that is a table with an {@code err}
     * field (what redis.call raises) is handed back as that text.
     */
    private Varargs protectedCall(Varargs args) {
        LuaValue f = args.checkvalue(1);
        try {
            return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(2)));
        } catch (LuaError e) {
            if (current != null && current.killed()) {
                throw e; // SCRIPT KILL is not an error a script may catch
            }
            LuaValue error = errorValue(e, f instanceof LuaClosure); // pcall(string.sub): no Lua function, no position
            if (error.istable() && error.get("err").isstring()) {
                error = error.get("err");
            }
            return LuaValue.varargsOf(LuaValue.FALSE, error);
        } catch (StackOverflowError e) {
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf(lastWhere() + "stack overflow"));
        }
    }

    /**
     * Lua 5.1's xpcall(f, handler): f called with no arguments; on an error, the handler gets the
     * error value as Lua's would (a redis.call error stays its table) and its result is the second
     * value. LuaJ's would hand the handler its own message text ("@user_script:1 boom").
     */
    private Varargs handledCall(Varargs args) {
        LuaValue f = args.arg1();
        LuaValue handler = args.arg(2);
        try {
            return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(LuaValue.NONE));
        } catch (LuaError e) {
            if (current != null && current.killed()) {
                throw e;
            }
            return LuaValue.varargsOf(LuaValue.FALSE, handler.call(errorValue(e, f instanceof LuaClosure)));
        } catch (StackOverflowError e) {
            return LuaValue.varargsOf(LuaValue.FALSE, handler.call(LuaValue.valueOf(lastWhere() + "stack overflow")));
        }
    }

    /** "user_script:3: ", the position of the last instruction run, or "" before any. */
    String lastWhere() {
        String where = budget.lastWhere();
        return where == null ? "" : where;
    }

    /** The line of the last instruction run, or null. */
    String lastLine() {
        return budget.lastLine();
    }

    /** {@link #errorValue(LuaError, boolean)} of an error that left a script's own code. */
    LuaValue errorValue(LuaError e) {
        return errorValue(e, true);
    }

    /**
     * The value a script's error carries, as Lua 5.1 words it: LuaJ's position prefix ("@user_script:1
     * boom") made Lua's ("user_script:1: boom"), none for {@code error(msg, 0)}, and the traceback
     * LuaJ appends removed. An error raised by a library function the script tail-called
     * ({@code return math.floor('a')}) left LuaJ's frame without a position: Lua names the caller's
     * line (luaL_where(L, 1)), so it gets the line of the last instruction run, when
     * {@code fromLua} (a Lua function called it).
     */
    LuaValue errorValue(LuaError e, boolean fromLua) {
        LuaValue v = e.getMessageObject();
        if (v == null) {
            return LuaValue.NIL;
        }
        if (!v.isstring() || v.isnumber()) {
            return v;
        }
        String m = cleanMessage(v.tojstring());
        // error() with no value: LuaJ's message is the text "null" behind the position
        if (m.equals("null") || m.endsWith(": null")) {
            return LuaValue.NIL;
        }
        String fileline = read(FILELINE, e);
        Object level = readObject(LEVEL, e);
        if (fileline != null && fileline.startsWith("@") && Integer.valueOf(0).equals(level)) {
            String where = fileline.substring(1) + ": ";
            if (m.startsWith(where)) {
                m = m.substring(where.length());
            }
        } else if (fileline == null && fromLua && !Integer.valueOf(0).equals(level)) {
            String where = budget.lastWhere();
            if (where != null && !m.startsWith(where)) {
                m = where + m;
            }
        }
        return LuaValue.valueOf(m);
    }

    private static String read(java.lang.reflect.Field f, LuaError e) {
        Object o = readObject(f, e);
        return o instanceof String s ? s : null;
    }

    private static Object readObject(java.lang.reflect.Field f, LuaError e) {
        try {
            return f.get(e);
        } catch (IllegalAccessException ex) {
            return null;
        }
    }

    static String cleanMessage(String m) {
        int cut = m.indexOf(Budget.NO_TRACEBACK);
        if (cut >= 0) {
            m = m.substring(0, cut);
        }
        if (m.endsWith("\n")) {
            m = m.substring(0, m.length() - 1);
        }
        if (m.startsWith("@")) {
            int sp = m.indexOf(' ');
            int colon = m.lastIndexOf(':', sp < 0 ? m.length() : sp);
            if (sp > 0 && colon > 0) {
                m = m.substring(1, sp) + ": " + m.substring(sp + 1);
            }
        }
        return LuaMessages.runtime(m);
    }

    /**
     * LuaError's {@code fileline} ("@user_script:3"): where LuaJ saw the error leave a Lua function,
     * whatever the error value is (a table from redis.call, nil from error()). Read reflectively: LuaJ
     * keeps it protected and prints it only before a string message.
     */
    private static final java.lang.reflect.Field FILELINE;
    /** LuaError's {@code level}: 0 for {@code error(msg, 0)}, whose message carries no position. */
    private static final java.lang.reflect.Field LEVEL;

    static {
        try {
            FILELINE = LuaError.class.getDeclaredField("fileline");
            FILELINE.setAccessible(true);
            LEVEL = LuaError.class.getDeclaredField("level");
            LEVEL.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The line of the script an error was raised at ("@user_script:3" → "3"), or null. An error
     * raised by a function the script tail-called ({@code return redis.call(...)}) left LuaJ's frame
     * already, so it carries no line: it is then the line of the last instruction run.
     */
    String errorLine(LuaError e) {
        String fileline;
        try {
            fileline = (String) FILELINE.get(e);
        } catch (IllegalAccessException ex) {
            return null;
        }
        if (fileline == null) {
            return budget.lastLine();
        }
        String line = fileline.substring(fileline.lastIndexOf(':') + 1);
        return !line.isEmpty() && line.chars().allMatch(Character::isDigit) ? line : null;
    }

    /** Compiles {@code body} as chunk "@user_script", or throws LuaError with Lua's message. */
    Prototype compile(byte[] body, String chunkName) {
        try {
            return globals.compilePrototype(new ByteArrayInputStream(body), chunkName);
        } catch (IOException e) {
            throw new LuaError(e.getMessage());
        } catch (NumberFormatException e) {
            // LuaJ's lexer hands a malformed numeral ("3e") to Double.parseDouble, which throws out of the parser
            String m = String.valueOf(e.getMessage());
            int q = m.indexOf('"');
            String token = q >= 0 && m.endsWith("\"") ? m.substring(q + 1, m.length() - 1) : m;
            String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
            int at = Math.max(0, text.indexOf(token));
            long line = 1 + text.substring(0, at).chars().filter(c -> c == '\n').count();
            throw new LuaError(chunkName + ":" + line + " malformed number near '" + token + "'");
        }
    }

    /** A function of {@code prototype} whose globals are this engine's read-only proxy. */
    LuaFunction closure(Prototype prototype) {
        return new LuaClosure(prototype, env);
    }

    /** Before each script: KEYS and ARGV, a fresh PRNG sequence (Redis: redisSrand48(0)). */
    void prepare(ScriptRun run, LuaTable keys, LuaTable argv) {
        current = run;
        real.rawset("KEYS", keys);
        real.rawset("ARGV", argv);
        random.seed(0);
        budget.reset();
    }

    void finish() {
        current = null;
        real.rawset("KEYS", LuaValue.NIL);
        real.rawset("ARGV", LuaValue.NIL);
    }

    /** Sets a global of the environment directly (FUNCTION LOAD's registration phase). */
    void rawGlobal(String name, LuaValue value) {
        real.rawset(name, value);
    }

    /** A global as scripts see it (the debugger's print KEYS, its redis command). */
    LuaValue global(String name) {
        return real.rawget(name);
    }

    /** The call frames the instruction hook keeps, for the debugger. */
    LuaDebugger.Frames frames() {
        return budget;
    }

    LuaString string(byte[] bytes) {
        return LuaString.valueUsing(bytes);
    }

    /**
     * LuaJ's debug hook, reduced to an instruction counter and the call frames the debugger reads:
     * no traceback (Redis's replies carry none). Every {@link #HOOK_INSTRUCTIONS} instructions the running script checks
     * its time and whether SCRIPT KILL asked it to stop.
     */
    private final class Budget extends DebugLib implements LuaDebugger.Frames {
        /** What stands for the traceback LuaJ appends to error messages; cut off again. */
        static final String NO_TRACEBACK = "\n\u0000";
        int count;
        /** The Lua functions running, innermost last (null for a Java function), and the last instruction run. */
        private Prototype[] stack = new Prototype[32];
        /** The registers of each running Lua function (null for a Java function), as {@link #stack}. */
        private LuaValue[][] registers = new LuaValue[32][];
        /**
         * The thread each function runs on, as {@link #stack}: LuaJ runs a coroutine on a thread of its
         * own, and a coroutine that yields leaves its frame on this stack while its resumer goes on.
         */
        private Thread[] threads = new Thread[32];
        /** Per frame: the instruction it runs (-1 before its first), for the debugger. */
        private int[] pcs = new int[32];
        private int depth;
        private Prototype lastProto;
        private int lastPc;

        /** "user_script:3: ", where the last instruction run is: Lua's position prefix; null before any. */
        String lastWhere() {
            String line = lastLine();
            Prototype p = lastProto;
            if (line == null || p.source == null) {
                return null;
            }
            String source = p.source.tojstring();
            return (source.startsWith("@") ? source.substring(1) : source) + ":" + line + ": ";
        }

        String lastLine() {
            Prototype p = lastProto;
            if (p == null || p.lineinfo == null || lastPc < 0 || lastPc >= p.lineinfo.length) {
                return null;
            }
            return Integer.toString(p.lineinfo[lastPc]);
        }

        void reset() {
            count = 0;
            // frames a coroutine left behind: their registers may hold a script's values
            java.util.Arrays.fill(registers, 0, depth, null);
            java.util.Arrays.fill(threads, 0, depth, null);
            depth = 0;
            lastProto = null;
        }

        private void push(Prototype p, LuaValue[] frame) {
            if (depth == stack.length) {
                stack = java.util.Arrays.copyOf(stack, depth * 2);
                registers = java.util.Arrays.copyOf(registers, depth * 2);
                threads = java.util.Arrays.copyOf(threads, depth * 2);
                pcs = java.util.Arrays.copyOf(pcs, depth * 2);
            }
            registers[depth] = frame;
            threads[depth] = Thread.currentThread();
            pcs[depth] = -1;
            stack[depth++] = p;
        }

        @Override
        public int depth() {
            return depth;
        }

        @Override
        public Prototype proto(int level) {
            return stack[level];
        }

        @Override
        public LuaValue[] registers(int level) {
            return registers[level];
        }

        @Override
        public int pc(int level) {
            return pcs[level];
        }

        @Override
        public void onInstruction(int pc, Varargs v, int top) {
            lastPc = pc;
            LuaDebugger ldb = debugger;
            if (depth > 0) {
                Prototype p = lastProto = stack[depth - 1];
                int old = pcs[depth - 1];
                pcs[depth - 1] = pc;
                if (ldb != null && p != null) {
                    ldb.instruction(this, p, pc, old);
                }
                int d = depth - 1;
                if (threads[d] != Thread.currentThread()) {
                    // a coroutine yielded out of its frame, left on top: the running one is the
                    // innermost of this thread's
                    do {
                        d--;
                    } while (d >= 0 && threads[d] != Thread.currentThread());
                    p = d >= 0 ? stack[d] : null;
                }
                if (p != null && pc < p.code.length && (p.code[pc] & 0x3F) == Lua.OP_CONCAT
                        && registers[d].length == p.maxstacksize) {
                    concatAsLua51(p.code[pc], registers[d]);
                }
            }
            if (++count >= HOOK_INSTRUCTIONS) {
                count = 0;
                ScriptRun run = current;
                if (ldb != null) {
                    ldb.count(this); // a debugged script has the debugger's timeout instead (luaLdbLineHook)
                } else if (run != null) {
                    run.checkpoint();
                }
            }
        }

        /**
         * Before {@code ..} (OP_CONCAT of registers B to C): a number that is not an integer LuaJ would
         * write as Java's float text ({@code (1/3) .. ''} "0.33333334", {@code 1e100 .. ''} "Infinity");
         * Lua 5.1 writes {@code %.14g} (lua_Number2str). The compiler puts the operands of a
         * concatenation in fresh registers that only this instruction reads, so each such number is
         * replaced there by its 5.1 text. Only when every operand is a string or a number: with a
         * table or nil among them the instruction raises its error or calls {@code __concat}, which
         * must see the number itself.
         */
        private void concatAsLua51(int instruction, LuaValue[] frame) {
            int b = Lua.GETARG_B(instruction);
            int c = Lua.GETARG_C(instruction);
            if (c >= frame.length) {
                return;
            }
            boolean doubles = false;
            for (int r = b; r <= c; r++) {
                LuaValue x = frame[r];
                if (x == null || !x.isstring()) { // isstring: a string or a number
                    return;
                }
                doubles |= x instanceof LuaDouble;
            }
            if (!doubles) {
                return; // integers (LuaInteger) write the same text in both
            }
            for (int r = b; r <= c; r++) {
                if (frame[r] instanceof LuaDouble d) {
                    frame[r] = LuaValue.valueOf(LuaFormat.number14(d.todouble()));
                }
            }
        }

        @Override
        public void onCall(LuaFunction f) {
            push(null, null);
        }

        @Override
        public void onCall(LuaClosure c, Varargs varargs, LuaValue[] frame) {
            push(c.p, frame);
        }

        @Override
        public void onReturn() {
            if (depth > 0) {
                depth--;
                registers[depth] = null; // not kept alive after the function returned
                threads[depth] = null;
            }
        }

        @Override
        public String traceback(int level) {
            return "\u0000";
        }

        @Override
        public LuaValue call(LuaValue modname, LuaValue env) {
            LuaValue lib = super.call(modname, env);
            env.set("debug", LuaValue.NIL);
            return lib;
        }
    }
}
