package dev.sabaody.kv.server.scripting;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * lua-cjson 2.1.0 as Redis bundles it: {@code cjson.encode}, {@code cjson.decode}, {@code cjson.null}.
 * Numbers are written as {@code %.14g} (its default precision); a table is an array when its keys
 * are exactly 1..n (holes allowed up to cjson's sparseness rule), an object otherwise, and an empty
 * table is {@code {}}; strings escape {@code "}, {@code \}, {@code /} and control characters.
 * An object's members come out in LuaJ's table order, which is not Lua 5.1's: a client that compares
 * the JSON text of a many-keyed object byte for byte will see the difference.
 */
final class CjsonLib {

    /** cjson.null: a light userdata NULL in C, one unique value here. */
    static final LuaValue NULL = new LuaUserdata(new Object());
    /** lua-cjson's defaults: encode_max_depth, decode_max_depth. */
    private static final int MAX_DEPTH = 1000;

    private CjsonLib() {
    }

    static LuaTable table() {
        LuaTable t = new LuaTable();
        t.rawset("null", NULL);
        t.rawset("encode", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) {
                    throw new LuaError("bad argument #1 to 'encode' (expected 1 argument)");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try {
                    encode(args.arg1(), out, 0);
                } catch (StackOverflowError e) {
                    // The thread's stack may end before lua_cjson's depth limit (two Java frames a
                    // level, their size up to the JIT): a value nested beyond the limit gets its error.
                    if (nestedBeyond(args.arg1(), MAX_DEPTH)) {
                        throw new LuaError("Cannot serialise, excessive nesting (" + (MAX_DEPTH + 1) + ")");
                    }
                    throw e;
                }
                return LuaValue.valueOf(out.toByteArray());
            }
        });
        t.rawset("decode", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                if (args.narg() != 1) {
                    throw new LuaError("bad argument #1 to 'decode' (expected 1 argument)");
                }
                byte[] json = LuaReplies.bytes(args.checkstring(1));
                Decoder d = new Decoder(json);
                LuaValue v = d.value(0);
                d.skipSpace();
                if (d.pos != json.length) {
                    throw d.error("the end");
                }
                return v;
            }
        });
        for (String setting : new String[] {"encode_sparse_array", "encode_max_depth", "decode_max_depth",
                "encode_number_precision", "encode_keep_buffer", "encode_invalid_numbers", "decode_invalid_numbers"}) {
            t.rawset(setting, new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    return args;
                }
            });
        }
        return t;
    }

    /** Whether {@code v} holds tables nested more than {@code limit} deep (a cycle is): no recursion. */
    private static boolean nestedBeyond(LuaValue v, int limit) {
        java.util.Map<LuaValue, Integer> deepest = new java.util.IdentityHashMap<>();
        java.util.ArrayDeque<LuaValue> tables = new java.util.ArrayDeque<>();
        java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
        if (v.istable()) {
            tables.push(v);
            depths.push(1);
        }
        while (!tables.isEmpty()) {
            LuaValue t = tables.pop();
            int d = depths.pop();
            if (d > limit) {
                return true;
            }
            Integer seen = deepest.get(t);
            if (seen != null && seen >= d) {
                continue;
            }
            deepest.put(t, d);
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = t.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                if (n.arg(2).istable()) {
                    tables.push(n.arg(2));
                    depths.push(d + 1);
                }
            }
        }
        return false;
    }

    private static void encode(LuaValue v, ByteArrayOutputStream out, int depth) {
        switch (v.type()) {
            case LuaValue.TNIL -> out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
            case LuaValue.TBOOLEAN -> out.writeBytes((v.toboolean() ? "true" : "false").getBytes(StandardCharsets.US_ASCII));
            case LuaValue.TNUMBER -> {
                double d = v.todouble();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new LuaError("Cannot serialise number: must not be NaN or Inf");
                }
                out.writeBytes(LuaFormat.number14(d).getBytes(StandardCharsets.US_ASCII));
            }
            case LuaValue.TSTRING -> string(v.checkstring(), out);
            case LuaValue.TTABLE -> {
                if (depth >= MAX_DEPTH) {
                    throw new LuaError("Cannot serialise, excessive nesting (" + (depth + 1) + ")");
                }
                table((LuaTable) v, out, depth + 1);
            }
            default -> {
                if (v == NULL) {
                    out.writeBytes("null".getBytes(StandardCharsets.US_ASCII));
                } else {
                    throw new LuaError("Cannot serialise " + v.typename() + ": type not supported");
                }
            }
        }
    }

    private static void table(LuaTable t, ByteArrayOutputStream out, int depth) {
        int max = arrayLength(t);
        if (max > 0) {
            out.write('[');
            for (int i = 1; i <= max; i++) {
                if (i > 1) {
                    out.write(',');
                }
                encode(t.rawget(i), out, depth);
            }
            out.write(']');
            return;
        }
        out.write('{');
        boolean first = true;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            if (!first) {
                out.write(',');
            }
            first = false;
            if (k.type() == LuaValue.TSTRING) {
                string(k.checkstring(), out);
            } else if (k.type() == LuaValue.TNUMBER) {
                string(LuaValue.valueOf(LuaFormat.number14(k.todouble())), out);
            } else {
                throw new LuaError("Cannot serialise " + k.typename() + ": table key must be a number or string");
            }
            out.write(':');
            encode(n.arg(2), out, depth);
        }
        out.write('}');
    }

    /**
     * lua_array_length: the largest key when every key is a positive integer, -1 (an object) otherwise;
     * 0 for an empty table. Too sparse an array (max > 10 and more than half holes... cjson's rule:
     * max > items * 2 with max > 10) is an error, as with cjson's default settings.
     */
    private static int arrayLength(LuaTable t) {
        int max = 0;
        int items = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            if ((k = n.arg1()).isnil()) {
                break;
            }
            if (k.type() == LuaValue.TNUMBER) {
                double d = k.todouble();
                if (d == Math.floor(d) && d >= 1) {
                    max = Math.max(max, (int) d);
                    items++;
                    continue;
                }
            }
            return -1;
        }
        if (max > 10 && max > items * 2) {
            throw new LuaError("Cannot serialise table: excessively sparse array");
        }
        return max;
    }

    private static void string(LuaString s, ByteArrayOutputStream out) {
        out.write('"');
        for (int i = 0; i < s.rawlen(); i++) {
            int c = s.luaByte(i);
            switch (c) {
                case '"' -> out.writeBytes(new byte[] {'\\', '"'});
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '/' -> out.writeBytes(new byte[] {'\\', '/'});
                case '\b' -> out.writeBytes(new byte[] {'\\', 'b'});
                case '\f' -> out.writeBytes(new byte[] {'\\', 'f'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.writeBytes(String.format("\\u%04x", c).getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(c);
                    }
                }
            }
        }
        out.write('"');
    }

    /** A recursive-descent JSON reader with lua-cjson's error texts for the common mistakes. */
    private static final class Decoder {
        final byte[] b;
        int pos;

        Decoder(byte[] b) {
            this.b = b;
        }

        void skipSpace() {
            while (pos < b.length && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) {
                pos++;
            }
        }

        /** json_throw_parse_error: what was expected, and the token found there by lua_cjson's name. */
        LuaError error(String expected) {
            return found(expected, token(), pos);
        }

        static LuaError found(String expected, String token, int at) {
            return new LuaError("Expected " + expected + " but found " + token + " at character " + (at + 1));
        }

        /** The name of the token at {@link #pos} (json_token_type_name), or the tokenizer's error. */
        private String token() {
            if (pos >= b.length) {
                return "T_END";
            }
            return switch (b[pos]) {
                case '{' -> "T_OBJ_BEGIN";
                case '}' -> "T_OBJ_END";
                case '[' -> "T_ARR_BEGIN";
                case ']' -> "T_ARR_END";
                case ':' -> "T_COLON";
                case ',' -> "T_COMMA";
                case '"' -> "T_STRING";
                default -> {
                    int save = pos;
                    String name = match("true") || match("false") ? "T_BOOLEAN" : match("null") ? "T_NULL"
                            : numberStart() && LuaNumbers.strtod(b, pos).end() > pos ? "T_NUMBER" : "invalid token";
                    pos = save;
                    yield name;
                }
            };
        }

        /** Where lua_cjson reads a number (strtod, invalid numbers allowed): a digit, '-', hex, inf, nan. */
        private boolean numberStart() {
            byte c = b[pos];
            if (c == '-' || (c >= '0' && c <= '9')) {
                return true;
            }
            int save = pos;
            boolean special = match("inf") || match("Inf") || match("INF") || match("nan") || match("NaN") || match("NAN");
            pos = save;
            return special;
        }

        LuaValue value(int depth) {
            skipSpace();
            if (pos >= b.length) {
                throw error("value");
            }
            if (depth >= MAX_DEPTH) {
                throw new LuaError("Found too many nested data structures (" + (depth + 1) + ") at character " + (pos + 1));
            }
            byte c = b[pos];
            if (c == '{') {
                pos++;
                LuaTable t = new LuaTable();
                skipSpace();
                if (pos < b.length && b[pos] == '}') {
                    pos++;
                    return t;
                }
                while (true) {
                    skipSpace();
                    if (pos >= b.length || b[pos] != '"') {
                        throw error("object key string");
                    }
                    LuaValue k = str();
                    skipSpace();
                    if (pos >= b.length || b[pos] != ':') {
                        throw error("colon");
                    }
                    pos++;
                    t.rawset(k, value(depth + 1));
                    skipSpace();
                    if (pos < b.length && b[pos] == ',') {
                        pos++;
                        continue;
                    }
                    if (pos < b.length && b[pos] == '}') {
                        pos++;
                        return t;
                    }
                    throw error("comma or object end");
                }
            }
            if (c == '[') {
                pos++;
                LuaTable t = new LuaTable();
                skipSpace();
                if (pos < b.length && b[pos] == ']') {
                    pos++;
                    return t;
                }
                int i = 1;
                while (true) {
                    t.rawset(i++, value(depth + 1));
                    skipSpace();
                    if (pos < b.length && b[pos] == ',') {
                        pos++;
                        continue;
                    }
                    if (pos < b.length && b[pos] == ']') {
                        pos++;
                        return t;
                    }
                    throw error("comma or array end");
                }
            }
            if (c == '"') {
                return str();
            }
            if (match("true")) {
                return LuaValue.TRUE;
            }
            if (match("false")) {
                return LuaValue.FALSE;
            }
            if (match("null")) {
                return NULL;
            }
            if (!numberStart()) {
                throw error("value");
            }
            LuaNumbers.Read n = LuaNumbers.strtod(b, pos); // fpconv_strtod: hex, inf and nan too
            if (n.end() == pos) {
                throw found("value", "invalid number", pos);
            }
            pos = n.end();
            return LuaValue.valueOf(n.value());
        }

        /** The four hex digits at {@code at}, or -1. */
        private int hex4(int at) {
            if (at + 4 > b.length) {
                return -1;
            }
            int v = 0;
            for (int i = at; i < at + 4; i++) {
                int d = Character.digit(b[i], 16);
                if (d < 0) {
                    return -1;
                }
                v = v * 16 + d;
            }
            return v;
        }

        private boolean match(String word) {
            if (pos + word.length() > b.length) {
                return false;
            }
            for (int i = 0; i < word.length(); i++) {
                if (b[pos + i] != word.charAt(i)) {
                    return false;
                }
            }
            pos += word.length();
            return true;
        }

        private LuaValue str() {
            pos++;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                if (pos >= b.length) {
                    throw new LuaError("Expected value but found unexpected end of string at character " + (b.length + 1));
                }
                byte c = b[pos++];
                if (c == '"') {
                    return LuaValue.valueOf(out.toByteArray());
                }
                if (c != '\\') {
                    out.write(c);
                    continue;
                }
                if (pos >= b.length) {
                    continue;
                }
                int backslash = pos - 1;
                byte e = b[pos++];
                switch (e) {
                    case 'b' -> out.write('\b');
                    case 'f' -> out.write('\f');
                    case 'n' -> out.write('\n');
                    case 'r' -> out.write('\r');
                    case 't' -> out.write('\t');
                    case 'u' -> {
                        int cp = hex4(pos);
                        if (cp < 0) {
                            throw found("value", "invalid unicode escape code", backslash);
                        }
                        pos += 4;
                        if (cp >= 0xD800 && cp < 0xDC00 && pos + 6 <= b.length && b[pos] == '\\' && b[pos + 1] == 'u'
                                && hex4(pos + 2) >= 0xDC00 && hex4(pos + 2) < 0xE000) {
                            int low = hex4(pos + 2);
                            pos += 6;
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                        } else if (cp >= 0xD800 && cp < 0xE000) {
                            throw found("value", "invalid unicode escape code", backslash);
                        }
                        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    }
                    case '"', '\\', '/' -> out.write(e);
                    default -> throw found("value", "invalid escape code", backslash);
                }
            }
        }
    }
}
