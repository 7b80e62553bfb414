package dev.sabaody.kv.aof;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The AOF directory of Redis 7.0 on disk: where each file lives, what it is called, and how the
 * manifest is replaced without a moment where a crash could leave none.
 *
 * <pre>
 *   dir/                                   (the dir directive)
 *   └── appendonlydir/                     (appenddirname)
 *       ├── appendonly.aof.2.base.rdb      base: &lt;appendfilename&gt;.&lt;seq&gt;.base.rdb, or .base.aof
 *       ├── appendonly.aof.2.incr.aof      incr: &lt;appendfilename&gt;.&lt;seq&gt;.incr.aof
 *       ├── appendonly.aof.3.incr.aof
 *       └── appendonly.aof.manifest        &lt;appendfilename&gt;.manifest
 * </pre>
 *
 * <p>{@link #persist} is writeAofManifestFile: the new text goes to {@code temp-<manifest>}, is
 * fsynced, renamed over the manifest, and the directory is fsynced, so that the rename (and any file
 * created since the last one) survives a power loss. Until the rename the old manifest names the old
 * files, which are all still there: a crash at any step loads the log as it was before the step.
 *
 * <p>{@link #upgradeIfNeeded} adopts the single {@code appendonly.aof} of Redis before 7.0 into the
 * directory (aofUpgradePrepare): manifest first, then the move, so a crash in between leaves a
 * manifest naming a base that is still in {@code dir}, a case the next start recognizes and repeats.
 */
public final class AofDir {

    /** aof.c naming rules. */
    static final String BASE_FILE_SUFFIX = ".base";
    static final String INCR_FILE_SUFFIX = ".incr";
    static final String RDB_FORMAT_SUFFIX = ".rdb";
    static final String AOF_FORMAT_SUFFIX = ".aof";
    static final String MANIFEST_NAME_SUFFIX = ".manifest";
    static final String TEMP_FILE_NAME_PREFIX = "temp-";

    /** The dir directive: where the old single-file AOF lived. */
    private final Path dir;
    /** dir/appenddirname. */
    private final Path path;
    private final String appenddirname;
    private final String appendfilename;

    public AofDir(Path dir, String appenddirname, String appendfilename) {
        this.dir = dir;
        this.appenddirname = appenddirname;
        this.appendfilename = appendfilename;
        this.path = dir.resolve(appenddirname);
    }

    /** The directory holding the files: {@code dir/appenddirname}. */
    public Path path() {
        return path;
    }

    public String appendfilename() {
        return appendfilename;
    }

    /** A file of the log by its name in the manifest. */
    public Path file(String name) {
        return path.resolve(name);
    }

    public String manifestName() {
        return appendfilename + MANIFEST_NAME_SUFFIX;
    }

    /** getTempAofManifestFileName. */
    String tempManifestName() {
        return TEMP_FILE_NAME_PREFIX + appendfilename + MANIFEST_NAME_SUFFIX;
    }

    /** getTempIncrAofName: where writes go while the log waits for its first base (AOF turned on live). */
    public String tempIncrName() {
        return TEMP_FILE_NAME_PREFIX + appendfilename + INCR_FILE_SUFFIX;
    }

    static String baseName(String appendfilename, long seq, boolean rdbPreamble) {
        return appendfilename + "." + seq + BASE_FILE_SUFFIX + (rdbPreamble ? RDB_FORMAT_SUFFIX : AOF_FORMAT_SUFFIX);
    }

    static String incrName(String appendfilename, long seq) {
        return appendfilename + "." + seq + INCR_FILE_SUFFIX + AOF_FORMAT_SUFFIX;
    }

    /**
     * The manifest on disk, or the empty one when the directory or the manifest does not exist (a
     * first start, or an old single-file AOF still to adopt), as aofLoadManifestFromDisk.
     */
    public AofManifest readManifest() throws IOException, AofManifestException {
        if (!Files.isDirectory(path)) {
            return AofManifest.empty();
        }
        try {
            return AofManifest.parse(Files.readAllBytes(path.resolve(manifestName())));
        } catch (NoSuchFileException e) {
            return AofManifest.empty();
        }
    }

    /** dirCreateIfMissing, with Redis's text when it fails. */
    public void createIfMissing() throws IOException {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new IOException("Can't open or create append-only dir " + appenddirname + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code manifest} in place of the current one: temp file, fsync, rename, fsync the directory. */
    public void persist(AofManifest manifest) throws IOException {
        Path temp = path.resolve(tempManifestName());
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(manifest.toBytes());
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        try {
            Files.move(temp, path.resolve(manifestName()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException("Error trying to rename the temporary AOF manifest file " + tempManifestName()
                    + " into " + manifestName() + ": " + e.getMessage(), e);
        }
        fsyncDirectory(path);
    }

    /**
     * Deletes the history files, then persists the manifest without them (aofDelHistoryFiles), logging
     * each as Redis does. Returns that manifest. A file already gone is no error.
     */
    public AofManifest deleteHistory(AofManifest manifest, Consumer<String> notice) throws IOException {
        if (manifest.history().isEmpty()) {
            return manifest;
        }
        for (AofManifest.File f : manifest.history()) {
            notice.accept("Removing the history file " + f.name() + " in the background");
            Files.deleteIfExists(file(f.name()));
        }
        AofManifest without = manifest.withoutHistory();
        persist(without);
        return without;
    }

    /**
     * Adopts an old single-file AOF ({@code dir/appendfilename}) when the directory does not hold the
     * log yet (loadAppendOnlyFiles' three cases: no directory; no files in the manifest; a manifest
     * naming only that file as its base, the file not moved yet). Returns the manifest to load.
     */
    public AofManifest upgradeIfNeeded(AofManifest manifest, Consumer<String> notice) throws IOException {
        Path old = dir.resolve(appendfilename);
        if (!Files.isRegularFile(old)) {
            return manifest;
        }
        boolean interrupted = manifest.base() != null && manifest.incrs().isEmpty()
                && manifest.base().name().equals(appendfilename) && !Files.exists(file(appendfilename));
        if (Files.isDirectory(path) && !manifest.isEmpty() && !interrupted) {
            return manifest;
        }
        createIfMissing();
        AofManifest upgraded = AofManifest.upgraded(appendfilename);
        persist(upgraded);
        try {
            Files.move(old, file(appendfilename), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("Error trying to move the old AOF file " + appendfilename + " into dir "
                    + appenddirname + ": " + e.getMessage(), e);
        }
        fsyncDirectory(path);
        fsyncDirectory(dir);
        notice.accept("Successfully migrated an old-style AOF file (" + appendfilename
                + ") into the AOF directory (" + appenddirname + ").");
        return upgraded;
    }

    /**
     * Gives the temp incr file (the writes logged while {@code appendonly yes} waited for its first
     * base) the next incr name, and returns the manifest that names it: what a rewrite's end does when
     * the AOF was just turned on (backgroundRewriteDoneHandler, AOF_WAIT_REWRITE). The caller persists.
     */
    public AofManifest adoptTempIncr(AofManifest manifest) throws IOException {
        AofManifest next = manifest.withNewIncr(appendfilename);
        String name = next.lastIncr().name();
        try {
            Files.move(file(tempIncrName()), file(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IOException("Error trying to rename the temporary AOF incr file " + tempIncrName() + " into "
                    + name + ": " + e.getMessage(), e);
        }
        return next;
    }

    /**
     * Opens a file of the log for appending, creating it if missing (open with O_APPEND|O_CREAT, as
     * aofOpenIfNeededOnServerStart): every write lands at the end, whatever the channel's position.
     */
    public FileChannel openForAppend(String name) throws IOException {
        try {
            return FileChannel.open(file(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IOException("Can't open the append-only file " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a start-up would load, in bytes: the directory's files, or the single file of before
     * Redis 7.0 in {@code dir}; -1 when there is neither.
     */
    public long bytesOnDisk() throws IOException {
        if (Files.isDirectory(path)) {
            try (var files = Files.list(path)) {
                return files.mapToLong(f -> f.toFile().length()).sum();
            }
        }
        Path old = dir.resolve(appendfilename);
        return Files.isRegularFile(old) ? Files.size(old) : -1;
    }

    /** The size of a file of the log, 0 when it does not exist (getAppendOnlyFileSize). */
    public long size(String name) throws IOException {
        try {
            return Files.size(file(name));
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** fsyncFileDir: makes a rename or a new file in {@code directory} durable. */
    static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // some file systems refuse to open a directory for fsync (RdbFile does the same); the rename stands
        }
    }
}
