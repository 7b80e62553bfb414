package dev.sabaody.kv.server;

import dev.sabaody.kv.data.KeyHash;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every shard of the server, by index, and the rules that place work on them. Shards are added by
 * their own loops as they start; the list is complete before the first connection is accepted.
 */
final class Shards {

    private final AtomicReferenceArray<Shard> shards;
    private final CrossShard crossShard;

    Shards(int count) {
        this.shards = new AtomicReferenceArray<>(count);
        this.crossShard = new CrossShard(count);
    }

    void set(Shard shard) {
        shards.set(shard.index(), shard);
    }

    Shard get(int index) {
        return shards.get(index);
    }

    int size() {
        return shards.length();
    }

    List<Shard> all() {
        Shard[] out = new Shard[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return List.of(out);
    }

    /** The shard that owns a key given as a slice: its hash tag's, if it has one ({@link KeyHash#shardOf}). */
    int ownerOf(ByteBuffer buffer, int offset, int length) {
        return KeyHash.shardOf(buffer, offset, length, size());
    }

    int ownerOf(byte[] key) {
        return KeyHash.shardOf(key, size());
    }

    CrossShard crossShard() {
        return crossShard;
    }
}
