package dev.sabaody.kv.server.scripting;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.luaj.vm2.LocVars;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.lib.DebugLib;

/**
 * The debugger commands that look into the running script: print, trace and eval (eval.c
 * ldbPrint, ldbPrintAll, ldbTrace, ldbEval), over the call frames LuaEngine's hook keeps.
 */
final class LdbInspect {

    private LdbInspect() {
    }

    /** ldbPrint: the first local of that name from the innermost frame out, else KEYS or ARGV. */
    static void print(LuaDebugger ldb, LuaDebugger.Frames frames, String name) {
        for (int level = frames.depth() - 1; level >= 0; level--) {
            Prototype p = frames.proto(level);
            if (p == null) {
                continue;
            }
            List<LocVars> active = LuaDebugger.activeLocals(p, frames.pc(level));
            for (int i = 0; i < active.size(); i++) {
                if (active.get(i).varname.tojstring().equals(name)) {
                    ldb.logValue("<value> ", register(frames, level, i));
                    return;
                }
            }
        }
        if (name.equals("ARGV") || name.equals("KEYS")) {
            ldb.logValue("<value> ", ldb.global(name));
        } else {
            ldb.logLine("No such variable.");
        }
    }

    /** ldbPrintAll: every local of the current frame. */
    static void printAll(LuaDebugger ldb, LuaDebugger.Frames frames) {
        int vars = 0;
        int level = frames.depth() - 1;
        Prototype p = level >= 0 ? frames.proto(level) : null;
        if (p != null) {
            List<LocVars> active = LuaDebugger.activeLocals(p, frames.pc(level));
            for (int i = 0; i < active.size(); i++) {
                String name = active.get(i).varname.tojstring();
                if (!name.contains("(*temporary)")) {
                    ldb.logValue("<value> " + name + " = ", register(frames, level, i));
                    vars++;
                }
            }
        }
        if (vars == 0) {
            ldb.logLine("No local variables in the current context.");
        }
    }

    private static LuaValue register(LuaDebugger.Frames frames, int level, int i) {
        LuaValue[] registers = frames.registers(level);
        LuaValue v = registers != null && i < registers.length ? registers[i] : null;
        return v == null ? LuaValue.NIL : v;
    }

    /**
     * ldbTrace: each frame of the script from the innermost out, "In" the current one and "From"
     * its callers, named as Lua names a called function (the caller's instruction says which local,
     * upvalue or field it called), "top level" when called from outside Lua.
     */
    static void trace(LuaDebugger ldb, LuaDebugger.Frames frames) {
        int shown = 0;
        for (int level = frames.depth() - 1; level >= 0; level--) {
            Prototype p = frames.proto(level);
            if (!LuaDebugger.userScript(p)) {
                continue;
            }
            String name = level > 0 ? calledName(frames, level - 1) : null;
            ldb.logLine((shown == 0 && level == frames.depth() - 1 ? "In" : "From") + " "
                    + (name != null ? name : "top level") + ":");
            ldb.logSource(ldb.line(frames, level));
            shown++;
        }
        if (frames.depth() == 0) {
            ldb.logLine("<error> Can't retrieve Lua stack.");
        }
    }

    /** getfuncname: the name the Lua frame at {@code callerLevel} called its callee by, or null. */
    private static String calledName(LuaDebugger.Frames frames, int callerLevel) {
        Prototype caller = frames.proto(callerLevel);
        int pc = frames.pc(callerLevel);
        if (caller == null || pc < 0 || pc >= caller.code.length) {
            return null;
        }
        int i = caller.code[pc];
        int op = Lua.GET_OPCODE(i);
        if (op == Lua.OP_TFORCALL) {
            return "for iterator";
        }
        if (op != Lua.OP_CALL && op != Lua.OP_TAILCALL) {
            return null;
        }
        Object nameWhat = DebugLib.getobjname(caller, pc, Lua.GETARG_A(i));
        if (nameWhat == null) {
            return null;
        }
        try {
            return (String) NAME.get(nameWhat);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** DebugLib.NameWhat's name: LuaJ keeps the class package-private. */
    private static final Field NAME;

    static {
        Field f;
        try {
            f = Class.forName("org.luaj.vm2.lib.DebugLib$NameWhat").getDeclaredField("name");
            f.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        NAME = f;
    }

    /**
     * ldbEval: the arguments joined by spaces, compiled as "return " and them (an expression), else
     * as they are (a statement), chunk "@ldb_eval", run in the script's globals but in a call frame
     * of its own (so the script's locals are not seen): {@code <retval>} and the value, or
     * {@code <error>} and the message.
     */
    static void eval(LuaDebugger ldb, LuaEngine engine, List<byte[]> argv) {
        StringBuilder code = new StringBuilder();
        for (int j = 1; j < argv.size(); j++) {
            if (j > 1) {
                code.append(' ');
            }
            code.append(LdbReader.text(argv.get(j)));
        }
        Prototype p;
        try {
            p = engine.compile(("return " + code).getBytes(StandardCharsets.ISO_8859_1), "@ldb_eval");
        } catch (LuaError expression) {
            try {
                p = engine.compile(code.toString().getBytes(StandardCharsets.ISO_8859_1), "@ldb_eval");
            } catch (LuaError statement) {
                ldb.logLine("<error> " + LuaSyntax.message(statement));
                return;
            }
        }
        LuaFunction f = engine.closure(p);
        LuaValue result;
        try {
            result = f.call();
        } catch (LuaError e) {
            LuaValue error = engine.errorValue(e);
            ldb.logLine("<error> " + (error.isstring() ? LuaFormat.tostring(error).tojstring() : "(null)"));
            return;
        } catch (StackOverflowError e) {
            ldb.logLine("<error> stack overflow");
            return;
        }
        ldb.logValue("<retval> ", result);
    }
}
