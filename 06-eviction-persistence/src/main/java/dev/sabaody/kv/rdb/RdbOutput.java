package dev.sabaody.kv.rdb;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The lowest layer of the writer: bytes, lengths, strings and doubles in RDB's encodings, buffered,
 * with the running CRC-64 of everything written (rdbSaveLen, rdbSaveRawString, rdbSaveBinaryDoubleValue
 * in rdb.c).
 *
 * <p>Lengths: 6 bits in one byte (00), 14 bits big-endian in two (01), then 0x80 and 32 bits or
 * 0x81 and 64 bits, big-endian. Strings: a short decimal integer string becomes an 8/16/32-bit
 * little-endian integer (11 and 0/1/2); a string longer than 20 bytes is LZF-compressed when
 * {@code rdbcompression} is on and the result is at least 4 bytes shorter (11 and 3, compressed
 * length, original length, data); anything else is a length and the bytes.
 */
final class RdbOutput {

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private long crc;
    private long written;
    private final boolean compress;
    /** The compressor, with its reused table; made at the first string long enough to try. */
    private Lzf lzf;

    /** Whether to keep the running CRC: not for a forkless save's chunks, whose file sums them in order. */
    private final boolean checksum;

    RdbOutput(OutputStream out, boolean compress) {
        this(out, compress, true);
    }

    RdbOutput(OutputStream out, boolean compress, boolean checksum) {
        this.out = out;
        this.compress = compress;
        this.checksum = checksum;
    }

    long crc() {
        return Crc64.update(crc, buf, 0, pos);
    }

    long written() {
        return written + pos;
    }

    private void drain() throws IOException {
        if (checksum) {
            crc = Crc64.update(crc, buf, 0, pos);
        }
        out.write(buf, 0, pos);
        written += pos;
        pos = 0;
    }

    void flush() throws IOException {
        drain();
        out.flush();
    }

    void writeByte(int b) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = (byte) b;
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > buf.length - pos) {
            drain();
            if (length > buf.length) {
                if (checksum) {
                    crc = Crc64.update(crc, bytes, offset, length);
                }
                out.write(bytes, offset, length);
                written += length;
                return;
            }
        }
        System.arraycopy(bytes, offset, buf, pos, length);
        pos += length;
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    /** A little-endian integer of {@code size} bytes (memrev*ifbe: RDB stores native x86 order). */
    void writeLittleEndian(long v, int size) throws IOException {
        for (int i = 0; i < size; i++) {
            writeByte((int) (v >>> (8 * i)));
        }
    }

    /** rdbSaveLen: {@code len} is unsigned (a stream's entries_read of -1 is 2^64 - 1, as in Redis). */
    void writeLength(long len) throws IOException {
        if (len < 0) {
            writeByte(Rdb.RDB_64BITLEN);
            for (int shift = 56; shift >= 0; shift -= 8) {
                writeByte((int) (len >>> shift));
            }
        } else if (len < (1 << 6)) {
            writeByte((int) len);
        } else if (len < (1 << 14)) {
            writeByte((int) ((len >>> 8) | (Rdb.RDB_14BITLEN << 6)));
            writeByte((int) len);
        } else if (len <= 0xffffffffL) {
            writeByte(Rdb.RDB_32BITLEN);
            for (int shift = 24; shift >= 0; shift -= 8) {
                writeByte((int) (len >>> shift));
            }
        } else {
            writeByte(Rdb.RDB_64BITLEN);
            for (int shift = 56; shift >= 0; shift -= 8) {
                writeByte((int) (len >>> shift));
            }
        }
    }

    /** rdbSaveRawString: integer, LZF or plain, whichever Redis would pick. */
    void writeString(byte[] s) throws IOException {
        if (s.length <= 11 && writeIntegerString(s)) {
            return;
        }
        if (compress && s.length > 20 && writeLzf(s)) {
            return;
        }
        writeLength(s.length);
        write(s);
    }

    /** rdbSaveLongLongAsStringObject: an integer as Redis writes the string of its digits. */
    void writeString(long v) throws IOException {
        if (!writeEncodedInt(v)) {
            byte[] digits = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            writeLength(digits.length);
            write(digits);
        }
    }

    private boolean writeIntegerString(byte[] s) throws IOException {
        long v = Strings.parseCanonicalLong(s);
        return v != Strings.NOT_CANONICAL && writeEncodedInt(v);
    }

    /** rdbEncodeInteger: 8, 16 or 32 bits; false when the value needs more. */
    private boolean writeEncodedInt(long v) throws IOException {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            writeByte((Rdb.RDB_ENCVAL << 6) | Rdb.RDB_ENC_INT8);
            writeByte((int) v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            writeByte((Rdb.RDB_ENCVAL << 6) | Rdb.RDB_ENC_INT16);
            writeLittleEndian(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            writeByte((Rdb.RDB_ENCVAL << 6) | Rdb.RDB_ENC_INT32);
            writeLittleEndian(v, 4);
        } else {
            return false;
        }
        return true;
    }

    /** rdbSaveLzfStringObject: only when the compressed form is shorter by more than 4 bytes. */
    private boolean writeLzf(byte[] s) throws IOException {
        byte[] out = new byte[s.length - 4];
        if (lzf == null) {
            lzf = new Lzf();
        }
        int n = lzf.compressInto(s, out);
        if (n == 0) {
            return false;
        }
        writeByte((Rdb.RDB_ENCVAL << 6) | Rdb.RDB_ENC_LZF);
        writeLength(n);
        writeLength(s.length);
        write(out, 0, n);
        return true;
    }

    /** rdbSaveBinaryDoubleValue: eight bytes, little-endian IEEE 754. */
    void writeBinaryDouble(double d) throws IOException {
        writeLittleEndian(Double.doubleToRawLongBits(d), 8);
    }
}
