package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.Dict;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.data.SnapshotHook;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * One shard's part of a forkless save: its keys of one instant, written as RDB key records in
 * chunks that {@link ForklessSave} appends to the file. Everything here runs on the thread that owns
 * the keyspace, a slice at a time, between the commands it serves.
 *
 * <h2>Two ways a key gets written, never both</h2>
 * <pre>
 *   the walk:  step() ─► dict.scan(cursor) ─► entry of the old parity? ─► write it, flip its parity
 *   the hook:  a command is about to change or delete an entry of the old parity
 *                                                  ─► Db calls write() first, then flips it
 * </pre>
 * An entry's parity bit says whether this snapshot has written it ({@link Entry#snapshotParity}).
 * {@link Keyspace#beginSnapshot} flips the keyspace's parity, so at that instant every entry is
 * "not written" and every entry made later is born "written". Whichever comes first, the walk or
 * the change, writes the entry as it is, which is its value at the instant: nothing has changed
 * it yet, since a change would have written it first. SCAN's cursor visits every entry that stays
 * in the table from the first call to the last, across rehashes, perhaps twice: the parity makes the
 * second visit a no-op. An entry that left the table before the walk met it was written by the hook
 * as it left. So the file holds each key of the instant exactly once, with its value of the instant.
 *
 * <p>Each chunk starts with SELECTDB, and so does every change of database inside it: the hook
 * writes keys of any database in any order, and Redis's loader accepts SELECTDB anywhere.
 */
public final class ShardSnapshot implements SnapshotHook {

    /** A chunk is handed to the file once it holds this much (bytes). */
    static final int CHUNK_BYTES = 64 << 10;
    /** Entries one slice of the walk visits at most, written or not (a slice that writes nothing still ends). */
    static final int STEP_ENTRIES = 4096;
    /** What one slice of the walk writes before it gives its loop back (bytes). */
    static final long STEP_BYTES = 64 << 10;

    private final Keyspace keyspace;
    private final SaveOptions.Clocks clocks;
    private final ForklessSave save;
    private final ChunkStream stream = new ChunkStream();
    private final RdbOutput rdb;
    private List<Keyspace.SnapshotTable> tables;
    private int table;
    private long cursor;
    /** The database the current chunk's keys belong to; -1 at the start of a chunk. */
    private int chunkDb = -1;
    private long chunkStart;
    private long keys;
    /** Keys in the chunk being filled. */
    private int chunkKeys;
    private boolean finished;
    /** The walk's visitor, made once: writes an entry the snapshot has not written yet. */
    private final Consumer<Entry> visit = this::visit;
    private int walkDb;
    private int visited;

    ShardSnapshot(Keyspace keyspace, SaveOptions options, ForklessSave save) {
        this.keyspace = keyspace;
        this.clocks = options.clocks();
        this.save = save;
        this.rdb = new RdbOutput(stream, options.compression(), false);
    }

    /** The instant: called with the keyspace still (its shard parked, or on its own thread). */
    void begin() {
        tables = keyspace.beginSnapshot(this);
    }

    @Override
    public void write(int db, Entry e) {
        if (save.failed()) {
            return; // the file is lost; the walk only flips parities now
        }
        try {
            if (db != chunkDb) {
                rdb.writeByte(Rdb.RDB_OPCODE_SELECTDB);
                rdb.writeLength(db);
                chunkDb = db;
            }
            RdbWriter.writeKey(rdb, keyspace, e, clocks);
            keys++;
            chunkKeys++;
            if (rdb.written() - chunkStart >= CHUNK_BYTES) {
                handOff();
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // a ChunkStream does not fail
        }
    }

    private void visit(Entry e) {
        visited++;
        if (e.snapshotParity() != keyspace.snapshotParity()) {
            write(walkDb, e);
            e.snapshotParity(keyspace.snapshotParity());
        }
    }

    /**
     * Walks on until about {@code budgetBytes} more are written, {@code maxEntries} entries have been
     * visited, or the walk is over. Returns true when it is over: the last chunk has been handed
     * over and the keyspace's snapshot ended.
     */
    boolean step(long budgetBytes, int maxEntries) {
        long until = rdb.written() + budgetBytes;
        visited = 0;
        while (table < tables.size()) {
            Keyspace.SnapshotTable t = tables.get(table);
            Dict<Entry> dict = t.table();
            walkDb = t.db();
            do {
                cursor = dict.scan(cursor, visit);
            } while (cursor != 0 && rdb.written() < until && visited < maxEntries);
            if (cursor == 0) {
                table++;
            }
            if (rdb.written() >= until || visited >= maxEntries) {
                return false;
            }
        }
        handOff();
        keyspace.endSnapshot();
        tables = null; // the old tables (a flushed database's) may go now
        finished = true;
        return true;
    }

    boolean finished() {
        return finished;
    }

    long keys() {
        return keys;
    }

    private void handOff() {
        try {
            rdb.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        chunkStart = rdb.written();
        chunkDb = -1;
        if (stream.length > 0) {
            save.append(stream.take(), chunkKeys);
        }
        chunkKeys = 0;
    }

    /** A growable byte array: the chunk being filled. */
    private static final class ChunkStream extends OutputStream {
        byte[] buf = new byte[CHUNK_BYTES + (CHUNK_BYTES >> 2)];
        int length;

        @Override
        public void write(int b) {
            ensure(1);
            buf[length++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, length, len);
            length += len;
        }

        private void ensure(int more) {
            if (length + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
            }
        }

        byte[] take() {
            byte[] out = Arrays.copyOf(buf, length);
            length = 0;
            return out;
        }
    }
}
