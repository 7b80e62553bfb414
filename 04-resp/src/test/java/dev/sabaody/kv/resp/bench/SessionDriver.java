package dev.sabaody.kv.resp.bench;

import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.nio.Session;
import dev.sabaody.kv.resp.FakeConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Drives one session without a socket, for benchmarks of the whole command path: a fake
 * connection, a pipelined request fed in one read, and the output drained as a completed socket
 * write drains it (keeping its array). Module 04's {@link SessionBenchmark} and module 05's
 * benchmarks share it.
 */
public final class SessionDriver {

    private final FakeConnection connection = new FakeConnection(1);
    private final OutputBuffer output = connection.output();
    private final Session session;

    /** Opens the session under test on the fake connection ({@code protocol::open}). */
    public SessionDriver(Function<Connection, Session> open) {
        this.session = open.apply(connection);
    }

    /** Feeds the whole of {@code request} as one read; returns the bytes of reply it produced. */
    public int run(ByteBuffer request) {
        request.position(0);
        try {
            output.drainTo(DiscardChannel.INSTANCE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        session.onInput(request);
        return output.pending();
    }

    /** A request buffer from ASCII text. */
    public static ByteBuffer ascii(CharSequence text) {
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
