package dev.sabaody.kv.data;

/**
 * The keyspace's memory limit, as the runner sees it before each command: module 05 has none, module
 * 06 plugs in {@code maxmemory} and its eviction. Redis's processCommand calls performEvictions before
 * every command while a limit is set, and refuses the command with {@code -OOM} only when memory is
 * still over the limit and the command may add to it ({@link KeyspaceRunner}).
 */
public interface MemoryGuard {

    /** server.h shared.oomerr. */
    String OOM = "-OOM command not allowed when used memory > 'maxmemory'.";

    /** performEvictions: frees what the policy allows; false when memory is still over the limit (EVICT_FAIL). */
    boolean makeRoom();
}
