package dev.sabaody.kv.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable byte string with value equality: the key type of module 04's simple store.
 *
 * <p>Redis keys and values are binary-safe byte strings, not Java {@code String}s: a key may hold any
 * byte, including invalid UTF-8, and must come back exactly. The hash is computed once, because a
 * key is hashed on every lookup and never changes.
 */
public final class Bytes {

    private final byte[] bytes;
    private final int hash;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps {@code bytes}, which the caller hands over and must not change afterwards. */
    public static Bytes wrap(byte[] bytes) {
        return new Bytes(bytes);
    }

    public static Bytes of(String utf8) {
        return new Bytes(utf8.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return bytes.length;
    }

    /** The bytes themselves, not a copy: do not change them. */
    public byte[] array() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
