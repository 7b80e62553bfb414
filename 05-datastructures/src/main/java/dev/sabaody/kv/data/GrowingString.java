package dev.sabaody.kv.data;

import java.util.Arrays;

/**
 * A string being appended to: bytes with room to grow, so that a run of APPENDs costs amortised
 * O(1) each, as Redis's sds does (sdsMakeRoomFor: double the allocation below 1 MB, add 1 MB
 * above; sds.h SDS_MAX_PREALLOC).
 *
 * <p>Strings are plain {@code byte[]} of exactly their length everywhere else, which every command
 * family relies on; an array cannot have spare room. So this form exists only between appends:
 * APPEND and STRLEN see it through {@link Db#lookupForAppend}, and every other lookup turns it back
 * into an exact {@code byte[]} first ({@link Db}), a copy that costs what the reading command's own
 * reply costs. A string appended to a million times is copied about twenty times, not a million.
 */
public final class GrowingString {

    /** sds.h SDS_MAX_PREALLOC: above this length, grow by this much instead of doubling (bytes). */
    static final int SDS_MAX_PREALLOC = 1024 * 1024;

    private byte[] bytes;
    private int length;
    /** What the keyspace's memory total holds for this string ({@link Db} alone writes it). */
    long accounted;

    /** Heap bytes: this object (accounted, bytes, length) and its array, spare room included. */
    long bytes() {
        return HeapLayout.object(8 + HeapLayout.REF + 4) + HeapLayout.bytes(bytes.length);
    }

    /** Starts from {@code s}, with room for {@code more} bytes and the greedy margin after them. */
    public GrowingString(byte[] s, int more) {
        this.bytes = Arrays.copyOf(s, capacityFor((long) s.length + more));
        this.length = s.length;
    }

    public int length() {
        return length;
    }

    /** The internal array: its first {@link #length()} bytes are the string. */
    public byte[] array() {
        return bytes;
    }

    /** Makes room for {@code more} bytes at the end and returns the offset at which to write them. */
    public int extend(int more) {
        long needed = (long) length + more;
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, capacityFor(needed));
        }
        int at = length;
        length = (int) needed;
        return at;
    }

    /** The string as an exact array (a copy unless there is no spare room). */
    public byte[] toBytes() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    private static int capacityFor(long needed) {
        long grown = needed < SDS_MAX_PREALLOC ? needed * 2 : needed + SDS_MAX_PREALLOC;
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(needed, grown));
    }
}
