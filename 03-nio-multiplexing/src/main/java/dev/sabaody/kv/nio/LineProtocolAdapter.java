package dev.sabaody.kv.nio;

import dev.sabaody.kv.blocking.LineDecoder;
import dev.sabaody.kv.blocking.LineProtocol;
import dev.sabaody.kv.blocking.Reply;
import dev.sabaody.kv.blocking.Store;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Plugs module 01's line protocol into the event loop, unchanged: the same {@link LineProtocol}, the
 * same {@link LineDecoder}, the same replies, so the {@code nc} session of module 01 works against
 * one thread.
 *
 * <p>The decoder takes {@code (byte[], offset, length)} and the loop hands a {@link ByteBuffer}; the
 * loop's buffers are heap buffers, so {@code input.array()} is the bytes themselves and nothing is
 * copied on the way in. (A direct buffer would save the JDK's copy from its temporary direct buffer
 * on {@code read}, but every parser would then go through {@code ByteBuffer.get}; module 03's README
 * discusses the trade.) The decoder keeps the tail of an unfinished line itself, so this session
 * always consumes everything it is given, except after QUIT, when the rest is dropped unread as in
 * module 01.
 *
 * <p>One protocol, one {@link Store}, for all loops: the store is a {@code ConcurrentHashMap}, safe to
 * share. final-server replaces it with per-loop shards that need no sharing at all.
 */
public final class LineProtocolAdapter implements Protocol {

    private final LineProtocol protocol;
    private final int maxLineBytes;

    public LineProtocolAdapter(Store store) {
        this(store, LineDecoder.DEFAULT_MAX_LINE_BYTES);
    }

    public LineProtocolAdapter(Store store, int maxLineBytes) {
        this.protocol = new LineProtocol(store);
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public Session open(Connection connection) {
        return new LineSession(connection);
    }

    @Override
    public byte[] rejectionMessage() {
        return "ERR max number of clients reached\n".getBytes(StandardCharsets.US_ASCII);
    }

    private final class LineSession implements Session, LineDecoder.LineSink {
        private final Connection connection;
        private final LineDecoder decoder = new LineDecoder(maxLineBytes);

        LineSession(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void onInput(ByteBuffer input) {
            int consumed = decoder.feed(input.array(), input.arrayOffset() + input.position(), input.remaining(), this);
            if (consumed == LineDecoder.LINE_TOO_LONG) {
                connection.output()
                        .writeAscii("ERR line too long (more than ").writeDecimal(maxLineBytes)
                        .writeAscii(" bytes without a newline)\n");
                connection.closeAfterFlush();
                consumed = input.remaining();
            }
            if (!connection.isOpen() || consumed < input.remaining()) {
                consumed = input.remaining(); // QUIT: what follows it is dropped
            }
            input.position(input.position() + consumed);
        }

        @Override
        public boolean onLine(String line) {
            Reply reply = protocol.execute(line);
            if (reply.text() != null) {
                connection.output().write(reply.text().getBytes(StandardCharsets.UTF_8)).write((byte) '\n');
            }
            if (reply.closeAfter()) {
                connection.closeAfterFlush();
                return false;
            }
            return true;
        }
    }
}
