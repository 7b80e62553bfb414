package dev.sabaody.kv.nio;

/**
 * What replies wait for before they leave: final-server's append-only file. Every write a client is
 * told about must be in the log first (written to the file, or fsynced under
 * {@code appendfsync always}), or a crash right after the reply would lose an acknowledged write.
 *
 * <p>Positions count what has been handed to the log, in order. At the end of a turn the loop
 * reads {@link #position()}: everything its replies depend on was handed over before it, since the
 * command ran before its reply was written. Connections with output then wait until the log has
 * {@link #passed} that position; the log calls back once it has, and they are flushed. The loop
 * itself never waits: it goes on serving while the log's thread writes, which is how one write and
 * one fsync serve a whole turn of commands (group commit).
 */
public interface OutputBarrier {

    /** Everything handed to the log so far. */
    long position();

    /** Whether everything up to {@code position} is as safe as the policy asks. */
    boolean passed(long position);

    /** Runs {@code wake} (on any thread) once {@code position} has passed; at once if it has. */
    void whenPassed(long position, Runnable wake);
}
