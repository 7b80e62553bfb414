package dev.sabaody.kv.rdb;

/**
 * An RDB file or DUMP payload that cannot be loaded: truncated, corrupt, a bad checksum, an unknown
 * type or a newer version. It names the byte offset where the reader found the problem, so an
 * operator can look at the file with a hex dump.
 */
public final class RdbFormatException extends Exception {

    private final long offset;

    public RdbFormatException(long offset, String reason) {
        super("at offset " + offset + ": " + reason);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
