package dev.sabaody.kv.server.scripting;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * lua-cmsgpack 0.4.0 as Redis bundles it: {@code cmsgpack.pack(...)} and {@code cmsgpack.unpack(s)}.
 * A number is an integer when it has no fraction (the smallest MessagePack integer that holds it),
 * otherwise a float 32 when that is exact, else a float 64; a table whose keys are 1..n is an
 * array, any other a map; strings use fixstr, str 8, str 16 or str 32.
 */
final class CmsgpackLib {

    private CmsgpackLib() {
    }

    static LuaTable table() {
        LuaTable t = new LuaTable();
        t.rawset("pack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() == 0) {
                    throw new LuaError("MessagePack pack needs input.");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int i = 1; i <= args.narg(); i++) {
                    pack(args.arg(i), out, 0);
                }
                return LuaValue.valueOf(out.toByteArray());
            }
        });
        t.rawset("unpack", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                byte[] b = LuaReplies.bytes(args.checkstring(1));
                java.util.List<LuaValue> values = new java.util.ArrayList<>();
                int[] pos = {0};
                while (pos[0] < b.length) {
                    values.add(unpack(b, pos));
                }
                return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
            }
        });
        return t;
    }

    /** LUACMSGPACK_MAX_NESTING. */
    private static final int MAX_NESTING = 16;

    private static void pack(LuaValue v, ByteArrayOutputStream out, int level) {
        switch (v.type()) {
            case LuaValue.TSTRING -> {
                byte[] s = LuaReplies.bytes(v);
                int n = s.length;
                if (n < 32) {
                    out.write(0xa0 | n);
                } else if (n <= 0xff) {
                    out.write(0xd9);
                    out.write(n);
                } else if (n <= 0xffff) {
                    out.write(0xda);
                    be(out, n, 2);
                } else {
                    out.write(0xdb);
                    be(out, n, 4);
                }
                out.writeBytes(s);
            }
            case LuaValue.TBOOLEAN -> out.write(v.toboolean() ? 0xc3 : 0xc2);
            case LuaValue.TNUMBER -> number(v.todouble(), out);
            case LuaValue.TTABLE -> {
                if (level >= MAX_NESTING) {
                    out.write(0xc0);
                    return;
                }
                LuaTable t = (LuaTable) v;
                int n = arrayLength(t);
                if (n >= 0) {
                    header(out, n, 0x90, 0xdc, 0xdd);
                    for (int i = 1; i <= n; i++) {
                        pack(t.rawget(i), out, level + 1);
                    }
                } else {
                    int count = 0;
                    LuaValue k = LuaValue.NIL;
                    while (!(k = t.next(k).arg1()).isnil()) {
                        count++;
                    }
                    header(out, count, 0x80, 0xde, 0xdf);
                    k = LuaValue.NIL;
                    while (true) {
                        Varargs nx = t.next(k);
                        if ((k = nx.arg1()).isnil()) {
                            break;
                        }
                        pack(k, out, level + 1);
                        pack(nx.arg(2), out, level + 1);
                    }
                }
            }
            default -> out.write(0xc0);
        }
    }

    private static void header(ByteArrayOutputStream out, int n, int fix, int b16, int b32) {
        if (n <= 15) {
            out.write(fix | n);
        } else if (n <= 0xffff) {
            out.write(b16);
            be(out, n, 2);
        } else {
            out.write(b32);
            be(out, n, 4);
        }
    }

    /** table_is_an_array: keys exactly 1..n (an empty table is an empty array). -1 otherwise. */
    private static int arrayLength(LuaTable t) {
        int count = 0;
        long max = 0;
        LuaValue k = LuaValue.NIL;
        while (!(k = t.next(k).arg1()).isnil()) {
            if (k.type() != LuaValue.TNUMBER || k.todouble() != Math.floor(k.todouble()) || k.todouble() < 1) {
                return -1;
            }
            max = Math.max(max, (long) k.todouble());
            count++;
        }
        return max == count ? count : -1;
    }

    private static void number(double d, ByteArrayOutputStream out) {
        if (d == Math.floor(d) && !Double.isInfinite(d) && d >= -0x1p63 && d < 0x1p63) {
            long n = (long) d;
            if (n >= 0) {
                if (n <= 127) {
                    out.write((int) n);
                } else if (n <= 0xff) {
                    out.write(0xcc);
                    out.write((int) n);
                } else if (n <= 0xffff) {
                    out.write(0xcd);
                    be(out, n, 2);
                } else if (n <= 0xffffffffL) {
                    out.write(0xce);
                    be(out, n, 4);
                } else {
                    out.write(0xcf);
                    be(out, n, 8);
                }
            } else if (n >= -32) {
                out.write((int) (n & 0xff));
            } else if (n >= -128) {
                out.write(0xd0);
                out.write((int) (n & 0xff));
            } else if (n >= -32768) {
                out.write(0xd1);
                be(out, n, 2);
            } else if (n >= Integer.MIN_VALUE) {
                out.write(0xd2);
                be(out, n, 4);
            } else {
                out.write(0xd3);
                be(out, n, 8);
            }
            return;
        }
        float f = (float) d;
        if (f == d) {
            out.write(0xca);
            be(out, Float.floatToIntBits(f), 4);
        } else {
            out.write(0xcb);
            be(out, Double.doubleToLongBits(d), 8);
        }
    }

    private static void be(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    private static long read(byte[] b, int[] pos, int bytes) {
        if (pos[0] + bytes > b.length) {
            throw new LuaError("Missing bytes in input.");
        }
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (b[pos[0]++] & 0xff);
        }
        return v;
    }

    private static LuaValue unpack(byte[] b, int[] pos) {
        int c = (int) read(b, pos, 1);
        if (c <= 0x7f) {
            return LuaValue.valueOf(c);
        }
        if (c >= 0xe0) {
            return LuaValue.valueOf((byte) c);
        }
        if ((c & 0xe0) == 0xa0) {
            return str(b, pos, c & 0x1f);
        }
        if ((c & 0xf0) == 0x90) {
            return array(b, pos, c & 0x0f);
        }
        if ((c & 0xf0) == 0x80) {
            return map(b, pos, c & 0x0f);
        }
        return switch (c) {
            case 0xc0 -> LuaValue.NIL;
            case 0xc2 -> LuaValue.FALSE;
            case 0xc3 -> LuaValue.TRUE;
            case 0xca -> LuaValue.valueOf(Float.intBitsToFloat((int) read(b, pos, 4)));
            case 0xcb -> LuaValue.valueOf(Double.longBitsToDouble(read(b, pos, 8)));
            case 0xcc -> LuaValue.valueOf(read(b, pos, 1));
            case 0xcd -> LuaValue.valueOf(read(b, pos, 2));
            case 0xce -> LuaValue.valueOf(read(b, pos, 4));
            case 0xcf -> LuaValue.valueOf((double) read(b, pos, 8));
            case 0xd0 -> LuaValue.valueOf((byte) read(b, pos, 1));
            case 0xd1 -> LuaValue.valueOf((short) read(b, pos, 2));
            case 0xd2 -> LuaValue.valueOf((int) read(b, pos, 4));
            case 0xd3 -> LuaValue.valueOf((double) read(b, pos, 8));
            case 0xd9, 0xc4 -> str(b, pos, (int) read(b, pos, 1));
            case 0xda, 0xc5 -> str(b, pos, (int) read(b, pos, 2));
            case 0xdb, 0xc6 -> str(b, pos, (int) read(b, pos, 4));
            case 0xdc -> array(b, pos, (int) read(b, pos, 2));
            case 0xdd -> array(b, pos, (int) read(b, pos, 4));
            case 0xde -> map(b, pos, (int) read(b, pos, 2));
            case 0xdf -> map(b, pos, (int) read(b, pos, 4));
            default -> throw new LuaError("Bad data format in input.");
        };
    }

    private static LuaValue str(byte[] b, int[] pos, int n) {
        if (pos[0] + n > b.length) {
            throw new LuaError("Missing bytes in input.");
        }
        LuaValue s = LuaValue.valueOf(java.util.Arrays.copyOfRange(b, pos[0], pos[0] + n));
        pos[0] += n;
        return s;
    }

    private static LuaValue array(byte[] b, int[] pos, int n) {
        LuaTable t = new LuaTable();
        for (int i = 1; i <= n; i++) {
            t.rawset(i, unpack(b, pos));
        }
        return t;
    }

    private static LuaValue map(byte[] b, int[] pos, int n) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < n; i++) {
            LuaValue k = unpack(b, pos);
            t.rawset(k, unpack(b, pos));
        }
        return t;
    }
}
