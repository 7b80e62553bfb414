package dev.sabaody.kv.server.scripting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Numbers as text, the way Redis's Lua 5.1 (C printf) writes them. LuaJ writes a fraction through
 * Java's {@code Float.toString} ("3.3333333" for 10/3, where Lua says "3.3333333333333") and its
 * {@code string.format} ignores widths: scripts that build keys or replies from numbers would see
 * different bytes. Lua 5.1 converts a number to text with {@code LUA_NUMBER_FMT "%.14g"}; redis.call
 * sends a number argument as {@code "%.17g"} (script_lua.c, luaArgsToRedisArgv).
 */
final class LuaFormat {

    private LuaFormat() {
    }

    /** Lua 5.1's tostring: numbers as {@code %.14g}, the rest as LuaJ has them. */
    static LuaValue tostring(LuaValue v) {
        LuaValue meta = v.getmetatable();
        if (meta != null) {
            LuaValue h = meta.rawget("__tostring");
            if (!h.isnil()) {
                return h.call(v);
            }
        }
        if (v.type() == LuaValue.TNUMBER) {
            return LuaValue.valueOf(number14(v.todouble()));
        }
        return v.tostring().isnil() ? LuaValue.valueOf(v.tojstring()) : v.tostring();
    }

    /** {@code %.14g}: what Lua 5.1 makes of a number in tostring, string.format's %s and {@code ..}. */
    static String number14(double d) {
        return formatG(d, 14, false);
    }

    /** {@code %.17g}: a number argument of redis.call. */
    static String number17(double d) {
        return formatG(d, 17, false);
    }

    /** C's {@code %.<precision>g} (alternate form keeps trailing zeros). */
    static String formatG(double d, int precision, boolean alternate) {
        if (Double.isNaN(d)) {
            // C on x86 makes a negative NaN of 0/0 or inf-inf, printed "-nan"; Java's NaN has no sign.
            // Only a NaN read from text (tonumber("nan"), strtod) prints "nan" in Redis: LuaNumbers marks those.
            return Double.doubleToRawLongBits(d) == LuaNumbers.PARSED_NAN_BITS ? "nan" : "-nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (precision == 0) {
            precision = 1;
        }
        if (d == 0) {
            String zero = alternate ? "0." + "0".repeat(precision - 1) : "0";
            return (1 / d < 0 ? "-" : "") + zero;
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        String s;
        if (exponent < -4 || exponent >= precision) {
            s = formatE(d, precision - 1, alternate, false);
            if (!alternate) {
                int e = s.indexOf('e');
                s = stripZeros(s.substring(0, e)) + s.substring(e);
            }
            return s;
        }
        s = rounded.setScale(Math.max(0, precision - 1 - exponent), RoundingMode.HALF_EVEN).toPlainString();
        return alternate ? s : stripZeros(s);
    }

    /** C's {@code %.<precision>e}. */
    static String formatE(double d, int precision, boolean alternate, boolean upper) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String s = formatG(d, 1, false);
            return upper ? s.toUpperCase() : s;
        }
        String mantissa;
        int exponent;
        if (d == 0) {
            mantissa = (1 / d < 0 ? "-" : "") + (precision > 0 ? "0." + "0".repeat(precision) : "0");
            exponent = 0;
        } else {
            BigDecimal r = new BigDecimal(d).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            exponent = r.precision() - r.scale() - 1;
            mantissa = r.movePointLeft(exponent).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
        }
        if (alternate && precision == 0) {
            mantissa += ".";
        }
        String e = (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        return mantissa + (upper ? "E" : "e") + e;
    }

    private static String stripZeros(String s) {
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    static VarArgFunction formatFunction() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return format(args);
            }
        };
    }

    /** Lua 5.1's string.format (lstrlib.c str_format): C's conversions, one argument each. */
    static LuaValue format(Varargs args) {
        LuaString fmt = args.checkstring(1);
        byte[] f = new byte[fmt.rawlen()];
        fmt.copyInto(0, f, 0, f.length);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int arg = 1;
        int i = 0;
        while (i < f.length) {
            byte c = f[i++];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i < f.length && f[i] == '%') {
                out.write('%');
                i++;
                continue;
            }
            int start = i;
            while (i < f.length && "-+ #0".indexOf(f[i]) >= 0) {
                i++;
            }
            if (i - start > 5) {
                throw new LuaError("invalid format (repeated flags)");
            }
            String flags = new String(f, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1);
            int width = -1;
            int digits = 0;
            while (i < f.length && Character.isDigit(f[i])) {
                width = (width < 0 ? 0 : width * 10) + (f[i++] - '0');
                digits++;
            }
            int precision = -1;
            if (i < f.length && f[i] == '.') {
                i++;
                precision = 0;
                int pd = 0;
                while (i < f.length && Character.isDigit(f[i])) {
                    precision = precision * 10 + (f[i++] - '0');
                    pd++;
                }
                if (pd > 2) {
                    throw new LuaError("invalid format (width or precision too long)");
                }
            }
            if (digits > 2) {
                throw new LuaError("invalid format (width or precision too long)");
            }
            if (i >= f.length) {
                throw new LuaError("invalid option '%' to 'format'");
            }
            char conv = (char) f[i++];
            arg++;
            if (arg > args.narg()) {
                throw new LuaError("bad argument #" + arg + " to 'format' (no value)"); // str_format, before the option
            }
            String text;
            switch (conv) {
                case 'c' -> {
                    out.writeBytes(pad(String.valueOf((char) ((int) number(args, arg) & 0xff)), flags, width));
                    continue;
                }
                case 'd', 'i' -> text = integer(args, arg, flags, precision, 10, false, true);
                case 'u' -> text = integer(args, arg, flags, precision, 10, false, false);
                case 'o' -> text = integer(args, arg, flags, precision, 8, false, false);
                case 'x' -> text = integer(args, arg, flags, precision, 16, false, false);
                case 'X' -> text = integer(args, arg, flags, precision, 16, true, false);
                case 'e', 'E' -> text = sign(formatE(number(args, arg), precision < 0 ? 6 : precision,
                        flags.indexOf('#') >= 0, conv == 'E'), flags);
                case 'f' -> {
                    double d = number(args, arg);
                    text = Double.isNaN(d) || Double.isInfinite(d) ? formatG(d, 1, false)
                            : new BigDecimal(d).setScale(precision < 0 ? 6 : precision, RoundingMode.HALF_EVEN)
                                    .toPlainString();
                    if ((d < 0 || (d == 0 && 1 / d < 0)) && !text.startsWith("-")) { // printf keeps the sign of -0.000
                        text = "-" + text;
                    }
                    text = sign(text, flags);
                }
                case 'g', 'G' -> {
                    text = sign(formatG(number(args, arg), precision < 0 ? 6 : precision, flags.indexOf('#') >= 0),
                            flags);
                    if (conv == 'G') {
                        text = text.toUpperCase();
                    }
                }
                case 'q' -> {
                    LuaValue q = args.arg(arg); // a number as lua_tolstring writes it (%.14g), not LuaJ's text
                    out.writeBytes(quoted(q.type() == LuaValue.TNUMBER ? tostring(q).checkstring() : args.checkstring(arg)));
                    continue;
                }
                case 's' -> {
                    LuaValue v = args.arg(arg);
                    if (v.isnil() && args.narg() < arg) {
                        throw new LuaError("bad argument #" + arg + " to 'format' (string expected, got no value)");
                    }
                    LuaString s = v.type() == LuaValue.TNUMBER ? LuaValue.valueOf(number14(v.todouble()))
                            : args.checkstring(arg);
                    byte[] b = new byte[s.rawlen()];
                    s.copyInto(0, b, 0, b.length);
                    if (precision >= 0 && precision < b.length) {
                        b = java.util.Arrays.copyOf(b, precision);
                    }
                    out.writeBytes(pad(b, flags, width));
                    continue;
                }
                default -> throw new LuaError("invalid option '%" + conv + "' to 'format'");
            }
            out.writeBytes(padNumber(text, flags, width));
        }
        return LuaValue.valueOf(out.toByteArray());
    }

    /** luaL_checknumber of argument {@code arg}: a number, or a string that reads as one. */
    private static double number(Varargs args, int arg) {
        LuaValue v = args.arg(arg);
        if (!v.isnumber()) {
            throw new LuaError("bad argument #" + arg + " to 'format' (number expected, got "
                    + (arg > args.narg() ? "no value" : v.typename()) + ")");
        }
        return v.todouble();
    }

    private static String integer(Varargs args, int arg, String flags, int precision, int radix, boolean upper,
                                  boolean signed) {
        double d = number(args, arg);
        long v = LuaReplies.toLongLong(d); // C's (long long) cast: out of range is LLONG_MIN
        String digits;
        if (!signed && v < 0) {
            digits = Long.toUnsignedString(v, radix);
        } else {
            digits = Long.toString(Math.abs(v), radix);
            if (v == Long.MIN_VALUE) {
                digits = digits.substring(1);
            }
        }
        if (upper) {
            digits = digits.toUpperCase();
        }
        if (precision >= 0) {
            while (digits.length() < precision) {
                digits = "0" + digits;
            }
            if (precision == 0 && v == 0) {
                digits = "";
            }
        }
        if (flags.indexOf('#') >= 0 && v != 0) {
            digits = (radix == 16 ? (upper ? "0X" : "0x") : radix == 8 ? "0" : "") + digits;
        }
        String text = (signed && v < 0 ? "-" : "") + digits;
        return signed ? sign(text, flags) : text;
    }

    private static String sign(String text, String flags) {
        if (text.startsWith("-")) {
            return text;
        }
        if (flags.indexOf('+') >= 0) {
            return "+" + text;
        }
        return flags.indexOf(' ') >= 0 ? " " + text : text;
    }

    private static byte[] padNumber(String text, String flags, int width) {
        if (width <= text.length()) {
            return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        if (flags.indexOf('-') >= 0) {
            return pad(text, flags, width);
        }
        if (flags.indexOf('0') >= 0 && !text.endsWith("inf") && !text.endsWith("nan")) {
            int signLen = text.startsWith("-") || text.startsWith("+") || text.startsWith(" ") ? 1 : 0;
            if (text.startsWith("0x", signLen) || text.startsWith("0X", signLen)) {
                signLen += 2;
            }
            return (text.substring(0, signLen) + "0".repeat(width - text.length()) + text.substring(signLen))
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return pad(text, flags, width);
    }

    private static byte[] pad(String text, String flags, int width) {
        return pad(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), flags, width);
    }

    private static byte[] pad(byte[] b, String flags, int width) {
        if (width <= b.length) {
            return b;
        }
        byte[] out = new byte[width];
        java.util.Arrays.fill(out, (byte) ' ');
        System.arraycopy(b, 0, out, flags.indexOf('-') >= 0 ? 0 : width - b.length, b.length);
        return out;
    }

    /** {@code %q} as Lua 5.1 writes it (lstrlib.c addquoted). */
    private static byte[] quoted(LuaString s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write('"');
        for (int i = 0; i < s.rawlen(); i++) {
            int c = s.luaByte(i);
            switch (c) {
                case '"', '\\', '\n' -> {
                    out.write('\\');
                    out.write(c);
                }
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case 0 -> out.writeBytes(new byte[] {'\\', '0', '0', '0'});
                default -> out.write(c);
            }
        }
        out.write('"');
        return out.toByteArray();
    }
}
