package dev.sabaody.kv.blocking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A test's side of a connection: writes raw bytes, reads reply lines. Reads time out, so a server
 * that never answers fails the test instead of hanging it.
 */
public final class LineClient implements AutoCloseable {

    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    public final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public LineClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends {@code text} as is: no newline is added, so a test can send half a line. */
    public LineClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Sends one request line and returns the reply line. */
    public String call(String request) throws IOException {
        send(request + "\n");
        return readLine();
    }

    /** The next reply line without its newline, or {@code null} at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /**
     * Whether nothing at all arrives for {@code quiet}: how a test sees a client left unanswered.
     * The one place a test waits a fixed time, because it asserts that something does not happen.
     */
    public boolean silentFor(Duration quiet) throws IOException {
        socket.setSoTimeout((int) quiet.toMillis());
        try {
            return in.read() == -2; // never: a byte or EOF both mean "not silent"
        } catch (SocketTimeoutException expected) {
            return true;
        } finally {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        }
    }

    /** Whether the server has closed its side: the next read sees end of stream. */
    public boolean atEndOfStream() throws IOException {
        return in.read() < 0;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
