package dev.sabaody.kv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * A key's shard follows Redis Cluster's hash tag rule (cluster.c keyHashSlot): the bytes between the
 * first '{' and the first '}' after it, when there are any, decide it; otherwise the whole key.
 */
class HashTagTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Property
    void shardOf_sameTag_sameShard(@ForAll @StringLength(min = 1, max = 20) String tag,
                                   @ForAll String before, @ForAll String after1, @ForAll String after2,
                                   @ForAll @IntRange(min = 2, max = 8) int shards) {
        String t = tag.replace("}", "");
        String b = before.replace("{", "");
        if (t.isEmpty()) {
            return;
        }
        byte[] one = bytes(b + "{" + t + "}" + after1);
        byte[] two = bytes("{" + t + "}" + after2);
        assertEquals(KeyHash.shardOf(one, shards), KeyHash.shardOf(two, shards));
        assertEquals(KeyHash.shardOf(bytes(t), shards), KeyHash.shardOf(one, shards), "the tag alone");
    }

    /** The slice forms (heap with an array offset, direct) agree with the array form, for every key. */
    @Property
    void shardOf_slice_agreesWithArray(@ForAll String key, @ForAll @IntRange(min = 1, max = 8) int shards) {
        byte[] k = bytes(key);
        int expected = KeyHash.shardOf(k, shards);
        ByteBuffer heap = ByteBuffer.wrap(new byte[k.length + 5], 2, k.length + 3).slice();
        heap.put(3, k);
        assertEquals(expected, KeyHash.shardOf(heap, 3, k.length, shards), "heap slice");
        ByteBuffer direct = ByteBuffer.allocateDirect(k.length + 4);
        direct.put(2, k);
        assertEquals(expected, KeyHash.shardOf(direct, 2, k.length, shards), "direct slice");
    }

    /** The examples of the Redis Cluster specification ("Hash tags"). */
    @Test
    void shardOf_clusterSpecExamples_hashTheRightBytes() {
        for (int shards = 2; shards <= 8; shards++) {
            assertEquals(KeyHash.shardOf(bytes("user1000"), shards), KeyHash.shardOf(bytes("{user1000}.following"), shards));
            assertEquals(KeyHash.shardOf(bytes("bar"), shards), KeyHash.shardOf(bytes("foo{bar}{zap}"), shards));
            assertEquals(KeyHash.shardOf(bytes("{bar"), shards), KeyHash.shardOf(bytes("foo{{bar}}zap"), shards));
        }
    }

    /** "{}" and an unclosed '{' are no tag: keys differing after them spread over the shards. */
    @Test
    void shardOf_emptyOrUnclosedTag_hashesWholeKey() {
        int[] empty = new int[4];
        int[] unclosed = new int[4];
        for (int i = 0; i < 4_000; i++) {
            empty[KeyHash.shardOf(bytes("foo{}{bar}" + i), 4)]++;
            unclosed[KeyHash.shardOf(bytes("foo{bar" + i), 4)]++;
        }
        for (int s = 0; s < 4; s++) {
            assertTrue(empty[s] > 800 && unclosed[s] > 800, java.util.Arrays.toString(empty) + java.util.Arrays.toString(unclosed));
        }
    }

    /** A tag decides only the shard: a Dict bucket is the whole key's hash. */
    @Test
    void hash_taggedKeys_stillDiffer() {
        assertNotEquals(KeyHash.hash(bytes("{u}:a")), KeyHash.hash(bytes("{u}:b")));
    }

    /** cluster.c patternHashSlot: a tag before any wildcard pins the keys a glob names. */
    @Property
    void patternShardOf_tagBeforeWildcard_isTheTagsShard(@ForAll @AlphaChars @StringLength(min = 1, max = 10) String tag,
                                                        @ForAll @IntRange(min = 2, max = 8) int shards) {
        int owner = KeyHash.shardOf(bytes(tag), shards);
        assertEquals(owner, KeyHash.patternShardOf(bytes("{" + tag + "}:*->f"), shards));
        assertEquals(owner, KeyHash.patternShardOf(bytes("w_{" + tag + "}"), shards));
        assertEquals(-1, KeyHash.patternShardOf(bytes("*{" + tag + "}"), shards));
        assertEquals(-1, KeyHash.patternShardOf(bytes("w_*"), shards));
        assertEquals(KeyHash.shardOf(bytes("{}" + tag), shards), KeyHash.patternShardOf(bytes("{}" + tag), shards));
    }
}
