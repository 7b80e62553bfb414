package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Keyspace;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An RDB file on disk: written so that a crash at any moment leaves either the old file or the new
 * one, never half of one (rdbSave in rdb.c), and read whole before a single key is served.
 *
 * <pre>
 *   write temp-PID.rdb ─► fsync it ─► rename over dbfilename ─► fsync the directory
 * </pre>
 *
 * The rename is atomic within a file system; the first fsync makes the new file's bytes durable
 * before the name points at them, the second makes the rename itself durable (the directory entry).
 * A kill -9 before the rename leaves the old dump as it was and a temp file that the next save
 * overwrites.
 */
public final class RdbFile {

    private RdbFile() {
    }

    /** Writes {@code shards} to {@code dir/name} atomically; returns the bytes written. */
    public static long save(List<Keyspace> shards, SaveOptions options, Path dir, String name) throws IOException {
        Path temp = temp(dir, "");
        long bytes;
        try (FileChannel channel = create(temp)) {
            OutputStream out = Channels.newOutputStream(channel);
            bytes = RdbWriter.write(shards, options, out);
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        commit(temp, dir, name);
        return bytes;
    }

    /** The temporary name a save writes under: rdbSave's "temp-%d.rdb", with a tag for the background save. */
    static Path temp(Path dir, String tag) {
        return dir.resolve("temp-" + ProcessHandle.current().pid() + tag + ".rdb");
    }

    static FileChannel create(Path temp) throws IOException {
        return FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The written and fsynced {@code temp} becomes {@code dir/name}: rename, then fsync the directory. */
    static void commit(Path temp, Path dir, String name) throws IOException {
        try {
            Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp); // rdbSave unlinks the temp file when the rename fails
            throw e;
        }
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            // some file systems refuse to open a directory for fsync; the rename stands anyway
        }
    }

    /** A whole file read and checked, its keys not installed yet. */
    public record Loaded(RdbReader.Summary summary, List<LoadedKey> keys) {
    }

    /**
     * Reads {@code file} whole: null when it does not exist (a first start), or every key once the
     * checksum at its end has been verified.
     */
    public static Loaded read(Path file, int databases) throws IOException, RdbFormatException {
        return read(file, databases, LoadProgress.NONE);
    }

    /** {@link #read(Path, int)}, telling {@code progress} how far it is. */
    public static Loaded read(Path file, int databases, LoadProgress progress) throws IOException, RdbFormatException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        progress.started(size);
        List<LoadedKey> keys = new ArrayList<>();
        try (CountingInput counted = new CountingInput(Files.newInputStream(file));
             InputStream in = new BufferedInputStream(counted, 1 << 16)) {
            RdbReader.Summary summary = RdbReader.read(in, size, databases, k -> {
                keys.add(k);
                progress.keyRead(counted.count);
            });
            return new Loaded(summary, keys);
        }
    }

    /** The bytes taken from the file so far (beneath the buffer: a buffer's precision). */
    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }

    /**
     * Installs into {@code shard} the keys it {@code owns}: keys already expired at {@code now} are
     * dropped, as a master drops them on load (rdbLoadRio). Returns how many were dropped.
     */
    public static long install(List<LoadedKey> keys, Keyspace shard, Predicate<byte[]> owns,
                               SaveOptions.Clocks clocks, long now) {
        long expired = 0;
        for (LoadedKey k : keys) {
            if (!owns.test(k.key())) {
                continue;
            }
            if (k.expireAt() >= 0 && k.expireAt() < now) {
                expired++;
                continue;
            }
            Db db = shard.db(k.db());
            if (db.peek(k.key()) != null) { // rdbLoadRio: a duplicate key is a corrupt file; the last one wins here
                db.delete(k.key());
            }
            Entry e = db.add(k.key(), k.value());
            if (k.expireAt() >= 0) {
                e = db.setExpire(e, k.expireAt());
            }
            EntryClocks.apply(shard, e, clocks, k.idleSeconds(), k.frequency());
        }
        return expired;
    }
}
