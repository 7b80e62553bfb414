package dev.sabaody.kv.rdb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads an RDB file of version 1 to 10 (rdbLoadRio): the header, then opcodes and keys until EOF,
 * then the CRC-64 of everything before it. Each key goes to a consumer as it is read; the caller
 * keeps them aside and installs them only when {@link #read} returns, so that a file found corrupt
 * at its last byte has loaded nothing (see RdbLoad in final-server).
 *
 * <p>A trailer of eight zero bytes means the writer had {@code rdbchecksum no}: Redis skips the
 * check then, and so does this reader.
 */
public final class RdbReader {

    /**
     * What a successful read found besides the keys.
     *
     * @param functions the code of each FUNCTION2 library, in file order: the caller loads them
     *                  (FUNCTION LOAD semantics) before it serves anything
     */
    public record Summary(int version, long keys, long bytes, java.util.Map<String, String> aux,
                          java.util.List<byte[]> functions) {
    }

    private RdbReader() {
    }

    /**
     * Reads a whole file of {@code size} bytes from {@code in}, passing each key to {@code keys}.
     * Keys of databases at or above {@code databases} are refused, as Redis refuses them.
     */
    public static Summary read(InputStream in, long size, int databases, Consumer<LoadedKey> keys)
            throws IOException, RdbFormatException {
        RdbInput rdb = new RdbInput(in, size);
        byte[] header = new byte[9];
        for (int i = 0; i < 9; i++) {
            header[i] = (byte) rdb.readByte();
        }
        String text = new String(header, StandardCharsets.US_ASCII);
        if (!text.startsWith("REDIS")) {
            throw new RdbFormatException(0, "wrong signature trying to load DB from file");
        }
        int version;
        try {
            version = Integer.parseInt(text.substring(5));
        } catch (NumberFormatException e) {
            throw new RdbFormatException(5, "bad RDB version \"" + text.substring(5) + "\"");
        }
        if (version < 1 || version > Rdb.RDB_VERSION) {
            throw new RdbFormatException(5, "can't handle RDB format version " + version);
        }
        java.util.Map<String, String> aux = new java.util.LinkedHashMap<>();
        java.util.List<byte[]> functions = new java.util.ArrayList<>();
        int db = 0;
        long expireAt = -1;
        long idle = -1;
        int freq = -1;
        long count = 0;
        while (true) {
            long at = rdb.offset();
            int type = rdb.readByte();
            switch (type) {
                case Rdb.RDB_OPCODE_EXPIRETIME -> expireAt = rdb.readLittleEndian(4) * 1000;
                case Rdb.RDB_OPCODE_EXPIRETIME_MS -> expireAt = rdb.readLittleEndian(8);
                case Rdb.RDB_OPCODE_FREQ -> freq = rdb.readByte();
                case Rdb.RDB_OPCODE_IDLE -> idle = rdb.readLength();
                case Rdb.RDB_OPCODE_SELECTDB -> {
                    long n = rdb.readLength();
                    if (n >= databases) {
                        throw new RdbFormatException(at, "file has database " + n
                                + ", this server is configured for " + databases + " databases");
                    }
                    db = (int) n;
                }
                case Rdb.RDB_OPCODE_RESIZEDB -> {
                    rdb.readLength();
                    rdb.readLength();
                }
                case Rdb.RDB_OPCODE_AUX -> {
                    String key = new String(rdb.readString(), StandardCharsets.ISO_8859_1);
                    aux.put(key, new String(rdb.readString(), StandardCharsets.ISO_8859_1));
                }
                case Rdb.RDB_OPCODE_FUNCTION2 -> functions.add(rdb.readString());
                // 7.0's release candidates wrote FUNCTION (246) with a different layout: 7.0 GA refuses it
                case Rdb.RDB_OPCODE_FUNCTION -> throw new RdbFormatException(at, "Pre-release function format not supported.");
                case Rdb.RDB_OPCODE_MODULE_AUX -> throw new RdbFormatException(at, "module auxiliary data is not supported by this loader");
                case Rdb.RDB_OPCODE_EOF -> {
                    long computed = rdb.crc();
                    if (version >= 5) {
                        long stored = rdb.readLittleEndian(8);
                        if (stored != 0 && stored != computed) {
                            throw new RdbFormatException(at + 1, String.format(
                                    "wrong RDB checksum expected: (%016x) got: (%016x)", computed, stored));
                        }
                    }
                    return new Summary(version, count, rdb.offset(), aux, functions);
                }
                default -> {
                    String unreadable = ValueReader.unreadable(type);
                    if (unreadable != null) {
                        throw new RdbFormatException(at, unreadable);
                    }
                    byte[] key = rdb.readString();
                    Object value = ValueReader.read(rdb, type);
                    if (value != null) { // an empty collection: Redis skips the key
                        keys.accept(new LoadedKey(db, key, value, expireAt, idle, freq));
                        count++;
                    }
                    expireAt = -1;
                    idle = -1;
                    freq = -1;
                }
            }
        }
    }
}
