package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keys sharing a hash tag live on one shard, as in Redis Cluster: a script declaring one of them
 * reaches the others undeclared, a transaction over them needs no other shard's keys, and SORT's
 * patterns that carry the sorted key's tag are allowed. Each case picks keys whose whole-key hashes
 * fall on different shards, so it fails when tags are ignored.
 */
class HashTagShardingTest {

    /** Tags {@code t0, t1...} whose keys {@code {t}:a} and {@code {t}:b} would be on different shards without the tag. */
    private static List<String> tagsSplitWithoutTags(int count) {
        List<String> tags = new ArrayList<>();
        for (int i = 0; tags.size() < count; i++) {
            String tag = "t" + i;
            if (wholeKeyShard("{" + tag + "}:a") != wholeKeyShard("{" + tag + "}:b")) {
                tags.add(tag);
            }
        }
        return tags;
    }

    /** The shard of two a key would have if its whole text were hashed, tag ignored (KeyHash's scaling). */
    private static int wholeKeyShard(String key) {
        return (int) (((KeyHash.hash(key.getBytes()) >>> 32) * 2) >>> 32);
    }

    @Test
    void eval_undeclaredKeyWithTheDeclaredKeysTag_reachableOnTwoShards() throws Exception {
        try (SabaodyServer server = TestServers.start(2); Resp c = new Resp(server.port())) {
            for (String tag : tagsSplitWithoutTags(8)) {
                Object reply = c.call("EVAL", "redis.call('set', KEYS[1], ARGV[2]); "
                        + "return redis.call('incrby', ARGV[1], redis.call('get', KEYS[1]))", "1",
                        "{" + tag + "}:a", "{" + tag + "}:b", "5");
                assertEquals(5L, reply, tag);
            }
        }
    }

    @Test
    void multiExec_taggedKeys_allWrittenAndReadBack() throws Exception {
        try (SabaodyServer server = TestServers.start(2); Resp c = new Resp(server.port())) {
            String tag = tagsSplitWithoutTags(1).getFirst();
            String a = "{" + tag + "}:a";
            String b = "{" + tag + "}:b";
            assertEquals("OK", c.call("MULTI"));
            assertEquals("QUEUED", c.call("SET", a, "1"));
            assertEquals("QUEUED", c.call("INCRBY", b, "2"));
            assertEquals("QUEUED", c.call("EVAL", "return redis.call('get', KEYS[1]) + redis.call('get', ARGV[1])",
                    "1", a, b));
            assertEquals(List.of("OK", 2L, 3L), c.call("EXEC"));
            // after the transaction, a script declaring only a reads b as its neighbour
            assertEquals("12", c.call("EVAL", "return redis.call('get', KEYS[1]) .. redis.call('get', ARGV[1])",
                    "1", a, b));
        }
    }

    /** Without a tag the same script is refused, as Redis Cluster refuses it: the test above proves the tag. */
    @Test
    void eval_undeclaredKeyWithoutTag_onAnotherShard_refused() throws Exception {
        try (SabaodyServer server = TestServers.start(2); Resp c = new Resp(server.port())) {
            String a = "k0";
            String b = "k1";
            for (int i = 1; KeyHash.shardOf(b.getBytes(), 2) == KeyHash.shardOf(a.getBytes(), 2); i++) {
                b = "k" + i;
            }
            Object reply = c.call("EVAL", "return redis.call('get', ARGV[1])", "1", a, b);
            assertTrue(reply instanceof Resp.Error e
                    && e.message().startsWith("ERR Script attempted to access a non local key in a cluster node script"), String.valueOf(reply));
        }
    }

    /** cluster.c patternHashSlot: BY and GET patterns with the sorted key's tag before any '*' are allowed, as in Redis. */
    @Test
    void sort_patternsWithTheSortedKeysTag_answerAsRedis() throws Exception {
        try (SabaodyServer server = TestServers.start(2)) {
            DifferentialHarness.assertSameAsRedis(server.port(), List.of(Case.commands("sort with tagged patterns",
                    new String[] {"RPUSH", "{srt}:l", "3", "1", "2"},
                    new String[] {"MSET", "{srt}:w_1", "30", "{srt}:w_2", "20", "{srt}:w_3", "10", "{srt}:d_1", "one"},
                    new String[] {"SORT", "{srt}:l", "BY", "{srt}:w_*", "GET", "#", "GET", "{srt}:d_*"},
                    new String[] {"SORT_RO", "{srt}:l", "BY", "{srt}:w_*->f", "GET", "{srt}:d_1"},
                    new String[] {"DEL", "{srt}:l", "{srt}:w_1", "{srt}:w_2", "{srt}:w_3", "{srt}:d_1"})));
        }
    }
}
