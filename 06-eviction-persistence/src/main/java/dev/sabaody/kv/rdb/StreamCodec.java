package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.streams.StreamParts;
import dev.sabaody.kv.data.streams.StreamValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stream in RDB_TYPE_STREAM_LISTPACKS_2, what Redis 7.0 writes (rdbSaveObject, rdbLoadObject):
 *
 * <pre>
 *   nodes: count, then per node its master ID (16 bytes, big-endian ms and seq) and its listpack
 *   length, last ID (ms, seq), first ID, max deleted ID, entries added     (the last three: v2 only)
 *   groups: count, then per group: name, last ID, entries read (v2),
 *     PEL: count, then raw 16-byte ID, delivery time (8 bytes LE), delivery count
 *     consumers: count, then name, seen time (8 bytes LE), PEL: count, raw 16-byte IDs
 * </pre>
 *
 * Each node's listpack is module 05's node body with its two counters in front (see StreamNode):
 * written as it is, and read after checking every entry's shape (flags, ID, fields, lp-count) and
 * that the counters match, since a stream read later trusts its bytes. Version 1 streams (type 15,
 * Redis 5 and 6) load too, their missing fields filled as Redis 7.0 fills them.
 */
final class StreamCodec {

    /** stream.h flags of an entry. */
    private static final int STREAM_ITEM_FLAG_DELETED = 1;
    private static final int STREAM_ITEM_FLAG_SAMEFIELDS = 2;

    private StreamCodec() {
    }

    static void write(RdbOutput out, StreamValue stream) throws IOException {
        StreamParts.Parts p = StreamParts.of(stream);
        out.writeLength(p.nodes().size());
        for (StreamParts.Node n : p.nodes()) {
            out.writeString(id(n.ms(), n.seq()));
            out.writeString(listpack(n));
        }
        out.writeLength(p.length());
        writeId(out, p.lastId());
        writeId(out, p.firstId());
        writeId(out, p.maxDeletedId());
        out.writeLength(p.entriesAdded());
        out.writeLength(p.groups().size());
        for (StreamParts.Group g : p.groups()) {
            out.writeString(g.name());
            out.writeLength(g.lastMs());
            out.writeLength(g.lastSeq());
            out.writeLength(g.entriesRead());
            out.writeLength(g.pending().size());
            for (StreamParts.Pending e : g.pending()) {
                out.write(id(e.ms(), e.seq()));
                out.writeLittleEndian(e.deliveryTime(), 8);
                out.writeLength(e.deliveryCount());
            }
            out.writeLength(g.consumers().size());
            for (StreamParts.ConsumerPart c : g.consumers()) {
                out.writeString(c.name());
                out.writeLittleEndian(c.seenTime(), 8);
                out.writeLength(c.pending().size());
                for (long[] id : c.pending()) {
                    out.write(id(id[0], id[1]));
                }
            }
        }
    }

    private static void writeId(RdbOutput out, long[] id) throws IOException {
        out.writeLength(id[0]);
        out.writeLength(id[1]);
    }

    /** streamEncodeID: 128 bits, big-endian, so that byte order is ID order. */
    private static byte[] id(long ms, long seq) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (ms >>> (56 - 8 * i));
            b[8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return b;
    }

    private static long[] decodeId(byte[] b) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (b[i] & 0xff);
            seq = (seq << 8) | (b[8 + i] & 0xff);
        }
        return new long[] {ms, seq};
    }

    /** The node's listpack: header, count and deleted as listpack integers, the body, the end byte. */
    private static byte[] listpack(StreamParts.Node n) {
        byte[] count = lpInt(n.count());
        byte[] deleted = lpInt(n.deleted());
        int total = 6 + count.length + deleted.length + n.body().length + 1;
        byte[] lp = new byte[total];
        int elements = 2 + elementCount(n.body());
        for (int i = 0; i < 4; i++) {
            lp[i] = (byte) (total >>> (8 * i));
        }
        int numele = elements < 65535 ? elements : 65535; // LP_HDR_NUMELE_UNKNOWN beyond
        lp[4] = (byte) numele;
        lp[5] = (byte) (numele >>> 8);
        System.arraycopy(count, 0, lp, 6, count.length);
        System.arraycopy(deleted, 0, lp, 6 + count.length, deleted.length);
        System.arraycopy(n.body(), 0, lp, 6 + count.length + deleted.length, n.body().length);
        lp[total - 1] = (byte) 0xff;
        return lp;
    }

    /** lpEncodeIntegerGetType and its one-byte back-length (every integer element is under 128 bytes). */
    private static byte[] lpInt(long v) {
        byte[] e;
        if (v >= 0 && v <= 127) {
            e = new byte[] {(byte) v};
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            e = new byte[] {(byte) ((u >>> 8) | 0xC0), (byte) u};
        } else {
            int size = v >= Short.MIN_VALUE && v <= Short.MAX_VALUE ? 2 : v >= -8388608 && v <= 8388607 ? 3
                    : v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? 4 : 8;
            e = new byte[1 + size];
            e[0] = (byte) (size == 2 ? 0xF1 : size == 3 ? 0xF2 : size == 4 ? 0xF3 : 0xF4);
            for (int i = 0; i < size; i++) {
                e[1 + i] = (byte) (v >>> (8 * i));
            }
        }
        byte[] withBacklen = Arrays.copyOf(e, e.length + 1);
        withBacklen[e.length] = (byte) e.length;
        return withBacklen;
    }

    /** Elements in a body of well-formed listpack elements. */
    private static int elementCount(byte[] body) {
        byte[] lp = new byte[body.length + 7];
        for (int i = 0; i < 4; i++) {
            lp[i] = (byte) (lp.length >>> (8 * i));
        }
        lp[4] = (byte) 0xff;
        lp[5] = (byte) 0xff;
        System.arraycopy(body, 0, lp, 6, body.length);
        lp[lp.length - 1] = (byte) 0xff;
        try {
            return Packed.listpack(lp, 0).size();
        } catch (RdbFormatException e) {
            throw new IllegalStateException("a stream node that is not a listpack", e);
        }
    }

    // ---------------------------------------------------------------- reading

    static StreamValue read(RdbInput in, int type) throws IOException, RdbFormatException {
        long at = in.offset();
        long nodeCount = in.readLength();
        List<StreamParts.Node> nodes = new ArrayList<>();
        long[] firstLive = null;
        long[] previous = null;
        for (long i = 0; i < nodeCount; i++) {
            long offset = in.offset();
            byte[] key = in.readString();
            if (key.length != 16) {
                throw new RdbFormatException(offset, "stream node key is not a 128 bit ID");
            }
            long[] master = decodeId(key);
            if (previous != null && compare(master, previous) <= 0) {
                throw new RdbFormatException(offset, "stream node IDs out of order");
            }
            previous = master;
            long lpAt = in.offset();
            byte[] lp = in.readString();
            List<Integer> starts = new ArrayList<>();
            List<byte[]> e = Packed.listpack(lp, lpAt, starts);
            long[] first = checkNode(e, master, lpAt);
            if (firstLive == null) {
                firstLive = first;
            }
            int bodyStart = starts.get(2);
            byte[] body = Arrays.copyOfRange(lp, bodyStart, lp.length - 1);
            nodes.add(new StreamParts.Node(master[0], master[1], (int) number(e.get(0), lpAt),
                    (int) number(e.get(1), lpAt), body));
        }
        long length = in.readLength();
        long[] lastId = {in.readUnsigned(), in.readUnsigned()};
        long[] firstId;
        long[] maxDeleted;
        long entriesAdded;
        if (type == Rdb.RDB_TYPE_STREAM_LISTPACKS_2) {
            firstId = new long[] {in.readUnsigned(), in.readUnsigned()};
            maxDeleted = new long[] {in.readUnsigned(), in.readUnsigned()};
            entriesAdded = in.readUnsigned();
        } else { // version 1: as rdbLoadObject fills them in Redis 7.0
            firstId = firstLive != null ? firstLive : new long[] {0, 0};
            maxDeleted = new long[] {0, 0};
            entriesAdded = length;
        }
        List<StreamParts.Group> groups = new ArrayList<>();
        for (long g = 0, n = in.readLength(); g < n; g++) {
            byte[] name = in.readString();
            long lastMs = in.readUnsigned();
            long lastSeq = in.readUnsigned();
            long entriesRead = type == Rdb.RDB_TYPE_STREAM_LISTPACKS_2 ? in.readUnsigned() : -1;
            List<StreamParts.Pending> pel = new ArrayList<>();
            for (long j = 0, m = in.readLength(); j < m; j++) {
                long[] id = decodeId(in.readBytes(16));
                pel.add(new StreamParts.Pending(id[0], id[1], in.readLittleEndian(8), in.readLength()));
            }
            List<StreamParts.ConsumerPart> consumers = new ArrayList<>();
            for (long j = 0, m = in.readLength(); j < m; j++) {
                byte[] consumer = in.readString();
                long seen = in.readLittleEndian(8);
                List<long[]> ids = new ArrayList<>();
                for (long k = 0, c = in.readLength(); k < c; k++) {
                    ids.add(decodeId(in.readBytes(16)));
                }
                consumers.add(new StreamParts.ConsumerPart(consumer, seen, ids));
            }
            groups.add(new StreamParts.Group(name, lastMs, lastSeq, entriesRead, pel, consumers));
        }
        try {
            return StreamParts.build(new StreamParts.Parts(nodes, length, lastId, firstId, maxDeleted, entriesAdded, groups));
        } catch (RuntimeException e) { // parts that contradict themselves, or a node body module 05 cannot walk
            throw new RdbFormatException(at, "stream: " + e.getMessage());
        }
    }

    private static int compare(long[] a, long[] b) {
        int c = Long.compareUnsigned(a[0], b[0]);
        return c != 0 ? c : Long.compareUnsigned(a[1], b[1]);
    }

    private static long number(byte[] element, long at) throws RdbFormatException {
        long v = Strings.parseCanonicalLong(element);
        if (v == Strings.NOT_CANONICAL && !(element.length == 20 && new String(element).equals(Long.toString(Long.MIN_VALUE)))) {
            throw new RdbFormatException(at, "stream listpack: an integer was expected");
        }
        return v;
    }

    /**
     * streamValidateListpackIntegrity, deep: the master entry, then every entry's flags, ID, fields
     * and lp-count; live and deleted entries must match the node's counters. Returns the first live
     * entry's ID, or null.
     */
    private static long[] checkNode(List<byte[]> e, long[] master, long at) throws RdbFormatException {
        if (e.size() < 4) {
            throw new RdbFormatException(at, "stream node listpack too short");
        }
        long count = number(e.get(0), at);
        long deleted = number(e.get(1), at);
        if (count <= 0 && deleted <= 0 || count < 0 || deleted < 0) {
            throw new RdbFormatException(at, "empty listpack inside stream");
        }
        long fields = number(e.get(2), at);
        int p = 3;
        if (fields < 0 || p + fields >= e.size()) {
            throw new RdbFormatException(at, "stream master entry runs past the node");
        }
        p += (int) fields;
        if (number(e.get(p++), at) != 0) {
            throw new RdbFormatException(at, "stream master entry not terminated by 0");
        }
        long live = 0;
        long dead = 0;
        long[] first = null;
        while (p < e.size()) {
            int start = p;
            if (p + 3 > e.size()) {
                throw new RdbFormatException(at, "stream entry runs past the node");
            }
            long flags = number(e.get(p++), at);
            long ms = master[0] + number(e.get(p++), at);
            long seq = master[1] + number(e.get(p++), at);
            long values;
            if ((flags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0) {
                values = fields;
            } else {
                if (p >= e.size()) {
                    throw new RdbFormatException(at, "stream entry runs past the node");
                }
                long n = number(e.get(p++), at);
                if (n < 0) {
                    throw new RdbFormatException(at, "stream entry with a negative field count");
                }
                values = 2 * n;
            }
            if (p + values >= e.size()) {
                throw new RdbFormatException(at, "stream entry runs past the node");
            }
            p += (int) values;
            if (number(e.get(p++), at) != p - 1 - start) {
                throw new RdbFormatException(at, "stream entry lp-count does not match");
            }
            if ((flags & STREAM_ITEM_FLAG_DELETED) != 0) {
                dead++;
            } else {
                live++;
                if (first == null) {
                    first = new long[] {ms, seq};
                }
            }
        }
        if (live != count || dead != deleted) {
            throw new RdbFormatException(at, "stream node counters do not match its entries");
        }
        return first;
    }
}
