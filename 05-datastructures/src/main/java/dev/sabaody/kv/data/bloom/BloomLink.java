package dev.sabaody.kv.data.bloom;

import dev.sabaody.kv.data.HeapLayout;

/**
 * One classic Bloom filter: a bit array and k bit positions per element (RedisBloom's
 * {@code struct bloom} in deps/bloom/bloom.c, with the options RedisBloom always passes to it:
 * BLOOM_OPT_NOROUND, exact bit count rather than a power of two, and BLOOM_OPT_FORCE64, 64-bit
 * hashes). Plus {@link #size}, the number of elements added to this link (SBLink.size).
 *
 * <h2>Sizing</h2>
 * For n elements and a false-positive rate p, the optimal filter has
 * <pre>
 *   bits per entry  bpe = -ln(p) / ln(2)^2         (calc_bpe)
 *   bits            m   = floor(n * bpe), rounded up to whole 64-bit words
 *   hash functions  k   = ceil(ln(2) * bpe)
 * </pre>
 * After n insertions each bit is still 0 with probability (1 - 1/m)^(kn) ~ e^(-kn/m) = 1/2 at the
 * optimum, and a fresh element finds all its k bits set with probability 2^-k ~ p.
 *
 * <h2>Hashing</h2>
 * Kirsch and Mitzenmacher's double hashing ("Less hashing, same performance"): two 64-bit hashes a
 * and b give the k positions {@code (a + i*b) mod m}, i = 0..k-1, as good as k independent hashes
 * for a Bloom filter. a = MurmurHash64A(item, seed 0xc6a4a7935bd1e995), b = MurmurHash64A(item, seed
 * a), as bloom_calc_hash64 computes them. The same hashes serve every link of a chain.
 */
final class BloomLink {

    /** bloom.c LN2, truncated as RedisBloom writes it (it decides k, so it must be the same digits). */
    static final double LN2 = 0.693147180559945;
    /** calc_bpe's denominator: ln(2)^2. */
    static final double LN2_SQUARED = 0.480453013918201;

    /** How many elements this link was sized for (bloom.entries). */
    final long entries;
    /** The false-positive rate it was sized for (bloom.error). */
    final double error;
    /** Bits per entry (bloom.bpe). */
    final double bpe;
    /** Hash functions, k (bloom.hashes). */
    final int hashes;
    /** Bits, m: a multiple of 64 (bloom.bits). */
    final long bits;
    private final long[] words;
    /** Elements added to this link (SBLink.size): when it reaches {@link #entries}, the chain grows. */
    long size;

    private BloomLink(long entries, double error, double bpe, int hashes, long bits) {
        this.entries = entries;
        this.error = error;
        this.bpe = bpe;
        this.hashes = hashes;
        this.bits = bits;
        this.words = new long[(int) (bits / 64)];
    }

    private BloomLink(BloomLink other) {
        this.entries = other.entries;
        this.error = other.error;
        this.bpe = other.bpe;
        this.hashes = other.hashes;
        this.bits = other.bits;
        this.words = other.words.clone();
        this.size = other.size;
    }

    /** calc_bpe: -ln(error) / ln(2)^2. */
    static double bitsPerEntry(double error) {
        return Math.abs(-(Math.log(error) / LN2_SQUARED));
    }

    /** The bits bloom_init gives {@code entries} at {@code error} (NOROUND): whole 64-bit words. */
    static long bitsFor(long entries, double error) {
        long bits = (long) (entries * bitsPerEntry(error)); // the C cast truncates toward zero too
        if (bits == 0) {
            bits = 1;
        }
        long bytes = bits % 64 != 0 ? (bits / 64 + 1) * 8 : bits / 8;
        return bytes * 8;
    }

    /**
     * bloom_init; null when the link would be larger than {@code maxBits} (the caller turns that
     * into "could not create filter") or the arguments are out of range.
     */
    static BloomLink create(long entries, double error, long maxBits) {
        if (entries < 1 || error <= 0 || error >= 1.0) {
            return null;
        }
        double bpe = bitsPerEntry(error);
        double exact = entries * bpe;
        if (!(exact < maxBits)) {
            return null;
        }
        long bits = bitsFor(entries, error);
        if (bits > maxBits) {
            return null;
        }
        return new BloomLink(entries, error, bpe, (int) Math.ceil(LN2 * bpe), bits);
    }

    /**
     * A link of a saved filter, refused (IllegalArgumentException) unless its numbers are ones
     * bloom_init could have produced with NOROUND: whole 64-bit words, k = ceil(ln2 * bpe).
     */
    static BloomLink restore(SavedChain.Link saved, long maxBits) {
        double error = saved.error();
        double bpe = saved.bpe();
        long bits = saved.bits();
        if (saved.entries() < 1 || !(error > 0 && error < 1) || !(bpe > 0 && Double.isFinite(bpe))) {
            throw new IllegalArgumentException("a Bloom filter link with entries " + saved.entries()
                    + ", error " + error + ", bits per entry " + bpe);
        }
        if (bits < 64 || bits % 64 != 0 || bits > maxBits || saved.bitArray().length != bits / 8) {
            throw new IllegalArgumentException("a Bloom filter link of " + bits + " bits held in "
                    + saved.bitArray().length + " bytes");
        }
        if (saved.hashes() != Math.ceil(LN2 * bpe) || saved.size() < 0) {
            throw new IllegalArgumentException("a Bloom filter link with " + saved.hashes()
                    + " hashes for " + bpe + " bits per entry, size " + saved.size());
        }
        BloomLink link = new BloomLink(saved.entries(), error, bpe, saved.hashes(), bits);
        java.nio.ByteBuffer.wrap(saved.bitArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(link.words);
        link.size = saved.size();
        return link;
    }

    /**
     * The bit array in bloom.c's byte order: bit x is bit (x mod 8) of byte x/8, which is word x/64
     * written little-endian.
     */
    byte[] bitArray() {
        byte[] out = new byte[words.length * 8];
        java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(words);
        return out;
    }

    BloomLink copy() {
        return new BloomLink(this);
    }

    /** bloom_check_h: whether all k bits of the element are set. */
    boolean contains(long a, long b) {
        for (long i = 0; i < hashes; i++) {
            long x = Long.remainderUnsigned(a + i * b, bits);
            if ((words[(int) (x >>> 6)] & (1L << x)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** bloom_add_h: sets the k bits; true when at least one was clear (the element was new here). */
    boolean add(long a, long b) {
        boolean foundUnset = false;
        for (long i = 0; i < hashes; i++) {
            long x = Long.remainderUnsigned(a + i * b, bits);
            int w = (int) (x >>> 6);
            long mask = 1L << x;
            if ((words[w] & mask) == 0) {
                words[w] |= mask;
                foundUnset = true;
            }
        }
        return foundUnset;
    }

    /** The bit array's size in bytes (bloom.bytes). */
    long bytes() {
        return bits / 8;
    }

    /** Heap bytes of this link: entries, error, bpe, bits, size (8 each), hashes, words; and the words. */
    long heapBytes() {
        return HeapLayout.object(5 * 8 + 4 + HeapLayout.REF) + HeapLayout.longs(words.length);
    }
}
