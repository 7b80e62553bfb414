package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumbersTest {

    private static boolean parses(String s, long[] out) {
        return Numbers.string2ll(s.getBytes(StandardCharsets.ISO_8859_1), out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "-1", "42", "9223372036854775807", "-9223372036854775808"})
    void string2ll_validLong_parses(String s) {
        long[] out = new long[1];
        assertTrue(parses(s, out));
        assertEquals(Long.parseLong(s), out[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", "01", "-0", " 1", "1 ", "1a", "9223372036854775808",
            "-9223372036854775809", "00", "123456789012345678901"})
    void string2ll_notRedisInteger_rejects(String s) {
        assertFalse(parses(s, new long[1]));
    }

    @Property
    void string2ll_anyLong_roundTrips(@ForAll long value) {
        long[] out = new long[1];
        assertTrue(parses(Long.toString(value), out));
        assertEquals(value, out[0]);
    }

    /** Expected strings are C's printf("%.17g"), as Redis 7.0's addReplyDouble prints them. */
    @ParameterizedTest
    @CsvSource({
            "3.14, 3.1400000000000001",
            "0.1, 0.10000000000000001",
            "1e20, 1e+20",
            "1e-5, 1.0000000000000001e-05",
            "123456789012345678, 1.2345678901234568e+17",
            "1.5, 1.5",
            "-0.0, -0",
            "0, 0",
            "1e17, 1e+17",
            "1e16, 10000000000000000",
            "0.0001, 0.0001",
            "2.5e-5, 2.5000000000000001e-05",
            "0.3333333333333333, 0.33333333333333331",
            "4.9e-324, 4.9406564584124654e-324",
            "1.7976931348623157e308, 1.7976931348623157e+308",
            "100, 100",
            "-2.75, -2.75",
            "9.999999999999998e16, 99999999999999984",
            "Infinity, inf",
            "-Infinity, -inf",
    })
    void formatDouble17g_value_matchesCPrintf(double value, String expected) {
        assertEquals(expected, Numbers.formatDouble17g(value));
    }

    @Property
    void formatDouble17g_anyFiniteDouble_parsesBackExactly(@ForAll double value) {
        if (Double.isFinite(value)) {
            assertEquals(value, Double.parseDouble(Numbers.formatDouble17g(value)));
        }
    }
}
