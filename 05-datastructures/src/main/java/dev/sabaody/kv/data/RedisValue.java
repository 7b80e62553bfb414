package dev.sabaody.kv.data;

/**
 * A value of any type but string (strings are plain {@code byte[]}, the commonest case, with no
 * wrapper): hashes, lists, sets, sorted sets, Bloom filters, Count-Min sketches.
 *
 * <p>Every value knows what it costs in the heap ({@link #bytes}), kept up to date by the value
 * itself as it changes, never by walking it: a 10-million-element set answers in O(1). The keyspace
 * sums these figures ({@link Keyspace#usedBytes}); {@link #accounted} is what the sum holds for this
 * value, brought up to {@link #bytes} when a command says it changed the value ({@link Db#signalModified}).
 */
public abstract class RedisValue {

    /** The bytes of this value the keyspace's total holds now; {@link Db} alone writes it. */
    long accounted;

    /** What TYPE answers: "hash", "list", "set", "zset", or a module type's name ("MBbloom--"). */
    public abstract String typeName();

    /** What OBJECT ENCODING answers, by Redis's rules for the same contents. */
    public abstract String encoding();

    /** A deep copy, for COPY: the copy and the original must not share anything mutable. */
    public abstract RedisValue copy();

    /** Heap bytes of this value and all it holds, as this JVM lays them out ({@link HeapLayout}); O(1). */
    public abstract long bytes();
}
