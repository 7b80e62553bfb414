package dev.sabaody.kv.data.lists;

import dev.sabaody.kv.resp.RespFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.Arrays;

/**
 * A bare RESP connection for the blocking tests: send commands, read whole replies as escaped text
 * ({@code "*2\r\n$1\r\nk\r\n$1\r\nx\r\n"} with the CR LF written as backslash escapes). A read that
 * waits more than a few seconds fails the test instead of hanging it.
 */
public final class RespClient implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public RespClient(int port) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one command, not waiting for its reply. */
    public RespClient send(String... args) {
        return sendRaw(RespFrames.command(args));
    }

    /** Sends several commands in one write: a pipeline. */
    public RespClient pipeline(String[]... commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] c : commands) {
            out.writeBytes(RespFrames.command(c));
        }
        return sendRaw(out.toByteArray());
    }

    private RespClient sendRaw(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next whole reply, escaped. */
    public String read() {
        byte[] buf = new byte[4096];
        try {
            while (RespFrames.countReplies(pending.toByteArray(), pending.size()) < 1) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IllegalStateException(
                            "connection closed; had " + RespFrames.escape(pending.toByteArray()));
                }
                pending.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no whole reply; had " + RespFrames.escape(pending.toByteArray()), e);
        }
        byte[] all = pending.toByteArray();
        int end = replyEnd(all);
        pending.reset();
        pending.write(all, end, all.length - end);
        return RespFrames.escape(Arrays.copyOf(all, end));
    }

    /** Sends one command and reads its reply. */
    public String call(String... args) {
        return send(args).read();
    }

    /** Whether bytes of a reply have arrived that {@link #read} has not returned yet. */
    public boolean hasUnread() {
        try {
            return pending.size() > 0 || in.available() > 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int replyEnd(byte[] all) {
        for (int end = 1; end <= all.length; end++) {
            if (RespFrames.countReplies(all, end) == 1) {
                return end;
            }
        }
        throw new IllegalStateException("no whole reply");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
