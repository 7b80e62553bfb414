package dev.sabaody.kv.data.bloom;

import dev.sabaody.kv.data.HeapLayout;
import dev.sabaody.kv.data.RedisValue;
import dev.sabaody.kv.data.hll.MurmurHash64A;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A scalable Bloom filter, RedisBloom's "MBbloom--" type (src/sb.c): a chain of classic Bloom
 * filters ({@link BloomLink}) that grows when the newest one is full.
 *
 * <h2>Why a chain</h2>
 * A Bloom filter answers "have I seen x?" with no false negatives and a tunable rate p of false
 * positives, in about 1.44*log2(1/p) bits per element, whatever the elements' size: 9.6 bits at 1%.
 * Its weakness is that it must be sized up front: past its capacity n the false-positive rate climbs
 * fast. Almeida et al. ("Scalable Bloom Filters", 2007) chain filters instead: when the newest link
 * holds its n elements, a new link of n*expansion elements is added and new elements go there. A
 * lookup asks every link (newest first: recent elements are likelier to be asked about).
 *
 * <h2>The error stays bounded</h2>
 * Links share the false-positive budget: link i is built with rate p*r^(i+1), r = 1/2
 * ({@value #ERROR_TIGHTENING_RATIO}, ERROR_TIGHTENING_RATIO in sb.c). A lookup is a false positive
 * if any link says yes, so the chain's rate is at most the sum p*(1/2 + 1/4 + ...) < p. RedisBloom
 * halves the requested rate for the first link too (SB_NewChain), unless the filter is NONSCALING:
 * a filter that never grows keeps the whole budget in its one link.
 *
 * <pre>
 *   BF.RESERVE k 0.01 100 (expansion 2)
 *   link 0: 100 entries at 0.005   ->  1152 bits (1102, rounded up to 64), 8 hashes
 *   link 1: 200 entries at 0.0025  ->  2496 bits, 9 hashes  (made at the 101st add)
 *   link 2: 400 entries at 0.00125 ->  5568 bits, 10 hashes ...
 * </pre>
 *
 * <h2>Invariants</h2>
 * {@link #size} is the sum of the links' sizes and counts elements that set at least one bit (what
 * BF.CARD answers: a false positive at insertion is not counted). Only the newest link receives
 * elements. Elements are never removed.
 *
 * <h2>Rejected</h2>
 * A single filter rebuilt larger when full would need the original elements, which a Bloom filter
 * does not keep. Rounding each link to a power of two bits (bloom.c's default) was RedisBloom's
 * older layout; RedisBloom's BF commands pass NOROUND, and so does this class, so that BF.INFO's
 * Size matches.
 */
public final class ScalableBloomFilter extends RedisValue {

    /** rebloom.c BFDefaultErrorRate. */
    static final double BF_DEFAULT_ERROR_RATE = 0.01;
    /** rebloom.c BFDefaultInitCapacity: elements. */
    static final long BF_DEFAULT_INIT_CAPACITY = 100;
    /** rebloom.c BF_DEFAULT_EXPANSION: each new link holds this many times the previous one's elements. */
    static final int BF_DEFAULT_EXPANSION = 2;
    /** sb.c ERROR_TIGHTENING_RATIO: each link's false-positive rate is the previous one's times this. */
    static final double ERROR_TIGHTENING_RATIO = 0.5;
    /** MurmurHash64A seed of the first hash (bloom_calc_hash64). */
    static final long BLOOM_HASH_SEED = 0xc6a4a7935bd1e995L;
    /**
     * Sabaody-KV's limit on one link's bit array: 2^32 bits (512 MiB). RedisBloom allocates whatever is
     * asked (or fails the allocation); a Java array has a size limit and a shared cache should not be
     * taken down by one BF.RESERVE, so a larger link is refused as "could not create filter".
     */
    static final long BF_MAX_LINK_BITS = 1L << 32;
    /** sizeof(SBChain) on 64-bit Linux: the fixed part of BF.INFO's Size, bytes. */
    static final long SBCHAIN_STRUCT_BYTES = 32;
    /** sizeof(SBLink) on 64-bit Linux: each link's fixed part of BF.INFO's Size, bytes. */
    static final long SBLINK_STRUCT_BYTES = 64;

    /** What {@link #add} answers. */
    static final int ADDED = 1;
    static final int EXISTS = 0;
    /** A NONSCALING filter whose link is full. */
    static final int FULL = -2;
    /** The next link would be too large to allocate. */
    static final int CANNOT_GROW = -1;

    private BloomLink[] links;
    private int nfilters;
    /** Elements added over all links (SBChain.size). */
    private long size;
    /** The expansion factor (SBChain.growth). */
    private final int growth;
    private final boolean nonScaling;

    private ScalableBloomFilter(BloomLink first, int growth, boolean nonScaling) {
        this.links = new BloomLink[] {first};
        this.nfilters = 1;
        this.growth = growth;
        this.nonScaling = nonScaling;
    }

    private ScalableBloomFilter(ScalableBloomFilter other) {
        this.links = new BloomLink[other.nfilters];
        for (int i = 0; i < other.nfilters; i++) {
            links[i] = other.links[i].copy();
        }
        this.nfilters = other.nfilters;
        this.size = other.size;
        this.growth = other.growth;
        this.nonScaling = other.nonScaling;
    }

    private ScalableBloomFilter(BloomLink[] links, long size, int growth, boolean nonScaling) {
        this.links = links;
        this.nfilters = links.length;
        this.size = size;
        this.growth = growth;
        this.nonScaling = nonScaling;
    }

    /** sb.c's sanity bound on a loaded chain (BFRdbLoad asserts nfilters < 1000). */
    static final int SB_MAX_LOADED_LINKS = 999;

    /** The filter as BFRdbSave writes it: its numbers and a copy of every bit array. */
    public SavedChain saved() {
        java.util.List<SavedChain.Link> saved = new java.util.ArrayList<>(nfilters);
        for (int i = 0; i < nfilters; i++) {
            BloomLink l = links[i];
            saved.add(new SavedChain.Link(l.entries, l.error, l.hashes, l.bpe, l.bits, l.bitArray(), l.size));
        }
        return new SavedChain(size, growth, nonScaling, saved);
    }

    /**
     * The filter of a saved chain, checked as bloom_validate_integrity checks a loaded one, plus the
     * limits of this class: IllegalArgumentException naming the first inconsistency.
     */
    static ScalableBloomFilter restore(SavedChain saved) {
        int n = saved.links().size();
        if (n < 1 || n > SB_MAX_LOADED_LINKS) {
            throw new IllegalArgumentException("a Bloom filter with " + n + " links");
        }
        if (saved.size() < 0 || saved.growth() < 0) {
            throw new IllegalArgumentException("a Bloom filter with size " + saved.size() + " and expansion " + saved.growth());
        }
        BloomLink[] restored = new BloomLink[n];
        for (int i = 0; i < n; i++) {
            restored[i] = BloomLink.restore(saved.links().get(i), BF_MAX_LINK_BITS);
        }
        return new ScalableBloomFilter(restored, saved.size(), saved.growth(), saved.nonScaling());
    }

    /**
     * SB_NewChain: a filter for {@code capacity} elements at {@code errorRate}; null when the
     * arguments are out of range or the first link would be too large.
     */
    static ScalableBloomFilter create(long capacity, double errorRate, int expansion, boolean nonScaling) {
        if (capacity < 1 || errorRate <= 0 || errorRate >= 1) {
            return null;
        }
        double tightening = nonScaling ? 1 : ERROR_TIGHTENING_RATIO;
        BloomLink first = BloomLink.create(capacity, errorRate * tightening, BF_MAX_LINK_BITS);
        return first == null ? null : new ScalableBloomFilter(first, expansion, nonScaling);
    }

    /** SBChain_Add: {@link #ADDED}, {@link #EXISTS}, {@link #FULL} or {@link #CANNOT_GROW}. */
    int add(ByteBuffer buf, int off, int len) {
        long a = MurmurHash64A.hash(buf, off, len, BLOOM_HASH_SEED);
        long b = MurmurHash64A.hash(buf, off, len, a);
        if (containsHash(a, b)) {
            return EXISTS;
        }
        BloomLink cur = links[nfilters - 1];
        if (cur.size >= cur.entries) {
            if (nonScaling) {
                return FULL;
            }
            long entries;
            try {
                entries = Math.multiplyExact(cur.entries, (long) growth);
            } catch (ArithmeticException overflow) {
                return CANNOT_GROW;
            }
            BloomLink next = BloomLink.create(entries, cur.error * ERROR_TIGHTENING_RATIO, BF_MAX_LINK_BITS);
            if (next == null) {
                return CANNOT_GROW;
            }
            if (nfilters == links.length) {
                links = Arrays.copyOf(links, nfilters * 2);
            }
            links[nfilters++] = next;
            cur = next;
        }
        if (cur.add(a, b)) {
            cur.size++;
            size++;
            return ADDED;
        }
        return EXISTS;
    }

    /** SBChain_Check. */
    boolean contains(ByteBuffer buf, int off, int len) {
        long a = MurmurHash64A.hash(buf, off, len, BLOOM_HASH_SEED);
        long b = MurmurHash64A.hash(buf, off, len, a);
        return containsHash(a, b);
    }

    private boolean containsHash(long a, long b) {
        for (int i = nfilters - 1; i >= 0; i--) {
            if (links[i].contains(a, b)) {
                return true;
            }
        }
        return false;
    }

    /** BF.INFO Capacity: the elements all links were sized for (BFCapacity). */
    long capacity() {
        long capacity = 0;
        for (int i = 0; i < nfilters; i++) {
            capacity += links[i].entries;
        }
        return capacity;
    }

    /**
     * BF.INFO Size: RedisBloom's BFMemUsage, the C structs plus the bit arrays, so the figure
     * equals RedisBloom's for the same filter. (The Java objects' own overhead differs a little.)
     */
    long memoryUsage() {
        long bytes = SBCHAIN_STRUCT_BYTES;
        for (int i = 0; i < nfilters; i++) {
            bytes += SBLINK_STRUCT_BYTES + links[i].bytes();
        }
        return bytes;
    }

    int filters() {
        return nfilters;
    }

    /** BF.CARD and BF.INFO Items. */
    long size() {
        return size;
    }

    int expansion() {
        return growth;
    }

    boolean nonScaling() {
        return nonScaling;
    }

    /** Link {@code i}, oldest first (tests and measurements). */
    BloomLink link(int i) {
        return links[i];
    }

    @Override
    public long bytes() {
        // ScalableBloomFilter: accounted, size (8 each), links, nfilters, growth, nonScaling; the links array
        long b = HeapLayout.object(16 + HeapLayout.REF + 9) + HeapLayout.refs(links.length);
        for (int i = 0; i < nfilters; i++) {
            b += links[i].heapBytes(); // a chain has a handful of links, never one per element
        }
        return b;
    }

    @Override
    public String typeName() {
        return "MBbloom--";
    }

    /** Redis reports every module value's encoding as "raw" (createModuleObject's OBJ_ENCODING_RAW). */
    @Override
    public String encoding() {
        return "raw";
    }

    @Override
    public RedisValue copy() {
        return new ScalableBloomFilter(this);
    }
}
