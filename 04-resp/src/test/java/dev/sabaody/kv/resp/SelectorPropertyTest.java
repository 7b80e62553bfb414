package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * An ACL selector's rules, for any sequence of command rules: the description ACL LIST shows, applied
 * to a new selector, allows exactly the same commands (Redis checks the same in
 * ACLDescribeSelectorCommandRules and panics if not); and the check follows the rules.
 */
class SelectorPropertyTest {

    private static final CommandTable<SimpleDb> TABLE = Commands.module04();

    @Provide
    Arbitrary<List<String>> rules() {
        List<String> names = new ArrayList<>();
        for (CommandSpec<SimpleDb> spec : TABLE.withSubcommands()) {
            names.add(spec.fullName());
        }
        List<String> categories = new ArrayList<>();
        for (AclCategory c : AclCategory.values()) {
            categories.add("@" + c.name().toLowerCase(java.util.Locale.ROOT));
        }
        Arbitrary<String> sign = Arbitraries.of("+", "-");
        Arbitrary<String> command = Combinators.combine(sign, Arbitraries.of(names)).as(String::concat);
        Arbitrary<String> category = Combinators.combine(sign, Arbitraries.of(categories)).as(String::concat);
        Arbitrary<String> firstArg = Arbitraries.of("+select|0", "+select|1", "+echo|hello");
        Arbitrary<String> all = Arbitraries.of("+@all", "-@all", "allcommands", "nocommands");
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, command), net.jqwik.api.Tuple.of(4, category),
                        net.jqwik.api.Tuple.of(1, firstArg), net.jqwik.api.Tuple.of(1, all))
                .list().ofMaxSize(12);
    }

    private static Selector selector(List<String> rules) throws AclRuleException {
        Selector s = new Selector(false, TABLE.aclIds(), false);
        s.apply("allkeys", TABLE);
        for (String rule : rules) {
            s.apply(rule, TABLE);
        }
        return s;
    }

    /** Which commands (and SELECT's first arguments 0 and 1) the selector lets through. */
    private static List<Boolean> allowed(Selector s) {
        List<Boolean> out = new ArrayList<>();
        int[] position = {0};
        for (CommandSpec<SimpleDb> spec : TABLE.withSubcommands()) {
            List<byte[]> args = new ArrayList<>(List.of(spec.fullName().replace('|', ' ').split(" ")[0]
                    .getBytes(StandardCharsets.US_ASCII)));
            if (spec.fullName().contains("|")) {
                args.add(spec.name().getBytes(StandardCharsets.US_ASCII));
            }
            out.add(s.check(spec, Argv.of(args), position) == Selector.OK);
        }
        for (String db : List.of("0", "1", "2")) {
            out.add(s.check(TABLE.byName("select"), Argv.of(List.of("select".getBytes(StandardCharsets.US_ASCII),
                    db.getBytes(StandardCharsets.US_ASCII))), position) == Selector.OK);
        }
        return out;
    }

    @Property(tries = 300)
    void describe_reappliedToANewSelector_allowsTheSameCommands(@ForAll("rules") List<String> rules)
            throws AclRuleException {
        Selector original = selector(rules);
        String description = SelectorDescription.commands(original, TABLE);
        Selector rebuilt = selector(List.of(description.split(" ")));
        assertEquals(allowed(original), allowed(rebuilt), rules + " described as " + description);
        assertEquals(description, SelectorDescription.commands(rebuilt, TABLE), "a description describes itself");
    }

    @Test
    void check_keyPatterns_readAndWriteByKeySpecFlags() throws AclRuleException {
        Selector s = selector(List.of("+@all"));
        s.apply("resetkeys", TABLE);
        s.apply("%R~r*", TABLE);
        s.apply("%W~w*", TABLE);
        int[] position = {0};
        Argv getR = Argv.of(List.of("GET".getBytes(), "r1".getBytes()));
        Argv setR = Argv.of(List.of("SET".getBytes(), "r1".getBytes(), "v".getBytes()));
        Argv delW = Argv.of(List.of("DEL".getBytes(), "w1".getBytes()));
        Argv getW = Argv.of(List.of("GET".getBytes(), "w1".getBytes()));
        assertEquals(Selector.OK, s.check(TABLE.lookup(getR), getR, position));
        assertEquals(Selector.DENIED_KEY, s.check(TABLE.lookup(setR), setR, position), "SET reads and writes");
        assertEquals(1, position[0]);
        assertEquals(Selector.OK, s.check(TABLE.lookup(delW), delW, position), "DEL only deletes: a write");
        assertEquals(Selector.DENIED_KEY, s.check(TABLE.lookup(getW), getW, position));
        assertNotEquals(Selector.OK, selector(List.of("-@all")).check(TABLE.lookup(getR), getR, position));
    }
}
