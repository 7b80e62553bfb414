package dev.sabaody.kv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link LongDouble} against figures printed by Redis 7.0.15 on x86-64 (INCRBYFLOAT from an empty
 * key, or from the first value): each expected string below is what the real server answered.
 */
class LongDoubleTest {

    private static String sum(String a, String b) {
        LongDouble x = LongDouble.parse(a.getBytes(StandardCharsets.ISO_8859_1));
        LongDouble y = LongDouble.parse(b.getBytes(StandardCharsets.ISO_8859_1));
        return x.add(y).toString();
    }

    @Test
    void add_printsAsRedis_forTheDocumentedExamples() {
        assertEquals("10.5", sum("0", "10.5"));
        assertEquals("3000", sum("0", "3.0e3"));
        assertEquals("3.3", sum("1.1", "2.2"));
        assertEquals("0.005", sum("0", "5.0e-3"));
        assertEquals("0.3", sum("0.1", "0.2"));
        assertEquals("5.6", sum("10.6", "-5"));
    }

    @Test
    void add_beyondDoubleRange_staysFinite() {
        String nearest = sum("0", "1e308"); // the long double nearest 1e308, printed in full
        assertEquals(308, nearest.length());
        assertEquals("99999999999999999996685879655845645660560099847415567207797047994921734868838061872100126",
                nearest.substring(0, 89));
        LongDouble big = LongDouble.parse("1e4000".getBytes(StandardCharsets.US_ASCII));
        assertEquals(4000, big.toString().length()); // just below 1e4000: 4000 digits, no point
    }

    @Test
    void toHumanBytes_negativeZeroAndTinyValues_print0() {
        assertEquals("0", sum("-0", "-0"));
        assertEquals("0", sum("1", "-1"));
        assertEquals("3", sum("3", "1e-30"));
        assertEquals("0", sum("-1e-30", "0"));
    }

    @Test
    void parse_refusesWhatString2ldRefuses() {
        for (String bad : new String[] {"", " 1", "1 ", "abc", "nan", "-nan", "NaN(1)", "1e", "1e+", "0x", "0x1p", ".",
                "+-1", "1e5000", "1e-5000", "infin", "1\u0000", "0".repeat(5120)}) {
            assertNull(LongDouble.parse(bad.getBytes(StandardCharsets.ISO_8859_1)), "'" + bad + "' must be refused");
        }
    }

    @Test
    void parse_acceptsWhatStrtoldReads() {
        assertEquals("5", sum("0", "+5"));
        assertEquals("0.5", sum("0", ".5"));
        assertEquals("5", sum("0", "5."));
        assertEquals("3", sum("0", "0x1.8p1"));
        assertEquals("0.125", sum("0", "0X1P-3"));
        assertEquals("0", sum("0", "0e5000"));
        assertEquals("1", sum("0", "0".repeat(5118) + "1"));
        assertFalse(LongDouble.parse("inf".getBytes(StandardCharsets.US_ASCII)).isFinite());
        assertFalse(LongDouble.parse("-Infinity".getBytes(StandardCharsets.US_ASCII)).isFinite());
    }

    @Test
    void add_pastTheLargestLongDouble_isInfinite() {
        LongDouble max = LongDouble.parse("1.18e4932".getBytes(StandardCharsets.US_ASCII));
        assertFalse(max.add(max).isFinite());
        assertNull(LongDouble.parse("1.19e4932".getBytes(StandardCharsets.US_ASCII)));
    }
}
