package dev.sabaody.kv.server.scripting;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.ServerState;

/**
 * Whether a script running on {@code state}'s keyspace may touch {@code key}: the server's answer,
 * since only it knows its shards. A key held by the shard the script runs on is reachable; so is a
 * key of any shard parked for the script (the server brings it over); any other is not, and the
 * script gets Redis Cluster's error for a non-local key. A one-shard server reaches every key.
 */
@FunctionalInterface
public interface KeyReach {

    boolean reachable(ServerState<Db> state, byte[] key);

    /** One keyspace: every key is local. */
    KeyReach EVERYWHERE = (state, key) -> true;
}
