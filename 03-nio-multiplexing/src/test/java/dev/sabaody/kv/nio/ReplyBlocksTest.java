package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Redis's reply buffer and list of blocks, as CLIENT LIST counts them, kept beside one array. */
class ReplyBlocksTest {

    @Test
    void usable_jemallocSizeClasses() {
        assertEquals(16384, ReplyBlocks.usable(16384));
        assertEquals(20480, ReplyBlocks.usable(16384 + 16));
        assertEquals(24576, ReplyBlocks.usable(20481));
        assertEquals(10L << 20, ReplyBlocks.usable(9_983_643));
        assertEquals(917504, ReplyBlocks.usable(900_000));
    }

    /** A 10 MB bulk reply: its header and first 16 KB in the buffer, the rest one block of 10 MiB. */
    @Test
    void wrote_bigReply_bufferThenOneBlockOfItsOwn() throws Exception {
        OutputBuffer out = new OutputBuffer(new OutputArrays(), null);
        out.write((byte) '$').writeDecimal(10_000_000).write(new byte[] {'\r', '\n'});
        out.write(new byte[10_000_000]).write(new byte[] {'\r', '\n'});
        assertEquals(16384, out.replyBufferPosition());
        assertEquals(1, out.replyListBlocks());
        assertEquals((10L << 20) - 16 + 40, out.replyListBytes());
        out.drainTo(new OutputBufferTest.TrickleChannel(20_000));
        assertEquals(0, out.replyBufferPosition(), "the buffer all sent starts again");
        assertEquals(1, out.replyListBlocks(), "a block partly sent stays whole");
        out.drainTo(new OutputBufferTest.TrickleChannel(Integer.MAX_VALUE));
        assertEquals(0, out.replyListBlocks());
        assertEquals(0, out.replyListBytes());
    }

    /** Small replies past the buffer: 16 KB blocks, 20 KB each as the allocator rounds them. */
    @Test
    void wrote_manySmallReplies_chainOfSixteenKilobyteBlocks() {
        OutputBuffer out = new OutputBuffer(new OutputArrays(), null);
        for (int i = 0; i < 10_000; i++) {
            out.writeAscii("+OK\r\n");
        }
        assertEquals(16384, out.replyBufferPosition());
        long listBytes = 50_000 - 16384;
        long blocks = (listBytes + 20464 - 1) / 20464;
        assertEquals(blocks, out.replyListBlocks());
        assertEquals(blocks * (20464 + 40), out.replyListBytes());
    }

    /**
     * Whatever is written, taken back and sent, in whatever pieces: the buffer and the blocks never hold less than
     * what is pending, the buffer never more than 16 KB, no block is empty, and once all is sent
     * there is nothing.
     */
    @Property(tries = 300)
    void anyWritesAndSends_accountForEveryPendingByte(
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 1, max = 40_000) Integer> writes,
            @ForAll @IntRange(min = 1, max = 30_000) int sendPiece) throws Exception {
        OutputBuffer out = new OutputBuffer(new OutputArrays(), null);
        OutputBufferTest.TrickleChannel channel = new OutputBufferTest.TrickleChannel(sendPiece);
        for (int i = 0; i < writes.size(); i++) {
            out.write(new byte[writes.get(i)]);
            if (i % 5 == 4) { // a reply taken back (CLIENT REPLY SKIP): half of the last write
                out.truncate(out.pending() - writes.get(i) / 2);
            }
            if (i % 3 == 2) {
                out.drainTo(channel);
            }
            long buf = out.replyBufferPosition();
            assertTrue(buf <= ReplyBlocks.PROTO_REPLY_CHUNK_BYTES, "buffer " + buf);
            long blockRoom = out.replyListBytes() - (long) ReplyBlocks.LIST_ITEM_BYTES * out.replyListBlocks();
            assertTrue(buf + blockRoom >= out.pending(), "room for every pending byte");
            assertEquals(out.pending(), out.replyBlocks().unsent(out.pending()), "every pending byte, once");
            assertTrue(out.replyListBlocks() == 0 || blockRoom >= ReplyBlocks.PROTO_REPLY_CHUNK_BYTES);
        }
        channel.max = Integer.MAX_VALUE;
        out.drainTo(channel);
        assertEquals(0, out.replyBufferPosition());
        assertEquals(0, out.replyListBlocks());
        assertEquals(0, out.replyListBytes());
    }
}
