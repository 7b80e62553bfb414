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
