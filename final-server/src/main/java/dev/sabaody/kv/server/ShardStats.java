package dev.sabaody.kv.server;

import dev.sabaody.kv.data.KeyspaceStats;

/**
 * Counters of one shard. Written by the shard's thread only; INFO reads them in its part, on the
 * thread that holds the shard ({@link Info}, a sliced command run with the shards parked), so plain
 * fields suffice and the hot path pays no atomic.
 *
 * <p>The loop's own counters (wake-ups, polls, borrows, bytes allocated) belong to module 03 and run
 * from the loop's start; CONFIG RESETSTAT records them here, and INFO shows what came after.
 */
final class ShardStats {
    /** Commands run with this shard as the client's home (INFO total_commands_processed). */
    long commandsProcessed;
    /** Connections this shard's loop has accepted (INFO total_connections_received). */
    long connectionsReceived;
    /** The loop's counters at the last CONFIG RESETSTAT. */
    long wakeupsAtReset;
    long pollsAtReset;
    long pollHitsAtReset;
    long borrowsAtReset;
    long allocatedBytesAtReset;
    long netInputAtReset;
    long netOutputAtReset;
    long readsAtReset;
    long writesAtReset;
    long expandsAtReset;
    long shrinksAtReset;
    long evictedClientsAtReset;

    /** CONFIG RESETSTAT, on the shard's own thread: Redis's resetServerStats for this shard's share. */
    void reset(Shard shard) {
        commandsProcessed = 0;
        connectionsReceived = 0;
        KeyspaceStats keyspace = shard.keyspace().stats();
        keyspace.keyspaceHits = 0;
        keyspace.keyspaceMisses = 0;
        keyspace.expiredKeys = 0;
        keyspace.expiredStalePercent = 0;
        keyspace.expiredTimeCapReached = 0;
        keyspace.expireCycleNanos = 0;
        keyspace.evictionExceededNanos = 0;
        keyspace.evictionExceededSince = -1;
        keyspace.evictedKeys = 0;
        wakeupsAtReset = shard.loop().wakeups();
        pollsAtReset = shard.loop().polls();
        pollHitsAtReset = shard.loop().pollHits();
        borrowsAtReset = shard.loop().borrows();
        allocatedBytesAtReset = Math.max(0, shard.loop().allocatedBytes());
        netInputAtReset = shard.loop().netInputBytes();
        netOutputAtReset = shard.loop().netOutputBytes();
        readsAtReset = shard.loop().readsProcessed();
        writesAtReset = shard.loop().writesProcessed();
        expandsAtReset = shard.loop().replyBufferExpands();
        shrinksAtReset = shard.loop().replyBufferShrinks();
        evictedClientsAtReset = shard.loop().evictedClients();
    }
}
