package dev.sabaody.kv.blocking;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns a stream of bytes, arriving in chunks of any size, into lines.
 *
 * <p>TCP delivers a byte stream, not messages: one {@code read} may return half a line, or three
 * lines and the start of a fourth. The decoder keeps the unfinished tail between calls, so a line
 * split at any byte decodes the same. A line ends at {@code \n}; a {@code \r} before it is dropped,
 * so both {@code nc} (LF) and telnet (CRLF) work.
 *
 * <p>A client that never sends a newline would make the tail grow without end, so a line longer than
 * {@code maxLineBytes} is an error: {@link #feed} answers {@link #LINE_TOO_LONG} and the caller
 * replies with an error and closes the connection (Redis does the same for an inline request over
 * 64 KiB). The decoder is used by the blocking servers of 01 and 02 and by the event loop of 03.
 *
 * <p>Not thread-safe: one decoder per connection.
 */
public final class LineDecoder {

    /** The longest line accepted, newline excluded. Redis's inline limit: PROTO_INLINE_MAX_SIZE. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    /** Returned by {@link #feed} when the current line exceeds the limit. */
    public static final int LINE_TOO_LONG = -1;

    /** Receives each complete line; answers false to stop decoding (the client quit). */
    @FunctionalInterface
    public interface LineSink {
        boolean onLine(String line);
    }

    private final int maxLineBytes;
    /** Bytes of the line still being received; grows up to maxLineBytes + 1. */
    private byte[] partial = new byte[128];
    private int partialLength;

    public LineDecoder(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Decodes the bytes {@code src[off, off + len)}, calling {@code sink} for every complete line.
     *
     * @return how many bytes were consumed (less than {@code len} only when the sink stopped), or
     *     {@link #LINE_TOO_LONG}
     */
    public int feed(byte[] src, int off, int len, LineSink sink) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (src[i] != '\n') {
                continue;
            }
            String line = finishLine(src, start, i);
            if (line == null) {
                return LINE_TOO_LONG;
            }
            start = i + 1;
            if (!sink.onLine(line)) {
                return start - off;
            }
        }
        if (!append(src, start, end - start)) {
            return LINE_TOO_LONG;
        }
        return len;
    }

    /** Whether bytes of an unfinished line are held (a client that leaves now left mid-line). */
    public boolean hasPartialLine() {
        return partialLength > 0;
    }

    private String finishLine(byte[] src, int from, int newline) {
        if (!append(src, from, newline - from)) {
            return null;
        }
        int length = partialLength;
        if (length > 0 && partial[length - 1] == '\r') {
            length--;
        }
        partialLength = 0;
        if (length > maxLineBytes) {
            return null; // one byte over, kept only in case it was the '\r' of a CRLF
        }
        return new String(partial, 0, length, StandardCharsets.UTF_8);
    }

    /** Keeps bytes of the current line; false once it is longer than any acceptable line can be. */
    private boolean append(byte[] src, int from, int count) {
        if (partialLength + count > maxLineBytes + 1) { // +1: room for the '\r' of a CRLF
            partialLength = 0;
            return false;
        }
        if (partialLength + count > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + count));
        }
        System.arraycopy(src, from, partial, partialLength, count);
        partialLength += count;
        return true;
    }
}
