package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        OutputBuffer out = new OutputBuffer(pool, null);
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

        OutputBuffer other = new OutputBuffer(pool, null);
        other.writeAscii(":1\r\n");
        assertEquals(0, pool.spare(), "the next reply, of any connection of the loop, takes it back");
        assertEquals("+OK\r\n", socket.received.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void ensure_pooledBufferGrowsPastOneArray_givesThatArrayBackAndKeepsTheLargerOne() throws Exception {
        OutputArrays pool = new OutputArrays();
        OutputBuffer out = new OutputBuffer(pool, null);
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
        OutputBuffer[] buffers = {new OutputBuffer(pool, null), new OutputBuffer(pool, null), new OutputBuffer(pool, null)};
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

    /** A limit that counts its questions and says no above {@code max} pending bytes. */
    static final class CountingLimit implements OutputBuffer.Limit {
        final long max;
        int asked;
        long held;

        CountingLimit(long max) {
            this.max = max;
        }

        @Override
        public boolean allowPending(long pending) {
            asked++;
            return pending <= max;
        }

        @Override
        public boolean allowGrowth(long fromBytes, long toBytes) {
            held += toBytes;
            return true;
        }

        @Override
        public void released(long bytes) {
            held -= bytes;
        }

        int expands;
        int shrinks;

        @Override
        public void resized(boolean grew) {
            if (grew) {
                expands++;
            } else {
                shrinks++;
            }
        }
    }

    /**
     * reply_buffer_expands counts each growth of the array (1 KB to 128 KB: eight doublings), and
     * reply_buffer_shrinks the large array let go once sent; the pooled array's coming and going
     * is neither, and a kept array of 64 KB or less is not shrunk.
     */
    @Test
    void resized_growthAndLargeArrayLetGo_countedAsRedisReplyBufferExpandsAndShrinks() throws Exception {
        CountingLimit limit = new CountingLimit(Long.MAX_VALUE);
        OutputBuffer out = new OutputBuffer(new OutputArrays(), limit);
        out.writeAscii("+OK\r\n");
        out.drainTo(new TrickleChannel(Integer.MAX_VALUE));
        assertEquals(0, limit.expands + limit.shrinks, "the pooled array taken and given back");
        for (int i = 0; i < 100; i++) {
            out.write(new byte[1000]);
        }
        assertEquals(128 * 1024, out.capacity());
        assertEquals(7, limit.expands, "1 KB doubled seven times to 128 KB");
        out.drainTo(new TrickleChannel(Integer.MAX_VALUE));
        assertEquals(1, limit.shrinks);
        for (int i = 0; i < 40; i++) {
            out.write(new byte[1000]);
        }
        out.drainTo(new TrickleChannel(Integer.MAX_VALUE));
        assertEquals(64 * 1024, out.capacity(), "64 KB is kept for the next replies");
        assertEquals(7 + 6, limit.expands);
        assertEquals(1, limit.shrinks);
    }

    @Test
    void write_pastTheLimit_refusedAndEverythingAfterDropped() {
        CountingLimit limit = new CountingLimit(100);
        OutputBuffer out = new OutputBuffer(null, limit);
        out.watchAbove(100);
        out.write(new byte[90]);
        assertFalse(out.refusing());
        out.write(new byte[20]); // would leave 110 pending: refused, not copied in
        assertTrue(out.refusing());
        assertEquals(90, out.pending());
        out.writeAscii("+OK\r\n").writeDecimal(42).write((byte) 1);
        assertEquals(90, out.pending(), "a refusing buffer drops every later write");
    }

    @Property
    void write_belowTheWatchedSize_neverAsksTheLimit(@ForAll @IntRange(min = 1, max = 4000) int size,
                                                     @ForAll @IntRange(min = 1, max = 50) int writes) {
        CountingLimit limit = new CountingLimit(Long.MAX_VALUE);
        OutputBuffer out = new OutputBuffer(null, limit);
        out.watchAbove((long) size * writes);
        for (int i = 0; i < writes; i++) {
            out.write(new byte[size]);
        }
        assertEquals(0, limit.asked, "the common case is two comparisons, no call");
        assertEquals((long) size * writes, out.pending());
        out.clear();
        assertEquals(0, limit.held, "every array grown was given back");
    }
}
