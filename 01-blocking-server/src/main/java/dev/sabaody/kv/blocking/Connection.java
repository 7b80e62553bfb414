package dev.sabaody.kv.blocking;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One client, served by one thread with blocking I/O: read a chunk, decode its lines, execute each,
 * write the replies, repeat until the client goes.
 *
 * <p>Replies to all the lines of one chunk are written with one flush, so a client that pipelines
 * (sends many lines without waiting) costs one {@code write} per chunk, not one per line.
 *
 * <p>How a connection can end, and what this class does about each (see {@link EndReason}):
 * <ul>
 *   <li>{@code read} returns -1 between two lines: the client closed, or half-closed its side (FIN)
 *       and still reads. Every line received was answered before we close.
 *   <li>{@code read} returns -1 in the middle of a line: the partial line is dropped, never executed.
 *       A request is a whole line or nothing.
 *   <li>{@code read} or {@code write} throws "Connection reset": the client sent an RST (killed,
 *       {@code SO_LINGER} 0, or closed with unread data). Nothing can be answered; close.
 *   <li>No newline within the line limit: answer an error, then close, so memory stays bounded.
 *   <li>The server stops: {@link BlockingServer} shuts the input side, the read returns -1 and the
 *       request in progress still gets its reply.
 * </ul>
 * Whatever the ending, the socket is closed in {@code finally} and the owner is told exactly once,
 * so neither the socket nor the thread leaks.
 *
 * <p>When the server closes on its own initiative (QUIT, a line too long) the client may still have
 * bytes in flight. Closing a socket whose receive queue holds unread bytes makes the kernel send an
 * RST instead of a FIN (RFC 2525, 2.17), and the client may then lose our last reply. So those paths
 * close in two steps, as Apache's {@code lingering_close} does: send FIN ({@code shutdownOutput}),
 * discard what still arrives for a bounded time and amount, then close.
 */
public final class Connection implements Runnable {

    /** Bytes asked of the kernel per read: enough for many pipelined lines, small per idle client. */
    private static final int READ_CHUNK_BYTES = 4096;
    /** Longest wait for the client's FIN after our own, in ms (Apache: SECONDS_TO_LINGER, 2 s). */
    private static final int LINGER_MS = 1000;
    /** Most bytes discarded while lingering, so a client that keeps sending cannot hold us. */
    private static final int LINGER_MAX_BYTES = 256 * 1024;

    private final Socket socket;
    /** Turns one request line into its reply: module 01's {@link LineProtocol}, or a test double. */
    private final Function<String, Reply> commands;
    private final int maxLineBytes;
    /** Told once, with the reason, when the connection has ended and its socket is closed. */
    private final BiConsumer<Connection, EndReason> onEnd;
    /** Set by the server before it shuts our input, so an EOF then reads as a server stop. */
    private volatile boolean stopping;

    Connection(Socket socket, Function<String, Reply> commands, int maxLineBytes,
               BiConsumer<Connection, EndReason> onEnd) {
        this.socket = socket;
        this.commands = commands;
        this.maxLineBytes = maxLineBytes;
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        EndReason reason = EndReason.SERVER_ERROR;
        try {
            reason = serve();
        } catch (IOException e) {
            // "Connection reset" on read, "Broken pipe" on write; or "Socket closed" after an abort
            reason = stopping ? EndReason.SERVER_STOPPED : EndReason.RESET;
        } catch (RuntimeException e) {
            Log.warn("connection %s: %s", socket.getRemoteSocketAddress(), e);
        } finally {
            closeQuietly();
            onEnd.accept(this, reason);
        }
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
                lingeringClose(in);
                return EndReason.LINE_TOO_LONG;
            }
            replies.writeTo(out);
            if (replies.quit) {
                lingeringClose(in);
                return EndReason.QUIT;
            }
        }
    }

    /** Sends FIN, then drains what the client still sends (bounded), so our last reply is not lost to an RST. */
    private void lingeringClose(InputStream in) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(LINGER_MS);
        byte[] sink = new byte[READ_CHUNK_BYTES];
        int discarded = 0;
        try {
            int n;
            while (discarded < LINGER_MAX_BYTES && (n = in.read(sink)) >= 0) {
                discarded += n;
            }
        } catch (SocketTimeoutException e) {
            // the client neither closed nor stopped sending in time: close anyway
        } catch (IOException e) {
            // the client reset instead of closing: our reply is sent, nothing more to do
        }
    }

    /** Asks the connection to end after the request in progress: its reply is still sent. */
    void stop() {
        stopping = true;
        try {
            socket.shutdownInput();
        } catch (IOException e) {
            closeQuietly(); // already broken or closed: nothing left to finish
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
            Reply reply = commands.apply(line);
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
