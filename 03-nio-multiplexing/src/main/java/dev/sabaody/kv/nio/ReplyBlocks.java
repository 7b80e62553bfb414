package dev.sabaody.kv.nio;

/**
 * How Redis 7.0 would hold a connection's unsent output: what CLIENT LIST reports as {@code obl},
 * {@code oll} and {@code omem}, kept beside the one growing array that really holds it.
 *
 * <p>Redis gives each client a fixed buffer of {@link #PROTO_REPLY_CHUNK_BYTES} and, once that is
 * full, a list of blocks (networking.c, _addReplyToBufferOrList): a reply goes into the buffer while
 * the list is empty, as much as fits; what is left fills the last block's free room, and the rest
 * gets a block of its own, as large as that rest or 16 KB, whichever is more, rounded up by the
 * allocator. A big GET reply is thus one block of about its size, and a pipeline of small replies
 * a chain of 16 KB blocks. Sending takes the buffer first, then the blocks in order; a block fully
 * sent is freed, and the buffer starts again from its start once all of it is sent.
 *
 * <pre>
 *   buf [##########......]   list: [ room 20464, used 20464 ] → [ room 10485744, used 9983629 ]
 *        bufPos                      (oll = 2, omem = rooms + 40 bytes a block)
 * </pre>
 *
 * <p>The model follows the writes call by call (a reply is written in the same calls as Redis's
 * addReply, so a block is cut where Redis cuts one) and the sends byte by byte. While the list is
 * empty and the buffer has room, nothing needs keeping: the buffer holds every pending byte, so
 * {@link OutputBuffer} asks nothing of this class on its fast path ({@link #fastRoom}). Not
 * modelled: Redis's cron resizing its buffer below 16 KB for a client whose replies are small.
 * Loop thread only, like its buffer.
 */
final class ReplyBlocks {

    /** PROTO_REPLY_CHUNK_BYTES (server.h): Redis's fixed buffer, and the least size of a block (bytes). */
    static final int PROTO_REPLY_CHUNK_BYTES = 16 * 1024;
    /** sizeof(clientReplyBlock): a block's size and used fields before its bytes (bytes). */
    static final int REPLY_BLOCK_HEADER_BYTES = 16;
    /** sizeof(listNode) + sizeof(clientReplyBlock): what omem adds for each block (getClientOutputBufferMemoryUsage). */
    static final int LIST_ITEM_BYTES = 24 + REPLY_BLOCK_HEADER_BYTES;

    /** Bytes sent from the buffer since it last started again (Redis's sentlen while it sends the buffer). */
    private long bufSent;
    /** The buffer's write position (bufpos), kept only while there are blocks; derived otherwise. */
    private long bufPos;
    /** No block yet: a connection that never falls 16 KB behind never allocates the ring. */
    private static final long[] NONE = new long[0];
    /** The blocks, a ring: each one's room (size) and bytes written (used). */
    private long[] room = NONE;
    private long[] used = NONE;
    private int head;
    private int count;
    /** Bytes of the first block already sent. */
    private long headSent;
    /** The blocks' rooms together (reply_bytes). */
    private long roomTotal;

    /** Bytes a write may add with nothing to record here, {@code pending} being unsent now; negative: none. */
    long fastRoom() {
        return count == 0 ? PROTO_REPLY_CHUNK_BYTES - bufSent : -1;
    }

    /** A write of {@code length} bytes, {@code pending} bytes being unsent before it. */
    void wrote(long length, long pending) {
        if (count == 0) {
            long pos = bufSent + pending;
            long take = Math.min(length, Math.max(0, PROTO_REPLY_CHUNK_BYTES - pos));
            length -= take;
            if (length == 0) {
                return;
            }
            bufPos = pos + take;
        }
        if (count > 0) {
            int tail = slot(count - 1);
            long take = Math.min(length, room[tail] - used[tail]);
            used[tail] += take;
            length -= take;
        }
        if (length > 0) {
            add(usable(Math.max(PROTO_REPLY_CHUNK_BYTES, length) + REPLY_BLOCK_HEADER_BYTES) - REPLY_BLOCK_HEADER_BYTES,
                    length);
        }
    }

    /** {@code sent} bytes left for the socket, {@code pending} bytes being unsent before. */
    void sent(long sent, long pending) {
        if (count == 0) {
            bufSent = sent == pending ? 0 : bufSent + sent;
            return;
        }
        long fromBuf = Math.min(sent, bufPos - bufSent);
        bufSent += fromBuf;
        sent -= fromBuf;
        if (bufSent == bufPos) { // the buffer all sent: it starts again from its start
            bufSent = 0;
            bufPos = 0;
        }
        while (sent > 0 && count > 0) {
            long take = Math.min(sent, used[head] - headSent);
            headSent += take;
            sent -= take;
            if (headSent == used[head]) {
                roomTotal -= room[head];
                head = slot(1);
                count--;
                headSent = 0;
            }
        }
    }

    /** The last {@code bytes} written are taken back (a reply the client asked not to get); {@code pendingAfter} stay. */
    void truncated(long bytes, long pendingAfter) {
        while (bytes > 0 && count > 0) {
            int tail = slot(count - 1);
            long take = Math.min(bytes, used[tail] - (count == 1 ? headSent : 0));
            used[tail] -= take;
            bytes -= take;
            if (used[tail] > 0) {
                return;
            }
            roomTotal -= room[tail];
            count--;
        }
        if (count == 0 && pendingAfter == 0) {
            bufSent = 0; // nothing left: the buffer starts again, as after its last byte is sent
        }
    }

    /** Nothing pending any more. */
    void clear() {
        bufSent = 0;
        bufPos = 0;
        count = 0;
        head = 0;
        headSent = 0;
        roomTotal = 0;
    }

    /** CLIENT LIST's obl: the buffer's write position, {@code pending} bytes being unsent. */
    long bufferPosition(long pending) {
        return count == 0 ? bufSent + pending : bufPos;
    }

    /** The unsent bytes the buffer and blocks hold, {@code pending} being unsent: equal to it (tests). */
    long unsent(long pending) {
        if (count == 0) {
            return pending;
        }
        long n = bufPos - bufSent - headSent;
        for (int i = 0; i < count; i++) {
            n += used[slot(i)];
        }
        return n;
    }

    /** CLIENT LIST's oll. */
    int blocks() {
        return count;
    }

    /** CLIENT LIST's omem: the blocks' rooms and their list entries. */
    long blockBytes() {
        return roomTotal + (long) LIST_ITEM_BYTES * count;
    }

    private void add(long blockRoom, long blockUsed) {
        if (count == room.length) {
            long[] r = new long[Math.max(4, count * 2)];
            long[] u = new long[r.length];
            for (int i = 0; i < count; i++) {
                r[i] = room[slot(i)];
                u[i] = used[slot(i)];
            }
            room = r;
            used = u;
            head = 0;
        }
        int tail = slot(count);
        room[tail] = blockRoom;
        used[tail] = blockUsed;
        count++;
        roomTotal += blockRoom;
    }

    private int slot(int i) {
        return (head + i) % room.length;
    }

    /**
     * The size jemalloc 5.3 hands out for {@code bytes} (zmalloc_usable): above 64 bytes its size
     * classes come four to each doubling, so a request rounds up to a multiple of a quarter of the
     * power of two below it (20 KB for 16 KB and 16 bytes, 10 MB for 9.6 MB).
     */
    static long usable(long bytes) {
        if (bytes <= 64) {
            return Math.max(8, (bytes + 15) & ~15L);
        }
        long step = Long.highestOneBit(bytes - 1) >> 2;
        return (bytes + step - 1) & -step;
    }
}
