package dev.sabaody.kv.aof;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.rdb.LoadedKey;
import dev.sabaody.kv.rdb.RdbFormatException;
import dev.sabaody.kv.rdb.RdbReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Loads the whole log at start-up, as loadAppendOnlyFiles (aof.c) does: the manifest, then the
 * base, then each incr file in order, every key and command handed to a {@link Replay}.
 *
 * <pre>
 *   manifest ──► base ──────────────────────────► incr 1 ──► incr 2 ──► ...
 *                "REDIS..."? RDB keys ─► key()     commands ─► command()
 *                then (or else) commands ─► command()
 * </pre>
 *
 * <h2>What a file may be</h2>
 * Every file is read the same way (loadSingleAppendOnlyFile): if it begins with {@code REDIS} it is
 * an RDB, read by module 06's {@link RdbReader}, and whatever follows the RDB's checksum is commands
 * (a pre-7.0 AOF with an RDB preamble); otherwise it is commands from its first byte. So a
 * {@code .base.rdb}, a {@code .base.aof}, an adopted old {@code appendonly.aof} and an incr file need
 * no case of their own.
 *
 * <h2>A cut tail</h2>
 * A crash in the middle of an append leaves the last command of the last file cut short. With
 * {@code aof-load-truncated yes} the load logs Redis's warning, truncates that file just after its
 * last whole command (so the next append does not glue new bytes onto half a command) and goes on;
 * with {@code no} it stops with Redis's advice. A cut file that is not the last is fatal either way:
 * the files after it were written after bytes that are now missing. (Redis truncates such a file
 * before it fails; this load leaves it as it was, for {@code redis-check-aof} to judge.) A
 * transaction left open at a file's end is a cut too: it is reverted to the offset before its MULTI
 * ("Revert incomplete MULTI/EXEC transaction"), as Redis does.
 *
 * <h2>A corrupt middle</h2>
 * A byte no writer puts there stops the load with an {@link AofFormatException} naming the file,
 * the offset and the reason, whatever aof-load-truncated says: a cut is what a crash does, a bad byte
 * in the middle is not, and replaying past it would load a dataset that never existed.
 */
public final class AofLoad {

    /** Where the load's keys and commands go. */
    public interface Replay {
        /** A file begins: a fresh client, in database 0, outside any transaction (Redis makes one per file). */
        default void file(AofManifest.File file) {
        }

        /** The function libraries of an RDB base (or preamble), each library's code, before its keys are used. */
        default void functions(java.util.List<byte[]> codes) {
        }

        /** A key of an RDB base (or preamble). */
        void key(LoadedKey key);

        /** A command of the log; false when no such command exists (the load then stops, as Redis stops). */
        boolean command(byte[][] argv);

        /** Whether a MULTI is open: one still open at a file's end is reverted. */
        default boolean inTransaction() {
            return false;
        }
    }

    /** Where the load's lines go: Redis's notices and warnings. */
    public interface Lines {
        void notice(String line);

        void warning(String line);

        /** The server log ({@code Log} of module 01): notices as INFO, warnings as WARN. */
        static Lines serverLog() {
            return new Lines() {
                @Override
                public void notice(String line) {
                    Log.info("%s", line);
                }

                @Override
                public void warning(String line) {
                    Log.warn("%s", line);
                }
            };
        }
    }

    /**
     * @param loadTruncated aof-load-truncated
     * @param databases     the databases directive: an RDB base naming a higher one is refused
     */
    public record Options(boolean loadTruncated, int databases, Lines lines) {
    }

    /** How a load ended (aof.c AOF_OK, AOF_TRUNCATED, AOF_NOT_EXIST, AOF_EMPTY). */
    public enum Status { OK, TRUNCATED, NOT_EXIST, EMPTY }

    /**
     * @param manifest   the manifest loaded (after an upgrade, the new one)
     * @param totalBytes the size of the base and incr files (aof_current_size)
     * @param baseBytes  the size of the base (aof_rewrite_base_size)
     */
    public record Result(Status status, AofManifest manifest, long totalBytes, long baseBytes, long keys,
                         long commands) {
    }

    private AofLoad() {
    }

    /** Loads the log of {@code dir} into {@code replay}. */
    public static Result load(AofDir dir, Options options, Replay replay)
            throws IOException, AofManifestException, AofFormatException {
        AofManifest manifest = dir.upgradeIfNeeded(dir.readManifest(), options.lines()::notice);
        if (manifest.isEmpty()) {
            return new Result(Status.NOT_EXIST, manifest, 0, 0, 0, 0);
        }
        long total = 0;
        for (AofManifest.File f : manifest.loadOrder()) {
            long size;
            try {
                size = Files.size(dir.file(f.name()));
            } catch (NoSuchFileException e) { // getAppendOnlyFileSize: a file the manifest names must exist
                throw new AofFormatException(f.name(), 0, "the file named in the manifest does not exist",
                        "Unable to obtain the AOF file " + f.name() + " length. stat: No such file or directory");
            }
            total += size;
        }
        if (total == 0) {
            return new Result(Status.EMPTY, manifest, 0, 0, 0, 0);
        }
        Counts counts = new Counts();
        Status status = Status.OK;
        List<AofManifest.File> files = manifest.loadOrder();
        for (int i = 0; i < files.size(); i++) {
            AofManifest.File f = files.get(i);
            boolean last = i == files.size() - 1;
            long start = System.nanoTime();
            long commandsBefore = counts.commands;
            Status loaded = loadFile(dir, f, last, options, replay, counts);
            if (loaded == Status.EMPTY) {
                continue; // nothing to say about an empty file, as Redis says nothing
            }
            if (loaded == Status.TRUNCATED) {
                status = Status.TRUNCATED;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            options.lines().notice(String.format("DB loaded from %s file %s: %.3f seconds (%.0f commands/second)",
                    f.type() == AofManifest.Type.BASE ? "base" : "incr", f.name(), seconds,
                    (counts.commands - commandsBefore) / Math.max(seconds, 1e-9)));
        }
        long baseBytes = manifest.base() == null ? 0 : dir.size(manifest.base().name());
        if (status == Status.TRUNCATED) { // Redis keeps the size from before the cut; the size on disk is the truth
            total = 0;
            for (AofManifest.File f : files) {
                total += dir.size(f.name());
            }
        }
        return new Result(status, manifest, total, baseBytes, counts.keys, counts.commands);
    }

    private static final class Counts {
        long keys;
        long commands;
    }

    /** One file (loadSingleAppendOnlyFile): OK, EMPTY, or TRUNCATED when it was cut and truncated. */
    private static Status loadFile(AofDir dir, AofManifest.File f, boolean last, Options options, Replay replay,
                                    Counts counts) throws IOException, AofFormatException {
        String name = f.name();
        try (FileChannel channel = FileChannel.open(dir.file(name), StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return Status.EMPTY; // no error once another file has data
            }
            replay.file(f);
            long start = rdbPart(channel, size, name, dir.appendfilename(), options, replay, counts);
            channel.position(start);
            InputStream in = Channels.newInputStream(channel);
            // A cut tail is cut back to the end of the RDB part at most: Redis starts its valid_up_to at 0
            // there and would truncate a good preamble away with a cut first command.
            AofCommands commands = new AofCommands(in, name, start, size);
            long beforeMulti = start;
            boolean inMulti = false;
            long at = start;
            byte[][] argv;
            while ((argv = commands.next()) != null) {
                if (!replay.command(argv)) {
                    throw new AofFormatException(name, at, "unknown command '"
                            + new String(argv[0], StandardCharsets.ISO_8859_1) + "'",
                            "Unknown command '" + new String(argv[0], StandardCharsets.ISO_8859_1)
                                    + "' reading the append only file " + name);
                }
                counts.commands++;
                boolean nowInMulti = replay.inTransaction();
                if (nowInMulti && !inMulti) {
                    beforeMulti = at; // valid_before_multi: the offset before the MULTI
                }
                inMulti = nowInMulti;
                at = commands.validUpTo();
            }
            long validUpTo = commands.validUpTo();
            boolean cut = commands.shortRead();
            if (inMulti) {
                options.lines().warning("Revert incomplete MULTI/EXEC transaction in AOF file " + name);
                validUpTo = beforeMulti;
                cut = true;
            }
            if (!cut) {
                return Status.OK;
            }
            truncate(dir, name, validUpTo, last, options);
            return Status.TRUNCATED;
        }
    }

    /**
     * Reads the RDB at the start of a file, if it starts with one; returns the offset where commands
     * begin (0 when it does not).
     */
    private static long rdbPart(FileChannel channel, long size, String name, String appendfilename, Options options,
                                Replay replay, Counts counts) throws IOException, AofFormatException {
        byte[] signature = new byte[5];
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
        if (in.readNBytes(signature, 0, 5) != 5 || !Arrays.equals(signature, "REDIS".getBytes(StandardCharsets.US_ASCII))) {
            return 0;
        }
        boolean oldStyle = name.equals(appendfilename);
        options.lines().notice(oldStyle ? "Reading RDB preamble from AOF file..." : "Reading RDB base file on AOF loading...");
        channel.position(0);
        in = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
        RdbReader.Summary summary;
        try {
            summary = RdbReader.read(in, size, options.databases(), k -> {
                counts.keys++;
                replay.key(k);
            });
        } catch (RdbFormatException e) {
            throw new AofFormatException(name, e.offset(), e.getMessage().replaceFirst("^at offset \\d+: ", ""),
                    oldStyle ? "Error reading the RDB preamble of the AOF file " + name + ", AOF loading aborted"
                            : "Error reading the RDB base file " + name + ", AOF loading aborted");
        }
        if (!summary.functions().isEmpty()) {
            replay.functions(summary.functions());
        }
        if (oldStyle) {
            options.lines().notice("Reading the remaining AOF tail...");
        }
        return summary.bytes();
    }

    /** Cuts the tail of {@code name} per aof-load-truncated, or throws when the load must stop. */
    private static void truncate(AofDir dir, String name, long validUpTo, boolean last, Options options)
            throws IOException, AofFormatException {
        if (!options.loadTruncated()) {
            throw new AofFormatException(name, validUpTo, "unexpected end of file after the last whole command",
                    "Unexpected end of file reading the append only file " + name + ". You can: "
                            + "1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. "
                            + "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
        }
        options.lines().warning("!!! Warning: short read while loading the AOF file " + name + "!!!");
        if (!last) {
            throw new AofFormatException(name, validUpTo, "a cut file that is not the last one",
                    "Fatal error: the truncated file is not the last file");
        }
        options.lines().warning("!!! Truncating the AOF " + name + " at offset " + validUpTo + " !!!");
        try (FileChannel channel = FileChannel.open(dir.file(name), StandardOpenOption.WRITE)) {
            channel.truncate(validUpTo);
            channel.force(true);
        }
        options.lines().warning("AOF " + name + " loaded anyway because aof-load-truncated is enabled");
    }
}
