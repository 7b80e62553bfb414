package dev.sabaody.kv.server.scripting;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.Connection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LocVars;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;

/**
 * Redis's Lua debugger (LDB, eval.c), one debugging session: what {@code redis-cli --ldb} talks to.
 *
 * <h2>How a session runs</h2>
 * After SCRIPT DEBUG YES or SYNC, the client's next EVAL runs with this debugger hooked into its
 * engine ({@link LuaEngine}'s instruction hook, which tells it each time the script reaches a new
 * line). It stops at the first line, and whenever it stops it sends what it has to say as one array
 * of status replies ({@code *2 +* Stopped at 1, stop reason = step over +-> 1   local a = 1}), then
 * reads the client's debugger commands from the socket itself, blocking the thread the script runs on,
 * until one lets the script go on (step, next, continue) or stops it (abort). Redis does exactly this:
 * its debugger does its own I/O on the client's socket from inside the Lua hook, the server waiting
 * meanwhile. At the end it sends {@code <endsession>}, then EVAL's reply goes out as usual and the
 * connection is closed ({@link EvalDebugging}).
 *
 * <h2>What it logs</h2>
 * While stepping, each redis.call is logged ({@code <redis> set k v}, {@code <reply> "+OK"},
 * {@code <error> ...}); redis.debug() logs {@code <debug> line N: ...} always; redis.breakpoint()
 * stops at the next line. Replies and values longer than maxlen (256 bytes at first) are cut, with
 * one {@code <hint>} the first time. The texts are Redis 7.0's, byte for byte.
 *
 * <h2>Lines</h2>
 * Redis compiles a script as the body of a function {@code f_<sha>} and Lua 5.1 fires its line
 * hook on entering a function, on a new line, and on a jump backwards (a loop); {@link #instruction}
 * does the same from LuaJ's per-instruction hook, per call frame. The one difference in line
 * numbers: the implicit return that ends a script is on its last line with a token in Redis (the
 * wrapper's), where LuaJ puts it on the chunk's very last line; it is mapped back.
 */
final class LuaDebugger {

    /** LDB_BREAKPOINTS_MAX (eval.c). */
    static final int LDB_BREAKPOINTS_MAX = 64;
    /** LDB_MAX_LEN_DEFAULT (eval.c): bytes of a logged reply or value before it is cut. */
    static final int LDB_MAX_LEN_DEFAULT = 256;
    /** luaLdbLineHook: without lua-time-limit, a run that does not stop for this long is stopped (ms). */
    static final long LDB_DEFAULT_TIME_LIMIT_MS = 5000;

    /** The engine's view of the Lua call frames, outermost first (a Java function's frame has no prototype). */
    interface Frames {
        int depth();

        Prototype proto(int level);

        LuaValue[] registers(int level);

        int pc(int level);
    }

    private final Connection.Direct io;
    private final LuaEngine engine;
    private final Clock clock;
    private final long timeLimitMs;
    /** ldb.src: the script's lines, trailing newlines cut. */
    private final String[] src;
    /** The script's main function, whose implicit last return gets {@link #lastTokenLine}. */
    private Prototype main;
    private final int lastTokenLine;
    private final List<String> logs = new ArrayList<>();
    private final int[] bp = new int[LDB_BREAKPOINTS_MAX];
    private int bpcount;
    /** Stop at the next line; also: redis.call is being logged (ldbIsEnabled). */
    private boolean step = true;
    /** redis.breakpoint() was called: stop at the next line. */
    private boolean luabp;
    private int currentline;
    private int maxlen = LDB_MAX_LEN_DEFAULT;
    private boolean maxlenHintSent;
    /** Where the debugger's commands come from. */
    private final LdbReader reader;
    /** The REPL runs Lua of its own (eval, redis): no stops in it. */
    private boolean inRepl;
    /** When the script last started running again: the timeout counts from there. */
    private long runningSinceNanos;

    LuaDebugger(Connection.Direct io, LuaEngine engine, byte[] body, Clock clock, long timeLimitMs) {
        this.io = io;
        this.engine = engine;
        this.clock = clock;
        this.timeLimitMs = timeLimitMs > 0 ? timeLimitMs : LDB_DEFAULT_TIME_LIMIT_MS;
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        this.src = end == 0 ? new String[0] : text.substring(0, end).split("\n", -1);
        int last = src.length;
        while (last > 1 && src[last - 1].isBlank()) {
            last--;
        }
        this.lastTokenLine = last;
        this.runningSinceNanos = clock.nanoTime();
        this.reader = new LdbReader(io, engine);
    }

    /** SCRIPT DEBUG YES: what puts the script's writes back at the end. */
    private LdbUndo undo;

    void undo(LdbUndo undo) {
        this.undo = undo;
    }

    /** Before a write command of the script: its keys saved (YES); the error if it cannot be undone. */
    String beforeWrite(dev.sabaody.kv.resp.CommandSpec<dev.sabaody.kv.data.Db> spec, dev.sabaody.kv.resp.Argv argv, int db) {
        return undo == null ? null : undo.beforeWrite(spec, argv, db);
    }

    /** The end of a YES session: the keys written put back. */
    void restore() {
        if (undo != null) {
            undo.restore();
        }
    }

    // ---------------------------------------------------------------- the hooks

    /**
     * Each instruction of a Lua function: a line event when the frame enters the function
     * ({@code oldPc < 0}), jumps backwards, or reaches another line (Lua 5.1's luaG_traceexec).
     */
    void instruction(Frames frames, Prototype p, int pc, int oldPc) {
        if (inRepl || p.lineinfo == null || !isUserScript(p)) {
            return; // ldb_eval code, or the REPL's own work: "events outside our script are not interesting"
        }
        if (main == null) {
            main = p; // the first Lua function to run in the session is the script's
        }
        int line = line(p, pc);
        if (oldPc >= 0 && pc > oldPc && line == line(p, oldPc)) {
            return;
        }
        currentline = line;
        boolean bpHere = isBreakpoint(line) || luabp;
        if (step || bpHere) {
            stop(frames, bpHere ? (luabp ? "redis.breakpoint() called" : "break point") : "step over", false);
        }
    }

    /**
     * The count hook (every {@link LuaEngine#HOOK_INSTRUCTIONS}): a script left running for the
     * time limit without stopping is stopped, in case it loops forever (luaLdbLineHook's timeout).
     */
    void count(Frames frames) {
        if (inRepl || step || luabp || isBreakpoint(currentline)) {
            return;
        }
        if ((clock.nanoTime() - runningSinceNanos) / 1_000_000 >= timeLimitMs) {
            stop(frames, "timeout reached, infinite loop?", true);
        }
    }

    private int line(Prototype p, int pc) {
        if (p == main && pc == p.code.length - 1 && Lua.GET_OPCODE(p.code[pc]) == Lua.OP_RETURN) {
            return lastTokenLine;
        }
        return pc < p.lineinfo.length ? p.lineinfo[pc] : 0;
    }

    private static boolean isUserScript(Prototype p) {
        return p.source != null && p.source.tojstring().contains("user_script");
    }

    private void stop(Frames frames, String reason, boolean timeout) {
        step = false;
        luabp = false;
        log("* Stopped at " + currentline + ", stop reason = " + reason);
        logSourceLine(currentline);
        sendLogs();
        if (!repl(frames) && timeout) {
            // the client went away while a runaway script was stopped: end it rather than run forever
            throw new LuaError("timeout during Lua debugging with client closing connection", 0);
        }
        runningSinceNanos = clock.nanoTime();
    }

    // ---------------------------------------------------------------- what scripts and redis.call log

    /** ldbIsEnabled: redis.call's commands, replies and errors are logged now (stepping). */
    boolean logging() {
        return step;
    }

    /** {@code <redis> cmd args...}: ten arguments at most, then how many more (Redis's count, one short). */
    void logCommand(dev.sabaody.kv.resp.Argv argv) {
        StringBuilder s = new StringBuilder("<redis>");
        for (int j = 0; j < argv.argc(); j++) {
            if (j == 10) {
                s.append(" ... (").append(argv.argc() - j - 1).append(" more)");
                break;
            }
            s.append(' ').append(new String(argv.copy(j), StandardCharsets.ISO_8859_1));
        }
        log(s.toString());
    }

    /** {@code <reply> ...}: the command's reply made readable, cut at maxlen. */
    void logReply(byte[] reply) {
        StringBuilder s = new StringBuilder("<reply> ");
        LdbFormat.reply(s, reply, 0);
        logWithMaxLen(s.toString());
    }

    /** {@code <error> ...}: what luaPushError logs of an error it raises while stepping. */
    void logError(String text) {
        if (step) {
            log("<error> " + text);
        }
    }

    /** redis.debug(...): {@code <debug> line N: v1, v2}, whether stepping or not. */
    void debug(Varargs args) {
        StringBuilder s = new StringBuilder("<debug> line ").append(currentline).append(": ");
        for (int i = 1; i <= args.narg(); i++) {
            LdbFormat.value(s, args.arg(i));
            if (i != args.narg()) {
                s.append(", ");
            }
        }
        log(s.toString());
    }

    /** redis.breakpoint(): true and a stop at the next line while debugging, false otherwise. */
    static LuaValue breakpoint(LuaEngine engine) {
        LuaDebugger ldb = engine == null ? null : engine.debugger;
        if (ldb == null) {
            return LuaValue.FALSE;
        }
        ldb.luabp = true;
        return LuaValue.TRUE;
    }

    /** redis.debug(...): logged while debugging, nothing otherwise. */
    static Varargs debug(LuaEngine engine, Varargs args) {
        LuaDebugger ldb = engine == null ? null : engine.debugger;
        if (ldb != null) {
            ldb.debug(args);
        }
        return LuaValue.NONE;
    }

    /** The end: {@code <endsession>} and whatever was still to say. */
    void end() {
        log("<endsession>");
        sendLogs();
    }

    // ---------------------------------------------------------------- the log

    private void log(String entry) {
        logs.add(entry);
    }

    /** ldbLogWithMaxLen: cut past maxlen with " ...", and the first time say how to stop cutting. */
    private void logWithMaxLen(String entry) {
        boolean trimmed = false;
        if (maxlen != 0 && entry.length() > maxlen) {
            entry = entry.substring(0, maxlen) + " ...";
            trimmed = true;
        }
        log(entry);
        if (trimmed && !maxlenHintSent) {
            maxlenHintSent = true;
            log("<hint> The above reply was trimmed. Use 'maxlen 0' to disable trimming.");
        }
    }

    /** ldbSendLogs: the entries as an array of status replies, CR and LF made spaces. A write error is seen at the next read. */
    private void sendLogs() {
        StringBuilder s = new StringBuilder().append('*').append(logs.size()).append("\r\n");
        for (String entry : logs) {
            s.append('+').append(entry.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
        }
        logs.clear();
        try {
            io.write(ByteBuffer.wrap(s.toString().getBytes(StandardCharsets.ISO_8859_1)), 5000);
        } catch (IOException e) {
            // as Redis: the next read finds the connection gone
        }
    }

    private void logSourceLine(int line) {
        boolean bpHere = isBreakpoint(line);
        boolean current = currentline == line;
        String prefix = current && bpHere ? "->#" : current ? "-> " : bpHere ? "  #" : "   ";
        String number = Integer.toString(line);
        log(prefix + number + " ".repeat(Math.max(0, 3 - number.length())) + " " + sourceLine(line));
    }

    private String sourceLine(int line) {
        int idx = line - 1;
        return idx < 0 || idx >= src.length ? "<out of range source code line>" : src[idx];
    }

    // ---------------------------------------------------------------- the REPL

    /** ldbRepl: commands until one lets the script go on. False when the client has gone. */
    private boolean repl(Frames frames) {
        inRepl = true;
        try {
            while (true) {
                List<byte[]> argv = reader.next();
                if (argv == null) {
                    step = false; // the script runs on without anyone to stop for
                    bpcount = 0;
                    return false;
                }
                String cmd = LdbReader.text(argv.get(0));
                int nul = cmd.indexOf('\0');
                if (nul >= 0) {
                    cmd = cmd.substring(0, nul); // Redis compares it as a C string: "s\0x" is "s"
                }
                int argc = argv.size();
                if (is(cmd, "h", "help")) {
                    help();
                } else if (is(cmd, "s", "step") || is(cmd, "n", "next")) {
                    step = true;
                    return true;
                } else if (is(cmd, "c", "continue")) {
                    return true;
                } else if (is(cmd, "t", "trace")) {
                    LdbInspect.trace(this, frames);
                } else if (is(cmd, "m", "maxlen")) {
                    maxlen(argv);
                } else if (is(cmd, "b", "break")) {
                    breaks(argv);
                } else if (is(cmd, "e", "eval")) {
                    LdbInspect.eval(this, engine, argv);
                } else if (is(cmd, "a", "abort")) {
                    throw new LuaError("script aborted for user request", 0);
                } else if (argc > 1 && is(cmd, "r", "redis")) {
                    redis(argv);
                } else if (is(cmd, "p", "print")) {
                    if (argc == 2) {
                        LdbInspect.print(this, frames, LdbReader.text(argv.get(1)));
                    } else {
                        LdbInspect.printAll(this, frames);
                    }
                } else if (is(cmd, "l", "list")) {
                    int around = currentline;
                    int context = 5;
                    if (argc > 1) {
                        int num = LdbReader.atoi(LdbReader.text(argv.get(1)));
                        if (num > 0) {
                            around = num;
                        }
                    }
                    if (argc > 2) {
                        context = LdbReader.atoi(LdbReader.text(argv.get(2)));
                    }
                    list(around, context);
                } else if (is(cmd, "w", "whole")) {
                    list(1, 1000000);
                } else {
                    log("<error> Unknown Redis Lua debugger command or wrong number of arguments.");
                }
                sendLogs();
            }
        } finally {
            inRepl = false;
        }
    }

    private static boolean is(String cmd, String shortName, String name) {
        return cmd.equalsIgnoreCase(shortName) || cmd.equalsIgnoreCase(name);
    }


    // ---------------------------------------------------------------- the commands

    private void help() {
        for (String line : new String[] {
                "Redis Lua debugger help:",
                "[h]elp               Show this help.",
                "[s]tep               Run current line and stop again.",
                "[n]ext               Alias for step.",
                "[c]ontinue           Run till next breakpoint.",
                "[l]ist               List source code around current line.",
                "[l]ist [line]        List source code around [line].",
                "                     line = 0 means: current position.",
                "[l]ist [line] [ctx]  In this form [ctx] specifies how many lines",
                "                     to show before/after [line].",
                "[w]hole              List all source code. Alias for 'list 1 1000000'.",
                "[p]rint              Show all the local variables.",
                "[p]rint <var>        Show the value of the specified variable.",
                "                     Can also show global vars KEYS and ARGV.",
                "[b]reak              Show all breakpoints.",
                "[b]reak <line>       Add a breakpoint to the specified line.",
                "[b]reak -<line>      Remove breakpoint from the specified line.",
                "[b]reak 0            Remove all breakpoints.",
                "[t]race              Show a backtrace.",
                "[e]val <code>        Execute some Lua code (in a different callframe).",
                "[r]edis <cmd>        Execute a Redis command.",
                "[m]axlen [len]       Trim logged Redis replies and Lua var dumps to len.",
                "                     Specifying zero as <len> means unlimited.",
                "[a]bort              Stop the execution of the script. In sync",
                "                     mode dataset changes will be retained.",
                "",
                "Debugger functions you can call from Lua scripts:",
                "redis.debug()        Produce logs in the debugger console.",
                "redis.breakpoint()   Stop execution like if there was a breakpoint in the",
                "                     next line of code."}) {
            log(line);
        }
    }

    /** ldbList: the lines within {@code context} of {@code around}, or all of them for 0. */
    void list(int around, int context) {
        for (int j = 1; j <= src.length; j++) {
            if (around != 0 && Math.abs((long) around - j) > context) {
                continue;
            }
            logSourceLine(j);
        }
    }

    private boolean isBreakpoint(int line) {
        for (int j = 0; j < bpcount; j++) {
            if (bp[j] == line) {
                return true;
            }
        }
        return false;
    }

    private boolean addBreakpoint(int line) {
        if (line <= 0 || line > src.length) {
            return false;
        }
        if (!isBreakpoint(line) && bpcount != LDB_BREAKPOINTS_MAX) {
            bp[bpcount++] = line;
            return true;
        }
        return false;
    }

    private boolean delBreakpoint(int line) {
        for (int j = 0; j < bpcount; j++) {
            if (bp[j] == line) {
                bpcount--;
                System.arraycopy(bp, j + 1, bp, j, bpcount - j);
                return true;
            }
        }
        return false;
    }

    /** ldbBreak: list, add, remove, or clear breakpoints. */
    private void breaks(List<byte[]> argv) {
        if (argv.size() == 1) {
            if (bpcount == 0) {
                log("No breakpoints set. Use 'b <line>' to add one.");
                return;
            }
            log(bpcount + " breakpoints set:");
            for (int j = 0; j < bpcount; j++) {
                logSourceLine(bp[j]);
            }
            return;
        }
        for (int j = 1; j < argv.size(); j++) {
            String arg = LdbReader.text(argv.get(j));
            Long line = string2l(arg);
            if (line == null) {
                log("Invalid argument:'" + arg + "'");
            } else if (line == 0) {
                bpcount = 0;
                log("All breakpoints removed.");
            } else if (line > 0) {
                if (bpcount == LDB_BREAKPOINTS_MAX) {
                    log("Too many breakpoints set.");
                } else if (line <= Integer.MAX_VALUE && addBreakpoint((int) (long) line)) {
                    list((int) (long) line, 1);
                } else {
                    log("Wrong line number.");
                }
            } else {
                log(-line <= Integer.MAX_VALUE && delBreakpoint((int) -line)
                        ? "Breakpoint removed." : "No breakpoint in the specified line.");
            }
        }
    }

    /** Redis's string2l: an optional minus, then digits without a leading zero, or "0" alone; null otherwise. */
    static Long string2l(String s) {
        if (!s.matches("0|-?[1-9][0-9]{0,18}")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** ldbMaxlen: show, or set (0 is unlimited, anything else at least 60). */
    private void maxlen(List<byte[]> argv) {
        if (argv.size() == 2) {
            int v = LdbReader.atoi(LdbReader.text(argv.get(1)));
            maxlenHintSent = true; // the user knows about the command now
            if (v != 0 && v <= 60) {
                v = 60;
            }
            maxlen = v;
        }
        log(maxlen != 0 ? "<value> replies are truncated at " + maxlen + " bytes." : "<value> replies are unlimited.");
    }

    /** ldbRedis: redis.call with the arguments, logged as if stepping; its error is only logged. */
    private void redis(List<byte[]> argv) {
        LuaValue[] args = new LuaValue[argv.size() - 1];
        for (int j = 1; j < argv.size(); j++) {
            args[j - 1] = LuaValue.valueOf(argv.get(j));
        }
        step = true; // force redis.call() to log
        try {
            engine.global("redis").get("call").invoke(LuaValue.varargsOf(args));
        } catch (LuaError e) {
            // logged as <error> already; the script goes on
        } finally {
            step = false;
        }
    }

    // ---------------------------------------------------------------- for LdbInspect

    void logLine(String entry) {
        log(entry);
    }

    void logValue(String prefix, LuaValue v) {
        StringBuilder s = new StringBuilder(prefix);
        LdbFormat.value(s, v);
        logWithMaxLen(s.toString());
    }

    void logSource(int line) {
        logSourceLine(line);
    }

    LuaValue global(String name) {
        return engine.global(name);
    }

    int currentLine() {
        return currentline;
    }

    int line(Frames frames, int level) {
        Prototype p = frames.proto(level);
        int pc = frames.pc(level);
        return p == null || pc < 0 || p.lineinfo == null ? 0 : line(p, pc);
    }

    static boolean userScript(Prototype p) {
        return p != null && isUserScript(p);
    }

    /** The active locals of a frame at its pc, in Lua's order (lua_getlocal 1, 2, ...). */
    static List<LocVars> activeLocals(Prototype p, int pc) {
        List<LocVars> active = new ArrayList<>();
        if (p.locvars == null) {
            return active;
        }
        for (LocVars v : p.locvars) {
            if (v.startpc > pc) {
                break;
            }
            if (pc < v.endpc) {
                active.add(v);
            }
        }
        return active;
    }
}
