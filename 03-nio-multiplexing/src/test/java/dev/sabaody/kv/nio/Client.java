package dev.sabaody.kv.nio;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** A blocking test client. Every read times out, so a missing reply fails the test instead of hanging it. */
final class Client implements AutoCloseable {

    static final int READ_TIMEOUT_MILLIS = 10_000;

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Client(int port) {
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Client send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    Client send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until {@code count} newlines have arrived; returns all of it. */
    String readLines(int count) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            int seen = 0;
            while (seen < count) {
                int b = in.read();
                if (b < 0) {
                    throw new AssertionError("end of stream after " + got.toString(StandardCharsets.UTF_8));
                }
                got.write(b);
                if (b == '\n') {
                    seen++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** Reads everything until the server closes; a reset after some bytes counts as the end too. */
    byte[] readToEnd() {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                got.write(chunk, 0, n);
            }
        } catch (SocketException e) {
            // "Connection reset": the server closed with bytes of ours unread
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return got.toByteArray();
    }

    /** Whether the server has closed: the next read sees end of stream or a reset. Blocks until it does. */
    boolean closedByServer() {
        return readToEnd().length == 0;
    }

    /** Closes with SO_LINGER 0: the kernel sends RST instead of FIN, as a killed client's would. */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
