package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.blocking.Store;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Module 01's line protocol on the event loop: the same replies, whatever the byte boundaries. */
class LineProtocolAdapterTest {

    private static final String SESSION = "SET a 1\nGET a\nDEL a\nGET a\nEXISTS a\nPING\n\nBOGUS x\nGET\r\n";
    private static final String REPLIES = "OK\n1\n1\n(nil)\n0\nPONG\nERR unknown command 'BOGUS'\n"
            + "ERR wrong number of arguments for 'get' command\n";

    /** A connection with no socket: what the session wrote, and whether it asked to close. */
    static final class FakeConnection implements Connection {
        final OutputBuffer output = new OutputBuffer();
        boolean closeAfterFlush;

        @Override public long id() { return 1; }
        @Override public SocketAddress remoteAddress() { return null; }
        @Override public EventLoop loop() { return null; }
        @Override public OutputBuffer output() { return output; }
        @Override public void flush() { }
        @Override public void pauseReading() { }
        @Override public void resumeReading() { }
        @Override public void closeAfterFlush() { closeAfterFlush = true; }
        @Override public void close() { }
        @Override public boolean isOpen() { return true; }

        @Override
        public boolean probe() {
            return isOpen();
        }

        String written() {
            return new String(output.toByteArray(), StandardCharsets.UTF_8);
        }
    }

    /** Feeds {@code bytes} in pieces cut at {@code cuts}, as the loop would offer successive reads. */
    private static String replies(byte[] bytes, List<Integer> cuts) {
        FakeConnection connection = new FakeConnection();
        Session session = new LineProtocolAdapter(new Store()).open(connection);
        int from = 0;
        for (int cut : cuts.stream().filter(c -> c <= bytes.length).sorted().toList()) {
            offer(session, bytes, from, cut);
            from = cut;
        }
        offer(session, bytes, from, bytes.length);
        return connection.written();
    }

    private static void offer(Session session, byte[] bytes, int from, int to) {
        // a larger buffer with the piece in its middle: the session must honour position and arrayOffset
        ByteBuffer whole = ByteBuffer.allocate(to - from + 20);
        whole.position(7);
        ByteBuffer slice = whole.slice();
        slice.put(bytes, from, to - from).flip();
        session.onInput(slice);
        assertEquals(slice.limit(), slice.position(), "the line session consumes everything it is given");
    }

    @Test
    void onInput_splitAtEveryByte_sameReplies() {
        byte[] bytes = SESSION.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            assertEquals(REPLIES, replies(bytes, List.of(cut)), "cut at " + cut);
        }
    }

    @Property
    void onInput_anySplits_sameReplies(@ForAll @Size(max = 20) List<@IntRange(min = 0, max = 70) Integer> cuts) {
        assertEquals(REPLIES, replies(SESSION.getBytes(StandardCharsets.UTF_8), cuts));
    }

    @Test
    void onInput_quitMidPipeline_byeThenCloseRestDropped() {
        FakeConnection connection = new FakeConnection();
        Session session = new LineProtocolAdapter(new Store()).open(connection);
        session.onInput(ByteBuffer.wrap("PING\nQUIT\nSET x 1\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("PONG\nBYE\n", connection.written());
        assertTrue(connection.closeAfterFlush);
    }

    @Test
    void onInput_lineOverLimit_errorThenClose() {
        FakeConnection connection = new FakeConnection();
        Session session = new LineProtocolAdapter(new Store(), 16).open(connection);
        session.onInput(ByteBuffer.wrap("x".repeat(40).getBytes(StandardCharsets.US_ASCII)));
        assertEquals("ERR line too long (more than 16 bytes without a newline)\n", connection.written());
        assertTrue(connection.closeAfterFlush);
    }

    @Test
    void server_ncSessionOfModule01_sameRepliesOnOneThread() throws Exception {
        Store store = new Store();
        try (NioServer server = NioServer.start(NioServer.Config.onPort(0), new LineProtocolAdapter(store));
             Client client = new Client(server.port())) {
            client.send("SET a 1\nGET a\n");
            assertEquals("OK\n1\n", client.readLines(2));
            client.send("QUIT\n");
            assertEquals("BYE\n", new String(client.readToEnd(), StandardCharsets.US_ASCII));
            assertEquals("1", store.get("a"));
        }
    }

    @Test
    void server_twoLoops_shareOneStore() throws Exception {
        try (NioServer server = NioServer.start(NioServer.Config.onPort(0).withLoops(2), new LineProtocolAdapter(new Store()));
             Client first = new Client(server.port()); Client second = new Client(server.port())) {
            assertEquals("OK\n", first.send("SET k v\n").readLines(1));
            assertEquals("v\n", second.send("GET k\n").readLines(1));
        }
    }
}
