package dev.sabaody.kv.resp;

import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.nio.OutputBuffer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/** A {@link Connection} with no socket: tests and benchmarks feed a session bytes and read its output here. */
public final class FakeConnection implements Connection {

    private final long id;
    private final OutputBuffer output = new OutputBuffer();
    boolean closedAfterFlush;
    boolean closedNow;

    public FakeConnection(long id) {
        this.id = id;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public SocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 50000 + (int) id);
    }

    @Override
    public EventLoop loop() {
        throw new UnsupportedOperationException("sessions must not need the loop");
    }

    @Override
    public OutputBuffer output() {
        return output;
    }

    @Override
    public void flush() {
    }

    @Override
    public void pauseReading() {
    }

    @Override
    public void resumeReading() {
    }

    @Override
    public void closeAfterFlush() {
        closedAfterFlush = true;
    }

    @Override
    public void close() {
        closedNow = true;
    }

    @Override
    public boolean isOpen() {
        return !closedAfterFlush && !closedNow;
    }

        @Override
        public boolean probe() {
            return isOpen();
        }

    /** What the session wrote since the last call, as text (each byte one char). */
    String takeOutput() {
        String s = new String(output.toByteArray(), StandardCharsets.ISO_8859_1);
        output.clear();
        return s;
    }
}
