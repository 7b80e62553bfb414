package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class OutputBufferTest {

    /** A socket that takes at most {@code max} bytes per write, as a full send buffer does. */
    static final class TrickleChannel implements WritableByteChannel {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        int max;

        TrickleChannel(int max) {
            this.max = max;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(max, src.remaining());
            byte[] chunk = new byte[n];
            src.get(chunk);
            received.writeBytes(chunk);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void drainTo_pooledBufferAllSent_arrayBackToThePoolAndReusedByTheNextReply() throws Exception {
        OutputArrays pool = new OutputArrays();
        OutputBuffer out = new OutputBuffer(pool);
        assertEquals(0, out.capacity(), "nothing held before the first reply");
        out.writeAscii("+OK\r\n");
        assertEquals(OutputBuffer.INITIAL_BYTES, out.capacity());
        TrickleChannel socket = new TrickleChannel(3);
        out.drainTo(socket);
        assertEquals(OutputBuffer.INITIAL_BYTES, out.capacity(), "kept while bytes are still unsent");
        assertEquals(0, pool.spare());
        out.drainTo(socket);
        assertEquals(0, out.capacity(), "an idle connection holds no output array");
        assertEquals(1, pool.spare());

        OutputBuffer other = new OutputBuffer(pool);
        other.writeAscii(":1\r\n");
        assertEquals(0, pool.spare(), "the next reply, of any connection of the loop, takes it back");
        assertEquals("+OK\r\n", socket.received.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void ensure_pooledBufferGrowsPastOneArray_givesThatArrayBackAndKeepsTheLargerOne() throws Exception {
        OutputArrays pool = new OutputArrays();
        OutputBuffer out = new OutputBuffer(pool);
        out.writeAscii("x");
        out.write(new byte[OutputBuffer.INITIAL_BYTES]);
        assertEquals(1, pool.spare(), "the outgrown array went back");
        assertEquals(2 * OutputBuffer.INITIAL_BYTES, out.capacity());
        out.drainTo(new TrickleChannel(Integer.MAX_VALUE));
        assertEquals(2 * OutputBuffer.INITIAL_BYTES, out.capacity(), "a larger array stays, as before");
        assertEquals(1, pool.spare());
    }

    @Property
    void drainTo_pooledBuffersInterleaved_everyByteOnceInOrder(
            @ForAll @IntRange(min = 1, max = 3000) int perWrite, @ForAll @IntRange(min = 1, max = 30) int replies)
            throws Exception {
        OutputArrays pool = new OutputArrays();
        OutputBuffer[] buffers = {new OutputBuffer(pool), new OutputBuffer(pool), new OutputBuffer(pool)};
        TrickleChannel[] sockets = {new TrickleChannel(perWrite), new TrickleChannel(perWrite), new TrickleChannel(perWrite)};
        ByteArrayOutputStream[] expected = {new ByteArrayOutputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        for (int i = 0; i < replies; i++) {
            for (int c = 0; c < buffers.length; c++) {
                byte[] reply = ("c" + c + " reply " + i + " " + "v".repeat((i * 31 + c * 7) % 200) + "\n")
                        .getBytes(StandardCharsets.US_ASCII);
                buffers[c].write(reply);
                expected[c].write(reply);
                buffers[c].drainTo(sockets[c]);
            }
        }
        for (int c = 0; c < buffers.length; c++) {
            while (buffers[c].pending() > 0) {
                buffers[c].drainTo(sockets[c]);
            }
            assertArrayEquals(expected[c].toByteArray(), sockets[c].received.toByteArray(), "connection " + c);
        }
    }

    @Property
    void writeDecimal_anyLong_asLongToString(@ForAll long value) {
        OutputBuffer out = new OutputBuffer().writeDecimal(value);
        assertEquals(Long.toString(value), new String(out.toByteArray(), StandardCharsets.US_ASCII));
    }

    @Property
    void drainTo_partialWritesInterleavedWithNewOutput_everyByteOnceInOrder(
            @ForAll @IntRange(min = 1, max = 5000) int perWrite, @ForAll @IntRange(min = 1, max = 30) int replies)
            throws Exception {
        OutputBuffer out = new OutputBuffer();
        TrickleChannel socket = new TrickleChannel(perWrite);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < replies; i++) {
            byte[] reply = ("reply " + i + " " + "v".repeat(i * 97) + "\n").getBytes(StandardCharsets.US_ASCII);
            out.write(reply);
            expected.writeBytes(reply);
            out.drainTo(socket, 1000);
        }
        while (out.pending() > 0) {
            out.drainTo(socket);
        }
        assertArrayEquals(expected.toByteArray(), socket.received.toByteArray());
    }

    @Test
    void capacity_untilFirstWrite_zero() {
        assertEquals(0, new OutputBuffer().capacity());
    }

    @Test
    void drainTo_hugeReplySent_arrayGivenBack() throws Exception {
        OutputBuffer out = new OutputBuffer();
        out.write(new byte[1 << 20]);
        out.drainTo(new TrickleChannel(Integer.MAX_VALUE));
        assertEquals(0, out.capacity());
        out.writeAscii("small");
        out.drainTo(new TrickleChannel(Integer.MAX_VALUE));
        assertEquals(1024, out.capacity(), "a small array is kept for the next replies");
    }
}
