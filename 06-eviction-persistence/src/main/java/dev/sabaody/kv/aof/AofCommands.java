package dev.sabaody.kv.aof;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the commands of an AOF file, as loadSingleAppendOnlyFile (aof.c) reads them: a RESP
 * multibulk stream, one command after another, with {@code #} annotation lines in between.
 *
 * <pre>
 *   #TS:1796677252\r\n                      an annotation (aof-timestamp-enabled): skipped
 *   *3\r\n $3\r\n set\r\n $1\r\n b\r\n $1\r\n 2\r\n    one command: argc, then each argument's length and bytes
 * </pre>
 *
 * <h2>Three ways to end</h2>
 * <ul>
 *   <li>The bytes end between two commands: a clean end, {@link #next} returns null.</li>
 *   <li>The bytes end inside a command: a short read, what a crash in the middle of a write leaves.
 *       {@link #next} returns null and {@link #shortRead} is true; {@link #validUpTo} is the offset
 *       just after the last whole command, where a truncation would cut.</li>
 *   <li>A byte that cannot be there ({@code +} where {@code *} was due, a count below 1): an
 *       {@link AofFormatException} naming the file, the offset of the line and the reason.</li>
 * </ul>
 * Redis makes the same split, with the same leniency: a length that runs past the end of the file is
 * a short read (a crash can cut a file anywhere, so an end is never proof of corruption), and the
 * two bytes after an argument are skipped unread, as Redis's {@code fread(buf,2,1)} skips them.
 *
 * <p>Lines are read as {@code fgets} reads them into Redis's 1024-byte buffer, so a line too long
 * for it is cut where Redis cuts it and the file means to this reader what it means to Redis.
 */
final class AofCommands {

    /** server.h AOF_ANNOTATION_LINE_MAX_LEN: the loader's line buffer, NUL included (bytes). */
    static final int AOF_ANNOTATION_LINE_MAX_LEN = 1024;

    private final InputStream in;
    private final String file;
    /** Bytes from the start of the file to the end of what {@code in} holds. */
    private final long size;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    /** File offset of buf[0]. */
    private long base;
    /** The current line, as fgets left it (its '\n' included when it had one). */
    private final byte[] line = new byte[AOF_ANNOTATION_LINE_MAX_LEN - 1];
    private int lineLength;
    private long validUpTo;
    private boolean shortRead;

    /**
     * Reads {@code in}, whose first byte is at offset {@code start} of {@code file} and whose last is
     * just before {@code size}.
     */
    AofCommands(InputStream in, String file, long start, long size) {
        this.in = in;
        this.file = file;
        this.base = start;
        this.size = size;
        this.validUpTo = start;
    }

    /** Offset of the next unread byte. */
    long offset() {
        return base + pos;
    }

    /** Offset just after the last whole command read (or the start, before any). */
    long validUpTo() {
        return validUpTo;
    }

    /** Whether the file ended inside a command. */
    boolean shortRead() {
        return shortRead;
    }

    /**
     * The next command's arguments, or null at the end of the file (see {@link #shortRead}).
     * Throws for a byte no AOF writer puts there.
     */
    byte[][] next() throws IOException, AofFormatException {
        while (true) {
            long at = offset();
            if (!readLine()) {
                return null;
            }
            if (line[0] == '#') {
                continue;
            }
            if (line[0] != '*') {
                throw format(at, "expected '*', got " + shown(line[0]));
            }
            if (lineLength == 1) { // "*" and then the end of the file
                return cut();
            }
            long argc = parseLong(1, true);
            if (argc < 1) {
                throw format(at, "invalid multibulk count " + lineText());
            }
            // grown as arguments arrive: a corrupt count of a billion must not allocate a billion slots
            List<byte[]> argv = new ArrayList<>((int) Math.min(argc, 64));
            for (long j = 0; j < argc; j++) {
                long argAt = offset();
                if (!readLine()) {
                    return cut();
                }
                if (line[0] != '$') {
                    throw format(argAt, "expected '$', got " + shown(line[0]));
                }
                long len = parseLong(1, false);
                if (len < 0 || len > Integer.MAX_VALUE - 16) { // no argument is that long (proto-max-bulk-len is 512 MB)
                    throw format(argAt, "invalid bulk length " + lineText());
                }
                if (len > size - offset() - 2) { // the bytes and their CRLF are not all there
                    return cut();
                }
                byte[] arg = new byte[(int) len];
                if (!read(arg, arg.length) || !skip(2)) {
                    return cut();
                }
                argv.add(arg);
            }
            validUpTo = offset();
            return argv.toArray(byte[][]::new);
        }
    }

    private byte[][] cut() {
        shortRead = true;
        return null;
    }

    AofFormatException format(long at, String reason) {
        return new AofFormatException(file, at, reason, "Bad file format reading the append only file " + file
                + ": make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>");
    }

    // ---------------------------------------------------------------- bytes, as stdio reads them

    /** fgets: up to and including '\n', at most the buffer's size less one; false at the end of the file. */
    private boolean readLine() throws IOException {
        lineLength = 0;
        while (lineLength < line.length) {
            if (pos == limit && !fill()) {
                break;
            }
            byte b = buf[pos++];
            line[lineLength++] = b;
            if (b == '\n') {
                break;
            }
        }
        return lineLength > 0;
    }

    private boolean read(byte[] into, int n) throws IOException {
        int done = 0;
        while (done < n) {
            if (pos == limit && !fill()) {
                return false;
            }
            int chunk = Math.min(n - done, limit - pos);
            System.arraycopy(buf, pos, into, done, chunk);
            pos += chunk;
            done += chunk;
        }
        return true;
    }

    private boolean skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            if (pos == limit && !fill()) {
                return false;
            }
            pos++;
        }
        return true;
    }

    private boolean fill() throws IOException {
        base += limit;
        pos = 0;
        limit = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        limit = n;
        return true;
    }

    /**
     * The number after the line's first byte, as C reads it: leading blanks, a sign, then digits up
     * to the first other byte, saturating at Long.MAX_VALUE as glibc's strtol does; a count is then
     * cast to an int, as {@code atoi} casts it (so a huge count turns negative and is refused).
     */
    private long parseLong(int from, boolean asInt) {
        int i = from;
        while (i < lineLength && (line[i] == ' ' || (line[i] >= '\t' && line[i] <= '\r'))) {
            i++;
        }
        boolean negative = false;
        if (i < lineLength && (line[i] == '+' || line[i] == '-')) {
            negative = line[i] == '-';
            i++;
        }
        long value = 0;
        for (; i < lineLength && line[i] >= '0' && line[i] <= '9'; i++) {
            int digit = line[i] - '0';
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
        }
        value = negative ? -value : value;
        return asInt ? (int) value : value;
    }

    private String lineText() {
        int end = lineLength;
        while (end > 0 && (line[end - 1] == '\n' || line[end - 1] == '\r')) {
            end--;
        }
        return "'" + new String(line, 0, end, StandardCharsets.ISO_8859_1) + "'";
    }

    private static String shown(byte b) {
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
    }
}
