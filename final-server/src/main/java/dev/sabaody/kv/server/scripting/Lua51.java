package dev.sabaody.kv.server.scripting;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;

/**
 * The Lua 5.1 surface Redis's scripts are written against, on LuaJ's Lua 5.2 libraries: global
 * {@code unpack} and {@code loadstring}, {@code table.getn}, {@code table.maxn},
 * {@code table.foreach(i)}, {@code table.setn} (an error, as in 5.1), {@code math.mod},
 * {@code math.log10}, {@code string.gfind}, {@code gcinfo}; {@code tostring} and
 * {@code string.format} as C formats numbers ({@link LuaFormat}); Redis's {@code math.random}
 * ({@link LuaRandom}) and its {@code pcall}.
 */
final class Lua51 {

    private Lua51() {
    }

    /** Puts into {@code real} (the globals scripts read) what Lua 5.1 has and LuaJ's 5.2 libraries renamed or dropped. */
    static void install(LuaTable real, Globals globals, LuaTable string, LuaTable table, LuaTable math,
                        LuaRandom random, VarArgFunction pcall) {
        real.rawset("unpack", table.get("unpack"));
        real.rawset("loadstring", globals.get("load"));
        real.rawset("tostring", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue v) {
                return LuaFormat.tostring(v);
            }
        });
        real.rawset("gcinfo", new ZeroArgFunction() {
            @Override
            public LuaValue call() {
                Runtime rt = Runtime.getRuntime();
                return LuaValue.valueOf((rt.totalMemory() - rt.freeMemory()) / 1024);
            }
        });
        real.rawset("pcall", pcall);
        table.rawset("getn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                return LuaValue.valueOf(t.checktable().length());
            }
        });
        table.rawset("maxn", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue t) {
                double max = 0;
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs n = t.checktable().next(k);
                    if ((k = n.arg1()).isnil()) {
                        break;
                    }
                    if (k.isnumber() && k.todouble() > max) {
                        max = k.todouble();
                    }
                }
                return LuaValue.valueOf(max);
            }
        });
        table.rawset("foreach", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue f) {
                LuaValue k = LuaValue.NIL;
                while (true) {
                    Varargs n = t.checktable().next(k);
                    if ((k = n.arg1()).isnil()) {
                        return LuaValue.NIL;
                    }
                    LuaValue r = f.call(k, n.arg(2));
                    if (!r.isnil()) {
                        return r;
                    }
                }
            }
        });
        table.rawset("foreachi", new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue t, LuaValue f) {
                int n = t.checktable().length();
                for (int i = 1; i <= n; i++) {
                    LuaValue r = f.call(LuaValue.valueOf(i), t.get(i));
                    if (!r.isnil()) {
                        return r;
                    }
                }
                return LuaValue.NIL;
            }
        });
        table.rawset("setn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                throw new LuaError("'setn' is obsolete");
            }
        });
        math.rawset("mod", math.get("fmod"));
        math.rawset("log10", new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue x) {
                return LuaValue.valueOf(Math.log10(x.checkdouble()));
            }
        });
        math.rawset("random", random.randomFunction());
        math.rawset("randomseed", random.seedFunction());
        string.rawset("gfind", string.get("gmatch"));
        string.rawset("format", LuaFormat.formatFunction());
    }
}
