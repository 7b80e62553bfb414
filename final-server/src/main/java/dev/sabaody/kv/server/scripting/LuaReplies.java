package dev.sabaody.kv.server.scripting;

import dev.sabaody.kv.resp.RespEncoder;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The two conversions of script_lua.c, both ways between RESP and Lua.
 *
 * <pre>
 *   RESP → Lua (a redis.call reply)          Lua → RESP (what a script returns)
 *   :n            number                     number        integer, truncated ((long long) in C)
 *   $str          string                     string        bulk string
 *   $-1, *-1      false                      true          :1 (RESP3 script: #t)
 *   *n            table 1..n                 false, nil    null (RESP3 script: false → #f)
 *   +OK           {ok='OK'}                  {ok=s}        +s
 *   -ERR x        {err='ERR x'}              {err=s}       -s
 *   RESP3 %       {map={k=v}}                {map=t}       map (RESP3 script) / flat array
 *   RESP3 ~       {set={k=true}}             {set=t}       set
 *   RESP3 ,       {double=n}                 {double=n}    double
 *   RESP3 #t/#f   true/false                 {big_number=s} big number
 *   RESP3 _       nil                        table         array up to its first nil
 *   RESP3 (       {big_number='...'}
 * </pre>
 *
 * A reply is parsed from the bytes a command wrote, as Redis parses its fake client's buffer: the
 * command does not know it runs inside a script.
 */
final class LuaReplies {

    private LuaReplies() {
    }

    // ---------------------------------------------------------------- RESP → Lua

    /** Parses one reply starting at {@code pos[0]} of {@code b}; advances {@code pos[0]} past it. */
    static LuaValue toLua(byte[] b, int[] pos) {
        int p = pos[0];
        byte type = b[p];
        int eol = lineEnd(b, p);
        pos[0] = eol + 2;
        switch (type) {
            case ':':
                return LuaValue.valueOf((double) Long.parseLong(ascii(b, p + 1, eol)));
            case '$': {
                long len = Long.parseLong(ascii(b, p + 1, eol));
                if (len < 0) {
                    return LuaValue.FALSE;
                }
                byte[] s = java.util.Arrays.copyOfRange(b, eol + 2, eol + 2 + (int) len);
                pos[0] = eol + 2 + (int) len + 2;
                return LuaString.valueUsing(s);
            }
            case '+':
                return single("ok", LuaString.valueUsing(java.util.Arrays.copyOfRange(b, p + 1, eol)));
            case '-':
                return single("err", LuaString.valueUsing(java.util.Arrays.copyOfRange(b, p + 1, eol)));
            case '*':
            case '>': {
                long n = Long.parseLong(ascii(b, p + 1, eol));
                if (n < 0) {
                    return LuaValue.FALSE;
                }
                LuaTable t = new LuaTable((int) n, 0);
                for (int i = 1; i <= n; i++) {
                    t.rawset(i, toLua(b, pos));
                }
                return t;
            }
            case '%': {
                long n = Long.parseLong(ascii(b, p + 1, eol));
                LuaTable m = new LuaTable();
                for (int i = 0; i < n; i++) {
                    LuaValue k = toLua(b, pos);
                    m.rawset(k, toLua(b, pos));
                }
                return single("map", m);
            }
            case '~': {
                long n = Long.parseLong(ascii(b, p + 1, eol));
                LuaTable s = new LuaTable();
                for (int i = 0; i < n; i++) {
                    s.rawset(toLua(b, pos), LuaValue.TRUE);
                }
                return single("set", s);
            }
            case '_':
                return LuaValue.NIL;
            case '#':
                return LuaValue.valueOf(b[p + 1] == 't');
            case ',': {
                String d = ascii(b, p + 1, eol);
                double v = switch (d) {
                    case "inf" -> Double.POSITIVE_INFINITY;
                    case "-inf" -> Double.NEGATIVE_INFINITY;
                    case "nan" -> Double.NaN;
                    default -> Double.parseDouble(d);
                };
                return single("double", LuaValue.valueOf(v));
            }
            case '(':
                return single("big_number", LuaValue.valueOf(ascii(b, p + 1, eol)));
            case '=': {
                long len = Long.parseLong(ascii(b, p + 1, eol));
                int start = eol + 2;
                pos[0] = start + (int) len + 2;
                LuaTable v = new LuaTable();
                v.rawset("format", LuaString.valueUsing(java.util.Arrays.copyOfRange(b, start, start + 3)));
                v.rawset("string", LuaString.valueUsing(java.util.Arrays.copyOfRange(b, start + 4, start + (int) len)));
                return single("verbatim_string", v);
            }
            case '|': {
                long n = Long.parseLong(ascii(b, p + 1, eol));
                for (int i = 0; i < 2 * n; i++) {
                    toLua(b, pos); // attributes are skipped, as Redis does
                }
                return toLua(b, pos);
            }
            default:
                throw new IllegalStateException("unexpected reply type " + (char) type);
        }
    }

    static LuaTable single(String field, LuaValue value) {
        LuaTable t = new LuaTable();
        t.rawset(field, value);
        return t;
    }

    private static int lineEnd(byte[] b, int from) {
        int i = from;
        while (b[i] != '\r') {
            i++;
        }
        return i;
    }

    private static String ascii(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- Lua → RESP

    /**
     * Writes {@code v} as a reply (luaReplyToRedisReply). {@code scriptResp} is the protocol the script
     * chose with redis.setresp: it decides how booleans come out; the encoder writes in the caller's.
     */
    static void toResp(LuaValue v, RespEncoder out, int scriptResp) {
        switch (v.type()) {
            case LuaValue.TSTRING -> out.bulk(bytes(v));
            case LuaValue.TBOOLEAN -> {
                if (scriptResp == 2) {
                    if (v.toboolean()) {
                        out.integer(1);
                    } else {
                        out.nullBulk();
                    }
                } else {
                    out.bool(v.toboolean());
                }
            }
            case LuaValue.TNUMBER -> out.integer(toLongLong(v.todouble()));
            case LuaValue.TTABLE -> table((LuaTable) v, out, scriptResp);
            default -> out.nullBulk();
        }
    }

    private static void table(LuaTable t, RespEncoder out, int scriptResp) {
        LuaValue err = t.rawget("err");
        if (err.type() == LuaValue.TSTRING) {
            out.error("-" + latin1(err));
            return;
        }
        LuaValue ok = t.rawget("ok");
        if (ok.type() == LuaValue.TSTRING) {
            out.simpleString(latin1(ok).replace('\r', ' ').replace('\n', ' '));
            return;
        }
        LuaValue dbl = t.rawget("double");
        if (dbl.type() == LuaValue.TNUMBER) {
            out.doubleValue(dbl.todouble());
            return;
        }
        LuaValue big = t.rawget("big_number");
        if (big.type() == LuaValue.TSTRING) {
            out.bigNumber(latin1(big).replace('\r', ' ').replace('\n', ' '));
            return;
        }
        LuaValue map = t.rawget("map");
        if (map.istable()) {
            out.mapHeader(count((LuaTable) map));
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = map.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                toResp(k, out, scriptResp);
                toResp(n.arg(2), out, scriptResp);
            }
            return;
        }
        LuaValue set = t.rawget("set");
        if (set.istable()) {
            out.setHeader(count((LuaTable) set));
            LuaValue k = LuaValue.NIL;
            while (true) {
                Varargs n = set.next(k);
                if ((k = n.arg1()).isnil()) {
                    break;
                }
                toResp(k, out, scriptResp);
            }
            return;
        }
        int n = 0;
        while (!t.rawget(n + 1).isnil()) {
            n++;
        }
        out.arrayHeader(n);
        for (int i = 1; i <= n; i++) {
            toResp(t.rawget(i), out, scriptResp);
        }
    }

    private static int count(LuaTable t) {
        int n = 0;
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs next = t.next(k);
            if ((k = next.arg1()).isnil()) {
                return n;
            }
            n++;
        }
    }

    /** C's (long long) of a double on x86-64: out of range and NaN give LLONG_MIN ("integer indefinite"). */
    static long toLongLong(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) d;
    }

    static byte[] bytes(LuaValue v) {
        LuaString s = v.checkstring();
        byte[] b = new byte[s.rawlen()];
        s.copyInto(0, b, 0, b.length);
        return b;
    }

    static String latin1(LuaValue v) {
        return new String(bytes(v), StandardCharsets.ISO_8859_1);
    }
}
