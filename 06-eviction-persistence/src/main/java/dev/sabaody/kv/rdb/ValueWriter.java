package dev.sabaody.kv.rdb;

import dev.sabaody.kv.data.GrowingString;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.data.hashes.HashValue;
import dev.sabaody.kv.data.lists.ListValue;
import dev.sabaody.kv.data.sets.SetValue;
import dev.sabaody.kv.data.streams.StreamValue;
import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.data.zsets.SortedSet;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One value in RDB's encoding: its type byte and its payload (rdbSaveObjectType and rdbSaveObject).
 * Shared by the file writer and DUMP, which is this and a footer.
 *
 * <p>Each value is written in the encoding Redis 7.0 would have for it, which module 05's values
 * report ({@code encoding()}): a listpack-encoded hash or sorted set as one listpack blob, an intset
 * as an intset blob, a list as a quicklist of listpacks (8 KB nodes, list-max-listpack-size -2),
 * bigger hashes, sets and sorted sets element by element (RDB_TYPE_HASH, SET, ZSET_2), streams as
 * their nodes' listpacks ({@link StreamCodec}), Bloom filters and Count-Min sketches as RedisBloom's
 * module values ({@link ModuleTypes}). So a file is what Redis would write for the same
 * data, up to the order of a hash table's elements and the spelling of fractional scores.
 */
final class ValueWriter {

    private ValueWriter() {
    }

    /** Whether {@link #write} can encode this value. */
    static boolean writable(Object value) {
        return value instanceof byte[] || value instanceof ListValue || value instanceof SetValue
                || value instanceof SortedSet || value instanceof HashValue || value instanceof StreamValue
                || ModuleTypes.isModuleValue(value);
    }

    /** The type byte of {@code value} (rdbSaveObjectType); IllegalArgumentException for a type it cannot write. */
    static int type(Object value) {
        return switch (value) {
            case byte[] s -> Rdb.RDB_TYPE_STRING;
            case GrowingString g -> Rdb.RDB_TYPE_STRING; // a string mid-APPEND, not yet made exact
            case ListValue l -> Rdb.RDB_TYPE_LIST_QUICKLIST_2;
            case SetValue s -> s.encoding().equals("intset") ? Rdb.RDB_TYPE_SET_INTSET : Rdb.RDB_TYPE_SET;
            case SortedSet z -> z.isListpack() ? Rdb.RDB_TYPE_ZSET_LISTPACK : Rdb.RDB_TYPE_ZSET_2;
            case HashValue h -> h.encoding().equals("listpack") ? Rdb.RDB_TYPE_HASH_LISTPACK : Rdb.RDB_TYPE_HASH;
            case StreamValue st -> Rdb.RDB_TYPE_STREAM_LISTPACKS_2;
            case Object m when ModuleTypes.isModuleValue(m) -> Rdb.RDB_TYPE_MODULE_2;
            default -> throw new IllegalArgumentException(
                    "values of type " + Values.typeName(value) + " cannot be saved to RDB yet");
        };
    }

    /** The type byte and the value: DUMP's payload before its footer. */
    static void write(RdbOutput out, Object value) throws IOException {
        out.writeByte(type(value));
        writePayload(out, value);
    }

    /** The type byte, the key and the value: one key of a file. */
    static void writeKeyed(RdbOutput out, byte[] key, Object value) throws IOException {
        out.writeByte(type(value));
        out.writeString(key);
        writePayload(out, value);
    }

    private static void writePayload(RdbOutput out, Object value) throws IOException {
        try {
            switch (value) {
                case byte[] s -> out.writeString(s);
                case GrowingString g -> out.writeString(g.toBytes());
                case ListValue list -> quicklist(out, list);
                case SetValue set when set.encoding().equals("intset") -> out.writeString(intset(set));
                case SetValue set -> {
                    out.writeLength(set.size());
                    set.forEach(m -> unchecked(() -> out.writeString(m)));
                }
                case SortedSet zset when zset.isListpack() -> {
                    ListpackWriter lp = new ListpackWriter();
                    for (Node n = zset.list().first(); n != null; n = n.next()) {
                        lp.add(n.member());
                        score(lp, n.score());
                    }
                    out.writeString(lp.toBytes());
                }
                case HashValue hash when hash.encoding().equals("listpack") -> {
                    ListpackWriter lp = new ListpackWriter();
                    hash.forEach((f, v) -> {
                        lp.add(f);
                        lp.add(v);
                    });
                    out.writeString(lp.toBytes());
                }
                case SortedSet zset -> {
                    out.writeLength(zset.size());
                    // rdb.c writes from the tail, so that the loader's inserts all land at the head: O(1) each
                    for (Node n = zset.list().last(); n != null; n = n.prev()) {
                        out.writeString(n.member());
                        out.writeBinaryDouble(n.score());
                    }
                }
                case HashValue hash -> {
                    out.writeLength(hash.size());
                    hash.forEach((f, v) -> unchecked(() -> {
                        out.writeString(f);
                        out.writeString(v);
                    }));
                }
                case StreamValue stream -> StreamCodec.write(out, stream);
                case Object m when ModuleTypes.isModuleValue(m) -> ModuleTypes.write(out, m);
                default -> throw new IllegalArgumentException(
                        "values of type " + Values.typeName(value) + " cannot be saved to RDB yet");
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** list-max-listpack-size's default, the fill the file's quicklists are cut by. */
    private static final int QUICKLIST_FILL = -2;

    /** A list as RDB_TYPE_LIST_QUICKLIST_2: packed nodes of at most 8 KB, as quicklistPush fills them. */
    private static void quicklist(RdbOutput out, ListValue list) throws IOException {
        java.util.List<ListpackWriter> nodes = QuicklistNodes.split(list, QUICKLIST_FILL);
        out.writeLength(nodes.size());
        for (ListpackWriter node : nodes) {
            out.writeLength(Rdb.QUICKLIST_NODE_CONTAINER_PACKED);
            out.writeString(node.toBytes());
        }
    }

    /** An intset blob: the narrowest width that holds every member, the members ascending (intset.c). */
    private static byte[] intset(SetValue set) {
        long[] values = new long[set.size()];
        int[] i = {0};
        set.forEach(m -> values[i[0]++] = Long.parseLong(new String(m, java.nio.charset.StandardCharsets.US_ASCII)));
        java.util.Arrays.sort(values);
        int width = 2;
        for (long v : values) {
            if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                width = Math.max(width, v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? 8 : 4);
            }
        }
        byte[] blob = new byte[8 + values.length * width];
        blob[0] = (byte) width;
        for (int b = 0; b < 4; b++) {
            blob[4 + b] = (byte) (values.length >>> (8 * b));
        }
        for (int k = 0; k < values.length; k++) {
            for (int b = 0; b < width; b++) {
                blob[8 + k * width + b] = (byte) (values[k] >>> (8 * b));
            }
        }
        return blob;
    }

    /**
     * A score in a sorted set's listpack, as zzlInsertAt stores it: an integral score as an integer,
     * infinities as "inf" and "-inf", any other as the shortest text that reads back to the same double.
     */
    private static void score(ListpackWriter lp, double d) {
        if (d == Math.rint(d) && Math.abs(d) <= 4.611686018427388E18) { // double2ll's range, LLONG_MAX / 2
            lp.addInt((long) d);
        } else if (Double.isInfinite(d)) {
            lp.addString((d > 0 ? "inf" : "-inf").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } else {
            lp.addString(Double.toString(d).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    interface IoAction {
        void run() throws IOException;
    }

    static void unchecked(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
