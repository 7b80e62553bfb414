package dev.sabaody.kv.data;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * How this JVM lays objects out in its heap, so that every value can say what it costs in bytes
 * (module 06 counts them against {@code maxmemory}).
 *
 * <p>HotSpot on 64 bits: every object starts with a header, then its fields, and is rounded up to
 * 8 bytes. With compact object headers (JEP 519, {@code -XX:+UseCompactObjectHeaders}, which this
 * project runs with) the header is 8 bytes; without, 12 (mark word and a compressed class pointer).
 * An array adds a 4-byte length; its elements start at the next multiple of their own size, so a
 * {@code long[]} starts at 16 whatever the header. With compressed references (heaps under 32 GB,
 * HotSpot's default) a reference is 4 bytes, else 8.
 *
 * <p>The flags are read once from the running JVM, not assumed: the same jar started without compact
 * headers counts 4 more bytes per object, as that heap really spends. The accuracy of these figures
 * against a live heap after a full collection is measured by module 06's MemoryAccuracyReport.
 */
public final class HeapLayout {

    /** Bytes of an object's header: 8 with compact object headers, 12 without. */
    public static final int OBJECT_HEADER;
    /** Bytes before the first element of a {@code byte[]}: header and the 4-byte length. */
    public static final int ARRAY_HEADER;
    /** Bytes of a reference: 4 when compressed, 8 otherwise. */
    public static final int REF;
    /** HotSpot's ObjectAlignmentInBytes default (bytes). */
    public static final int ALIGNMENT = 8;

    static {
        boolean compactHeaders = flag("UseCompactObjectHeaders", false);
        boolean compressedOops = flag("UseCompressedOops", true);
        OBJECT_HEADER = compactHeaders ? 8 : 12;
        ARRAY_HEADER = OBJECT_HEADER + 4;
        REF = compressedOops ? 4 : 8;
    }

    private HeapLayout() {
    }

    private static boolean flag(String name, boolean fallback) {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Boolean.parseBoolean(bean.getVMOption(name).getValue());
        } catch (RuntimeException | LinkageError e) {
            return fallback; // not HotSpot, or an older JVM without the flag
        }
    }

    static long align(long n) {
        return (n + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /** An object whose fields take {@code fieldBytes} (references at {@link #REF} each). */
    public static long object(long fieldBytes) {
        return align(OBJECT_HEADER + fieldBytes);
    }

    /** A {@code byte[length]}. */
    public static long bytes(long length) {
        return align(ARRAY_HEADER + length);
    }

    /** An array of {@code length} references. */
    public static long refs(long length) {
        return align(ARRAY_HEADER + length * REF);
    }

    /** An {@code int[length]}. */
    public static long ints(long length) {
        return align(ARRAY_HEADER + length * 4);
    }

    /** A {@code long[length]} (or {@code double[]}): elements start 8-aligned. */
    public static long longs(long length) {
        return align(ARRAY_HEADER) + length * 8;
    }

    /** The {@link Entry} holding a key: the entry object and the key's bytes, value not included. */
    public static long entry(Entry e) {
        return (e instanceof ExpiringEntry ? EXPIRING_ENTRY : ENTRY) + bytes(e.key.length);
    }

    /** Entry: key, next, value references and the packed int of clock and origin. */
    static final long ENTRY = object(3L * REF + 4);
    /** ExpiringEntry: an Entry and a long expiry time and an int slot. */
    static final long EXPIRING_ENTRY = object(3L * REF + 4 + 8 + 4);
}
