package dev.sabaody.kv.server.scripting;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * How the Lua debugger shows things (eval.c): a Lua value as ldbCatStackValue writes it, a command's
 * RESP reply as ldbRedisProtocolToHuman does, a string as sdscatrepr quotes it. Text here is Latin-1:
 * one char per byte, as the log lines go out.
 */
final class LdbFormat {

    /** LDB_MAX_VALUES_DEPTH (eval.c): LUA_MINSTACK/2, how deep nested tables are shown. */
    static final int LDB_MAX_VALUES_DEPTH = 10;

    private LdbFormat() {
    }

    /** ldbCatStackValue: a Lua value, tables in full ({@code {1; 2}}, {@code {["k"]=1}}). */
    static void value(StringBuilder s, LuaValue v) {
        value(s, v, 0);
    }

    private static void value(StringBuilder s, LuaValue v, int level) {
        if (level++ == LDB_MAX_VALUES_DEPTH) {
            s.append("<max recursion level reached! Nested table?>");
            return;
        }
        switch (v.type()) {
            case LuaValue.TSTRING -> repr(s, LuaReplies.bytes(v), 0, LuaReplies.bytes(v).length);
            case LuaValue.TBOOLEAN -> s.append(v.toboolean() ? "true" : "false");
            case LuaValue.TNUMBER -> s.append(LuaFormat.formatG(v.todouble(), 6, false)); // "%g"
            case LuaValue.TNIL -> s.append("nil");
            case LuaValue.TTABLE -> table(s, (LuaTable) v, level);
            case LuaValue.TFUNCTION, LuaValue.TUSERDATA, LuaValue.TTHREAD, LuaValue.TLIGHTUSERDATA ->
                    // "%p" of the object in Redis: an address, so never the same twice; an identity here
                    s.append('"').append(v.typename()).append("@0x")
                            .append(Integer.toHexString(System.identityHashCode(v))).append('"');
            default -> s.append("\"<unknown-lua-type>\"");
        }
    }

    /**
     * Both forms at once, as Redis builds them: the array one ({@code 1; 2}) if the keys met in
     * iteration order are 1, 2, 3..., else the full one ({@code [k]=v; ...}).
     */
    private static void table(StringBuilder s, LuaTable t, int level) {
        StringBuilder array = new StringBuilder();
        StringBuilder full = new StringBuilder();
        boolean isArray = true;
        int expected = 1;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                break;
            }
            LuaValue v = n.arg(2);
            if (isArray && (k.type() != LuaValue.TNUMBER || k.todouble() != expected)) {
                isArray = false;
            }
            value(array, v, level);
            array.append("; ");
            full.append('[');
            value(full, k, level);
            full.append("]=");
            value(full, v, level);
            full.append("; ");
            expected++;
        }
        StringBuilder chosen = isArray ? array : full;
        if (!chosen.isEmpty()) {
            chosen.setLength(chosen.length() - 2);
        }
        s.append('{').append(chosen).append('}');
    }

    /** sdscatrepr: quoted, with C escapes for quotes, backslash and controls, \xHH for other unprintables. */
    static void repr(StringBuilder s, byte[] b, int from, int to) {
        s.append('"');
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            switch (c) {
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case 7 -> s.append("\\a");
                case '\b' -> s.append("\\b");
                default -> {
                    if (c >= 0x20 && c <= 0x7e) { // isprint in the C locale
                        s.append((char) c);
                    } else {
                        s.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    }
                }
            }
        }
        s.append('"');
    }

    /**
     * ldbRedisProtocolToHuman: a reply in RESP2 or RESP3 as the debugger logs it ({@code "+OK"},
     * {@code ["a","1"]}, {@code 2}, {@code NULL}, {@code {k => v}}, {@code ~(a)}, {@code #true},
     * {@code (double) 1.5}, {@code (null)}). Returns the index after the reply at {@code at}.
     */
    static int reply(StringBuilder s, byte[] r, int at) {
        if (at >= r.length) {
            return at;
        }
        int cr = lineEnd(r, at);
        String head = new String(r, at + 1, cr - at - 1, java.nio.charset.StandardCharsets.ISO_8859_1);
        int next = cr + 2;
        switch (r[at]) {
            case ':' -> {
                s.append(head);
                return next;
            }
            case '$' -> {
                int len = Integer.parseInt(head);
                if (len == -1) {
                    s.append("NULL");
                    return next;
                }
                repr(s, r, next, next + len);
                return next + len + 2;
            }
            case '+', '-' -> {
                repr(s, r, at, cr);
                return next;
            }
            case '*' -> {
                int n = Integer.parseInt(head);
                if (n == -1) {
                    s.append("NULL");
                    return next;
                }
                s.append('[');
                next = items(s, r, next, n, ",");
                s.append(']');
                return next;
            }
            case '~' -> {
                s.append("~(");
                next = items(s, r, next, Integer.parseInt(head), ",");
                s.append(')');
                return next;
            }
            case '%' -> {
                int n = Integer.parseInt(head);
                s.append('{');
                for (int j = 0; j < n; j++) {
                    next = reply(s, r, next);
                    s.append(" => ");
                    next = reply(s, r, next);
                    if (j != n - 1) {
                        s.append(',');
                    }
                }
                s.append('}');
                return next;
            }
            case '_' -> {
                s.append("(null)");
                return next;
            }
            case '#' -> {
                s.append(r[at + 1] == 't' ? "#true" : "#false");
                return next;
            }
            case ',' -> {
                s.append("(double) ").append(head);
                return next;
            }
            default -> {
                return r.length; // a type Redis's debugger does not show (it would show nothing either)
            }
        }
    }

    private static int items(StringBuilder s, byte[] r, int at, int n, String separator) {
        for (int j = 0; j < n; j++) {
            at = reply(s, r, at);
            if (j != n - 1) {
                s.append(separator);
            }
        }
        return at;
    }

    private static int lineEnd(byte[] r, int at) {
        int i = at + 1;
        while (i < r.length && r[i] != '\r') {
            i++;
        }
        return i;
    }
}
