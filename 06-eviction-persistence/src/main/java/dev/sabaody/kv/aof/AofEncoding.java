package dev.sabaody.kv.aof;

import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.RespEncoder;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * Commands as the AOF holds them: RESP multibulk, exactly what a client sends
 * (catAppendOnlyGenericCommand), so the log is replayed by the same parser rules that serve clients,
 * and {@code redis-check-aof} and Redis read it.
 *
 * <pre>
 *   #TS:1796677252\r\n                                  timestamp(1796677252)
 *   *3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n              command(SET k v)
 * </pre>
 *
 * The bytes go through the one RESP encoder of the codebase ({@link RespEncoder}: an array header,
 * then bulk strings) into an {@link OutputBuffer}, which grows on demand and is drained to the file
 * channel by whoever owns the file; nothing is copied in between. Not thread-safe: one per writer.
 */
public final class AofEncoding {

    private final OutputBuffer buffer = new OutputBuffer();
    private final RespEncoder resp = new RespEncoder(buffer);
    /** The last second annotated, so that {@link #timestampIfLater} writes one line per second at most. */
    private long lastTimestamp = Long.MIN_VALUE;

    /** One command, from its arguments' bytes. */
    public void command(byte[][] argv) {
        resp.arrayHeader(argv.length);
        for (byte[] arg : argv) {
            resp.bulk(arg);
        }
    }

    /** One command, straight from a request's arguments: copied once, from the input buffer into the log. */
    public void command(Argv argv) {
        resp.arrayHeader(argv.argc());
        for (int i = 0; i < argv.argc(); i++) {
            resp.bulk(argv, i);
        }
    }

    /** {@code SELECT db}, which the log needs whenever the database of the next command changes. */
    public void select(int db) {
        resp.arrayHeader(2);
        resp.bulkAscii("SELECT");
        resp.bulkAscii(Integer.toString(db));
    }

    /**
     * The annotation {@code #TS:<unix seconds>\r\n} (aof-timestamp-enabled), which loaders skip and
     * {@code redis-check-aof --truncate-to-timestamp} cuts at.
     */
    public void timestamp(long unixSeconds) {
        buffer.writeAscii("#TS:").writeDecimal(unixSeconds).write((byte) '\r').write((byte) '\n');
        lastTimestamp = unixSeconds;
    }

    /**
     * The annotation when {@code unixSeconds} is later than the last one written, as Redis adds one
     * only when the second has moved on (genAofTimestampAnnotationIfNeeded).
     */
    public void timestampIfLater(long unixSeconds) {
        if (unixSeconds > lastTimestamp) {
            timestamp(unixSeconds);
        }
    }

    /** Forgets the last timestamp: a new file starts with its own annotation (Redis forces one). */
    public void forgetTimestamp() {
        lastTimestamp = Long.MIN_VALUE;
    }

    /** Bytes encoded and not drained yet. */
    public int pending() {
        return buffer.pending();
    }

    /** The buffer itself, for a writer that drains it its own way. */
    public OutputBuffer buffer() {
        return buffer;
    }

    /** Writes everything pending to {@code channel} (a file channel takes it all); returns the bytes written. */
    public long drainTo(WritableByteChannel channel) throws IOException {
        long written = 0;
        while (buffer.pending() > 0) {
            written += buffer.drainTo(channel);
        }
        return written;
    }

    /** A copy of what is pending (tests, small files); {@link #clear} then starts again. */
    public byte[] toByteArray() {
        return buffer.toByteArray();
    }

    /** Drops what is pending, keeping the array for the next commands. */
    public void clear() {
        buffer.discard();
    }
}
