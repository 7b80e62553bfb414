package dev.sabaody.kv.resp;

import dev.sabaody.kv.nio.OutputBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The one RESP encoder of Sabaody-KV: every reply of every module is written through it, straight
 * into the connection's {@link OutputBuffer}, with no reply object in between.
 *
 * <h2>RESP2 and RESP3</h2>
 * A connection speaks RESP2 until it sends {@code HELLO 3}. RESP3 adds types that RESP2 lacks; this
 * encoder writes each as the connection's protocol allows, the way Redis's {@code addReply*}
 * functions (networking.c) do:
 *
 * <pre>
 *   type          RESP3                     RESP2
 *   null          _\r\n                     $-1\r\n  (or *-1\r\n where an array was expected)
 *   double        ,3.1400000000000001\r\n   $18\r\n3.1400000000000001\r\n
 *   boolean       #t\r\n                    :1\r\n
 *   big number    (12345678901234567890\r\n $20\r\n12345678901234567890\r\n
 *   verbatim      =9\r\ntxt:hello\r\n       $5\r\nhello\r\n
 *   map           %2\r\n k v k v            *4\r\n k v k v
 *   set           ~2\r\n a b                *2\r\n a b
 *   push          >2\r\n a b                *2\r\n a b
 * </pre>
 *
 * A command writes the RESP3 shape of its answer ({@link #mapHeader}, {@link #nullBulk}) and the
 * encoder degrades it for a RESP2 connection, so no command tests the protocol version itself.
 *
 * <h2>Aggregates are headers</h2>
 * An array is written as its header ({@code *3\r\n}) followed by its elements, each written by a
 * further call: the caller knows the count up front, as Redis's callers do. Not thread-safe: one
 * encoder per connection, used on its loop.
 */
public final class RespEncoder {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_RESP3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputBuffer out;
    /** 2 or 3: what {@code HELLO} negotiated. */
    private int protocol = 2;
    /** Error replies written, and how many of them {@link #takeNewErrors} has seen. */
    private long errors;
    private long errorsSeen;
    /** The last error written, its code included ("-WRONGTYPE ..."); kept, not copied. */
    private CharSequence lastError = "";

    public RespEncoder(OutputBuffer out) {
        this.out = out;
    }

    public int protocol() {
        return protocol;
    }

    public void setProtocol(int protocol) {
        if (protocol != 2 && protocol != 3) {
            throw new IllegalArgumentException("RESP version must be 2 or 3: " + protocol);
        }
        this.protocol = protocol;
    }

    public OutputBuffer output() {
        return out;
    }

    // ---------------------------------------------------------------- simple types

    /** {@code +text}: a short status; {@code text} must not hold CR or LF. */
    public void simpleString(CharSequence text) {
        out.write((byte) '+').writeAscii(text).write(CRLF);
    }

    public void ok() {
        out.write(OK);
    }

    /**
     * An error, as Redis's {@code addReplyError}: {@code message} gets the generic {@code -ERR }
     * prefix unless it starts with {@code -} and so names its own code ({@code -WRONGPASS ...}).
     * CR and LF become spaces, because a user-supplied byte in the message must not end the line.
     * Characters are written as single bytes (ISO-8859-1), so bytes a client sent come back as sent.
     */
    public void error(CharSequence message) {
        errors++;
        lastError = message;
        boolean hasCode = message.length() > 0 && message.charAt(0) == '-';
        if (!hasCode) {
            out.writeAscii("-ERR ");
        }
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            out.write((c == '\r' || c == '\n') ? (byte) ' ' : (byte) c);
        }
        out.write(CRLF);
    }

    /**
     * Whether errors were written since the last call: how Redis's call() tells a failed command
     * (its incrCommandStatsOnError compares the error count with the one it saw last).
     */
    public boolean takeNewErrors() {
        boolean any = errors != errorsSeen;
        errorsSeen = errors;
        return any;
    }

    /** Error replies written so far (a command failed when the count moved while it ran). */
    public long errorCount() {
        return errors;
    }

    /** How many error replies were written since the last {@link #takeNewErrors}. */
    public long newErrors() {
        return errors - errorsSeen;
    }

    /**
     * The error code of the last error written, as Redis's errorstats name it: the first word of
     * "-WRONGTYPE Operation..." ("WRONGTYPE"), "ERR" for a message with no code of its own.
     */
    public String lastErrorCode() {
        CharSequence m = lastError;
        if (m.length() == 0 || m.charAt(0) != '-') {
            return "ERR";
        }
        int end = 1;
        while (end < m.length() && m.charAt(end) != ' ') {
            end++;
        }
        return m.subSequence(1, end).toString();
    }

    /** {@code :n} */
    public void integer(long value) {
        out.write((byte) ':').writeDecimal(value).write(CRLF);
    }

    /** A double, as 7.0's {@code addReplyDouble}: {@code %.17g}, and inf/-inf spelled out. */
    public void doubleValue(double value) {
        String text = Numbers.formatDouble17g(value);
        if (protocol == 2) {
            bulkAscii(text);
        } else {
            out.write((byte) ',').writeAscii(text).write(CRLF);
        }
    }

    /** {@code #t}/{@code #f}; RESP2 has no boolean and gets {@code :1}/{@code :0}. */
    public void bool(boolean value) {
        if (protocol == 2) {
            integer(value ? 1 : 0);
        } else {
            out.writeAscii(value ? "#t\r\n" : "#f\r\n");
        }
    }

    /** {@code (digits}; a bulk string in RESP2. */
    public void bigNumber(CharSequence digits) {
        if (protocol == 2) {
            bulkAscii(digits);
        } else {
            out.write((byte) '(').writeAscii(digits).write(CRLF);
        }
    }

    // ---------------------------------------------------------------- bulk strings

    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    public void bulk(byte[] value, int offset, int length) {
        out.write((byte) '$').writeDecimal(length).write(CRLF).write(value, offset, length).write(CRLF);
    }

    /** Argument {@code i} of {@code argv} as a bulk string, copied from the input buffer only once, into the output. */
    public void bulk(Argv argv, int i) {
        out.write((byte) '$').writeDecimal(argv.length(i)).write(CRLF);
        argv.writeTo(i, out);
        out.write(CRLF);
    }

    /** A bulk string of ASCII text (names, versions): no encoding step, no allocation. */
    public void bulkAscii(CharSequence text) {
        out.write((byte) '$').writeDecimal(text.length()).write(CRLF).writeAscii(text).write(CRLF);
    }

    /** A bulk string of any text, UTF-8 encoded. */
    public void bulkString(String text) {
        bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The null of a missing string: {@code $-1} in RESP2, {@code _} in RESP3 (addReplyNull). */
    public void nullBulk() {
        out.write(protocol == 2 ? NULL_BULK : NULL_RESP3);
    }

    /** The null of a missing array: {@code *-1} in RESP2, {@code _} in RESP3 (addReplyNullArray). */
    public void nullArray() {
        out.write(protocol == 2 ? NULL_ARRAY : NULL_RESP3);
    }

    /**
     * A verbatim string ({@code =len\r\nfmt:text}), for text meant for humans (CLIENT INFO, INFO);
     * {@code format} is three characters, "txt" or "mkd". RESP2 gets a plain bulk string.
     */
    public void verbatim(String format, byte[] text) {
        if (protocol == 2) {
            bulk(text);
            return;
        }
        out.write((byte) '=').writeDecimal(text.length + 4).write(CRLF)
                .writeAscii(format).write((byte) ':').write(text).write(CRLF);
    }

    // ---------------------------------------------------------------- aggregates

    public void arrayHeader(long count) {
        header('*', count);
    }

    /** A map of {@code pairs} key-value pairs; RESP2 gets a flat array of twice as many elements. */
    public void mapHeader(long pairs) {
        if (protocol == 2) {
            header('*', pairs * 2);
        } else {
            header('%', pairs);
        }
    }

    /** A set; RESP2 gets an array. */
    public void setHeader(long count) {
        header(protocol == 2 ? '*' : '~', count);
    }

    /** An out-of-band push (pub/sub messages, invalidations); RESP2 gets an array. */
    public void pushHeader(long count) {
        header(protocol == 2 ? '*' : '>', count);
    }

    /**
     * An attribute map that annotates the reply after it. RESP2 has no way to say this, and Redis
     * never sends one to a RESP2 client: callers must check {@link #protocol()} first.
     */
    public void attributeHeader(long pairs) {
        if (protocol == 2) {
            throw new IllegalStateException("RESP2 has no attributes");
        }
        header('|', pairs);
    }

    private void header(char type, long count) {
        out.write((byte) type).writeDecimal(count).write(CRLF);
    }
}
