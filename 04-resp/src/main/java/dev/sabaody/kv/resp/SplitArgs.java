package dev.sabaody.kv.resp;

import java.nio.ByteBuffer;

/**
 * Splits an inline command line into words the way Redis's {@code sdssplitargs} (sds.c) does, so
 * that {@code SET "a b" 'c\'d' "\x41"} means to us what it means to Redis.
 *
 * <p>The rules: words are separated by blanks ({@code isspace}: space, \t, \n, \v, \f, \r). A word
 * may hold "double quoted" parts, where {@code \n \r \t \b \a}, {@code \xHH} and {@code \<any>}
 * are escapes, and 'single quoted' parts, where only {@code \'} is. A closing quote must be followed
 * by a blank or the end of the line, and a quote left open makes the whole line an error
 * ("unbalanced quotes in request"). Quotes can start mid-word: {@code a"b c"} is the one word
 * {@code ab c}, as in Redis.
 *
 * <p>The unquoted bytes go to a scratch array the words then point into: an inline command is the
 * one place the parser copies, because unquoting changes the bytes. Inline commands are what a human
 * types into {@code nc}; clients always send arrays.
 */
final class SplitArgs {

    private byte[] scratch = new byte[256];
    private ByteBuffer scratchBuffer = ByteBuffer.wrap(scratch);
    private int used;

    /**
     * Splits {@code line[from, to)} into {@code argv} (which then points into this object's scratch).
     * Returns false for unbalanced quotes. The line holds no NUL byte: the parser never hands one over.
     */
    boolean split(ByteBuffer line, int from, int to, Argv argv) {
        used = 0;
        ensure(to - from);
        argv.reset(scratchBuffer);
        int p = from;
        while (true) {
            while (p < to && isSpace(line.get(p))) {
                p++;
            }
            if (p == to) {
                return true;
            }
            int wordStart = used;
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                int c = p < to ? line.get(p) : 0; // C's NUL terminator
                int next = p + 1 < to ? line.get(p + 1) : 0;
                if (inDouble) {
                    if (c == '\\' && next == 'x' && p + 3 < to
                            && isHex(line.get(p + 2)) && isHex(line.get(p + 3))) {
                        append((byte) (hex(line.get(p + 2)) * 16 + hex(line.get(p + 3))));
                        p += 3;
                    } else if (c == '\\' && next != 0) {
                        p++;
                        append(switch (next) {
                            case 'n' -> (byte) '\n';
                            case 'r' -> (byte) '\r';
                            case 't' -> (byte) '\t';
                            case 'b' -> (byte) '\b';
                            case 'a' -> (byte) 7;
                            default -> (byte) next;
                        });
                    } else if (c == '"') {
                        if (next != 0 && !isSpace((byte) next)) {
                            return false; // closing quote must be followed by a blank or the end
                        }
                        done = true;
                    } else if (c == 0) {
                        return false; // unterminated quotes
                    } else {
                        append((byte) c);
                    }
                } else if (inSingle) {
                    if (c == '\\' && next == '\'') {
                        p++;
                        append((byte) '\'');
                    } else if (c == '\'') {
                        if (next != 0 && !isSpace((byte) next)) {
                            return false;
                        }
                        done = true;
                    } else if (c == 0) {
                        return false;
                    } else {
                        append((byte) c);
                    }
                } else {
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inDouble = true;
                        case '\'' -> inSingle = true;
                        default -> append((byte) c);
                    }
                }
                if (p < to) {
                    p++;
                }
            }
            argv.add(wordStart, used - wordStart);
        }
    }

    /** Lets go of a scratch array grown by one huge inline line. */
    void trim() {
        if (scratch.length > 64 * 1024) {
            scratch = new byte[256];
            scratchBuffer = ByteBuffer.wrap(scratch);
        }
    }

    private void append(byte b) {
        scratch[used++] = b; // never overflows: unquoting only shrinks, and ensure() sized for the line
    }

    private void ensure(int capacity) {
        if (scratch.length < capacity) {
            scratch = new byte[Math.max(capacity, scratch.length * 2)];
            scratchBuffer = ByteBuffer.wrap(scratch);
        }
    }

    /** C's isspace in the "C" locale. Bytes >= 0x80 are negative here and, as in glibc, not blanks. */
    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static int hex(byte b) {
        return b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
    }
}
