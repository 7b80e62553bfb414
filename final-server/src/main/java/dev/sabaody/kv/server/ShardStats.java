package dev.sabaody.kv.server;

/**
 * Counters of one shard. Written by the shard's thread only; INFO reads them while every shard is
 * parked (see {@link CrossShard#parkAll}), so plain fields suffice and the hot path pays no atomic.
 */
final class ShardStats {
    /** Commands run with this shard as the client's home (INFO total_commands_processed). */
    long commandsProcessed;
    /** Connections this shard's loop has accepted (INFO total_connections_received). */
    long connectionsReceived;
}
