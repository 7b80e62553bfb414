package dev.sabaody.kv.server;

import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.resp.ServerState;

/**
 * One slice of the server: an event loop, the connections it serves, and the keys it owns.
 *
 * <p>Only the loop's own thread touches {@link #state}'s databases, with one exception that keeps
 * the rule: {@link CrossShard} touches them while the loop is parked on a latch, which orders its
 * accesses before and after the coordinator's (a happens-before edge on each side).
 *
 * @param index the shard's number, 0 to shards - 1 (a key's owner is {@link KeyHash#shardOf})
 * @param loop  the thread that owns everything below
 * @param state the shard's databases, with the command table, clients and clock every shard shares
 * @param stats counters written only by this shard's thread
 */
record Shard<D>(int index, EventLoop loop, ServerState<D> state, ShardStats stats) {
}
