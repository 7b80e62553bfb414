package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.data.DataTests.cmd;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * SORT on random lists, sets and sorted sets with random options, against Redis byte for byte:
 * BY a key or a hash field (weights numeric, words, missing, or not numbers), BY nosort, LIMIT,
 * ASC/DESC, ALPHA, GET, STORE, SORT_RO.
 *
 * <p>Two cases are left out where the servers may rightly differ: "BY nosort" on a set of strings
 * (each answers in its own table's order), and ALPHA weights that tie where Redis's order is not
 * its load order (a set's or sorted set's load order is its table's; with LIMIT Redis uses an
 * unstable partial sort): there every element gets a weight of its own.
 */
class SortPropertyTest {

    private static DataServer server;

    @BeforeContainer
    static void start() {
        server = DataTests.start();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    enum Source { LIST, INTSET, STRING_SET, ZSET }

    record Scenario(Source source, List<String> elements, List<String> weights, String by, long[] limit, boolean desc,
                    boolean alpha, List<String> gets, boolean store, boolean readonly) {
    }

    private static final List<String> NUMBERS = List.of("1", "-2.5", "10", "3", "1e3", "0", "7", "-1", "2.50", "42");
    private static final List<String> WORDS = List.of("apple", "Pear", "fig", "b", "a", "10", "9", "zz", "", "a b");
    private static final List<String> WEIGHTS = List.of("1", "-2.5", "10", "3", "1e3", " 4", "0", "x", "b", "A");

    @Provide
    static Arbitrary<Scenario> scenarios() {
        Arbitrary<Source> sources = Arbitraries.of(Source.class);
        Arbitrary<List<String>> numbers = Arbitraries.of(NUMBERS).list().ofMaxSize(25);
        Arbitrary<List<String>> words = Arbitraries.of(WORDS).list().ofMaxSize(25);
        Arbitrary<List<String>> weights = Arbitraries.of(WEIGHTS).injectNull(0.3).list().ofSize(60);
        Arbitrary<String> by = Arbitraries.of("", "w_*", "h_*->f", "nosort");
        Arbitrary<long[]> limit = Arbitraries.oneOf(Arbitraries.just(new long[0]),
                Combinators.combine(Arbitraries.longs().between(-3, 30), Arbitraries.longs().between(-3, 30))
                        .as((a, b) -> new long[] {a, b}));
        Arbitrary<List<String>> gets = Arbitraries.of("#", "w_*", "h_*->f", "none_*", "const").list().ofMaxSize(3);
        Arbitrary<List<String>> elements = Combinators.combine(sources, numbers, words)
                .as((s, n, w) -> s == Source.STRING_SET || (s != Source.INTSET && !n.isEmpty() && w.size() % 3 == 0) ? w : n);
        return Combinators.combine(sources, elements, weights, by, limit, Arbitraries.of(true, false),
                        Arbitraries.of(true, false), gets)
                .as((s, e, w, b, l, d, a, g) -> new Scenario(s, e, w, b, l, d, a, g, false, false))
                .flatMap(sc -> Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false))
                        .as((store, ro) -> new Scenario(sc.source, sc.elements, sc.weights, sc.by, sc.limit, sc.desc,
                                sc.alpha, sc.gets, store && !ro, ro)));
    }

    @Property(tries = 250)
    void sort_randomValuesAndOptions_sameAsRedis(@ForAll("scenarios") Scenario s) {
        List<String> members = new ArrayList<>(s.elements);
        if (s.source == Source.INTSET) {
            members.replaceAll(m -> Integer.toString(Math.abs(m.hashCode()) % 1000)); // integers: an intset
        }
        Set<String> distinct = new LinkedHashSet<>(members);
        if (distinct.isEmpty() && s.source != Source.LIST) {
            return;
        }
        if (s.source == Source.STRING_SET && s.by.equals("nosort") && !s.store && distinct.size() > 1) {
            return; // answered in the table's order, which differs between the servers
        }
        boolean uniqueWeights = s.alpha && (s.by.equals("w_*") || s.by.equals("h_*->f"))
                && (s.source != Source.LIST || s.limit.length > 0);
        List<String[]> commands = new ArrayList<>();
        switch (s.source) {
            case LIST -> {
                if (!members.isEmpty()) {
                    List<String> args = new ArrayList<>(List.of("RPUSH", "k"));
                    args.addAll(members);
                    commands.add(args.toArray(String[]::new));
                }
            }
            case INTSET, STRING_SET -> {
                List<String> args = new ArrayList<>(List.of("SADD", "k"));
                args.addAll(distinct);
                commands.add(args.toArray(String[]::new));
            }
            case ZSET -> {
                List<String> args = new ArrayList<>(List.of("ZADD", "k"));
                int i = 0;
                for (String m : distinct) {
                    args.add(Integer.toString(i++ % 4));
                    args.add(m);
                }
                commands.add(args.toArray(String[]::new));
            }
        }
        int i = 0;
        for (String m : distinct) {
            String w = uniqueWeights ? "u" + (char) ('a' + (i * 7) % 26) + i : s.weights.get(i % s.weights.size());
            if (w != null) {
                commands.add(cmd("SET", "w_" + m, w));
                commands.add(cmd("HSET", "h_" + m, "f", w));
            }
            i++;
        }
        List<String> sort = new ArrayList<>(List.of(s.readonly ? "SORT_RO" : "SORT", "k"));
        if (!s.by.isEmpty()) {
            sort.addAll(List.of("BY", s.by));
        }
        if (s.limit.length > 0) {
            sort.addAll(List.of("LIMIT", Long.toString(s.limit[0]), Long.toString(s.limit[1])));
        }
        for (String g : s.gets) {
            sort.addAll(List.of("GET", g));
        }
        if (s.desc) {
            sort.add("DESC");
        }
        if (s.alpha) {
            sort.add("ALPHA");
        }
        if (s.store) {
            sort.addAll(List.of("STORE", "dst"));
        }
        commands.add(sort.toArray(String[]::new));
        commands.add(cmd("LRANGE", "dst", "0", "-1"));
        DataTests.assertSameAsRedis(server.port(), DataTests.fresh(String.join(" ", sort), commands.toArray(String[][]::new)));
    }
}
