package dev.sabaody.kv.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LineDecoderTest {

    /** Feeds {@code input} cut at {@code cuts}; returns the lines, then "TOO_LONG" if the decoder said so. */
    private static List<String> decode(byte[] input, List<Integer> cuts, int maxLineBytes) {
        LineDecoder decoder = new LineDecoder(maxLineBytes);
        List<String> lines = new ArrayList<>();
        int from = 0;
        List<Integer> ends = new ArrayList<>(cuts.stream().map(c -> Math.floorMod(c, input.length + 1)).sorted().toList());
        ends.add(input.length);
        for (int end : ends) {
            int consumed = decoder.feed(input, from, end - from, line -> lines.add(line));
            if (consumed == LineDecoder.LINE_TOO_LONG) {
                lines.add("TOO_LONG");
                return lines;
            }
            from = end;
        }
        return lines;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void feed_twoLinesAndATail_twoLinesThenTailKept() {
        LineDecoder decoder = new LineDecoder(100);
        List<String> lines = new ArrayList<>();
        byte[] input = bytes("PING\nGET a\nSET b");
        assertEquals(input.length, decoder.feed(input, 0, input.length, lines::add));
        assertEquals(List.of("PING", "GET a"), lines);
        assertTrue(decoder.hasPartialLine());
        decoder.feed(bytes(" 2\n"), 0, 3, lines::add);
        assertEquals(List.of("PING", "GET a", "SET b 2"), lines);
        assertFalse(decoder.hasPartialLine());
    }

    @Test
    void feed_crlf_crDropped() {
        assertEquals(List.of("PING", "GET a"), decode(bytes("PING\r\nGET a\r\n"), List.of(), 100));
    }

    @Test
    void feed_sinkStops_restNotConsumed() {
        LineDecoder decoder = new LineDecoder(100);
        byte[] input = bytes("QUIT\nPING\n");
        List<String> lines = new ArrayList<>();
        int consumed = decoder.feed(input, 0, input.length, line -> {
            lines.add(line);
            return false;
        });
        assertEquals(5, consumed);
        assertEquals(List.of("QUIT"), lines);
    }

    @Test
    void feed_lineOfExactlyTheLimit_accepted_oneMore_rejected() {
        String max = "x".repeat(10);
        assertEquals(List.of(max), decode(bytes(max + "\n"), List.of(), 10));
        assertEquals(List.of(max), decode(bytes(max + "\r\n"), List.of(), 10));
        assertEquals(List.of("TOO_LONG"), decode(bytes(max + "x\n"), List.of(), 10));
    }

    @Test
    void feed_noNewlineBeyondTheLimit_tooLong() {
        assertEquals(List.of("TOO_LONG"), decode(new byte[1000], List.of(3, 500), 100));
    }

    @Provide
    Arbitrary<String> lineText() {
        // letters, spaces, tabs, '\r' and a multi-byte character, so splits also land inside a UTF-8 sequence
        return Arbitraries.strings().withChars("abcXYZ \t\r\u00e9\u20ac").ofMaxLength(30);
    }

    @Property
    void feed_anySplit_sameLinesAsInOnePiece(
            @ForAll @Size(max = 20) List<@From("lineText") String> lines,
            @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 10_000) Integer> cuts) {
        String input = String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
        byte[] bytes = bytes(input);
        assertEquals(decode(bytes, List.of(), 1000), decode(bytes, cuts, 1000));
    }

    @Property
    void feed_anySplit_everyLineComesBackWithoutItsCrlf(
            @ForAll @Size(max = 20) List<@From("lineText") String> lines,
            @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 10_000) Integer> cuts) {
        List<String> expected = lines.stream().map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l).toList();
        byte[] bytes = bytes(String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
        assertEquals(expected, decode(bytes, cuts, 1000));
    }

    @Property
    void feed_anySplit_tooLongLineDetectedTheSame(
            @ForAll @IntRange(min = 4, max = 64) int limit,
            @ForAll @IntRange(min = 0, max = 200) int length,
            @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 10_000) Integer> cuts) {
        byte[] bytes = bytes("PING\n" + "y".repeat(length) + "\nPING\n");
        List<String> whole = decode(bytes, List.of(), limit);
        assertEquals(whole, decode(bytes, cuts, limit));
        assertEquals(length > limit, whole.contains("TOO_LONG"));
    }

    @Property
    void feed_unterminatedInputBeyondLimit_tooLongForAnySplit(
            @ForAll @IntRange(min = 1, max = 64) int limit,
            @ForAll @Size(max = 10) List<@IntRange(min = 0, max = 10_000) Integer> cuts) {
        byte[] bytes = bytes("z".repeat(limit + 2));
        assertEquals(List.of("TOO_LONG"), decode(bytes, cuts, limit));
    }
}
