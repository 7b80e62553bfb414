package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.data.DataTests.cmd;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.RedisOracle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.opentest4j.TestAbortedException;

/**
 * For any chain of increments (decimal, scientific, hexadecimal, long mantissas, values that tie at
 * the 17th decimal) INCRBYFLOAT answers what real Redis answers, to the byte: the 80-bit rounding
 * of every parse and sum, and the printing, are all exercised.
 */
class IncrByFloatPropertyTest {

    private static DataServer server;
    /** Whether a real redis-server is on the PATH; in CI its absence fails the container instead. */
    private static boolean oracle;

    @BeforeContainer
    static void start() {
        try {
            RedisOracle.requireTool("redis-server");
            oracle = true;
        } catch (TestAbortedException e) {
            oracle = false; // outside CI without Redis there is nothing to compare with
        }
        server = DataTests.start();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Provide
    Arbitrary<String> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6).map(String::valueOf),
                Arbitraries.doubles().between(-1000, 1000).ofScale(3).map(d -> String.format(Locale.ROOT, "%.3f", d)),
                Arbitraries.integers().between(-999, 999).flatMap(m -> Arbitraries.integers().between(-60, 60)
                        .map(e -> m + "e" + e)),
                Arbitraries.longs().between(1, Long.MAX_VALUE).flatMap(m -> Arbitraries.integers().between(-80, 20)
                        .map(e -> "0x" + Long.toHexString(m) + "p" + e)),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25).flatMap(i -> Arbitraries.strings().numeric()
                        .ofMinLength(1).ofMaxLength(30).map(f -> i + "." + f)),
                Arbitraries.of("0.1", "0.2", "0.3", "1.1", "2.2", "-0.1", "1e-17", "5e-18", "1.5e-17", "2.5e-17",
                        "9.999999999999999999", "0.05", "123456789.987654321", "-0", "1e300", "-1e300"));
    }

    @Property(tries = 100)
    void incrbyfloat_anyChain_sameAsRedis(@ForAll @Size(min = 1, max = 8) List<@From("numbers") String> increments) {
        if (!oracle) {
            return;
        }
        List<String[]> commands = new ArrayList<>();
        for (String increment : increments) {
            commands.add(cmd("INCRBYFLOAT", "k", increment));
        }
        commands.add(cmd("GET", "k"));
        DataTests.assertSameAsRedis(server.port(), DataTests.fresh("incrbyfloat " + increments,
                commands.toArray(String[][]::new)));
    }
}
