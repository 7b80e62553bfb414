package dev.sabaody.kv.aof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A small AOF directory written with {@link AofDir} and {@link AofEncoding}: a base of commands and
 * incr files, each file's commands with their offsets, so a test can cut or spoil one precisely.
 */
final class AofFixture {

    static final String NAME = "appendonly.aof";

    /** One file's commands and where each starts; {@code ends[i]} is where command i ends. */
    record Written(String name, List<byte[][]> commands, long[] starts, long[] ends, byte[] bytes) {
        long lastStart() {
            return starts[starts.length - 1];
        }
    }

    final AofDir dir;
    AofManifest manifest = AofManifest.empty();
    final List<Written> files = new ArrayList<>();

    AofFixture(AofDir dir) {
        this.dir = dir;
    }

    static byte[][] cmd(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return argv;
    }

    /** A new base of {@code commands} (a .base.aof), the old one made history. */
    Written base(long timestamp, byte[][]... commands) throws IOException {
        manifest = manifest.withNewBase(NAME, false);
        return file(manifest.base().name(), timestamp, commands);
    }

    /** A new incr file holding {@code commands}, a timestamp annotation first when {@code timestamp > 0}. */
    Written incr(long timestamp, byte[][]... commands) throws IOException {
        manifest = manifest.withNewIncr(NAME);
        return file(manifest.lastIncr().name(), timestamp, commands);
    }

    private Written file(String name, long timestamp, byte[][]... commands) throws IOException {
        dir.createIfMissing();
        AofEncoding encoding = new AofEncoding();
        if (timestamp > 0) {
            encoding.timestamp(timestamp);
        }
        long[] starts = new long[commands.length];
        long[] ends = new long[commands.length];
        for (int i = 0; i < commands.length; i++) {
            starts[i] = encoding.pending();
            encoding.command(commands[i]);
            ends[i] = encoding.pending();
        }
        try (var channel = dir.openForAppend(name)) {
            encoding.drainTo(channel);
        }
        dir.persist(manifest);
        Written w = new Written(name, List.of(commands), starts, ends, Files.readAllBytes(dir.file(name)));
        files.add(w);
        return w;
    }

    /** Puts {@code w}'s file back as it was written. */
    void restore(Written w) throws IOException {
        Files.write(dir.file(w.name()), w.bytes());
    }
}
