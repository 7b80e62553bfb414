package dev.sabaody.kv.resp;

import java.nio.charset.StandardCharsets;

/**
 * Test-side RESP reading: how many complete replies a byte sequence holds, and how to print bytes so
 * that a difference is readable ({@code \r\n} shown, not obeyed). Independent of the server's code
 * on purpose: a test that decoded replies with the encoder's own assumptions would prove little.
 */
public final class RespFrames {

    private RespFrames() {
    }

    /** The number of complete top-level replies at the start of {@code bytes[0, length)}. */
    public static int countReplies(byte[] bytes, int length) {
        int count = 0;
        int at = 0;
        while (at < length) {
            int end = skipValue(bytes, at, length);
            if (end < 0) {
                break;
            }
            at = end;
            count++;
        }
        return count;
    }

    /** The index just past the value at {@code at}, or -1 when it is not complete yet. */
    private static int skipValue(byte[] b, int at, int length) {
        int lineEnd = lineEnd(b, at, length);
        if (lineEnd < 0) {
            return -1;
        }
        byte type = b[at];
        String header = new String(b, at + 1, lineEnd - at - 1, StandardCharsets.ISO_8859_1);
        int next = lineEnd + 2;
        switch (type) {
            case '+', '-', ':', ',', '#', '(', '_' -> {
                return next;
            }
            case '$', '=', '!' -> {
                long n = Long.parseLong(header);
                if (n < 0) {
                    return next;
                }
                return next + n + 2 <= length ? (int) (next + n + 2) : -1;
            }
            case '*', '~', '>', '%', '|' -> {
                long n = Long.parseLong(header);
                if (type == '%' || type == '|') {
                    n *= 2;
                }
                for (long i = 0; i < n; i++) {
                    next = skipValue(b, next, length);
                    if (next < 0) {
                        return -1;
                    }
                }
                // an attribute annotates the value after it: both make one reply
                return type == '|' ? skipValue(b, next, length) : next;
            }
            default -> throw new IllegalArgumentException("not RESP at byte " + at + ": " + escape(b, at, length));
        }
    }

    private static int lineEnd(byte[] b, int from, int length) {
        for (int i = from; i + 1 < length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** {@code bytes} as one readable line: CR and LF as \r \n, other non-printables as \xHH. */
    public static String escape(byte[] bytes) {
        return escape(bytes, 0, bytes.length);
    }

    public static String escape(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            int c = bytes[i] & 0xff;
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The escaped form broken after each {@code \r\n}: one RESP line per text line, for diffs. */
    public static String lines(byte[] bytes) {
        return escape(bytes).replace("\\r\\n", "\\r\\n\n");
    }

    /** Request bytes from text: {@code \r \n \\ \xHH} escapes as in {@link #escape}. */
    public static byte[] unescape(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char n = text.charAt(++i);
                switch (n) {
                    case 'r' -> out.write('\r');
                    case 'n' -> out.write('\n');
                    case 't' -> out.write('\t');
                    case '\\' -> out.write('\\');
                    case 'x' -> {
                        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    default -> throw new IllegalArgumentException("unknown escape \\" + n + " in " + text);
                }
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** A RESP array of bulk strings, as clients send commands. */
    public static byte[] command(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] b = arg.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(new String(b, StandardCharsets.ISO_8859_1)).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
