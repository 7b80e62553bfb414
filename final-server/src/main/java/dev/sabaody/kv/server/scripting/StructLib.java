package dev.sabaody.kv.server.scripting;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Roberto Ierusalimschy's struct library (0.2) as Redis bundles it: {@code struct.pack(fmt, ...)},
 * {@code struct.unpack(fmt, s [, i])} (values, then the next position), {@code struct.size(fmt)}.
 * Formats: {@code >} big-endian, {@code <} little-endian, {@code =} native (little), {@code !n}
 * alignment, {@code x} a zero byte, {@code b/B} char, {@code h/H} short, {@code i/In} and
 * {@code I/In} int of n bytes (4 by default), {@code l/L} long (8), {@code T} size_t (8),
 * {@code f} float, {@code d} double, {@code s} zero-terminated string, {@code cn} n chars
 * ({@code c0}: as many as the previous number said).
 */
final class StructLib {

    private StructLib() {
    }

    static LuaTable table() {
        LuaTable t = new LuaTable();
        t.rawset("pack", fn(StructLib::pack));
        t.rawset("unpack", fn(StructLib::unpack));
        t.rawset("size", fn(a -> {
            Format f = new Format(LuaReplies.latin1(a.checkstring(1)));
            int size = 0;
            while (f.next()) {
                if (f.op == 's' || (f.op == 'c' && f.size == 0)) {
                    throw new LuaError("bad argument #1 to 'size' (options 'c0' - 's' have undefined sizes)");
                }
                size += f.padding(size) + f.size;
            }
            return LuaValue.valueOf(size);
        }));
        return t;
    }

    private interface Body {
        Varargs apply(Varargs a);
    }

    private static VarArgFunction fn(Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        };
    }

    /** Walks a format string one option at a time. */
    private static final class Format {
        final String s;
        int i;
        boolean little = true;
        int maxAlign = 1;
        char op;
        int size;

        Format(String s) {
            this.s = s;
        }

        boolean next() {
            while (i < s.length()) {
                char c = s.charAt(i++);
                switch (c) {
                    case ' ' -> {
                    }
                    case '>' -> little = false;
                    case '<', '=' -> little = true;
                    case '!' -> maxAlign = number(8);
                    default -> {
                        op = c;
                        size = switch (c) {
                            case 'x', 'b', 'B' -> 1;
                            case 'h', 'H' -> 2;
                            case 'l', 'L', 'T', 'd' -> 8;
                            case 'f' -> 4;
                            case 'i', 'I' -> {
                                int n = number(4);
                                if (n < 1 || n > 8) {
                                    throw new LuaError("integral size " + n + " is larger than limit of 8");
                                }
                                yield n;
                            }
                            case 'c' -> number(1);
                            case 's' -> 0;
                            default -> throw new LuaError("invalid format option '" + c + "'");
                        };
                        return true;
                    }
                }
            }
            return false;
        }

        private int number(int otherwise) {
            if (i >= s.length() || !Character.isDigit(s.charAt(i))) {
                return otherwise;
            }
            int n = 0;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                n = n * 10 + (s.charAt(i++) - '0');
            }
            return n;
        }

        /** Bytes of padding before this option at offset {@code at} (gettoalign). */
        int padding(int at) {
            if (op == 'c' || op == 's' || op == 'x' || maxAlign <= 1) {
                return 0;
            }
            int align = Math.min(size, maxAlign);
            if ((align & (align - 1)) != 0) {
                throw new LuaError("alignment " + align + " is not a power of 2");
            }
            return (align - (at & (align - 1))) & (align - 1);
        }
    }

    private static Varargs pack(Varargs a) {
        Format f = new Format(LuaReplies.latin1(a.checkstring(1)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 2;
        while (f.next()) {
            for (int p = f.padding(out.size()); p > 0; p--) {
                out.write(0);
            }
            switch (f.op) {
                case 'x' -> out.write(0);
                case 'b', 'B', 'h', 'H', 'i', 'I', 'l', 'L', 'T' -> {
                    double d = a.checkdouble(arg++);
                    long v = d < 0 ? (long) d : (d >= 0x1p63 ? (long) (d - 0x1p64) : (long) d);
                    integer(out, v, f.size, f.little);
                }
                case 'f' -> integer(out, Float.floatToIntBits((float) a.checkdouble(arg++)) & 0xffffffffL, 4, f.little);
                case 'd' -> integer(out, Double.doubleToLongBits(a.checkdouble(arg++)), 8, f.little);
                case 'c', 's' -> {
                    LuaString s = a.checkstring(arg++);
                    int len = s.rawlen();
                    int n = f.op == 'c' && f.size > 0 ? f.size : len;
                    if (f.op == 'c' && len < n) {
                        throw new LuaError("bad argument #" + (arg - 1) + " to 'pack' (string too short)");
                    }
                    byte[] b = LuaReplies.bytes(s);
                    out.write(b, 0, n);
                    if (f.op == 's') {
                        out.write(0);
                    }
                }
                default -> {
                }
            }
        }
        return LuaValue.valueOf(out.toByteArray());
    }

    private static void integer(ByteArrayOutputStream out, long v, int size, boolean little) {
        for (int k = 0; k < size; k++) {
            int shift = 8 * (little ? k : size - 1 - k);
            out.write(shift >= 64 ? (v < 0 ? 0xff : 0) : (int) (v >>> shift) & 0xff);
        }
    }

    private static Varargs unpack(Varargs a) {
        Format f = new Format(LuaReplies.latin1(a.checkstring(1)));
        byte[] data = LuaReplies.bytes(a.checkstring(2));
        int pos = a.optint(3, 1) - 1;
        if (pos < 0 || pos > data.length) {
            throw new LuaError("bad argument #3 to 'unpack' (offset must be 1 or greater)");
        }
        List<LuaValue> values = new ArrayList<>();
        long lastNumber = 0;
        while (f.next()) {
            pos += f.padding(pos);
            int size = f.size;
            if (f.op == 'c' && f.size == 0) {
                // c0: the length is the number just read, which is consumed, not returned (b_unpack)
                if (values.isEmpty()) {
                    throw new LuaError("bad argument #1 to 'unpack' (format 'c0' needs a previous size)");
                }
                values.removeLast();
                size = (int) lastNumber;
            }
            if (f.op != 's' && pos + size > data.length) {
                throw new LuaError("bad argument #2 to 'unpack' (data string too short)");
            }
            switch (f.op) {
                case 'x' -> pos += 1;
                case 'b', 'h', 'i', 'l' -> {
                    long v = read(data, pos, size, f.little);
                    if (size < 8) {
                        v = (v << (64 - 8 * size)) >> (64 - 8 * size);
                    }
                    values.add(LuaValue.valueOf((double) v));
                    lastNumber = v;
                    pos += size;
                }
                case 'B', 'H', 'I', 'L', 'T' -> {
                    long v = read(data, pos, size, f.little);
                    double d = v < 0 ? (double) (v >>> 1) * 2 + (v & 1) : v;
                    values.add(LuaValue.valueOf(d));
                    lastNumber = v;
                    pos += size;
                }
                case 'f' -> {
                    values.add(LuaValue.valueOf(Float.intBitsToFloat((int) read(data, pos, 4, f.little))));
                    pos += 4;
                }
                case 'd' -> {
                    values.add(LuaValue.valueOf(Double.longBitsToDouble(read(data, pos, 8, f.little))));
                    pos += 8;
                }
                case 'c' -> {
                    values.add(LuaValue.valueOf(java.util.Arrays.copyOfRange(data, pos, pos + size)));
                    pos += size;
                }
                case 's' -> {
                    int end = pos;
                    while (end < data.length && data[end] != 0) {
                        end++;
                    }
                    if (end >= data.length) {
                        throw new LuaError("unfinished string in data");
                    }
                    values.add(LuaValue.valueOf(java.util.Arrays.copyOfRange(data, pos, end)));
                    pos = end + 1;
                }
                default -> {
                }
            }
        }
        values.add(LuaValue.valueOf(pos + 1));
        return LuaValue.varargsOf(values.toArray(new LuaValue[0]));
    }

    private static long read(byte[] b, int pos, int size, boolean little) {
        long v = 0;
        for (int k = 0; k < size; k++) {
            int idx = little ? pos + size - 1 - k : pos + k;
            v = (v << 8) | (b[idx] & 0xff);
        }
        return v;
    }
}
