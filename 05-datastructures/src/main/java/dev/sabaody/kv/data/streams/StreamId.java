package dev.sabaody.kv.data.streams;

import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Numbers;
import java.nio.charset.StandardCharsets;

/**
 * A stream entry ID, {@code <ms>-<seq>}: two unsigned 64-bit numbers (stream.h streamID), compared
 * as one 128-bit number, milliseconds first. Java has no unsigned long, so both halves are kept in
 * a {@code long} and every comparison and increment is unsigned ({@link Long#compareUnsigned}):
 * {@code 18446744073709551615-18446744073709551615} is a valid ID and the largest.
 *
 * <h2>Parsing, as t_stream.c parses</h2>
 * {@link #parse} follows streamGenericParseIDOrReply: at most 127 bytes; "-" and "+" are the
 * smallest and largest IDs (refused where the ID must be exact); otherwise {@code ms[-seq]}, split
 * at the first '-', each half read by string2ull, which tries string2ll and then C's strtoull, so
 * " 12", "+12" and "012" are accepted, and " -1" wraps round to 2^64-1, as in Redis.
 */
record StreamId(long ms, long seq) implements Comparable<StreamId> {

    static final StreamId MIN = new StreamId(0, 0);
    static final StreamId MAX = new StreamId(-1L, -1L);

    /** What {@link #parse} answers for a text Redis refuses. */
    static final String INVALID = "Invalid stream ID specified as stream command argument";

    @Override
    public int compareTo(StreamId o) {
        return compare(ms, seq, o.ms, o.seq);
    }

    static int compare(long ms1, long seq1, long ms2, long seq2) {
        int c = Long.compareUnsigned(ms1, ms2);
        return c != 0 ? c : Long.compareUnsigned(seq1, seq2);
    }

    boolean isZero() {
        return ms == 0 && seq == 0;
    }

    /** The next ID (streamIncrID), or null when this is the largest. */
    StreamId next() {
        if (seq == -1L) {
            return ms == -1L ? null : new StreamId(ms + 1, 0);
        }
        return new StreamId(ms, seq + 1);
    }

    /** The previous ID (streamDecrID), or null when this is 0-0. */
    StreamId previous() {
        if (seq == 0) {
            return ms == 0 ? null : new StreamId(ms - 1, -1L);
        }
        return new StreamId(ms, seq - 1);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    byte[] toBytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- parsing

    /** What {@link #parse} found: the ID, and whether the sequence was given ({@code ms-*} says no). */
    record Parsed(StreamId id, boolean seqGiven) {
    }

    /**
     * Parses argument {@code i} (streamGenericParseIDOrReply). {@code missingSeq} is the sequence of
     * a lone {@code ms}; {@code strict} refuses "-" and "+"; {@code allowStarSeq} accepts
     * {@code ms-*} (XADD). Returns null when Redis would answer {@link #INVALID}.
     */
    static Parsed parse(byte[] text, long missingSeq, boolean strict, boolean allowStarSeq) {
        if (text.length > 127) {
            return null;
        }
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++; // Redis copies the argument into a C string: a NUL ends it
        }
        if (end == 1 && (text[0] == '-' || text[0] == '+')) {
            if (strict) {
                return null;
            }
            return new Parsed(text[0] == '-' ? MIN : MAX, true);
        }
        int dash = -1;
        for (int i = 0; i < end; i++) {
            if (text[i] == '-') {
                dash = i;
                break;
            }
        }
        long[] out = new long[1];
        if (!string2ull(text, 0, dash < 0 ? end : dash, out)) {
            return null;
        }
        long ms = out[0];
        if (dash < 0) {
            return new Parsed(new StreamId(ms, missingSeq), true);
        }
        if (allowStarSeq && end - dash - 1 == 1 && text[dash + 1] == '*') {
            return new Parsed(new StreamId(ms, 0), false);
        }
        if (!string2ull(text, dash + 1, end, out)) {
            return null;
        }
        return new Parsed(new StreamId(ms, out[0]), true);
    }

    /** {@link #parse} of argument {@code i}, or null. */
    static StreamId parse(Argv argv, int i, long missingSeq, boolean strict) {
        Parsed p = parse(argv.copy(i), missingSeq, strict, false);
        return p == null ? null : p.id();
    }

    /** util.c string2ull: string2ll when it fits (negatives refused), else strtoull(s, 10) taking it all. */
    static boolean string2ull(byte[] s, int from, int to, long[] out) {
        byte[] part = java.util.Arrays.copyOfRange(s, from, to);
        if (Numbers.string2ll(part, out)) {
            return out[0] >= 0;
        }
        int p = 0;
        while (p < part.length && isSpace(part[p])) {
            p++;
        }
        boolean negative = false;
        if (p < part.length && (part[p] == '+' || part[p] == '-')) {
            negative = part[p] == '-';
            p++;
        }
        if (p >= part.length || part[p] < '0' || part[p] > '9') {
            return false; // no digits: strtoull leaves endptr at the start
        }
        long v = 0;
        for (; p < part.length; p++) {
            byte b = part[p];
            if (b < '0' || b > '9') {
                return false; // something left over
            }
            long digit = b - '0';
            // v * 10 + digit must stay below 2^64: ERANGE otherwise
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - digit, 10)) > 0) {
                return false;
            }
            v = v * 10 + digit;
        }
        out[0] = negative ? -v : v;
        return true;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }
}
