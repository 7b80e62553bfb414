package dev.sabaody.kv.resp;

import java.nio.ByteBuffer;

/**
 * Turns the bytes a client sent into commands, one request at a time, however the bytes were cut
 * into reads.
 *
 * <h2>Two request forms</h2>
 * A request that starts with {@code *} is a RESP array of bulk strings, what every client library
 * sends: {@code *2\r\n$3\r\nGET\r\n$1\r\na\r\n}. Anything else is an inline command, a line of
 * words a human types into {@code nc} or {@code telnet}: {@code GET a\r\n}. This is how Redis
 * decides too ({@code processInputBuffer} in networking.c).
 *
 * <h2>A state machine, resumable at any byte</h2>
 * TCP delivers a stream, not messages: a read may end in the middle of a length, of a {@code \r\n},
 * of a value. {@link #parse} therefore returns {@link #NEED_MORE} when the request is not all there,
 * and keeps where it got to: the array's element count, the elements still to read, the length of
 * the bulk string under way, the arguments already found. The next call resumes there instead of
 * starting over, so a 100 MB value arriving in 6,000 reads is scanned once, not 6,000 times.
 *
 * <pre>
 *            '*'                '\r\n'                  '$' len '\r\n'          len bytes + 2
 *  START ───────────▶ COUNT ───────────▶ BULK_HEADER ──────────────────▶ BULK_DATA ─────────┐
 *    │                                        ▲                                              │
 *    │ other byte                             └──────────── elements left ◀─────────────────┘
 *    └──────────▶ INLINE ── '\n' ──▶ split words ──▶ COMPLETE        no elements left ──▶ COMPLETE
 * </pre>
 *
 * Offsets kept between calls are relative to the request's first byte, because the event loop
 * compacts its input buffer between reads: the unconsumed request moves to index 0, and an absolute
 * offset would point at the wrong bytes.
 *
 * <h2>Why "need more bytes" is a return value</h2>
 * It is the common case, not an exceptional one: under load most reads end mid-request. An
 * exception would build a stack trace on the hot path for the most ordinary event there is.
 *
 * <h2>No copies</h2>
 * Arguments of a RESP array are recorded as (offset, length) slices of the input buffer in
 * {@link Argv}; nothing is copied or decoded. Redis itself copies each argument into an object
 * ({@code createStringObject}); the slices are this project's choice for allocation-free parsing.
 *
 * <h2>Limits and errors, as Redis 7.0 has them</h2>
 * {@code processMultibulkBuffer} and {@code processInlineBuffer} (networking.c) define them; the
 * messages here are theirs byte for byte, and after any of them the connection is closed because
 * the parser can no longer tell where the next request starts. Quirks kept on purpose, because a
 * client relying on Redis sees the same thing here:
 * <ul>
 *   <li>A count or length line is found by searching for {@code \r} with {@code strchr}, which stops
 *       at a NUL byte: a NUL before the {@code \r} reads as "no line yet".
 *   <li>The byte after that {@code \r} is skipped without being checked to be {@code \n}, and so are
 *       the two bytes after a bulk string's data.
 *   <li>{@code *0} and negative counts are accepted and mean "no command".
 * </ul>
 *
 * Not thread-safe: one parser per connection.
 */
public final class RequestParser {

    /** The request is not complete; its bytes must stay unconsumed until more arrive. */
    public static final int NEED_MORE = 0;
    /** A request was parsed: {@link #argv()} holds it (possibly no argument at all) and {@link #consumed()} its size. */
    public static final int COMPLETE = 1;
    /** The bytes are not RESP: {@link #error()} says why; reply with it and close the connection. */
    public static final int PROTOCOL_ERROR = 2;

    /** server.h PROTO_INLINE_MAX_SIZE: bytes an inline request, a count or a length line may span. */
    public static final int PROTO_INLINE_MAX_SIZE = 64 * 1024;
    /** config.c proto-max-bulk-len default: the largest bulk string a client may send, in bytes. */
    public static final long PROTO_MAX_BULK_LEN = 512L * 1024 * 1024;
    /** networking.c: an array may announce at most INT_MAX elements. */
    static final long MAX_MULTIBULK_LEN = Integer.MAX_VALUE;
    /** networking.c: before AUTH, an array may hold at most 10 elements... */
    static final long UNAUTHENTICATED_MULTIBULK_LEN = 10;
    /** ...and a bulk string at most 16 KB. */
    static final long UNAUTHENTICATED_BULK_LEN = 16384;

    private static final int START = 0;
    private static final int MULTIBULK = 1;
    private static final int INLINE = 2;

    private final long protoMaxBulkLen;
    private final Argv argv = new Argv();
    /** Made for the first inline command: clients send arrays, so most connections never need one. */
    private SplitArgs splitter;
    private final long[] number = new long[1];

    /** START, MULTIBULK or INLINE: which form the request under way has. */
    private int form = START;
    /** Bytes of the request already parsed, from its first byte: where the next call resumes. */
    private int cursor;
    /** Elements of the array not read yet; -1 until the count line has been read. */
    private long elementsLeft = -1;
    /** Length of the bulk string whose header has been read; -1 when the next thing is a header. */
    private long bulkLength = -1;
    /** Size of the last complete request. */
    private int consumed;
    private String error;
    /** Set while the connection has not authenticated: the tighter limits above apply. */
    private boolean authRequired;

    public RequestParser() {
        this(PROTO_MAX_BULK_LEN);
    }

    public RequestParser(long protoMaxBulkLen) {
        this.protoMaxBulkLen = protoMaxBulkLen;
    }

    /**
     * Parses one request starting at {@code in.position()}, without moving the position. After
     * {@link #COMPLETE} the caller executes {@link #argv()} and only then advances the position by
     * {@link #consumed()}; after {@link #NEED_MORE} it leaves the bytes where they are and calls
     * again, with the same request first in the buffer, when more have arrived.
     */
    public int parse(ByteBuffer in) {
        int base = in.position();
        int limit = in.limit();
        if (form == START) {
            if (base == limit) {
                return NEED_MORE;
            }
            form = in.get(base) == '*' ? MULTIBULK : INLINE;
            argv.reset(in);
            cursor = 0;
        }
        return form == MULTIBULK ? parseMultibulk(in, base, limit) : parseInline(in, base, limit);
    }

    public Argv argv() {
        return argv;
    }

    public int consumed() {
        return consumed;
    }

    /** The message of the last {@link #PROTOCOL_ERROR}, without the leading "-" or "ERR ". */
    public String error() {
        return error;
    }

    /** Whether the connection must still authenticate (set by the session before each request). */
    public void setAuthRequired(boolean required) {
        authRequired = required;
    }

    // ---------------------------------------------------------------- arrays of bulk strings

    private int parseMultibulk(ByteBuffer in, int base, int limit) {
        if (elementsLeft < 0) {
            int newline = findCR(in, base, limit);
            if (newline < 0) {
                return limit - base > PROTO_INLINE_MAX_SIZE
                        ? fail("Protocol error: too big mbulk count string") : NEED_MORE;
            }
            if (newline > limit - 2) {
                return NEED_MORE; // the \n has not arrived
            }
            if (!Numbers.string2ll(in, base + 1, newline - base - 1, number) || number[0] > MAX_MULTIBULK_LEN) {
                return fail("Protocol error: invalid multibulk length");
            }
            if (number[0] > UNAUTHENTICATED_MULTIBULK_LEN && authRequired) {
                return fail("Protocol error: unauthenticated multibulk length");
            }
            cursor = newline - base + 2;
            if (number[0] <= 0) {
                return complete();
            }
            elementsLeft = number[0];
            bulkLength = -1;
        }
        while (elementsLeft > 0) {
            if (bulkLength < 0) {
                int start = base + cursor;
                int newline = findCR(in, start, limit);
                if (newline < 0) {
                    return limit - start > PROTO_INLINE_MAX_SIZE
                            ? fail("Protocol error: too big bulk count string") : NEED_MORE;
                }
                if (newline > limit - 2) {
                    return NEED_MORE;
                }
                byte first = in.get(start);
                if (first != '$') {
                    return fail("Protocol error: expected '$', got '" + (char) (first & 0xff) + "'");
                }
                if (!Numbers.string2ll(in, start + 1, newline - start - 1, number)
                        || number[0] < 0 || number[0] > protoMaxBulkLen) {
                    return fail("Protocol error: invalid bulk length");
                }
                if (number[0] > UNAUTHENTICATED_BULK_LEN && authRequired) {
                    return fail("Protocol error: unauthenticated bulk length");
                }
                cursor = newline - base + 2;
                bulkLength = number[0];
            }
            if (limit - (base + cursor) < bulkLength + 2) {
                return NEED_MORE;
            }
            argv.add(cursor, (int) bulkLength);
            cursor += (int) bulkLength + 2; // the two bytes after the data are not checked: Redis skips them too
            bulkLength = -1;
            elementsLeft--;
        }
        argv.rebase(in, base);
        return complete();
    }

    /** strchr(p, '\r') over [from, limit): -1 when absent, or when a NUL byte comes first. */
    private static int findCR(ByteBuffer in, int from, int limit) {
        for (int i = from; i < limit; i++) {
            byte b = in.get(i);
            if (b == '\r') {
                return i;
            }
            if (b == 0) {
                return -1;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- inline commands

    private int parseInline(ByteBuffer in, int base, int limit) {
        int newline = -1;
        int i = base + cursor;
        for (; i < limit; i++) {
            byte b = in.get(i);
            if (b == '\n') {
                newline = i;
                break;
            }
            if (b == 0) {
                break; // strchr stops at NUL: no line end as far as Redis can see, now or later
            }
        }
        if (newline < 0) {
            cursor = i - base; // resume the search here, not from the start of the line
            if (limit - base > PROTO_INLINE_MAX_SIZE) {
                return fail("Protocol error: too big inline request");
            }
            return NEED_MORE;
        }
        int end = (newline > base && in.get(newline - 1) == '\r') ? newline - 1 : newline;
        if (splitter == null) {
            splitter = new SplitArgs();
        }
        if (!splitter.split(in, base, end, argv)) {
            return fail("Protocol error: unbalanced quotes in request");
        }
        cursor = newline - base + 1;
        return complete();
    }

    // ---------------------------------------------------------------- outcomes

    private int complete() {
        consumed = cursor;
        form = START;
        elementsLeft = -1;
        bulkLength = -1;
        cursor = 0;
        return COMPLETE;
    }

    private int fail(String message) {
        error = message;
        form = START;
        elementsLeft = -1;
        bulkLength = -1;
        cursor = 0;
        argv.trim();
        return PROTOCOL_ERROR;
    }

    /**
     * Forgets memory a huge request made the parser keep. Does nothing while a request is half
     * parsed, because its arguments so far live in that memory.
     */
    public void trim() {
        if (form == START) {
            argv.trim();
            if (splitter != null) {
                splitter.trim();
            }
        }
    }
}
