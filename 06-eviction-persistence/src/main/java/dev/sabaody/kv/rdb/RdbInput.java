package dev.sabaody.kv.rdb;

import java.io.IOException;
import java.io.InputStream;

/**
 * The lowest layer of the reader, the mirror of {@link RdbOutput}: bytes, lengths and strings in
 * RDB's encodings (rdbLoadLen, rdbGenericLoadStringObject, rdbLoadLzfStringObject), with the offset
 * of every byte and the running CRC-64 of what was consumed.
 *
 * <p>Every failure is an {@link RdbFormatException} naming the offset. A length is checked against
 * the bytes that remain before anything is allocated for it: a flipped bit in a length must give
 * "truncated", not an OutOfMemoryError.
 */
final class RdbInput {

    private final InputStream in;
    /** Bytes the input holds in all; lengths beyond what remains are refused. */
    private final long size;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    /** File offset of buf[0]. */
    private long base;
    /** CRC of every byte before buf[crcPos]. */
    private long crc;
    private int crcPos;

    RdbInput(InputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    /** Offset of the next byte to read. */
    long offset() {
        return base + pos;
    }

    /** CRC-64 of every byte read so far. */
    long crc() {
        crc = Crc64.update(crc, buf, crcPos, pos - crcPos);
        crcPos = pos;
        return crc;
    }

    RdbFormatException error(String reason) {
        return new RdbFormatException(offset(), reason);
    }

    private boolean fill() throws IOException {
        crc();
        base += limit;
        pos = 0;
        limit = 0;
        crcPos = 0;
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        limit = n;
        return true;
    }

    int readByte() throws IOException, RdbFormatException {
        if (pos == limit && !fill()) {
            throw error("unexpected end of file");
        }
        return buf[pos++] & 0xff;
    }

    /** Fails unless {@code n} more bytes exist: called before allocating for a length just read. */
    void require(long n) throws RdbFormatException {
        if (n < 0 || n > size - offset() || n > Integer.MAX_VALUE - 16) {
            throw error("length " + n + " runs past the end of the file (truncated or corrupt)");
        }
    }

    byte[] readBytes(int n) throws IOException, RdbFormatException {
        require(n);
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (pos == limit && !fill()) {
                throw error("unexpected end of file");
            }
            int k = Math.min(n - done, limit - pos);
            System.arraycopy(buf, pos, out, done, k);
            pos += k;
            done += k;
        }
        return out;
    }

    long readLittleEndian(int bytes) throws IOException, RdbFormatException {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (long) readByte() << (8 * i);
        }
        return v;
    }

    private long readBigEndian(int bytes) throws IOException, RdbFormatException {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | readByte();
        }
        return v;
    }

    /** Set by {@link #readLengthOrEncoding} when what it read was a special string encoding's number. */
    private boolean encoded;

    private long readLengthOrEncoding() throws IOException, RdbFormatException {
        int b = readByte();
        encoded = b >>> 6 == Rdb.RDB_ENCVAL;
        return switch (b >>> 6) {
            case Rdb.RDB_6BITLEN -> b & 0x3f;
            case Rdb.RDB_14BITLEN -> ((b & 0x3f) << 8) | readByte();
            case Rdb.RDB_ENCVAL -> b & 0x3f;
            default -> switch (b) {
                case Rdb.RDB_32BITLEN -> readBigEndian(4);
                case Rdb.RDB_64BITLEN -> {
                    long v = readBigEndian(8);
                    if (v < 0) {
                        throw error("length out of range");
                    }
                    yield v;
                }
                default -> throw error("unknown length encoding 0x" + Integer.toHexString(b));
            };
        };
    }

    /** rdbLoadLen for a value that is a number, not a size: the full unsigned 64 bits (stream IDs, counters). */
    long readUnsigned() throws IOException, RdbFormatException {
        long offset = offset();
        int b = readByte();
        if (b == Rdb.RDB_64BITLEN) {
            return readBigEndian(8);
        }
        pos--; // the byte is still in the buffer: read it again as an ordinary length
        return readLengthAt(offset);
    }

    private long readLengthAt(long offset) throws IOException, RdbFormatException {
        long v = readLengthOrEncoding();
        if (encoded) {
            throw new RdbFormatException(offset, "a string encoding where a length was expected");
        }
        return v;
    }

    /** rdbLoadLen: a plain length. */
    long readLength() throws IOException, RdbFormatException {
        long offset = offset();
        long v = readLengthOrEncoding();
        if (encoded) {
            throw new RdbFormatException(offset, "a string encoding where a length was expected");
        }
        return v;
    }

    /** rdbGenericLoadStringObject: a plain, integer or LZF string. */
    byte[] readString() throws IOException, RdbFormatException {
        long offset = offset();
        long v = readLengthOrEncoding();
        if (!encoded) {
            return readBytes(checkedInt(v, offset));
        }
        return switch ((int) v) {
            case Rdb.RDB_ENC_INT8 -> decimal((byte) readByte());
            case Rdb.RDB_ENC_INT16 -> decimal((short) readLittleEndian(2));
            case Rdb.RDB_ENC_INT32 -> decimal((int) readLittleEndian(4));
            case Rdb.RDB_ENC_LZF -> readLzf(offset);
            default -> throw new RdbFormatException(offset, "unknown string encoding " + v);
        };
    }

    private byte[] readLzf(long offset) throws IOException, RdbFormatException {
        int compressed = checkedInt(readLength(), offset);
        long length = readLength();
        require(compressed);
        // a compressed string expands at most ~132 times (a 2-byte back reference copies 264 bytes)
        if (length > (long) compressed * 133 + 64 || length > Integer.MAX_VALUE - 16) {
            throw new RdbFormatException(offset, "LZF string claims " + length + " bytes from " + compressed);
        }
        byte[] in = readBytes(compressed);
        byte[] out = new byte[(int) length];
        if (!Lzf.decompress(in, 0, compressed, out)) {
            throw new RdbFormatException(offset, "invalid LZF compressed string");
        }
        return out;
    }

    private int checkedInt(long v, long offset) throws RdbFormatException {
        if (v > Integer.MAX_VALUE - 16) {
            throw new RdbFormatException(offset, "string of " + v + " bytes is too long");
        }
        return (int) v;
    }

    /** rdbLoadBinaryDoubleValue. */
    double readBinaryDouble() throws IOException, RdbFormatException {
        return Double.longBitsToDouble(readLittleEndian(8));
    }

    /** rdbLoadDoubleValue: the old textual score of RDB_TYPE_ZSET (a length byte, 253-255 for NaN, +inf, -inf). */
    double readTextDouble() throws IOException, RdbFormatException {
        int len = readByte();
        return switch (len) {
            case 255 -> Double.NEGATIVE_INFINITY;
            case 254 -> Double.POSITIVE_INFINITY;
            case 253 -> Double.NaN;
            default -> {
                long offset = offset();
                String s = new String(readBytes(len), java.nio.charset.StandardCharsets.US_ASCII);
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new RdbFormatException(offset, "invalid score \"" + s + "\"");
                }
            }
        };
    }

    static byte[] decimal(long v) {
        return Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
