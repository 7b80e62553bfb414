package dev.sabaody.kv.resp;

import dev.sabaody.kv.nio.OutputBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The arguments of one parsed command, as slices of a buffer: argument {@code i} is the
 * {@link #length(int)} bytes of {@link #buffer()} starting at absolute index {@link #offset(int)}.
 *
 * <p>For a RESP array the buffer is the connection's input buffer itself, so parsing copies no
 * argument. For an inline command it is a scratch buffer holding the unquoted words. Either way the
 * slices are valid only until the command has executed: the loop compacts and reuses the input
 * buffer afterwards. A command that keeps bytes (SET's key and value) copies them with
 * {@link #copy(int)}.
 *
 * <p>One instance per session, reused for every command: no allocation per request.
 */
public final class Argv {

    private static final int INITIAL_CAPACITY = 8;

    private ByteBuffer buffer;
    private int[] offsets;
    private int[] lengths;
    private int argc;
    /** Scratch for {@link #parseLong}; one per instance so parsing numbers does not box. */
    private final long[] number = new long[1];

    /**
     * A copy that owns its bytes, for a command that leaves its connection's loop: the original's
     * slices point into an input buffer the loop will reuse.
     */
    public static Argv copyOf(Argv source) {
        int total = 0;
        for (int i = 0; i < source.argc; i++) {
            total += source.lengths[i];
        }
        byte[] bytes = new byte[total]; // one array for all the arguments, copied once
        Argv argv = new Argv(source.argc);
        argv.reset(ByteBuffer.wrap(bytes));
        int at = 0;
        for (int i = 0; i < source.argc; i++) {
            int length = source.lengths[i];
            source.buffer.get(source.offsets[i], bytes, at, length);
            argv.add(at, length);
            at += length;
        }
        return argv;
    }

    /** Arguments made from whole arrays (argument 0 is the command name). */
    public static Argv of(java.util.List<byte[]> args) {
        int total = 0;
        for (byte[] arg : args) {
            total += arg.length;
        }
        ByteBuffer bytes = ByteBuffer.allocate(total);
        Argv argv = new Argv();
        argv.reset(bytes);
        for (byte[] arg : args) {
            argv.add(bytes.position(), arg.length);
            bytes.put(arg);
        }
        return argv;
    }

    public Argv() {
        this(INITIAL_CAPACITY);
    }

    private Argv(int capacity) {
        offsets = new int[Math.max(1, capacity)];
        lengths = new int[Math.max(1, capacity)];
    }

    /** The number of arguments, the command name included. */
    public int argc() {
        return argc;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int offset(int i) {
        return offsets[i];
    }

    public int length(int i) {
        return lengths[i];
    }

    public byte byteAt(int i, int index) {
        return buffer.get(offsets[i] + index);
    }

    /** A copy of argument {@code i}, for commands that keep it past their execution. */
    public byte[] copy(int i) {
        byte[] out = new byte[lengths[i]];
        buffer.get(offsets[i], out, 0, out.length);
        return out;
    }

    /** Argument {@code i} decoded as UTF-8 (invalid bytes become U+FFFD): for messages and names. */
    public String string(int i) {
        return new String(copy(i), StandardCharsets.UTF_8);
    }

    /** Argument {@code i} with each byte as one char (ISO-8859-1): lossless, for error messages. */
    public String latin1(int i) {
        return new String(copy(i), StandardCharsets.ISO_8859_1);
    }

    /** Whether argument {@code i} equals {@code word}, ignoring ASCII case. {@code word} is ASCII. */
    public boolean equalsIgnoreCase(int i, String word) {
        int length = lengths[i];
        if (length != word.length()) {
            return false;
        }
        int offset = offsets[i];
        for (int j = 0; j < length; j++) {
            if (toLower(buffer.get(offset + j)) != toLower((byte) word.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses argument {@code i} with Redis's {@code string2ll} rules. Returns false when it is not an
     * integer; otherwise the value is in {@link #parsedLong()}.
     */
    public boolean parseLong(int i) {
        return Numbers.string2ll(buffer, offsets[i], lengths[i], number);
    }

    /** The value found by the last successful {@link #parseLong}. */
    public long parsedLong() {
        return number[0];
    }

    /** Writes the raw bytes of argument {@code i} to {@code out}, with no copy in between. */
    void writeTo(int i, OutputBuffer out) {
        if (buffer.hasArray()) {
            out.write(buffer.array(), buffer.arrayOffset() + offsets[i], lengths[i]);
        } else {
            out.write(buffer.slice(offsets[i], lengths[i]));
        }
    }

    static byte toLower(byte b) {
        return (b >= 'A' && b <= 'Z') ? (byte) (b + ('a' - 'A')) : b;
    }

    // ---------------------------------------------------------------- filling, for the parser

    void reset(ByteBuffer source) {
        buffer = source;
        argc = 0;
    }

    void add(int offset, int length) {
        if (argc == offsets.length) {
            offsets = Arrays.copyOf(offsets, argc * 2);
            lengths = Arrays.copyOf(lengths, argc * 2);
        }
        offsets[argc] = offset;
        lengths[argc] = length;
        argc++;
    }

    /** Moves every offset by {@code delta}: the parser records them relative to the request start. */
    void rebase(ByteBuffer source, int delta) {
        buffer = source;
        for (int i = 0; i < argc; i++) {
            offsets[i] += delta;
        }
    }

    /** Gives up memory kept after a command with very many arguments. */
    void trim() {
        if (offsets.length > 1024) {
            offsets = new int[INITIAL_CAPACITY];
            lengths = new int[INITIAL_CAPACITY];
        }
        argc = 0;
    }

    /** For tests and error messages: the arguments as UTF-8 strings. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < argc; i++) {
            sb.append(i == 0 ? "" : ", ").append(string(i));
        }
        return sb.append(']').toString();
    }
}
