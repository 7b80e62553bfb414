package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Rules of the parser that hold for every input: what is encoded parses back; how the bytes are cut
 * into reads does not matter; and no input, however hostile, makes it throw or spin.
 */
class RequestParserPropertyTest {

    /** Parses a stream delivered in {@code chunks} the way the event loop does: keep, compact, append. */
    static List<List<byte[]>> feed(RequestParser parser, List<byte[]> chunks, List<String> outcome) {
        List<List<byte[]>> commands = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(16);
        for (byte[] chunk : chunks) {
            if (buffer.remaining() < chunk.length) {
                ByteBuffer bigger = ByteBuffer.allocate((buffer.position() + chunk.length) * 2);
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            buffer.put(chunk).flip();
            while (buffer.hasRemaining()) {
                int result = parser.parse(buffer);
                assertTrue(result == RequestParser.COMPLETE || result == RequestParser.NEED_MORE
                        || result == RequestParser.PROTOCOL_ERROR, "unknown result " + result);
                if (result == RequestParser.NEED_MORE) {
                    break;
                }
                if (result == RequestParser.PROTOCOL_ERROR) {
                    outcome.add(parser.error());
                    return commands;
                }
                assertTrue(parser.consumed() > 0, "a complete request consumes bytes");
                Argv argv = parser.argv();
                List<byte[]> args = new ArrayList<>();
                for (int i = 0; i < argv.argc(); i++) {
                    args.add(argv.copy(i));
                }
                commands.add(args);
                buffer.position(buffer.position() + parser.consumed());
            }
            buffer.compact();
        }
        return commands;
    }

    static byte[] encode(List<byte[]> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.size() + "\r\n").getBytes());
        for (byte[] arg : args) {
            out.writeBytes(("$" + arg.length + "\r\n").getBytes());
            out.writeBytes(arg);
            out.writeBytes("\r\n".getBytes());
        }
        return out.toByteArray();
    }

    @Provide
    Arbitrary<List<byte[]>> commandArgs() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(40).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property
    void encodeThenParse_anyCommand_givesItBack(@ForAll("commandArgs") List<byte[]> args) {
        RequestParser parser = new RequestParser();
        byte[] bytes = encode(args);
        List<List<byte[]>> parsed = feed(parser, List.of(bytes), new ArrayList<>());
        assertEquals(1, parsed.size());
        assertEquals(args.size(), parsed.getFirst().size());
        for (int i = 0; i < args.size(); i++) {
            assertArrayEquals(args.get(i), parsed.getFirst().get(i));
        }
    }

    @Property
    void parse_anySplitOfPipelinedCommands_sameCommands(
            @ForAll @Size(min = 1, max = 6) List<@Size(min = 1, max = 5) List<@Size(max = 20) byte[]>> commands,
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 10_000) Integer> cutPoints) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        commands.forEach(c -> stream.writeBytes(encode(c)));
        byte[] all = stream.toByteArray();
        List<String> whole = new ArrayList<>();
        List<List<byte[]>> expected = feed(new RequestParser(), List.of(all), whole);

        List<Integer> cuts = cutPoints.stream().map(p -> p % (all.length + 1)).sorted().distinct().toList();
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            chunks.add(java.util.Arrays.copyOfRange(all, from, cut));
            from = cut;
        }
        chunks.add(java.util.Arrays.copyOfRange(all, from, all.length));
        List<List<byte[]>> actual = feed(new RequestParser(), chunks, new ArrayList<>());

        assertEquals(commands.size(), expected.size());
        assertEquals(expected.size(), actual.size());
        for (int c = 0; c < expected.size(); c++) {
            for (int i = 0; i < expected.get(c).size(); i++) {
                assertArrayEquals(expected.get(c).get(i), actual.get(c).get(i));
            }
        }
    }

    @Property
    void parse_everyOneByteSplitOfInline_sameAsWhole(@ForAll("inlineLines") String lines) {
        byte[] all = lines.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        List<String> wholeErrors = new ArrayList<>();
        List<List<byte[]>> expected = feed(new RequestParser(), List.of(all), wholeErrors);
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : all) {
            bytes.add(new byte[] {b});
        }
        List<String> splitErrors = new ArrayList<>();
        List<List<byte[]>> actual = feed(new RequestParser(), bytes, splitErrors);
        assertEquals(wholeErrors, splitErrors);
        assertEquals(expected.size(), actual.size());
        for (int c = 0; c < expected.size(); c++) {
            assertEquals(expected.get(c).size(), actual.get(c).size());
            for (int i = 0; i < expected.get(c).size(); i++) {
                assertArrayEquals(expected.get(c).get(i), actual.get(c).get(i));
            }
        }
    }

    @Provide
    Arbitrary<String> inlineLines() {
        return Arbitraries.strings().withChars("ab \t\"'\\x41\r\n").ofMaxLength(60);
    }

    /** Bytes that look like RESP often enough to reach deep states, and garbage otherwise. */
    @Provide
    Arbitrary<byte[]> hostileBytes() {
        Arbitrary<String> token = Arbitraries.of("*", "$", "\r\n", "\r", "\n", "1", "2", "-1", "0", "3",
                "99999999999", "x", "\"", "'", " ", "\u0000", "PING", "\\x4");
        return token.list().ofMaxSize(40).map(ts -> String.join("", ts).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Property(tries = 2000)
    void parse_arbitraryBytes_neverThrowsNorSpins(
            @ForAll("hostileBytes") byte[] bytes,
            @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 200) Integer> cutPoints) {
        List<Integer> cuts = cutPoints.stream().map(p -> p % (bytes.length + 1)).sorted().distinct().toList();
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            chunks.add(java.util.Arrays.copyOfRange(bytes, from, cut));
            from = cut;
        }
        chunks.add(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
        // feed() asserts every call returns a known result and every COMPLETE consumes: the loop ends.
        feed(new RequestParser(), chunks, new ArrayList<>());
    }

    @Property(tries = 500)
    void parse_randomBytes_neverThrows(@ForAll @Size(max = 300) byte[] bytes) {
        feed(new RequestParser(), List.of(bytes), new ArrayList<>());
    }
}
