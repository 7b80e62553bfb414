package dev.sabaody.kv.data;

/**
 * A value of any type but string (strings are plain {@code byte[]}, the commonest case, with no
 * wrapper): hashes, lists, sets, sorted sets, Bloom filters, Count-Min sketches.
 */
public interface RedisValue {

    /** What TYPE answers: "hash", "list", "set", "zset", or a module type's name ("MBbloom--"). */
    String typeName();

    /** What OBJECT ENCODING answers, by Redis's rules for the same contents. */
    String encoding();

    /** A deep copy, for COPY: the copy and the original must not share anything mutable. */
    RedisValue copy();
}
