package dev.sabaody.kv.server.scripting;

import dev.sabaody.kv.nio.Connection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaError;

/**
 * The debugger's commands, read from the debugging client's socket while the script waits
 * (eval.c ldbRepl's read loop and ldbReplParseCommand): Redis's deliberately simple RESP parser,
 * blocking reads that look up every {@link #READ_POLL_MS} in case the script was stopped meanwhile.
 */
final class LdbReader {

    /** ldbRepl: a debugger command buffer past 1 MiB is an error ("max client buffer reached"). */
    static final int LDB_MAX_CBUF = 1 << 20;
    /** How long one wait for the client's next command lasts before the script is asked whether it was killed (ms). */
    private static final long READ_POLL_MS = 100;

    private final Connection.Direct io;
    private final LuaEngine engine;
    /** ldb.cbuf: bytes of debugger commands read and not yet parsed. */
    private ByteBuffer cbuf = ByteBuffer.allocate(1024);

    LdbReader(Connection.Direct io, LuaEngine engine) {
        this.io = io;
        this.engine = engine;
    }

    /**
     * ldbReplParseCommand's forgiving parser over what was read: {@code *N} then N bulk strings of 1
     * to 1024 bytes; null when the client has gone. A malformed command raises "protocol error" into
     * the script, as in Redis.
     */
    List<byte[]> next() {
        while (true) {
            if (cbuf.position() > 0) {
                List<byte[]> argv = parse();
                if (argv != null) {
                    cbuf.clear(); // "Flush the old buffer": whatever followed the command is dropped, as in Redis
                    return argv;
                }
            }
            if (!cbuf.hasRemaining()) {
                if (cbuf.capacity() >= LDB_MAX_CBUF) {
                    cbuf = ByteBuffer.allocate(1024);
                    throw new LuaError("max client buffer reached", 0);
                }
                ByteBuffer bigger = ByteBuffer.allocate(cbuf.capacity() * 2);
                cbuf.flip();
                bigger.put(cbuf);
                cbuf = bigger;
            }
            int n;
            try {
                n = io.read(cbuf, READ_POLL_MS);
            } catch (IOException e) {
                return null;
            }
            if (n < 0) {
                return null;
            }
            ScriptRun run = engine.current;
            if (n == 0 && run != null && run.killed()) {
                return null; // SHUTDOWN NOSAVE: the script is being stopped
            }
        }
    }

    /** One command from cbuf, or null to read more; "protocol error" raised for a malformed one. */
    private List<byte[]> parse() {
        byte[] b = cbuf.array();
        int len = cbuf.position();
        int p = indexOf(b, 0, len, (byte) '*');
        if (p < 0) {
            throw protocolError();
        }
        int crlf = crlf(b, p, len);
        if (crlf < 0) {
            return null;
        }
        int argc = atoi(new String(b, p + 1, crlf - p - 1, StandardCharsets.ISO_8859_1));
        if (argc <= 0 || argc > 1024) {
            throw protocolError();
        }
        p = crlf + 2;
        List<byte[]> argv = new ArrayList<>(argc);
        while (argv.size() < argc) {
            if (p >= len) {
                return null;
            }
            if (b[p] != '$') {
                throw protocolError();
            }
            crlf = crlf(b, p, len);
            if (crlf < 0) {
                return null;
            }
            int slen = atoi(new String(b, p + 1, crlf - p - 1, StandardCharsets.ISO_8859_1));
            if (slen <= 0 || slen > 1024) {
                throw protocolError();
            }
            p = crlf + 2;
            if (p + slen + 2 > len) {
                return null;
            }
            argv.add(java.util.Arrays.copyOfRange(b, p, p + slen));
            p += slen;
            if (b[p] != '\r' || b[p + 1] != '\n') {
                throw protocolError();
            }
            p += 2;
        }
        return argv;
    }

    private LuaError protocolError() {
        cbuf.clear();
        return new LuaError("protocol error", 0);
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int crlf(byte[] b, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** C's atoi: optional blanks and sign, then digits up to the first other character; 0 for none. */
    static int atoi(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && v <= Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return (int) (negative ? -v : v);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
