package dev.sabaody.kv.server;

import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandSpec;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every shard of the server, by index, and the rules that place work on them. Shards are added by
 * their own loops as they start; the list is complete before the first connection is accepted.
 */
final class Shards<D> {

    /** Commands that read the whole keyspace, so they run with every shard parked. */
    private static final Set<String> ALL_SHARDS = Set.of("info", "dbsize");

    private final AtomicReferenceArray<Shard<D>> shards;
    private final CrossShard crossShard = new CrossShard();

    Shards(int count) {
        this.shards = new AtomicReferenceArray<>(count);
    }

    void set(Shard<D> shard) {
        shards.set(shard.index(), shard);
    }

    Shard<D> get(int index) {
        return shards.get(index);
    }

    int size() {
        return shards.length();
    }

    List<Shard<D>> all() {
        Shard<?>[] out = new Shard<?>[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        @SuppressWarnings("unchecked")
        List<Shard<D>> list = (List<Shard<D>>) (List<?>) List.of(out);
        return list;
    }

    /** The shard that owns argument {@code i} of {@code argv}, a key. */
    int ownerOf(Argv argv, int i) {
        return KeyHash.shardOf(KeyHash.hash(argv.buffer(), argv.offset(i), argv.length(i)), size());
    }

    boolean needsAllShards(CommandSpec<D> spec) {
        return ALL_SHARDS.contains(spec.name());
    }

    CrossShard crossShard() {
        return crossShard;
    }
}
