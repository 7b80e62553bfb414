package dev.sabaody.kv.data.streams;

import dev.sabaody.kv.resp.Numbers;
import java.util.Arrays;

/**
 * One node of a stream: a run of consecutive entries packed into one byte array in Redis's own
 * listpack encoding (listpack.c), with the master entry and delta-encoded IDs of t_stream.c.
 *
 * <h2>Layout</h2>
 * A Redis stream node is a listpack whose elements are:
 * <pre>
 *   count | deleted | num-fields | field_1 ... field_N | 0        the master entry
 *   flags | ms-diff | seq-diff | value_1 ... value_N | lp-count    an entry with the master's fields
 *   flags | ms-diff | seq-diff | num-fields | f_1 | v_1 ... | lp-count   an entry with other fields
 * </pre>
 * IDs are differences from the node's master ID (its key in the tree), so most are one-byte
 * integers; an entry whose field names are the master's (the first entry's) stores only its
 * values. Each element is an encoding byte (small integers live in it), the data, and a back-length
 * that lets a reader walk backwards. Strings that read as integers are stored as integers, as
 * lpAppend does. So three small fields cost a dozen bytes or so per entry, not three objects.
 *
 * <p>{@code count} and {@code deleted} change on every XADD and XDEL; here they are two int fields
 * rather than the first two elements, so an append never shifts the bytes. {@link #lpBytes} still
 * counts them as Redis encodes them, because Redis decides when a node is full from that size
 * (stream-node-max-bytes) and the approximate trims of XADD/XTRIM remove whole nodes: for {@code ~}
 * to trim what Redis trims, the nodes must split where Redis's split. The body is also exactly
 * what an RDB file stores after those two elements (RDB_TYPE_STREAM_LISTPACKS_2).
 *
 * <h2>Deletion</h2>
 * XDEL and exact trims never move bytes: they set the entry's DELETED flag (a one-byte integer, so
 * it is rewritten in place) and move one from count to deleted. A node whose entries are all
 * deleted is dropped from the tree whole.
 */
final class StreamNode {

    /** stream.h STREAM_ITEM_FLAG_DELETED: the entry is deleted (a tombstone). */
    static final int STREAM_ITEM_FLAG_DELETED = 1;
    /** stream.h STREAM_ITEM_FLAG_SAMEFIELDS: the entry has the master entry's fields. */
    static final int STREAM_ITEM_FLAG_SAMEFIELDS = 2;
    /** listpack.c LP_HDR_SIZE (total bytes, 32 bits; number of elements, 16 bits) (bytes). */
    static final int LP_HDR_SIZE = 6;
    /** listpack.c: the end-of-listpack byte (bytes). */
    static final int LP_EOF_SIZE = 1;

    /** Master ID: the first entry's ID; every entry's ID is stored as a difference from it. */
    final long masterMs;
    final long masterSeq;
    /** Live entries. */
    int count;
    /** Entries marked deleted, still in the bytes. */
    int deleted;
    /** The listpack's elements after count and deleted. */
    byte[] body;
    int used;
    /** Number of master fields, and where the first entry starts (after the master's terminator). */
    final int masterFieldCount;
    final int firstEntry;
    /** Offsets of the master fields (they are reread for every entry that shares them). */
    final int[] masterFieldAt;

    StreamNode(long ms, long seq, byte[][] fields, int from, int step, int numFields, int capacity) {
        this.masterMs = ms;
        this.masterSeq = seq;
        this.body = new byte[Math.max(capacity, 64)];
        appendInt(numFields);
        masterFieldCount = numFields;
        masterFieldAt = new int[numFields];
        for (int i = 0; i < numFields; i++) {
            masterFieldAt[i] = used;
            appendString(fields[from + i * step]);
        }
        appendInt(0);
        firstEntry = used;
    }

    /**
     * A node as an RDB file holds it (RDB_TYPE_STREAM_LISTPACKS_2): the master ID, the two counters,
     * and the listpack's elements after them, checked well-formed by the caller (module 06's reader).
     */
    StreamNode(long ms, long seq, int count, int deleted, byte[] body) {
        this.masterMs = ms;
        this.masterSeq = seq;
        this.count = count;
        this.deleted = deleted;
        this.body = body;
        this.used = body.length;
        this.masterFieldCount = (int) intAt(0);
        this.masterFieldAt = new int[masterFieldCount];
        int p = nextElement(0);
        for (int i = 0; i < masterFieldCount; i++) {
            masterFieldAt[i] = p;
            p = nextElement(p);
        }
        this.firstEntry = nextElement(p); // past the master entry's 0 terminator
    }

    private StreamNode(StreamNode o) {
        masterMs = o.masterMs;
        masterSeq = o.masterSeq;
        count = o.count;
        deleted = o.deleted;
        body = Arrays.copyOf(o.body, o.used);
        used = o.used;
        masterFieldCount = o.masterFieldCount;
        firstEntry = o.firstEntry;
        masterFieldAt = o.masterFieldAt;
    }

    StreamNode copy() {
        return new StreamNode(this);
    }

    StreamId masterId() {
        return new StreamId(masterMs, masterSeq);
    }

    /** The size of this node as a Redis listpack (lpBytes): header, every element, the end byte. */
    int lpBytes() {
        return LP_HDR_SIZE + intSize(count) + intSize(deleted) + used + LP_EOF_SIZE;
    }

    /** Drops the spare capacity (a full node will not grow again). */
    void shrink() {
        if (body.length > used) {
            body = Arrays.copyOf(body, used);
        }
    }

    /** Whether the fields {@code fields[from], fields[from+step], ...} are exactly the master's. */
    boolean sameFieldsAsMaster(byte[][] fields, int from, int step, int numFields) {
        if (numFields != masterFieldCount) {
            return false;
        }
        for (int i = 0; i < numFields; i++) {
            if (!elementEquals(masterFieldAt[i], fields[from + i * step])) {
                return false;
            }
        }
        return true;
    }

    /** Appends one entry (after the count was updated by the caller). */
    void appendEntry(long ms, long seq, byte[][] argv, int from, int numFields, boolean same) {
        int flags = same ? STREAM_ITEM_FLAG_SAMEFIELDS : 0;
        appendInt(flags);
        appendInt(ms - masterMs);
        appendInt(seq - masterSeq);
        if (!same) {
            appendInt(numFields);
        }
        for (int i = 0; i < numFields; i++) {
            if (!same) {
                appendString(argv[from + 2 * i]);
            }
            appendString(argv[from + 2 * i + 1]);
        }
        long lpCount = numFields + 3L;
        if (!same) {
            lpCount += numFields + 1;
        }
        appendInt(lpCount);
    }

    // ---------------------------------------------------------------- reading entries

    /** One decoded entry header; reused by iterators. */
    static final class Cursor {
        long ms;
        long seq;
        int flags;
        int numFields;
        /** Offset of the first field (or value, for a SAMEFIELDS entry). */
        int fieldsAt;
        /** Offset of the entry's flags element. */
        int at;
        /** Offset of the next entry, or {@code used} at the end. */
        int next;

        boolean deleted() {
            return (flags & STREAM_ITEM_FLAG_DELETED) != 0;
        }

        boolean sameFields() {
            return (flags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0;
        }

        StreamId id() {
            return new StreamId(ms, seq);
        }
    }

    /** Decodes the entry at {@code at} into {@code c}. */
    void read(int at, Cursor c) {
        c.at = at;
        int p = at;
        c.flags = (int) intAt(p);
        p = nextElement(p);
        c.ms = masterMs + intAt(p);
        p = nextElement(p);
        c.seq = masterSeq + intAt(p);
        p = nextElement(p);
        int elements;
        if ((c.flags & STREAM_ITEM_FLAG_SAMEFIELDS) != 0) {
            c.numFields = masterFieldCount;
            elements = masterFieldCount;
        } else {
            c.numFields = (int) intAt(p);
            p = nextElement(p);
            elements = 2 * c.numFields;
        }
        c.fieldsAt = p;
        for (int i = 0; i < elements; i++) {
            p = nextElement(p);
        }
        c.next = nextElement(p); // skip lp-count
    }

    /** Offsets of the entries, first to last (for walking a node backwards). */
    int entryOffsets(int[] out, Cursor scratch) {
        int n = 0;
        for (int at = firstEntry; at < used; at = scratch.next) {
            read(at, scratch);
            out[n++] = at;
        }
        return n;
    }

    int entryCount() {
        return count + deleted;
    }

    /** Marks the entry at {@code c.at} deleted (its flags element is one byte: rewritten in place). */
    void markDeleted(Cursor c) {
        c.flags |= STREAM_ITEM_FLAG_DELETED;
        body[c.at] = (byte) c.flags;
        count--;
        deleted++;
    }

    /**
     * Visits the entry's fields and values in order: for a SAMEFIELDS entry, master field i then the
     * entry's value i; otherwise field, value, field, value.
     */
    void forEachFieldValue(Cursor c, ElementSink sink) {
        int p = c.fieldsAt;
        for (int i = 0; i < c.numFields; i++) {
            if (c.sameFields()) {
                emit(masterFieldAt[i], sink);
            } else {
                emit(p, sink);
                p = nextElement(p);
            }
            emit(p, sink);
            p = nextElement(p);
        }
    }

    /** Receives one element: a string's bytes, or an integer (stored as one, shown as its decimal). */
    interface ElementSink {
        void string(byte[] bytes, int offset, int length);

        void integer(long value);
    }

    private void emit(int p, ElementSink sink) {
        int b = body[p] & 0xff;
        if ((b & 0xC0) == 0x80) {
            sink.string(body, p + 1, b & 0x3f);
        } else if ((b & 0xF0) == 0xE0) {
            sink.string(body, p + 2, ((b & 0x0f) << 8) | (body[p + 1] & 0xff));
        } else if (b == 0xF0) {
            sink.string(body, p + 5, (int) le(p + 1, 4));
        } else {
            sink.integer(intAt(p));
        }
    }

    // ---------------------------------------------------------------- listpack elements

    private void ensure(int more) {
        if (used + more > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, used + more));
        }
    }

    /** lpAppendInteger, choosing the smallest encoding as lpEncodeIntegerGetType does. */
    void appendInt(long v) {
        ensure(11);
        int start = used;
        if (v >= 0 && v <= 127) {
            body[used++] = (byte) v;
        } else if (v >= -4096 && v <= 4095) {
            long u = v < 0 ? (1 << 13) + v : v;
            body[used++] = (byte) (0xC0 | (u >> 8));
            body[used++] = (byte) u;
        } else if (v >= -32768 && v <= 32767) {
            body[used++] = (byte) 0xF1;
            putLe(v, 2);
        } else if (v >= -8388608 && v <= 8388607) {
            body[used++] = (byte) 0xF2;
            putLe(v, 3);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            body[used++] = (byte) 0xF3;
            putLe(v, 4);
        } else {
            body[used++] = (byte) 0xF4;
            putLe(v, 8);
        }
        appendBacklen(used - start);
    }

    /** lpAppend of a string: stored as an integer when it reads as one (lpStringToInt64). */
    void appendString(byte[] s) {
        long[] v = new long[1];
        if (s.length <= 20 && Numbers.string2ll(s, v)) {
            appendInt(v[0]);
            return;
        }
        ensure(s.length + 10);
        int start = used;
        if (s.length < 64) {
            body[used++] = (byte) (0x80 | s.length);
        } else if (s.length < 4096) {
            body[used++] = (byte) (0xE0 | (s.length >> 8));
            body[used++] = (byte) s.length;
        } else {
            body[used++] = (byte) 0xF0;
            putLe(s.length, 4);
        }
        System.arraycopy(s, 0, body, used, s.length);
        used += s.length;
        appendBacklen(used - start);
    }

    private void putLe(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            body[used++] = (byte) (v >>> (8 * i));
        }
    }

    private long le(int p, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) (body[p + i] & 0xff) << (8 * i);
        }
        return v;
    }

    /** lpEncodeBacklen: the element's length, 7 bits a byte, readable from its last byte. */
    private void appendBacklen(int l) {
        ensure(5);
        if (l <= 127) {
            body[used++] = (byte) l;
        } else if (l < 16383) {
            body[used++] = (byte) (l >> 7);
            body[used++] = (byte) ((l & 127) | 128);
        } else if (l < 2097151) {
            body[used++] = (byte) (l >> 14);
            body[used++] = (byte) (((l >> 7) & 127) | 128);
            body[used++] = (byte) ((l & 127) | 128);
        } else if (l < 268435455) {
            body[used++] = (byte) (l >> 21);
            body[used++] = (byte) (((l >> 14) & 127) | 128);
            body[used++] = (byte) (((l >> 7) & 127) | 128);
            body[used++] = (byte) ((l & 127) | 128);
        } else {
            body[used++] = (byte) (l >> 28);
            body[used++] = (byte) (((l >> 21) & 127) | 128);
            body[used++] = (byte) (((l >> 14) & 127) | 128);
            body[used++] = (byte) (((l >> 7) & 127) | 128);
            body[used++] = (byte) ((l & 127) | 128);
        }
    }

    static int backlenSize(int l) {
        return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    }

    /** The encoded size of an integer element, back-length included. */
    static int intSize(long v) {
        int l;
        if (v >= 0 && v <= 127) {
            l = 1;
        } else if (v >= -4096 && v <= 4095) {
            l = 2;
        } else if (v >= -32768 && v <= 32767) {
            l = 3;
        } else if (v >= -8388608 && v <= 8388607) {
            l = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            l = 5;
        } else {
            l = 9;
        }
        return l + 1;
    }

    /** Offset of the element after the one at {@code p}. */
    int nextElement(int p) {
        int b = body[p] & 0xff;
        int l;
        if ((b & 0x80) == 0) {
            l = 1;
        } else if ((b & 0xC0) == 0x80) {
            l = 1 + (b & 0x3f);
        } else if ((b & 0xE0) == 0xC0) {
            l = 2;
        } else if ((b & 0xF0) == 0xE0) {
            l = 2 + (((b & 0x0f) << 8) | (body[p + 1] & 0xff));
        } else if (b == 0xF0) {
            l = 5 + (int) le(p + 1, 4);
        } else if (b == 0xF1) {
            l = 3;
        } else if (b == 0xF2) {
            l = 4;
        } else if (b == 0xF3) {
            l = 5;
        } else {
            l = 9;
        }
        return p + l + backlenSize(l);
    }

    /** The integer element at {@code p}. */
    long intAt(int p) {
        int b = body[p] & 0xff;
        if ((b & 0x80) == 0) {
            return b;
        }
        if ((b & 0xE0) == 0xC0) {
            long u = ((b & 0x1f) << 8) | (body[p + 1] & 0xff);
            return u >= (1 << 12) ? u - (1 << 13) : u;
        }
        return switch (b) {
            case 0xF1 -> (short) le(p + 1, 2);
            case 0xF2 -> (le(p + 1, 3) << 40) >> 40;
            case 0xF3 -> (int) le(p + 1, 4);
            case 0xF4 -> le(p + 1, 8);
            default -> throw new IllegalStateException("not an integer element");
        };
    }

    private boolean elementEquals(int p, byte[] s) {
        boolean[] same = {false};
        emit(p, new ElementSink() {
            @Override
            public void string(byte[] bytes, int offset, int length) {
                same[0] = Arrays.equals(bytes, offset, offset + length, s, 0, s.length);
            }

            @Override
            public void integer(long value) {
                same[0] = Arrays.equals(Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII), s);
            }
        });
        return same[0];
    }
}
