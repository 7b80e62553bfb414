package dev.sabaody.kv.aof;

/**
 * An AOF that stops a load: a malformed command in the middle of a file, a cut file where a cut is
 * not allowed, a corrupt base, a file the manifest names and the directory lacks. The message names
 * the file, the offset and the reason; {@link #redisLine} is what Redis logs for the same failure,
 * which names only the file.
 */
public final class AofFormatException extends Exception {

    private final String file;
    private final long offset;
    private final String reason;
    private final String redisLine;

    AofFormatException(String file, long offset, String reason, String redisLine) {
        super("Bad AOF " + file + " at offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
        this.reason = reason;
        this.redisLine = redisLine;
    }

    /** The file's name in the AOF directory. */
    public String file() {
        return file;
    }

    /** Where in the file the reader found the problem. */
    public long offset() {
        return offset;
    }

    public String reason() {
        return reason;
    }

    /** Redis's log line for this failure (aof.c), for an operator who knows Redis's logs. */
    public String redisLine() {
        return redisLine;
    }
}
