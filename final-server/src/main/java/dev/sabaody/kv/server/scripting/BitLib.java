package dev.sabaody.kv.server.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * LuaBitOp 1.0.2, the {@code bit} library Redis bundles: 32-bit operations on numbers, results as
 * signed 32-bit numbers. A number is reduced to 32 bits modulo 2^32, as LuaBitOp's
 * 2^52 + 2^51 addition does.
 */
final class BitLib {

    private BitLib() {
    }

    static LuaTable table() {
        LuaTable t = new LuaTable();
        t.rawset("tobit", fn(a -> tobit(a.arg1())));
        t.rawset("bnot", fn(a -> ~tobit(a.arg1())));
        t.rawset("band", fn(a -> fold(a, 0)));
        t.rawset("bor", fn(a -> fold(a, 1)));
        t.rawset("bxor", fn(a -> fold(a, 2)));
        t.rawset("lshift", fn(a -> tobit(a.arg1()) << (tobit(a.arg(2)) & 31)));
        t.rawset("rshift", fn(a -> tobit(a.arg1()) >>> (tobit(a.arg(2)) & 31)));
        t.rawset("arshift", fn(a -> tobit(a.arg1()) >> (tobit(a.arg(2)) & 31)));
        t.rawset("rol", fn(a -> Integer.rotateLeft(tobit(a.arg1()), tobit(a.arg(2)) & 31)));
        t.rawset("ror", fn(a -> Integer.rotateRight(tobit(a.arg1()), tobit(a.arg(2)) & 31)));
        t.rawset("bswap", fn(a -> Integer.reverseBytes(tobit(a.arg1()))));
        t.rawset("tohex", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs a) {
                int b = tobit(a.arg1());
                int n = a.isnoneornil(2) ? 8 : tobit(a.arg(2));
                boolean upper = n < 0;
                if (upper) {
                    n = -n;
                }
                if (n > 8) {
                    n = 8;
                }
                String hex = String.format("%08x", b);
                hex = hex.substring(8 - n);
                return LuaValue.valueOf(upper ? hex.toUpperCase() : hex);
            }
        });
        return t;
    }

    static int tobit(LuaValue v) {
        double d = v.checkdouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return 0;
        }
        double r = d % 4294967296.0;
        long l = (long) Math.rint(r); // LuaBitOp rounds to nearest through the 2^52+2^51 addition
        return (int) l;
    }

    private static int fold(Varargs a, int op) {
        if (a.narg() == 0) {
            throw new LuaError("bad argument #1 (number expected, got no value)");
        }
        int r = tobit(a.arg1());
        for (int i = 2; i <= a.narg(); i++) {
            int x = tobit(a.arg(i));
            r = op == 0 ? r & x : op == 1 ? r | x : r ^ x;
        }
        return r;
    }

    private interface IntOp {
        int apply(Varargs args);
    }

    private static VarArgFunction fn(IntOp op) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(op.apply(args));
            }
        };
    }
}
