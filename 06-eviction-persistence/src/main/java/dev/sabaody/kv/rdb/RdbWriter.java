package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Keyspace;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a whole dataset as an RDB version 10 file, the layout rdbSaveRio of Redis 7.0 writes:
 *
 * <pre>
 *   "REDIS0010"
 *   AUX redis-ver 7.0.15, AUX redis-bits 64, AUX ctime, AUX used-mem, AUX aof-base 0
 *   for each function library: FUNCTION2 code
 *   for each non-empty database:
 *     SELECTDB n, RESIZEDB keys volatile-keys
 *     for each key: [EXPIRETIME_MS t] [IDLE s | FREQ f] type key value
 *   EOF, CRC-64 of everything before it (8 bytes, little-endian)
 * </pre>
 *
 * <p>The keyspace may be split over shards (one {@link Keyspace} each, keys hashed among them):
 * database n of the file is database n of every shard, one after the other. The caller guarantees
 * that nothing changes the shards while they are written (SAVE parks them).
 */
public final class RdbWriter {

    private RdbWriter() {
    }

    /** Writes every database of {@code shards} to {@code out}; returns the bytes written. */
    public static long write(List<Keyspace> shards, SaveOptions options, OutputStream out) throws IOException {
        RdbOutput rdb = new RdbOutput(out, options.compression());
        writeHeader(rdb, options);
        int databases = shards.getFirst().databases().count();
        for (int d = 0; d < databases; d++) {
            long keys = 0;
            long volatileKeys = 0;
            for (Keyspace shard : shards) {
                keys += shard.db(d).size();
                volatileKeys += shard.db(d).expires();
            }
            if (keys == 0) {
                continue;
            }
            rdb.writeByte(Rdb.RDB_OPCODE_SELECTDB);
            rdb.writeLength(d);
            rdb.writeByte(Rdb.RDB_OPCODE_RESIZEDB);
            rdb.writeLength(keys);
            rdb.writeLength(volatileKeys);
            for (Keyspace shard : shards) {
                writeDb(rdb, shard, shard.db(d), options.clocks());
            }
        }
        rdb.writeByte(Rdb.RDB_OPCODE_EOF);
        long crc = options.checksum() ? rdb.crc() : 0;
        rdb.writeLittleEndian(crc, 8);
        rdb.flush();
        return rdb.written();
    }

    /** The magic and version, the AUX fields, then the function libraries: what precedes the first database. */
    static void writeHeader(RdbOutput rdb, SaveOptions options) throws IOException {
        rdb.write(("REDIS" + String.format("%04d", Rdb.RDB_VERSION)).getBytes(StandardCharsets.US_ASCII));
        aux(rdb, "redis-ver", Rdb.REDIS_VERSION);
        aux(rdb, "redis-bits", 64);
        aux(rdb, "ctime", options.ctimeSeconds());
        aux(rdb, "used-mem", options.usedMemory());
        aux(rdb, "aof-base", options.aofBase() ? 1 : 0);
        writeFunctions(rdb, options.functions());
    }

    private static void writeDb(RdbOutput rdb, Keyspace shard, Db db, SaveOptions.Clocks clocks) throws IOException {
        try {
            db.forEach(e -> ValueWriter.unchecked(() -> writeKey(rdb, shard, e, clocks)));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * rdbSaveFunctions: each library as the FUNCTION2 opcode and its code, the whole text that
     * FUNCTION LOAD was given (the loader runs it again to register its functions).
     */
    static void writeFunctions(RdbOutput rdb, List<byte[]> libraryCodes) throws IOException {
        for (byte[] code : libraryCodes) {
            rdb.writeByte(Rdb.RDB_OPCODE_FUNCTION2);
            rdb.writeString(code);
        }
    }

    /** rdbSaveKeyValuePair. */
    static void writeKey(RdbOutput rdb, Keyspace shard, Entry e, SaveOptions.Clocks clocks) throws IOException {
        if (e.expireAt() >= 0) {
            rdb.writeByte(Rdb.RDB_OPCODE_EXPIRETIME_MS);
            rdb.writeLittleEndian(e.expireAt(), 8);
        }
        switch (clocks) {
            case LRU_IDLE -> {
                rdb.writeByte(Rdb.RDB_OPCODE_IDLE);
                rdb.writeLength(idleSeconds(shard.lruClock(), e.lru()));
            }
            case LFU_FREQ -> {
                rdb.writeByte(Rdb.RDB_OPCODE_FREQ);
                rdb.writeByte((int) shard.entryClock().frequency(e.lru()));
            }
            case NONE -> {
            }
        }
        // the type byte comes first in the file, then the key, then the payload
        ValueWriter.writeKeyed(rdb, e.key, e.value);
    }

    /** estimateObjectIdleTime in seconds: the LRU clock wraps every 194 days. */
    static long idleSeconds(int lruClock, int lru) {
        long ticks = lruClock >= lru ? lruClock - lru : lruClock + (Keyspace.LRU_CLOCK_MAX - lru);
        return ticks * Keyspace.LRU_CLOCK_RESOLUTION / 1000;
    }

    private static void aux(RdbOutput rdb, String key, String value) throws IOException {
        rdb.writeByte(Rdb.RDB_OPCODE_AUX);
        rdb.writeString(key.getBytes(StandardCharsets.US_ASCII));
        rdb.writeString(value.getBytes(StandardCharsets.US_ASCII));
    }

    private static void aux(RdbOutput rdb, String key, long value) throws IOException {
        aux(rdb, key, Long.toString(value));
    }
}
