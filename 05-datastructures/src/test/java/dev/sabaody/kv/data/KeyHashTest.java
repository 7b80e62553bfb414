package dev.sabaody.kv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The key hash is one function whatever holds the key: an array, a slice of a heap buffer at any
 * offset (a command's argument in the input buffer), or a direct buffer. Routing hashes the slice
 * and the table the copied array, so a disagreement would send a key to one shard and look for it
 * in another.
 */
class KeyHashTest {

    @Property(tries = 500)
    void hash_sameBytesInAnyContainer_sameHash(@ForAll @Size(max = 100) byte[] key,
                                              @ForAll @IntRange(max = 9) int offset) {
        long expected = KeyHash.hash(key);
        ByteBuffer heap = ByteBuffer.allocate(offset + key.length + 3);
        heap.position(offset);
        heap.put(key);
        assertEquals(expected, KeyHash.hash(heap, offset, key.length), "heap slice");
        ByteBuffer direct = ByteBuffer.allocateDirect(offset + key.length + 3);
        direct.position(offset);
        direct.put(key);
        assertEquals(expected, KeyHash.hash(direct, offset, key.length), "direct slice");
        ByteBuffer sliced = ByteBuffer.wrap(new byte[offset + key.length + 1], 1, offset + key.length).slice();
        sliced.put(offset, key);
        assertEquals(expected, KeyHash.hash(sliced, offset, key.length), "array with an array offset");
    }

    @Test
    void hash_keysDifferingInOneByte_spreadOverBucketsAndShards() {
        Set<Long> low = new HashSet<>();
        int[] shards = new int[4];
        for (int i = 0; i < 100_000; i++) {
            byte[] key = ("key:" + i).getBytes();
            low.add(KeyHash.hash(key) & 0xFFFF);
            shards[KeyHash.shardOf(key, 4)]++;
        }
        assertTrue(low.size() > 0.75 * 65_536, "bucket bits used: " + low.size());
        for (int n : shards) {
            assertTrue(n > 24_000 && n < 26_000, java.util.Arrays.toString(shards));
        }
    }

    /** XXH64's published test vectors with seed 0, through both code paths (array and direct buffer). */
    @Test
    void hash_seedZero_matchesXxh64ReferenceVectors() {
        String[] inputs = {"", "a", "abc", "Nobody inspects the spammish repetition"};
        long[] expected = {0xEF46DB3751D8E999L, 0xD24EC4F1A98C6E5BL, 0x44BC2CF5AD770999L, 0xFBCEA83C8A378BF1L};
        for (int i = 0; i < inputs.length; i++) {
            byte[] bytes = inputs[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(expected[i], KeyHash.hash(bytes, 0, bytes.length, 0), inputs[i]);
            ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes);
            assertEquals(expected[i], KeyHash.hash(direct, 0, bytes.length, 0), inputs[i]);
        }
    }
}
