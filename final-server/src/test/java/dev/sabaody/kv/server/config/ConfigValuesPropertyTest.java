package dev.sabaody.kv.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.resp.Words;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/** Rules of the value types that hold for every input. */
class ConfigValuesPropertyTest {

    private static final ValueType.Numeric MAXMEMORY =
            (ValueType.Numeric) Directives.lookup("maxmemory").type();

    @Property
    void memory_rewrittenForm_readsBackAsTheSameBytes(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long bytes) {
        String rewritten = ValueType.formatMemory(bytes);
        assertEquals(Long.toString(bytes), MAXMEMORY.parse(List.of(rewritten), "0"));
    }

    @Property
    void memory_unitsInAnyCase_sameBytes(@ForAll @LongRange(min = 0, max = 1_000_000) long n,
                                         @ForAll("units") String unit, @ForAll boolean upper) {
        String text = n + (upper ? unit.toUpperCase(Locale.ROOT) : unit);
        long multiplier = switch (unit) {
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1_000_000;
            case "mb" -> 1024 * 1024;
            case "g" -> 1_000_000_000;
            default -> 1024L * 1024 * 1024;
        };
        assertEquals(Long.toString(n * multiplier), MAXMEMORY.parse(List.of(text), "0"));
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.of("k", "kb", "m", "mb", "g", "gb");
    }

    @Property
    void parse_canonicalForm_isAFixedPoint(@ForAll("directivesWithValues") String[] directiveAndValue) {
        Directive d = Directives.lookup(directiveAndValue[0]);
        String once;
        try {
            once = d.type().parse(ValueType.splitOnSpaces(directiveAndValue[1]), d.defaultValue());
        } catch (ValueType.BadValue e) {
            return; // a value Redis refuses: nothing to print back
        }
        List<String> again = d.type().multiArg() && !once.isEmpty() ? ValueType.splitOnSpaces(once) : List.of(once);
        assertEquals(once, d.type().parse(again, d.defaultValue()), d.name());
    }

    @Provide
    Arbitrary<String[]> directivesWithValues() {
        Arbitrary<String> names = Arbitraries.of(Directives.all().stream()
                .filter(d -> !d.name().equals("dir")).map(Directive::name).toList());
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.longs().map(Object::toString),
                Arbitraries.integers().between(0, 5000).map(n -> n + "kb"),
                Arbitraries.of("yes", "no", "YES", "notice", "Warning", "allkeys-lru", "KEA", "Ex", "5%", "0777",
                        "900 1 300 10", "normal 1mb 2mb 3", "-1", "", "50 99.9", "nosave now"),
                Arbitraries.strings().withChars("0123456789kmgbKMGB%-. ").ofMaxLength(8));
        return names.flatMap(name -> values.map(value -> new String[] {name, value}));
    }

    @Property
    void repr_anyText_readsBackThroughSdssplitargs(@ForAll @StringLength(max = 40) String text) {
        assertEquals(List.of("logfile", text), Words.split("logfile " + ValueType.repr(text)));
    }

    @Example
    void keyspaceEvents_printedInNotifyOrder() {
        ValueType events = Directives.lookup("notify-keyspace-events").type();
        assertEquals("AKE", events.parse(List.of("KEA"), ""));
        assertEquals("xK", events.parse(List.of("Kx"), ""));
        assertEquals("AnKEm", events.parse(List.of("mnEKA"), ""));
        assertEquals("g$lshzxetdK", events.parse(List.of("Kdtexzhsl$g"), "").replace("A", "g$lshzxetd"));
    }
}
