package dev.sabaody.kv.data;

import dev.sabaody.kv.resp.Numbers;

/** Facts about values that every command family needs: type names and the errors shared by all. */
public final class Values {

    /** The error of a command run on a key of another type (server.h shared.wrongtypeerr). */
    public static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value";
    /** shared.outofrangeerr / getLongLongFromObjectOrReply. */
    public static final String NOT_INTEGER = "value is not an integer or out of range";
    /** getDoubleFromObjectOrReply. */
    public static final String NOT_FLOAT = "value is not a valid float";
    /** server.h OBJ_ENCODING_EMBSTR_SIZE_LIMIT: strings up to 44 bytes are "embstr" (bytes). */
    public static final int OBJ_ENCODING_EMBSTR_SIZE_LIMIT = 44;

    private Values() {
    }

    /** TYPE's answer for a value. */
    public static String typeName(Object value) {
        return value instanceof byte[] || value instanceof GrowingString ? "string" : ((RedisValue) value).typeName();
    }

    /**
     * OBJECT ENCODING's answer for a value by its contents: for a string made from an argument
     * ({@link StringOrigin#ARGUMENT}), "int" when it reads as a long (tryObjectEncoding), "embstr"
     * up to 44 bytes, "raw" above.
     */
    public static String encoding(Object value) {
        if (value instanceof GrowingString) {
            return "raw"; // an appended string is raw in Redis too
        }
        if (value instanceof byte[] s) {
            if (s.length <= 20 && Numbers.string2ll(s, new long[1])) {
                return "int";
            }
            return s.length <= OBJ_ENCODING_EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
        }
        return ((RedisValue) value).encoding();
    }

    /**
     * OBJECT ENCODING's answer for a key: a string's name depends on how it was made
     * ({@link StringOrigin}), the other types' on their contents alone.
     */
    public static String encoding(Entry e) {
        if (!(e.value instanceof byte[] s)) {
            return encoding(e.value);
        }
        return switch (e.origin()) {
            case ARGUMENT -> encoding(s);
            case RAW -> "raw";
            case TEXT -> s.length <= OBJ_ENCODING_EMBSTR_SIZE_LIMIT ? "embstr" : "raw";
        };
    }

    /** A deep copy of a value (COPY). */
    public static Object copy(Object value) {
        if (value instanceof GrowingString g) {
            return g.toBytes().clone();
        }
        return value instanceof byte[] s ? s.clone() : ((RedisValue) value).copy();
    }
}
