package dev.sabaody.kv.rdb;

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
 * <p>Sabaody-KV writes the plain encodings Redis 7.0 still loads (RDB_TYPE_LIST, SET, ZSET_2, HASH):
 * every element as an RDB string. Redis converts them on load to whatever encoding their size asks
 * for, so a small hash saved here is a listpack again in Redis. The packed encodings would save
 * some bytes on disk for small values; they are read (see {@link ValueReader}) but not written.
 * Streams are the exception: their nodes are listpacks already, written as they are ({@link StreamCodec}).
 */
final class ValueWriter {

    private ValueWriter() {
    }

    /** Whether {@link #write} can encode this value (module types cannot be saved yet). */
    static boolean writable(Object value) {
        return value instanceof byte[] || value instanceof ListValue || value instanceof SetValue
                || value instanceof SortedSet || value instanceof HashValue || value instanceof StreamValue;
    }

    /** The type byte of {@code value} (rdbSaveObjectType); IllegalArgumentException for a type it cannot write. */
    static int type(Object value) {
        return switch (value) {
            case byte[] s -> Rdb.RDB_TYPE_STRING;
            case ListValue l -> Rdb.RDB_TYPE_LIST;
            case SetValue s -> Rdb.RDB_TYPE_SET;
            case SortedSet z -> Rdb.RDB_TYPE_ZSET_2;
            case HashValue h -> Rdb.RDB_TYPE_HASH;
            case StreamValue st -> Rdb.RDB_TYPE_STREAM_LISTPACKS_2;
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
                case ListValue list -> {
                    out.writeLength(list.size());
                    for (int i = 0, n = list.size(); i < n; i++) {
                        out.writeString(list.get(i));
                    }
                }
                case SetValue set -> {
                    out.writeLength(set.size());
                    set.forEach(m -> unchecked(() -> out.writeString(m)));
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
                default -> throw new IllegalArgumentException(
                        "values of type " + Values.typeName(value) + " cannot be saved to RDB yet");
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
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
