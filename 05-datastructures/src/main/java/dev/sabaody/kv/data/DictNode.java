package dev.sabaody.kv.data;

/**
 * One element of a {@link Dict}: its key and the link to the next node of its bucket. The node is
 * the element itself (an "intrusive" chain): a keyspace {@link Entry}, a hash field, a set member
 * extend it, so a table of n elements costs n objects, not 2n as {@code HashMap}'s separate
 * {@code Node}s would.
 *
 * <p>No hash is cached in the node: it would cost 4 bytes on every key in memory to save rehashing
 * the key when the table grows, which incremental rehash already spreads thin. Redis makes the same
 * choice (dictEntry holds key, value and next).
 */
public class DictNode {

    /** The key bytes; owned by the node, never changed. */
    public final byte[] key;
    /** Next node in the same bucket; managed by {@link Dict} only. */
    DictNode next;

    public DictNode(byte[] key) {
        this.key = key;
    }
}
