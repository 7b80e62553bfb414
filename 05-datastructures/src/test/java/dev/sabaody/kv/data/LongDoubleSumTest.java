package dev.sabaody.kv.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Test;

/**
 * The 80-bit long double behind HINCRBYFLOAT: worked examples whose digits only extended precision
 * gives, then random increments run on the server and on real Redis, reply by reply.
 */
class LongDoubleSumTest {

    private static DataServer server;

    @BeforeContainer
    static void start() {
        server = DataTests.start();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    private static String sum(String... values) {
        LongDouble acc = LongDouble.ZERO;
        for (String v : values) {
            acc = acc.add(LongDouble.parse(v.getBytes(StandardCharsets.US_ASCII)));
        }
        return new String(acc.toHumanBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void add_extendedPrecision_roundsAsX87() {
        assertEquals("0.3", sum("0.1", "0.2"));
        assertEquals("100000000000000000000", sum("1e20", "1.5"));
        assertEquals("123456789.12345678899873747", sum("123456789.123456789"));
        assertEquals("0", sum("1e-18"));
        assertEquals("0", sum("-1e-20"));
        assertEquals("0.00000000015", sum("1.5e-10"));
        assertEquals(401, sum("1e400").length());
    }

    @Test
    void parse_strtoldGrammar_acceptsAndRefusesAsRedis() {
        for (String ok : List.of("1", "-1", "+1", ".5", "5.", "0x10", "0x1.8p1", "0X.8", "inf", "-Infinity", "1e-4940",
                "0e999999999999")) {
            assertTrue(LongDouble.parse(ok.getBytes(StandardCharsets.US_ASCII)) != null, ok);
        }
        for (String bad : List.of("", " 1", "1 ", "nan", "NaN(12)", "1e5000", "1e-5000", "0x", "1e", "1e+", ".", "-",
                "infinit", "1\u00002", "x" + "1".repeat(5200))) {
            assertNull(LongDouble.parse(bad.getBytes(StandardCharsets.US_ASCII)), bad);
        }
    }

    @Provide
    Arbitrary<List<String>> increments() {
        Arbitrary<String> plain = Arbitraries.bigDecimals().between(new java.math.BigDecimal(-1_000_000), new java.math.BigDecimal(1_000_000)).ofScale(9).map(d -> d.toPlainString());
        Arbitrary<String> scientific = Arbitraries.doubles().between(-10, 10)
                .flatMap(m -> Arbitraries.integers().between(-30, 30)
                        .map(e -> String.format(Locale.ROOT, "%.12fe%d", m, e)));
        Arbitrary<String> integers = Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L).map(Object::toString);
        return Arbitraries.oneOf(plain, scientific, integers).list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 15)
    void hincrbyfloat_randomIncrements_sameAsRedis(@ForAll("increments") List<String> increments) {
        List<String[]> cmds = new ArrayList<>();
        for (String inc : increments) {
            cmds.add(DataTests.cmd("HINCRBYFLOAT", "h", "acc", inc));
            cmds.add(DataTests.cmd("HINCRBYFLOAT", "h", "one", inc));
            cmds.add(DataTests.cmd("HDEL", "h", "one"));
        }
        Case c = DataTests.fresh("hincrbyfloat " + increments, cmds.toArray(String[][]::new));
        DataTests.assertSameAsRedis(server.port(), c);
    }
}
