package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sabaody.kv.nio.OutputBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Golden bytes for every reply type, in RESP2 and RESP3: no Redis needed. */
class RespEncoderTest {

    private static String encode(int protocol, Consumer<RespEncoder> writes) {
        OutputBuffer out = new OutputBuffer();
        RespEncoder encoder = new RespEncoder(out);
        encoder.setProtocol(protocol);
        writes.accept(encoder);
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    private static void both(String resp2, String resp3, Consumer<RespEncoder> writes) {
        assertEquals(resp2, encode(2, writes), "RESP2");
        assertEquals(resp3, encode(3, writes), "RESP3");
    }

    @Test
    void simpleTypes_sameInBothProtocols() {
        both("+OK\r\n", "+OK\r\n", RespEncoder::ok);
        both("+PONG\r\n", "+PONG\r\n", e -> e.simpleString("PONG"));
        both(":-42\r\n", ":-42\r\n", e -> e.integer(-42));
        both(":-9223372036854775808\r\n", ":-9223372036854775808\r\n", e -> e.integer(Long.MIN_VALUE));
        both("$3\r\nfoo\r\n", "$3\r\nfoo\r\n", e -> e.bulk("foo".getBytes(StandardCharsets.UTF_8)));
        both("$0\r\n\r\n", "$0\r\n\r\n", e -> e.bulk(new byte[0]));
        both("$2\r\n\u00c3\u00a9\r\n", "$2\r\n\u00c3\u00a9\r\n", e -> e.bulkString("é"));
        both("*2\r\n", "*2\r\n", e -> e.arrayHeader(2));
    }

    @Test
    void error_withoutCode_getsErrPrefix() {
        both("-ERR syntax error\r\n", "-ERR syntax error\r\n", e -> e.error("syntax error"));
    }

    @Test
    void error_withOwnCode_keepsIt() {
        both("-NOPROTO x\r\n", "-NOPROTO x\r\n", e -> e.error("-NOPROTO x"));
    }

    @Test
    void error_withNewlines_becomesOneLine() {
        both("-ERR a  b\r\n", "-ERR a  b\r\n", e -> e.error("a\r\nb"));
    }

    @Test
    void nulls_dependOnProtocol() {
        both("$-1\r\n", "_\r\n", RespEncoder::nullBulk);
        both("*-1\r\n", "_\r\n", RespEncoder::nullArray);
    }

    @Test
    void double_isBulkInResp2_commaInResp3() {
        both("$18\r\n3.1400000000000001\r\n", ",3.1400000000000001\r\n", e -> e.doubleValue(3.14));
        both("$3\r\ninf\r\n", ",inf\r\n", e -> e.doubleValue(Double.POSITIVE_INFINITY));
        both("$4\r\n-inf\r\n", ",-inf\r\n", e -> e.doubleValue(Double.NEGATIVE_INFINITY));
        both("$3\r\nnan\r\n", ",nan\r\n", e -> e.doubleValue(Double.NaN));
    }

    @Test
    void boolean_isIntegerInResp2() {
        both(":1\r\n", "#t\r\n", e -> e.bool(true));
        both(":0\r\n", "#f\r\n", e -> e.bool(false));
    }

    @Test
    void bigNumber_isBulkInResp2() {
        both("$20\r\n12345678901234567890\r\n", "(12345678901234567890\r\n", e -> e.bigNumber("12345678901234567890"));
    }

    @Test
    void verbatim_isPlainBulkInResp2() {
        both("$5\r\nhello\r\n", "=9\r\ntxt:hello\r\n", e -> e.verbatim("txt", "hello".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aggregates_degradeToArraysInResp2() {
        both("*4\r\n", "%2\r\n", e -> e.mapHeader(2));
        both("*3\r\n", "~3\r\n", e -> e.setHeader(3));
        both("*3\r\n", ">3\r\n", e -> e.pushHeader(3));
    }

    @Test
    void attribute_onlyInResp3() {
        assertEquals("|1\r\n", encode(3, e -> e.attributeHeader(1)));
        assertThrows(IllegalStateException.class, () -> encode(2, e -> e.attributeHeader(1)));
    }

    @Test
    void setProtocol_otherThan2or3_refused() {
        assertThrows(IllegalArgumentException.class, () -> new RespEncoder(new OutputBuffer()).setProtocol(4));
    }
}
