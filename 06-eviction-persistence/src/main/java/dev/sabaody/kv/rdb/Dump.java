package dev.sabaody.kv.rdb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * DUMP's payload (createDumpPayload in cluster.c): the value as a file holds it (type byte and
 * payload, no key), then a footer of the RDB version (2 bytes, little-endian) and the CRC-64 of
 * everything before the CRC (8 bytes, little-endian).
 *
 * <pre>
 *   type  value...  | 0a 00 | crc64 (8 bytes)
 * </pre>
 *
 * RESTORE checks the footer first (verifyDumpPayload): at least 10 bytes, a version no newer than
 * its own, the CRC equal; only then is the value read.
 */
public final class Dump {

    private Dump() {
    }

    /** Whether DUMP can serialize this value. */
    public static boolean dumpable(Object value) {
        return ValueWriter.writable(value);
    }

    /** The payload of {@code value}; rdbcompression applies as Redis applies it to DUMP. */
    public static byte[] serialize(Object value, boolean compression) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            RdbOutput out = new RdbOutput(bytes, compression);
            ValueWriter.write(out, value);
            out.writeLittleEndian(Rdb.RDB_VERSION, 2);
            out.writeLittleEndian(out.crc(), 8);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** verifyDumpPayload: whether the footer is one this server accepts. */
    public static boolean verify(byte[] payload) {
        if (payload.length < 10) {
            return false;
        }
        int footer = payload.length - 10;
        int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
        if (version > Rdb.RDB_VERSION) {
            return false;
        }
        long crc = Crc64.update(0, payload, 0, payload.length - 8);
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored |= (long) (payload[payload.length - 8 + i] & 0xff) << (8 * i);
        }
        return crc == stored;
    }

    /**
     * The value of a verified payload, or null when its bytes do not hold exactly one valid value
     * (RESTORE's "Bad data format").
     */
    public static Object deserialize(byte[] payload) {
        int length = payload.length - 10;
        RdbInput in = new RdbInput(new ByteArrayInputStream(payload, 0, length), length);
        try {
            int type = in.readByte();
            if (ValueReader.unreadable(type) != null) {
                return null;
            }
            Object value = ValueReader.read(in, type);
            return in.offset() == length ? value : null;
        } catch (IOException | RdbFormatException e) {
            return null;
        }
    }
}
