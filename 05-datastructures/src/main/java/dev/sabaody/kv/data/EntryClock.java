package dev.sabaody.kv.data;

/**
 * What an entry's 24-bit clock ({@link Entry#lru}) records, Redis's robj.lru: the time of the last
 * access (LRU, the default here) or, under an LFU eviction policy, 16 bits of minutes and an 8-bit
 * logarithmic access counter. Every lookup that counts as an access calls {@link #accessed}, every new
 * key {@link #created}; module 06 plugs in the LFU clock when the policy asks for one.
 */
public interface EntryClock {

    /** The clock of a new key (createObject: LRU_CLOCK, or LFU's minutes and LFU_INIT_VAL). */
    int created();

    /** The clock after an access to a key whose clock was {@code lru} (updateLFU, or LRU_CLOCK). */
    int accessed(int lru);

    /** Whether the clock counts accesses (LFU) rather than recording the last one (LRU). */
    boolean countsFrequency();

    /** OBJECT FREQ: the access counter held in {@code lru}, after its decay (LFUDecrAndReturn); LFU only. */
    long frequency(int lru);
}
