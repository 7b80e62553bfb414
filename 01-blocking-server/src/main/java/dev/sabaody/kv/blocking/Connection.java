package dev.sabaody.kv.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * One client, served by one thread with blocking I/O: read a chunk, decode its lines, execute each,
 * write the replies, repeat until the client goes.
 *
 * <p>Replies to all the lines of one chunk are written with one flush, so a client that pipelines
 * (sends many lines without waiting) costs one {@code write} per chunk, not one per line.
 *
 * <p>How a connection can end, and what this class does about each (see {@link EndReason}):
 * <ul>
 *   <li>{@code read} returns -1: the client closed or half-closed its side (FIN). Lines already
 *       received were answered; a partial line is dropped, never executed.
 *   <li>{@code read} or {@code write} throws "Connection reset": the client sent an RST (killed, or
 *       closed with unread data). Nothing to answer; close.
 *   <li>No newline within the line limit: answer an error, then close, so memory stays bounded.
 *   <li>The server stops: {@link BlockingServer} shuts the input side, the read returns -1 and the
 *       request in progress still gets its reply.
 * </ul>
 * Whatever the ending, the socket is closed in {@code finally} and the owner is told once, so
 * neither the socket nor the thread leaks.
 */
public final class Connection implements Runnable {

    /** Bytes asked of the kernel per read: enough for many pipelined lines, small per idle client. */
    private static final int READ_CHUNK_BYTES = 4096;

    private final Socket socket;
    private final LineProtocol protocol;
    private final int maxLineBytes;
    /** Told once, with the reason, when the connection has ended and its socket is closed. */
    private final BiConsumer<Connection, EndReason> onEnd;
    /** Set by the server before it shuts our input, so an EOF then reads as a server stop. */
    private volatile boolean stopping;

    public Connection(Socket socket, LineProtocol protocol, int maxLineBytes,
                      BiConsumer<Connection, EndReason> onEnd) {
        this.socket = socket;
        this.protocol = protocol;
        this.maxLineBytes = maxLineBytes;
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        EndReason reason;
        try {
            reason = serve();
        } catch (SocketException e) {
            reason = stopping ? EndReason.SERVER_STOPPED : EndReason.RESET;
        } catch (IOException e) {
            reason = EndReason.RESET;
        } finally {
            closeQuietly();
        }
        onEnd.accept(this, reason);
    }

    private EndReason serve() throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        LineDecoder decoder = new LineDecoder(maxLineBytes);
        byte[] chunk = new byte[READ_CHUNK_BYTES];
        ReplyBuffer replies = new ReplyBuffer();
        while (true) {
            int n = in.read(chunk);
            if (n < 0) {
                if (stopping) {
                    return EndReason.SERVER_STOPPED;
                }
                return decoder.hasPartialLine() ? EndReason.CLIENT_CLOSED_MID_LINE : EndReason.CLIENT_CLOSED;
            }
            int consumed = decoder.feed(chunk, 0, n, replies);
            if (consumed == LineDecoder.LINE_TOO_LONG) {
                replies.add("ERR line too long (more than " + maxLineBytes + " bytes without a newline)");
                replies.writeTo(out);
                return EndReason.LINE_TOO_LONG;
            }
            replies.writeTo(out);
            if (replies.quit) {
                return EndReason.QUIT;
            }
        }
    }

    /** Asks the connection to end after the request in progress: its reply is still sent. */
    void stop() {
        stopping = true;
        try {
            socket.shutdownInput();
        } catch (IOException e) {
            closeQuietly(); // already broken: nothing left to finish
        }
    }

    /** Ends the connection now, in whatever state it is. */
    void abort() {
        stopping = true;
        closeQuietly();
    }

    Socket socket() {
        return socket;
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken socket can fail; it is closed all the same
        }
    }

    /** Collects the replies to one chunk's lines so they leave in one write. */
    private final class ReplyBuffer implements LineDecoder.LineSink {
        private final StringBuilder text = new StringBuilder();
        private boolean quit;

        @Override
        public boolean onLine(String line) {
            Reply reply = protocol.execute(line);
            if (reply.text() != null) {
                add(reply.text());
            }
            quit = reply.closeAfter();
            return !quit;
        }

        void add(String line) {
            text.append(line).append('\n');
        }

        void writeTo(OutputStream out) throws IOException {
            if (text.isEmpty()) {
                return;
            }
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            text.setLength(0);
        }
    }
}
