package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser on fixed inputs: forms, limits and error texts (no Redis needed). */
class RequestParserTest {

    /** Feeds all of {@code text} at once; returns what was parsed, as strings, and the last result. */
    static List<String> parseAll(RequestParser parser, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<String> out = new ArrayList<>();
        while (in.hasRemaining()) {
            int result = parser.parse(in);
            if (result == RequestParser.NEED_MORE) {
                out.add("NEED_MORE");
                break;
            }
            if (result == RequestParser.PROTOCOL_ERROR) {
                out.add("ERROR " + parser.error());
                break;
            }
            out.add(parser.argv().toString());
            in.position(in.position() + parser.consumed());
        }
        return out;
    }

    private static List<String> parse(String text) {
        return parseAll(new RequestParser(), text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void parse_arrayOfBulkStrings_givesArguments() {
        assertEquals(List.of("[GET, a]"), parse("*2\r\n$3\r\nGET\r\n$1\r\na\r\n"));
    }

    @Test
    void parse_pipelinedRequests_allFromOneBuffer() {
        assertEquals(List.of("[PING]", "[SET, k, v]", "[GET, k]"),
                parse("*1\r\n$4\r\nPING\r\nSET k v\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"));
    }

    @Test
    void parse_incompleteArray_needsMore() {
        assertEquals(List.of("NEED_MORE"), parse("*2\r\n$3\r\nGET\r\n$1\r\n"));
        assertEquals(List.of("NEED_MORE"), parse("*2\r"));
        assertEquals(List.of("NEED_MORE"), parse("*1\r\n$4\r\nPING\r")); // data and one of its two trailing bytes
    }

    @Test
    void parse_argumentsAreSlicesOfTheInput_notCopies() {
        byte[] bytes = "*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        RequestParser parser = new RequestParser();
        assertEquals(RequestParser.COMPLETE, parser.parse(in));
        Argv argv = parser.argv();
        assertEquals(in, argv.buffer());
        assertEquals(18, argv.offset(1));
        bytes[18] = 'H'; // the argument is a view of the input: a change shows through
        assertEquals("Hi", argv.string(1));
    }

    @Test
    void parse_inline_splitsWordsAndQuotes() {
        assertEquals(List.of("[SET, a b, it's, AB\n]"), parse("SET \"a b\" 'it\\'s' \"\\x41\\x42\\n\"\r\n"));
        assertEquals(List.of("[]", "[PING]"), parse("\r\nPING\n"));
    }

    @Test
    void parse_zeroOrNegativeCount_isEmptyCommand() {
        assertEquals(List.of("[]", "[]", "[PING]"), parse("*0\r\n*-5\r\nPING\r\n"));
    }

    @Test
    void parse_nulBeforeCountLineEnd_waitsAsStrchrDoes() {
        assertEquals(List.of("NEED_MORE"), parse("*1\u0000\r\n$4\r\nPING\r\n"));
        assertEquals(List.of("NEED_MORE"), parse("PI\u0000NG\r\n"));
    }

    @Test
    void parse_protocolErrors_haveRedisTexts() {
        assertEquals(List.of("ERROR Protocol error: invalid multibulk length"), parse("*x\r\n"));
        assertEquals(List.of("ERROR Protocol error: invalid multibulk length"), parse("*2147483648\r\n"));
        assertEquals(List.of("ERROR Protocol error: invalid bulk length"), parse("*1\r\n$-1\r\n"));
        assertEquals(List.of("ERROR Protocol error: invalid bulk length"), parse("*1\r\n$536870913\r\n"));
        assertEquals(List.of("ERROR Protocol error: expected '$', got ':'"), parse("*1\r\n:1\r\n"));
        assertEquals(List.of("ERROR Protocol error: unbalanced quotes in request"), parse("ECHO \"a\r\n"));
        assertEquals(List.of("ERROR Protocol error: too big inline request"), parse("a".repeat(65537)));
        assertEquals(List.of("ERROR Protocol error: too big mbulk count string"), parse("*" + "1".repeat(65536)));
        assertEquals(List.of("ERROR Protocol error: too big bulk count string"), parse("*1\r\n$" + "1".repeat(65536)));
    }

    @Test
    void parse_justUnderInlineLimit_stillWaits() {
        assertEquals(List.of("NEED_MORE"), parse("a".repeat(65536)));
    }

    @Test
    void parse_bulkLengthLimit_isConfigurable() {
        RequestParser small = new RequestParser(10);
        assertEquals(List.of("ERROR Protocol error: invalid bulk length"),
                parseAll(small, "*1\r\n$11\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void parse_resumesAfterCompaction_likeTheEventLoop() {
        RequestParser parser = new RequestParser();
        ByteBuffer buffer = ByteBuffer.allocate(64);
        buffer.put("XXXX*2\r\n$4\r\nEC".getBytes(StandardCharsets.US_ASCII)).flip();
        buffer.position(4); // an earlier request was consumed
        assertEquals(RequestParser.NEED_MORE, parser.parse(buffer));
        buffer.compact(); // the loop moves the unconsumed bytes to index 0
        buffer.put("HO\r\n$2\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)).flip();
        assertEquals(RequestParser.COMPLETE, parser.parse(buffer));
        assertEquals("[ECHO, hi]", parser.argv().toString());
        assertEquals(buffer.limit(), parser.consumed());
    }
}
