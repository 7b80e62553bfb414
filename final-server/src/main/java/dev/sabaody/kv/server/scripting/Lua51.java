package dev.sabaody.kv.server.scripting;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
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
 * ({@link LuaRandom}) and its {@code pcall}; {@code tonumber} as C reads numbers ({@link LuaNumbers}).
 * What 5.2 added is taken away ({@code rawlen}, {@code table.pack}, {@code table.unpack}), and where
 * LuaJ's library fails out of the VM on what 5.1 accepts or refuses in words, 5.1's answer is given:
 * {@code string.rep} with a negative count, a pattern with an unclosed {@code [},
 * {@code table.insert} with too many arguments.
 */
final class Lua51 {

    /** Values a C function may push at most (LUAI_MAXCSTACK, luaconf.h of Lua 5.1). */
    static final int LUAI_MAXCSTACK = 8000;

    private Lua51() {
    }

    /** Puts into {@code real} (the globals scripts read) what Lua 5.1 has and LuaJ's 5.2 libraries renamed or dropped. */
    static void install(LuaTable real, Globals globals, LuaTable string, LuaTable table, LuaTable math,
                        LuaRandom random, VarArgFunction pcall) {
        LuaValue unpack = table.get("unpack");
        real.rawset("unpack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                // luaB_unpack: lua_checkstack refuses past LUAI_MAXCSTACK values; LuaJ would allocate them all
                LuaTable t = args.checktable(1);
                long first = args.isnoneornil(2) ? 1 : args.checkint(2);
                long last = args.isnoneornil(3) ? t.length() : args.checkint(3);
                if (first <= last && last - first + 1 + args.narg() > LUAI_MAXCSTACK) {
                    throw new LuaError("too many results to unpack");
                }
                return unpack.invoke(args);
            }
        });
        real.rawset("loadstring", globals.get("load"));
        real.rawset("tostring", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() == 0) {
                    throw new LuaError("bad argument #1 to 'tostring' (value expected)");
                }
                return LuaFormat.tostring(args.arg1());
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
        real.rawset("tonumber", LuaNumbers.tonumberFunction());
        table.rawset("pack", LuaValue.NIL);
        table.rawset("unpack", LuaValue.NIL);
        LuaValue rep = string.get("rep");
        string.rawset("rep", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                double n = args.arg(2).isnumber() ? args.arg(2).todouble() : 1;
                // luaL_checkint: a count past int range is INT_MIN in C, so nothing; LuaJ sizes an array by it
                if (n <= 0 || n >= 2147483648.0) {
                    args.checkstring(1);
                    return LuaValue.EMPTYSTRING;
                }
                if ((long) args.checkstring(1).rawlen() * (long) n > Integer.MAX_VALUE - 8) {
                    throw new LuaError("not enough memory"); // Lua's words when an allocation fails
                }
                return rep.invoke(args.arg1(), args.arg(2)); // 5.1's rep has no separator
            }
        });
        for (String name : new String[] {"find", "match", "gmatch", "gsub"}) {
            LuaValue f = string.get(name);
            string.rawset(name, new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    try {
                        return f.invoke(args);
                    } catch (ArrayIndexOutOfBoundsException e) {
                        // LuaJ's matcher reads past a class left open ("[a"); Lua's checks it first
                        throw new LuaError("malformed pattern (missing ']')");
                    }
                }
            });
        }
        table.rawset("concat", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return Lua51.concat(args);
            }
        });
        LuaValue insert = table.get("insert");
        table.rawset("insert", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (!args.arg1().istable()) {
                    throw new LuaError("bad argument #1 to 'insert' (table expected, got "
                            + (args.narg() == 0 ? "no value" : args.arg1().typename()) + ")");
                }
                if (args.narg() > 3) {
                    throw new LuaError("wrong number of arguments to 'insert'");
                }
                return insert.invoke(args);
            }
        });
        string.rawset("format", LuaFormat.formatFunction());
        for (LuaTable lib : new LuaTable[] {string, table, math}) {
            LuaMessages.nameArgumentErrors(lib);
        }
        // the base library's, but not error, pcall and the like: what they raise is the script's own
        LuaMessages.nameArgumentErrors(real, java.util.Set.of("select", "ipairs", "pairs", "next", "rawget", "rawset",
                "rawequal", "setmetatable", "getmetatable", "unpack", "loadstring"));
    }

    /**
     * table.concat (tconcat, ltablib.c): numbers written as lua_tolstring writes them ({@code %.14g};
     * LuaJ would write 1/3 as "0.33333334"), and Lua's words for what is neither string nor number.
     */
    private static LuaValue concat(Varargs args) {
        LuaTable t = args.checktable(1);
        LuaString sep = args.isnoneornil(2) ? LuaValue.EMPTYSTRING : args.checkstring(2);
        int first = args.isnoneornil(3) ? 1 : args.checkint(3);
        int last = args.isnoneornil(4) ? t.length() : args.checkint(4);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = first; i <= last; i++) {
            LuaValue v = t.rawget(i);
            if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
                throw new LuaError("invalid value (" + v.typename() + ") at index " + i + " in table for 'concat'");
            }
            out.writeBytes(LuaReplies.bytes(LuaFormat.tostring(v)));
            if (i < last) {
                out.writeBytes(LuaReplies.bytes(sep));
            }
        }
        return LuaValue.valueOf(out.toByteArray());
    }
}
