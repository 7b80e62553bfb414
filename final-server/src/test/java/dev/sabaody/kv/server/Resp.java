package dev.sabaody.kv.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A blocking RESP client for tests that look inside replies (INFO's fields, SLOWLOG's entries):
 * a reply becomes a String, Long, List, Map, null, or an {@link Error} holding the message.
 */
final class Resp implements AutoCloseable {

    /** An error reply. */
    record Error(String message) {
    }

    private final Socket socket;
    private final int port;
    private final InputStream in;
    private final OutputStream out;

    Resp(int port) throws IOException {
        this.port = port;
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    Object call(String... args) throws IOException {
        send(args);
        return read();
    }

    /** Sends a command without waiting for its reply (a command that blocks); {@link #reply} reads it. */
    void send(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.ISO_8859_1);
            request.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(b);
            request.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(request.toByteArray());
        out.flush();
    }

    /** The port it talks to. */
    int port() {
        return port;
    }

    /** The next reply. */
    Object reply() throws IOException {
        return read();
    }

    String text(String... args) throws IOException {
        return (String) call(args);
    }

    private Object read() throws IOException {
        String line = line();
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+':
                return rest;
            case '-':
                return new Error(rest);
            case ':':
                return Long.parseLong(rest);
            case '$', '=': {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                String s = new String(b, 0, n, StandardCharsets.ISO_8859_1);
                return type == '=' ? s.substring(4) : s;
            }
            case '*', '~', '>': {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    return null;
                }
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    list.add(read());
                }
                return list;
            }
            case '%': {
                int n = Integer.parseInt(rest);
                Map<Object, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(read(), read());
                }
                return map;
            }
            case '_':
                return null;
            default:
                throw new IOException("unexpected reply line: " + line);
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("closed");
            }
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    /** INFO's text as sections of fields: "Server" → (name → value), in order. */
    static Map<String, Map<String, String>> sections(String info) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : info.split("\r\n")) {
            if (line.startsWith("# ")) {
                current = new LinkedHashMap<>();
                out.put(line.substring(2), current);
            } else if (!line.isEmpty() && current != null) {
                int colon = line.indexOf(':');
                current.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
