package dev.sabaody.kv.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's limit on open files (RLIMIT_NOFILE, soft). The JVM already raises the soft limit to
 * the hard one at start on Linux (HotSpot's {@code -XX:+MaxFDLimit}, on by default), so this only
 * reads what it got, from {@code /proc/self/limits}; Java has no setrlimit to go further.
 */
final class OpenFileLimit {

    private OpenFileLimit() {
    }

    /** The soft limit, or -1 when it cannot be read (no /proc) or is unlimited. */
    static long current() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: nothing to check
        }
        return -1;
    }
}
