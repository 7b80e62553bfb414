package dev.sabaody.kv.aof;

import java.util.ArrayList;
import java.util.List;

/**
 * A manifest that cannot be used: Redis stops start-up on it ("*** FATAL AOF MANIFEST FILE ERROR
 * ***"). The message is Redis's reason; {@link #logLines} are the lines Redis logs for it.
 */
public final class AofManifestException extends Exception {

    /** The 1-based line the reason is about, or 0 when Redis names none. */
    private final int lineNumber;
    /** That line, trimmed, or null. */
    private final String line;

    AofManifestException(String reason, int lineNumber, String line) {
        super(reason);
        this.lineNumber = lineNumber;
        this.line = line;
    }

    public int lineNumber() {
        return lineNumber;
    }

    public String line() {
        return line;
    }

    /** What aofLoadManifestFromFile logs before it exits. */
    public List<String> logLines() {
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("*** FATAL AOF MANIFEST FILE ERROR ***");
        if (line != null) {
            lines.add("Reading the manifest file, at line " + lineNumber);
            lines.add(">>> '" + line + "'");
        }
        lines.add(getMessage());
        return lines;
    }
}
