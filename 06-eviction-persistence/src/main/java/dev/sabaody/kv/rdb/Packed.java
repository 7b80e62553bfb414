package dev.sabaody.kv.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * The packed encodings Redis stores small values in, which an RDB file holds as one string blob
 * each: listpack (7.0), ziplist (before 7.0), intset and zipmap (before 2.6). Each is read into the
 * list of its elements, integers turned into their decimal strings, with every length and offset
 * checked against the blob: a corrupt blob is an {@link RdbFormatException} naming the blob's file
 * offset and the byte inside it.
 *
 * <p>Layouts (all integers little-endian):
 * <pre>
 * listpack  total-bytes:4 count:2 { encoding data backlen } ... 0xFF         (listpack.c)
 *   0xxxxxxx 7-bit uint | 10LLLLLL 6-bit-len string | 110xxxxx xxxxxxxx 13-bit int
 *   1110LLLL LLLLLLLL 12-bit-len string | 11110000 len:4 string
 *   F1 int16 | F2 int24 | F3 int32 | F4 int64;  backlen: 1-5 bytes of the entry's length
 * ziplist   total-bytes:4 tail-offset:4 count:2 { prevlen encoding data } ... 0xFF   (ziplist.c)
 *   prevlen: 1 byte, or FE and 4 bytes;  00LLLLLL | 01LLLLLL LLLLLLLL (big-endian) | 80 len:4 (big-endian)
 *   C0 int16 | D0 int32 | E0 int64 | F0 int24 | FE int8 | F1..FD the values 0..12
 * intset    encoding:4 (2, 4 or 8 bytes per value) count:4 values, ascending   (intset.c)
 * zipmap    count:1 { len key len free value free-bytes } ... 0xFF; len: 1 byte, or FE and 4 bytes
 * </pre>
 */
final class Packed {

    private final byte[] b;
    private final long where;
    private int p;

    private Packed(byte[] blob, long where) {
        this.b = blob;
        this.where = where;
    }

    private RdbFormatException error(String what) {
        return new RdbFormatException(where, what + " (byte " + p + " of the blob)");
    }

    private void need(long n) throws RdbFormatException {
        if (n < 0 || p + n > b.length) {
            throw error("packed value runs past its end");
        }
    }

    private long le(int bytes) throws RdbFormatException {
        need(bytes);
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) (b[p++] & 0xff) << (8 * i);
        }
        return v;
    }

    private int u8() throws RdbFormatException {
        need(1);
        return b[p++] & 0xff;
    }

    private byte[] bytes(long n) throws RdbFormatException {
        need(n);
        byte[] out = java.util.Arrays.copyOfRange(b, p, p + (int) n);
        p += (int) n;
        return out;
    }

    // ---------------------------------------------------------------- listpack

    static List<byte[]> listpack(byte[] blob, long where) throws RdbFormatException {
        return listpack(blob, where, null);
    }

    /** As {@link #listpack(byte[], long)}, also recording where each element starts in {@code starts}. */
    static List<byte[]> listpack(byte[] blob, long where, List<Integer> starts) throws RdbFormatException {
        Packed r = new Packed(blob, where);
        long total = r.le(4);
        if (total != blob.length) {
            throw r.error("listpack header says " + total + " bytes, blob has " + blob.length);
        }
        int declared = (int) r.le(2);
        List<byte[]> out = new ArrayList<>();
        while (true) {
            int start = r.p;
            int e = r.u8();
            if (e == 0xff) {
                break;
            }
            if (starts != null) {
                starts.add(start);
            }
            byte[] element;
            if ((e & 0x80) == 0) {
                element = RdbInput.decimal(e);
            } else if ((e & 0xc0) == 0x80) {
                element = r.bytes(e & 0x3f);
            } else if ((e & 0xe0) == 0xc0) {
                int v = ((e & 0x1f) << 8) | r.u8();
                element = RdbInput.decimal(v >= 1 << 12 ? v - (1 << 13) : v);
            } else if ((e & 0xf0) == 0xe0) {
                element = r.bytes(((e & 0x0f) << 8) | r.u8());
            } else {
                element = switch (e) {
                    case 0xf0 -> r.bytes(r.le(4));
                    case 0xf1 -> RdbInput.decimal((short) r.le(2));
                    case 0xf2 -> RdbInput.decimal(((int) r.le(3) << 8) >> 8);
                    case 0xf3 -> RdbInput.decimal((int) r.le(4));
                    case 0xf4 -> RdbInput.decimal(r.le(8));
                    default -> throw r.error("invalid listpack encoding 0x" + Integer.toHexString(e));
                };
            }
            int entryLength = r.p - start;
            int backlen = entryLength <= 127 ? 1 : entryLength < 16383 ? 2 : entryLength < 2097151 ? 3
                    : entryLength < 268435455 ? 4 : 5;
            r.need(backlen);
            r.p += backlen;
            out.add(element);
        }
        if (r.p != blob.length) {
            throw r.error("bytes after the listpack's end marker");
        }
        if (declared != 65535 && declared != out.size()) {
            throw r.error("listpack header counts " + declared + " elements, found " + out.size());
        }
        return out;
    }

    // ---------------------------------------------------------------- ziplist

    static List<byte[]> ziplist(byte[] blob, long where) throws RdbFormatException {
        Packed r = new Packed(blob, where);
        long total = r.le(4);
        if (total != blob.length) {
            throw r.error("ziplist header says " + total + " bytes, blob has " + blob.length);
        }
        r.le(4); // offset of the tail entry: for walking backwards, not needed here
        int declared = (int) r.le(2);
        List<byte[]> out = new ArrayList<>();
        while (true) {
            int first = r.u8();
            if (first == 0xff) {
                break;
            }
            if (first == 0xfe) {
                r.le(4);
            }
            int e = r.u8();
            byte[] element;
            switch (e >>> 6) {
                case 0 -> element = r.bytes(e & 0x3f);
                case 1 -> element = r.bytes(((e & 0x3f) << 8) | r.u8());
                case 2 -> {
                    if (e != 0x80) {
                        throw r.error("invalid ziplist string encoding 0x" + Integer.toHexString(e));
                    }
                    long len = 0;
                    for (int i = 0; i < 4; i++) {
                        len = (len << 8) | r.u8();
                    }
                    element = r.bytes(len);
                }
                default -> element = switch (e) {
                    case 0xc0 -> RdbInput.decimal((short) r.le(2));
                    case 0xd0 -> RdbInput.decimal((int) r.le(4));
                    case 0xe0 -> RdbInput.decimal(r.le(8));
                    case 0xf0 -> RdbInput.decimal(((int) r.le(3) << 8) >> 8);
                    case 0xfe -> RdbInput.decimal((byte) r.u8());
                    default -> {
                        if (e >= 0xf1 && e <= 0xfd) {
                            yield RdbInput.decimal((e & 0x0f) - 1);
                        }
                        throw r.error("invalid ziplist encoding 0x" + Integer.toHexString(e));
                    }
                };
            }
            out.add(element);
        }
        if (r.p != blob.length) {
            throw r.error("bytes after the ziplist's end marker");
        }
        if (declared != 65535 && declared != out.size()) {
            throw r.error("ziplist header counts " + declared + " elements, found " + out.size());
        }
        return out;
    }

    // ---------------------------------------------------------------- intset

    static List<byte[]> intset(byte[] blob, long where) throws RdbFormatException {
        Packed r = new Packed(blob, where);
        int width = (int) r.le(4);
        if (width != 2 && width != 4 && width != 8) {
            throw r.error("invalid intset encoding " + width);
        }
        long count = r.le(4);
        if (8 + count * width != blob.length) {
            throw r.error("intset of " + count + " values does not fill its " + blob.length + " bytes");
        }
        List<byte[]> out = new ArrayList<>((int) count);
        long previous = Long.MIN_VALUE;
        for (long i = 0; i < count; i++) {
            long v = r.le(width);
            v = width == 2 ? (short) v : width == 4 ? (int) v : v;
            if (i > 0 && v <= previous) {
                throw r.error("intset values not in ascending order");
            }
            previous = v;
            out.add(RdbInput.decimal(v));
        }
        return out;
    }

    // ---------------------------------------------------------------- zipmap

    static List<byte[]> zipmap(byte[] blob, long where) throws RdbFormatException {
        Packed r = new Packed(blob, where);
        r.u8(); // count, or 254 when unknown: the walk below counts anyway
        List<byte[]> out = new ArrayList<>();
        while (true) {
            int first = r.u8();
            if (first == 0xff) {
                break;
            }
            r.p--;
            byte[] key = r.bytes(r.zipmapLength());
            long valueLength = r.zipmapLength();
            int free = r.u8();
            byte[] value = r.bytes(valueLength);
            r.need(free);
            r.p += free;
            out.add(key);
            out.add(value);
        }
        if (r.p != blob.length) {
            throw r.error("bytes after the zipmap's end marker");
        }
        return out;
    }

    private long zipmapLength() throws RdbFormatException {
        int first = u8();
        if (first < 254) {
            return first;
        }
        if (first == 254) {
            return le(4);
        }
        throw error("invalid zipmap length");
    }
}
