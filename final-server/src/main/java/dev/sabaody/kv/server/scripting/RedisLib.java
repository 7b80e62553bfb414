package dev.sabaody.kv.server.scripting;

import dev.sabaody.kv.blocking.Log;
import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code redis} table scripts see (script_lua.c luaRegisterRedisAPI): call and pcall, the reply
 * helpers, sha1hex, log, setresp, set_repl, and the constants. Each engine gets its own table, whose
 * functions act on the script that engine runs now.
 */
final class RedisLib {

    /** REDIS_VERSION_NUM: 0x00MMmmpp of 7.0.15. */
    static final int REDIS_VERSION_NUM = 0x07000F;
    /** PROPAGATE_AOF | PROPAGATE_REPL (server.h): what set_repl accepts. */
    static final int REPL_NONE = 0;
    static final int REPL_AOF = 1;
    static final int REPL_REPLICA = 2;
    static final int REPL_ALL = 3;

    private final String version;

    RedisLib(String version) {
        this.version = version;
    }

    LuaTable table(LuaEngine engine) {
        LuaTable t = new LuaTable();
        t.rawset("call", fn(args -> run(engine).call(args, true)));
        t.rawset("pcall", fn(args -> run(engine).call(args, false)));
        t.rawset("acl_check_cmd", fn(args -> run(engine).aclCheck(args)));
        t.rawset("error_reply", fn(args -> {
            if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                return pushError("wrong number or type of arguments");
            }
            String text = LuaReplies.latin1(args.arg1());
            if (engine != null && engine.debugger != null) {
                engine.debugger.logError(text.startsWith("-") ? text : "-" + text); // luaPushErrorBuff logs it
            }
            return pushError(text.startsWith("-") ? text : "-" + text);
        }));
        t.rawset("status_reply", fn(args -> {
            if (args.narg() != 1 || args.arg1().type() != LuaValue.TSTRING) {
                return pushError("wrong number or type of arguments");
            }
            return LuaReplies.single("ok", args.arg1());
        }));
        t.rawset("sha1hex", fn(args -> {
            if (args.narg() != 1) {
                throw new LuaError(pushError("wrong number of arguments"));
            }
            // lua_tolstring: a string or a number; anything else is NULL, hashed as "" (luaRedisSha1hexCommand)
            LuaValue v = args.arg1();
            return LuaValue.valueOf(Scripting.sha1hex(v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER
                    ? LuaReplies.bytes(LuaFormat.tostring(v)) : new byte[0]));
        }));
        t.rawset("log", fn(args -> {
            if (args.narg() < 2) {
                throw new LuaError(pushError("redis.log() requires two arguments or more."));
            }
            if (args.arg1().type() != LuaValue.TNUMBER) {
                throw new LuaError(pushError("First argument must be a number (log level)."));
            }
            int level = args.arg1().toint();
            if (level < 0 || level > 3) {
                throw new LuaError(pushError("Invalid debug level."));
            }
            StringBuilder text = new StringBuilder();
            for (int i = 2; i <= args.narg(); i++) {
                if (i > 2) {
                    text.append(' ');
                }
                text.append(LuaFormat.tostring(args.arg(i)).tojstring());
            }
            if (level == 3) {
                Log.warn("%s", text);
            } else {
                Log.info("%s", text);
            }
            return LuaValue.NONE;
        }));
        t.rawset("setresp", fn(args -> {
            if (args.narg() != 1) {
                throw new LuaError(pushError("redis.setresp() requires one argument."));
            }
            LuaValue n = args.arg1().tonumber(); // lua_tonumber: 0 for what is not a number
            int resp = n.isnil() ? 0 : n.toint();
            if (resp != 2 && resp != 3) {
                throw new LuaError(pushError("RESP version must be 2 or 3."));
            }
            run(engine).resp = resp;
            return LuaValue.NONE;
        }));
        t.rawset("set_repl", fn(args -> {
            if (args.narg() != 1) {
                throw new LuaError(pushError("redis.set_repl() requires two arguments.")); // sic, Redis 7.0's text
            }
            LuaValue n = args.arg1().tonumber();
            int flags = n.isnil() ? 0 : n.toint();
            if ((flags & ~REPL_ALL) != 0) {
                throw new LuaError(pushError("Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE."));
            }
            return LuaValue.NONE;
        }));
        t.rawset("replicate_commands", fn(args -> LuaValue.TRUE));
        t.rawset("breakpoint", fn(args -> LuaDebugger.breakpoint(engine)));
        t.rawset("debug", fn(args -> LuaDebugger.debug(engine, args)));
        t.rawset("LOG_DEBUG", 0);
        t.rawset("LOG_VERBOSE", 1);
        t.rawset("LOG_NOTICE", 2);
        t.rawset("LOG_WARNING", 3);
        t.rawset("REPL_NONE", REPL_NONE);
        t.rawset("REPL_AOF", REPL_AOF);
        t.rawset("REPL_SLAVE", REPL_REPLICA);
        t.rawset("REPL_REPLICA", REPL_REPLICA);
        t.rawset("REPL_ALL", REPL_ALL);
        t.rawset("REDIS_VERSION", LuaValue.valueOf(version));
        t.rawset("REDIS_VERSION_NUM", REDIS_VERSION_NUM);
        return t;
    }

    /** The {@code redis} table a library's code sees while FUNCTION LOAD runs it (luaRegisterFunctionsAPI). */
    LuaTable loadTable(VarArgFunction registerFunction) {
        LuaTable t = new LuaTable();
        LuaTable full = table(null);
        for (String name : new String[] {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING",
                "REDIS_VERSION", "REDIS_VERSION_NUM", "sha1hex", "error_reply", "status_reply"}) {
            t.rawset(name, full.rawget(name));
        }
        t.rawset("register_function", registerFunction);
        return t;
    }

    private static ScriptRun run(LuaEngine engine) {
        ScriptRun run = engine == null ? null : engine.current;
        if (run == null) {
            throw new LuaError("redis.call is not allowed here");
        }
        return run;
    }

    /**
     * luaPushError / luaPushErrorBuff: {err='ERR msg'} for a plain message; a "-CODE msg" text keeps
     * its code, and one without a space gets "ERR" ("-x" → "ERR x").
     */
    static LuaTable pushError(String message) {
        String text;
        if (message.startsWith("-")) {
            int space = message.indexOf(' ');
            text = space < 0 ? "ERR " + message.substring(1) : message.substring(1);
        } else {
            text = "ERR " + message;
        }
        while (text.endsWith("\r") || text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return LuaReplies.single("err", LuaValue.valueOf(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private interface Body {
        Varargs invoke(Varargs args);
    }

    private static VarArgFunction fn(Body body) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return body.invoke(args);
            }
        };
    }
}
