package dev.sabaody.kv.data;

/**
 * How a string value was made, which is what OBJECT ENCODING answers for it in Redis: the same
 * bytes are "int", "embstr" or "raw" depending on the command that wrote them (object.c).
 *
 * <p>Redis stores a string as an object whose encoding is chosen when it is created and changed
 * when it is modified in place; here a string is a plain {@code byte[]}, so the entry remembers
 * which of Redis's three ways of making it applies ({@link Entry#origin}), and
 * {@link Values#encoding(Entry)} derives the name from that and the bytes.
 */
public enum StringOrigin {

    /**
     * A client's argument stored through tryObjectEncoding (SET, MSET, GETSET, APPEND or SETRANGE's
     * empty write creating nothing, APPEND creating the key, INCR's createStringObjectFromLongLong):
     * "int" when the bytes read as a long, "embstr" up to 44 bytes, "raw" above.
     */
    ARGUMENT,
    /**
     * Changed in place or built as a bare sds (APPEND to an existing key, SETRANGE, SETBIT,
     * BITFIELD's writes, BITOP's result, every HyperLogLog command that touches the value):
     * dbUnshareStringValue and createObject(OBJ_STRING, sds) make it "raw" whatever its length,
     * and it stays so until the value is replaced.
     */
    RAW,
    /**
     * Printed text made into an object by createStringObject (INCRBYFLOAT's result): "embstr" up
     * to 44 bytes and "raw" above, but never "int", even when it reads "11".
     */
    TEXT
}
