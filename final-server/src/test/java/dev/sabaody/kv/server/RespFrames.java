package dev.sabaody.kv.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads whole RESP2/RESP3 frames from a stream, as raw bytes: a test compares them byte for byte
 * without knowing in advance how long a reply or a pushed message is.
 */
final class RespFrames {

    private RespFrames() {
    }

    /** One complete frame (an aggregate with all its elements), exactly as sent. */
    static String read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        readInto(in, out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static void readInto(InputStream in, ByteArrayOutputStream out) throws IOException {
        String line = line(in);
        out.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        char type = line.charAt(0);
        switch (type) {
            case '$', '=', '!' -> {
                int n = Integer.parseInt(line.substring(1));
                if (n >= 0) {
                    byte[] body = in.readNBytes(n + 2);
                    if (body.length < n + 2) {
                        throw new IOException("closed inside a bulk string");
                    }
                    out.writeBytes(body);
                }
            }
            case '*', '>', '~' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < n; i++) {
                    readInto(in, out);
                }
            }
            case '%', '|' -> {
                int n = Integer.parseInt(line.substring(1));
                for (int i = 0; i < 2 * n; i++) {
                    readInto(in, out);
                }
                if (type == '|') {
                    readInto(in, out); // an attribute annotates the frame after it
                }
            }
            default -> { } // one line: + - : _ , # (
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int prev = -1;
        for (int b; (b = in.read()) != -1; prev = b) {
            if (prev == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        throw new IOException("connection closed");
    }
}
