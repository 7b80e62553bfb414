package dev.sabaody.kv.server.pubsub;

import dev.sabaody.kv.resp.Bytes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For one kind of name (channels, patterns, shard channels): how many subscribers each shard has.
 * Written by a shard's thread for its own slot when one of its connections subscribes or
 * unsubscribes; read by any thread that publishes or answers PUBSUB.
 *
 * <p>The value of a name is an array of counts, one per shard, never changed once published: a change
 * makes a new array inside {@link ConcurrentHashMap#compute}, atomic per name. A reader gets a
 * consistent array with one volatile read and no lock. Copy on write suits the traffic: subscribing
 * is rare next to publishing. A name whose counts fall to zero leaves, as Redis frees a channel's
 * entry with its last subscriber, so that PUBSUB CHANNELS lists only live ones.
 */
final class Directory {

    private final int shardCount;
    private final ConcurrentHashMap<Bytes, int[]> counts = new ConcurrentHashMap<>();

    Directory(int shardCount) {
        this.shardCount = shardCount;
    }

    void add(Bytes name, int shard) {
        counts.compute(name, (k, old) -> {
            int[] next = old == null ? new int[shardCount] : old.clone();
            next[shard]++;
            return next;
        });
    }

    void remove(Bytes name, int shard) {
        counts.computeIfPresent(name, (k, old) -> {
            int[] next = old.clone();
            next[shard]--;
            for (int c : next) {
                if (c != 0) {
                    return next;
                }
            }
            return null;
        });
    }

    /** The counts per shard of {@code name}, not to be changed; null when nobody subscribes to it. */
    int[] counts(Bytes name) {
        return counts.get(name);
    }

    int total(Bytes name) {
        int[] c = counts.get(name);
        int sum = 0;
        if (c != null) {
            for (int n : c) {
                sum += n;
            }
        }
        return sum;
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }

    int size() {
        return counts.size();
    }

    Set<Map.Entry<Bytes, int[]>> entries() {
        return counts.entrySet();
    }
}
