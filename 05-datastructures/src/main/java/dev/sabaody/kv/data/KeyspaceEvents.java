package dev.sabaody.kv.data;

import java.nio.charset.StandardCharsets;

/**
 * Keyspace notifications (notify.c): when a command changes a key, it says so with a class and an
 * event name ({@code db.notify(KeyspaceEvents.LIST, "lpush", key)}), and, if
 * {@code notify-keyspace-events} enables that class, two Pub/Sub messages go out:
 *
 * <pre>
 *   K  channel __keyspace@0__:mylist   message lpush    (what happened to this key)
 *   E  channel __keyevent@0__:lpush    message mylist   (which key this happened to)
 * </pre>
 *
 * One instance per server, shared by every shard's keyspace; the flags are replaced whole by CONFIG
 * SET. A call site costs one volatile read and a test while notifications are off (Redis's default).
 * Where the messages go is the server's business ({@link Sink}): final-server publishes them through
 * its Pub/Sub layer, to subscribers on any shard.
 */
public final class KeyspaceEvents {

    // The classes, with notify.c's bits and letters.
    /** K: publish on __keyspace@db__:key. */
    public static final int KEYSPACE = 1;
    /** E: publish on __keyevent@db__:event. */
    public static final int KEYEVENT = 1 << 1;
    /** g: generic commands (DEL, EXPIRE, RENAME...). */
    public static final int GENERIC = 1 << 2;
    /** $: string commands. */
    public static final int STRING = 1 << 3;
    /** l: list commands. */
    public static final int LIST = 1 << 4;
    /** s: set commands. */
    public static final int SET = 1 << 5;
    /** h: hash commands. */
    public static final int HASH = 1 << 6;
    /** z: sorted set commands. */
    public static final int ZSET = 1 << 7;
    /** x: a key expired (deleted because its time had come). */
    public static final int EXPIRED = 1 << 8;
    /** e: a key evicted by maxmemory. */
    public static final int EVICTED = 1 << 9;
    /** t: stream commands. */
    public static final int STREAM = 1 << 10;
    /** m: a read found no key (not part of A). */
    public static final int KEY_MISS = 1 << 11;
    /** d: module events. */
    public static final int MODULE = 1 << 13;
    /** n: a key was created (not part of A). */
    public static final int NEW = 1 << 14;
    /** A: g$lshzxetd. */
    public static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;

    /** Where notifications are published: channel and message, both handed over. */
    @FunctionalInterface
    public interface Sink {
        void publish(byte[] channel, byte[] message);
    }

    /** A server with notifications off for good (module 05's own server, tests). */
    public static final KeyspaceEvents NONE = new KeyspaceEvents((c, m) -> { });

    private final Sink sink;
    private volatile int flags;

    public KeyspaceEvents(Sink sink) {
        this.sink = sink;
    }

    /** notify-keyspace-events as a string of letters (keyspaceEventsStringToFlags); unknown letters are the config's to refuse. */
    public void configure(String letters) {
        int f = 0;
        for (char c : letters.toCharArray()) {
            f |= switch (c) {
                case 'A' -> ALL;
                case 'g' -> GENERIC;
                case '$' -> STRING;
                case 'l' -> LIST;
                case 's' -> SET;
                case 'h' -> HASH;
                case 'z' -> ZSET;
                case 'x' -> EXPIRED;
                case 'e' -> EVICTED;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 't' -> STREAM;
                case 'm' -> KEY_MISS;
                case 'd' -> MODULE;
                case 'n' -> NEW;
                default -> 0;
            };
        }
        flags = f;
    }

    /** Whether events of class {@code type} are published: callers that must build something first ask. */
    public boolean enabled(int type) {
        return (flags & type) != 0;
    }

    /** notifyKeyspaceEvent: the two messages, as the flags ask. */
    public void notify(int type, String event, byte[] key, int db) {
        int f = flags;
        if ((f & type) == 0) {
            return;
        }
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        if ((f & KEYSPACE) != 0) {
            sink.publish(concat("__keyspace@" + db + "__:", key), eventBytes);
        }
        if ((f & KEYEVENT) != 0) {
            sink.publish(concat("__keyevent@" + db + "__:", eventBytes), key);
        }
    }

    private static byte[] concat(String prefix, byte[] tail) {
        byte[] head = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
