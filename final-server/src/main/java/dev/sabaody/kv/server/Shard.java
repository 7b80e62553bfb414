package dev.sabaody.kv.server;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Keyspace;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.resp.ServerState;

/**
 * One slice of the server: an event loop, the connections it serves, and the keys it owns.
 *
 * <p>Only the thread that holds the loop touches {@link #keyspace} (and the batches it runs): the
 * loop's own, nearly always. Two exceptions keep the rule, each with a happens-before edge on both
 * sides: {@link CrossShard} touches it while the loop is parked on a latch, and another loop touches
 * it while this one sleeps and has lent it its turn ({@link EventLoop#runIfAsleep}, a lock).
 *
 * @param index    the shard's number, 0 to shards - 1 (a key's owner is {@link dev.sabaody.kv.data.KeyHash#shardOf})
 * @param loop     the thread that owns everything below
 * @param keyspace the shard's keys: module 05's databases, expiry, blocked clients
 * @param state    the keyspace's databases with the command table, clients and clock every shard shares
 * @param stats    counters written only by this shard's thread
 * @param batches  the spare {@link Batch}es of this shard's connections, for the commands they send
 *                 elsewhere; home loop only
 */
record Shard(int index, EventLoop loop, Keyspace keyspace, ServerState<Db> state, ShardStats stats,
             Batch.Spares batches) {
}
