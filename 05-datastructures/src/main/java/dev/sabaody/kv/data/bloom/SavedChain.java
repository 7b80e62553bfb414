package dev.sabaody.kv.data.bloom;

import java.util.List;

/**
 * A scalable Bloom filter as plain numbers and bytes: what RedisBloom's BFRdbSave writes for a
 * chain (rebloom.c), so that module 06 can put it in an RDB file or a DUMP payload and build it back
 * without reaching into the filter. The bit arrays are in RedisBloom's byte order: bit x of a link
 * is bit (x mod 8) of byte x/8 (bloom.c test_bit_set_bit).
 *
 * @param size       elements added over all links (SBChain.size: BF.CARD)
 * @param growth     the expansion factor (SBChain.growth)
 * @param nonScaling BLOOM_OPT_NO_SCALING: the chain never grows
 * @param links      oldest first
 */
public record SavedChain(long size, int growth, boolean nonScaling, List<Link> links) {

    /**
     * One link: {@code struct bloom} and SBLink.size.
     *
     * @param entries  elements it was sized for
     * @param error    its false-positive rate
     * @param hashes   k
     * @param bpe      bits per entry
     * @param bits     m, a multiple of 64
     * @param bitArray m / 8 bytes
     * @param size     elements added to it
     */
    public record Link(long entries, double error, int hashes, double bpe, long bits, byte[] bitArray, long size) {
    }

    /** The filter these numbers describe; IllegalArgumentException naming what is inconsistent. */
    public ScalableBloomFilter restore() {
        return ScalableBloomFilter.restore(this);
    }
}
