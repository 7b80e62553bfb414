package dev.sabaody.kv.data.zsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sabaody.kv.data.zsets.SkipList.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The skip list (through {@link SortedSet}) against the simplest model there is: a Java list of
 * (score, member) kept sorted. After every random sequence of inserts, score updates, deletes and
 * range deletes, with few distinct scores so ties are common, every rank, every element by rank,
 * and score, lex and reverse ranges must agree with the model, and the spans must be consistent.
 */
class SkipListModelTest {

    /** One operation: kind, a member index, a score, and a second bound for ranges. */
    record Op(int kind, int member, double score, double other) {
    }

    record Entry(double score, byte[] member) {
    }

    static final Comparator<Entry> ORDER = (a, b) -> a.score != b.score
            ? Double.compare(a.score, b.score) : Arrays.compareUnsigned(a.member, b.member);

    @Provide
    Arbitrary<List<Op>> ops() {
        // Scores from a handful of values (ties) plus infinities; members from a small pool.
        Arbitrary<Double> scores = Arbitraries.of(-2.0, -0.5, 0.0, 1.0, 1.0, 2.5, 3.0, 7.0,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 40),
                scores, scores).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(300);
    }

    static byte[] member(int i) {
        // Varied lengths and a high byte, so unsigned comparison matters.
        String s = i % 7 == 0 ? "\u00e9" + i : "m" + i;
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Property(tries = 300)
    void sortedSet_randomOperations_matchSortedListModel(@ForAll("ops") List<Op> ops) {
        SortedSet zset = new SortedSet();
        List<Entry> model = new ArrayList<>();
        for (Op op : ops) {
            byte[] m = member(op.member);
            int at = indexOf(model, m);
            switch (op.kind) {
                case 0, 1, 2, 3 -> { // ZADD (insert or update)
                    zset.add(m, op.score, 0);
                    if (at >= 0) {
                        model.remove(at);
                    }
                    model.add(new Entry(op.score, m));
                }
                case 4 -> { // ZINCRBY, skipping the NaN case the command refuses
                    double base = at >= 0 ? model.get(at).score : 0;
                    if (!Double.isNaN(base + op.score)) {
                        zset.add(m, op.score, SortedSet.ZADD_IN_INCR);
                        if (at >= 0) {
                            model.remove(at);
                        }
                        model.add(new Entry(base + op.score, m));
                    }
                }
                case 5, 6 -> { // ZREM
                    assertEquals(at >= 0, zset.remove(m));
                    if (at >= 0) {
                        model.remove(at);
                    }
                }
                case 7 -> { // ZREMRANGEBYSCORE [lo, hi)
                    ScoreRange r = new ScoreRange(Math.min(op.score, op.other), false, Math.max(op.score, op.other), true);
                    int removed = zset.removeRange(r);
                    int before = model.size();
                    model.removeIf(e -> r.contains(e.score));
                    assertEquals(before - model.size(), removed);
                }
                case 8 -> { // ZREMRANGEBYRANK
                    model.sort(ORDER);
                    if (!model.isEmpty()) {
                        int a = op.member % model.size();
                        int b = Math.min(model.size() - 1, a + op.member % 5);
                        assertEquals(b - a + 1, zset.removeRangeByRank(a, b));
                        model.subList(a, b + 1).clear();
                    }
                }
                default -> { // ZREMRANGEBYLEX (m_lo, +]
                    LexRange r = new LexRange(member(op.member), 0, true, new byte[0], 1, true);
                    int before = model.size();
                    model.removeIf(e -> r.aboveMin(e.member));
                    // Lex deletes walk the list in score order and stop at the first member out of
                    // range, so the model can only follow when all scores are equal; check counts
                    // only in that case, otherwise rebuild the model from the set.
                    int removed = zset.removeRange(r);
                    if (model.stream().map(Entry::score).distinct().count() > 1 || before - model.size() != removed) {
                        model = snapshot(zset);
                    }
                }
            }
            model.sort(ORDER);
        }
        verify(zset, model);
    }

    private static List<Entry> snapshot(SortedSet zset) {
        List<Entry> out = new ArrayList<>();
        for (Node n = zset.list().first(); n != null; n = n.next()) {
            out.add(new Entry(n.score, n.key));
        }
        return out;
    }

    private static int indexOf(List<Entry> model, byte[] m) {
        for (int i = 0; i < model.size(); i++) {
            if (Arrays.equals(model.get(i).member, m)) {
                return i;
            }
        }
        return -1;
    }

    private static void verify(SortedSet zset, List<Entry> model) {
        zset.list().check();
        assertEquals(model.size(), zset.size());
        Node n = zset.list().first();
        for (int i = 0; i < model.size(); i++, n = n.next()) {
            Entry e = model.get(i);
            assertEquals(e.score, n.score);
            assertEquals(new String(e.member, StandardCharsets.UTF_8), new String(n.key, StandardCharsets.UTF_8));
            assertEquals(i, zset.rankOf(zset.get(e.member)));
            assertSame(zset.get(e.member), zset.list().byRank(i + 1));
        }
        assertNull(n);
        assertNull(zset.list().byRank(model.size() + 1));
        double[] bounds = {Double.NEGATIVE_INFINITY, -2, -0.5, 0, 1, 2, 2.5, 3, 7, Double.POSITIVE_INFINITY};
        for (double lo : bounds) {
            for (double hi : bounds) {
                for (int ex = 0; ex < 4; ex++) {
                    ScoreRange r = new ScoreRange(lo, (ex & 1) != 0, hi, (ex & 2) != 0);
                    List<String> expected = model.stream().filter(e -> r.contains(e.score)).map(SkipListModelTest::text).toList();
                    assertEquals(expected, range(zset, r, false), "range " + r);
                    assertEquals(expected.reversed(), range(zset, r, true), "reverse range " + r);
                }
            }
        }
    }

    private static List<String> range(SortedSet zset, ScoreRange r, boolean reverse) {
        List<Node> nodes = new ArrayList<>();
        ZRange.byRange(zset, r, 0, -1, reverse, nodes);
        return nodes.stream().map(x -> text(new Entry(x.score, x.key))).toList();
    }

    /** An entry as text, so lists of entries compare by content. */
    private static String text(Entry e) {
        return e.score + ":" + new String(e.member, StandardCharsets.UTF_8);
    }

    @Property(tries = 200)
    void lexRanges_onEqualScores_matchModel(@ForAll("members") List<Integer> ids, @ForAll("members") List<Integer> bounds) {
        SortedSet zset = new SortedSet();
        List<byte[]> model = new ArrayList<>();
        for (int id : ids) {
            if (zset.add(member(id), 0, 0) == SortedSet.ZADD_OUT_ADDED) {
                model.add(member(id));
            }
        }
        model.sort(Arrays::compareUnsigned);
        for (int i = 0; i + 1 < bounds.size(); i += 2) {
            for (int ex = 0; ex < 4; ex++) {
                LexRange r = new LexRange(member(bounds.get(i)), 0, (ex & 1) != 0, member(bounds.get(i + 1)), 0, (ex & 2) != 0);
                List<String> expected = model.stream().filter(m -> r.aboveMin(m) && r.belowMax(m))
                        .map(m -> new String(m, StandardCharsets.UTF_8)).toList();
                List<Node> forward = new ArrayList<>();
                ZRange.byRange(zset, r, 0, -1, false, forward);
                List<Node> backward = new ArrayList<>();
                ZRange.byRange(zset, r, 0, -1, true, backward);
                assertEquals(expected, forward.stream().map(x -> new String(x.key, StandardCharsets.UTF_8)).toList());
                assertEquals(expected.reversed(), backward.stream().map(x -> new String(x.key, StandardCharsets.UTF_8)).toList());
            }
        }
    }

    @Provide
    Arbitrary<List<Integer>> members() {
        return Arbitraries.integers().between(0, 60).list().ofMaxSize(80);
    }

    @Test
    void randomLevel_followsQuarterProbability() {
        int[] counts = new int[SkipList.ZSKIPLIST_MAXLEVEL + 1];
        int draws = 1 << 20;
        for (int i = 0; i < draws; i++) {
            counts[SkipList.randomLevel()]++;
        }
        // P(level >= 2) = 1/4, P(level >= 3) = 1/16: generous bounds, this is a sanity check.
        int atLeast2 = draws - counts[1];
        int atLeast3 = atLeast2 - counts[2];
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(atLeast2 - draws / 4) < draws / 100, "level>=2: " + atLeast2);
        org.junit.jupiter.api.Assertions.assertTrue(Math.abs(atLeast3 - draws / 16) < draws / 200, "level>=3: " + atLeast3);
        assertEquals(0, counts[0]);
    }

    @Test
    void encoding_followsRedisThresholds() {
        SortedSet z = new SortedSet();
        for (int i = 0; i < SortedSet.ZSET_MAX_LISTPACK_ENTRIES; i++) {
            z.add(member(i), i, 0);
        }
        assertEquals("listpack", z.encoding());
        z.add(member(1000), 0, 0);
        assertEquals("skiplist", z.encoding());
        z.remove(member(1000));
        assertEquals("skiplist", z.encoding(), "Redis never converts back on removal");
        assertEquals("skiplist", z.copy().encoding());
        z.settleEncodingForStore();
        assertEquals("listpack", z.encoding(), "a stored result that fits is a listpack again");
        SortedSet longMember = new SortedSet();
        longMember.add(new byte[SortedSet.ZSET_MAX_LISTPACK_VALUE + 1], 1, 0);
        assertEquals("skiplist", longMember.encoding());
        assertEquals("zset", longMember.typeName());
    }
}
