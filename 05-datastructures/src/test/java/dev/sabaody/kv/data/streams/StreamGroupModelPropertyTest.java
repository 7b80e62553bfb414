package dev.sabaody.kv.data.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.data.lists.RespClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A consumer group, driven through the server by random XADD, XREADGROUP (">" with and without
 * NOACK, and history), XACK, XCLAIM, XDEL and XGROUP SETID, against a model of what a group is: the
 * last delivered ID, and the PEL as a sorted map of ID to owner and delivery count. After every
 * command the IDs it answered agree with the model, and so does the whole PEL as XPENDING lists it.
 */
class StreamGroupModelPropertyTest {

    private static DataServer server;
    private static RespClient client;

    @BeforeContainer
    static void start() {
        server = DataTests.start();
        client = new RespClient(server.port());
    }

    @AfterContainer
    static void stop() {
        client.close();
        server.close();
    }

    enum Kind { ADD, READ_NEW, READ_NEW_NOACK, READ_HISTORY, ACK, CLAIM, DELETE, SETID }

    record Op(Kind kind, int consumer, int n) {
    }

    @Provide
    static Arbitrary<List<Op>> operations() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Kind.ADD)),
                Tuple.of(5, Arbitraries.just(Kind.READ_NEW)),
                Tuple.of(1, Arbitraries.just(Kind.READ_NEW_NOACK)),
                Tuple.of(2, Arbitraries.just(Kind.READ_HISTORY)),
                Tuple.of(3, Arbitraries.just(Kind.ACK)),
                Tuple.of(3, Arbitraries.just(Kind.CLAIM)),
                Tuple.of(2, Arbitraries.just(Kind.DELETE)),
                Tuple.of(1, Arbitraries.just(Kind.SETID)));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 60))
                .as(Op::new).list().ofMinSize(1).ofMaxSize(60);
    }

    /** One pending entry of the model. */
    static final class Pending {
        String owner;
        long deliveries;

        Pending(String owner) {
            this.owner = owner;
            this.deliveries = 1;
        }
    }

    private static final Pattern ID = Pattern.compile("\\$\\d+\\\\r\\\\n(\\d+-\\d+)\\\\r\\\\n");
    private static final Pattern PENDING = Pattern.compile(
            "\\*4\\\\r\\\\n\\$\\d+\\\\r\\\\n(\\d+-\\d+)\\\\r\\\\n\\$\\d+\\\\r\\\\n(\\w+)\\\\r\\\\n:\\d+\\\\r\\\\n:(\\d+)\\\\r\\\\n");

    @Property(tries = 150)
    void group_randomCommands_agreeWithPelModel(@ForAll("operations") List<Op> ops) {
        client.call("FLUSHALL");
        client.call("XGROUP", "CREATE", "s", "g", "0", "MKSTREAM");
        TreeSet<Long> present = new TreeSet<>(); // entries n-0 still in the stream
        TreeMap<Long, Pending> pel = new TreeMap<>();
        long lastDelivered = 0;
        long next = 1;
        for (Op op : ops) {
            String c = "c" + op.consumer();
            switch (op.kind()) {
                case ADD -> {
                    client.call("XADD", "s", next + "-0", "f", "v");
                    present.add(next++);
                }
                case READ_NEW, READ_NEW_NOACK -> {
                    boolean noack = op.kind() == Kind.READ_NEW_NOACK;
                    int count = 1 + op.n() % 4;
                    List<Long> want = new ArrayList<>(present.tailSet(lastDelivered, false)).subList(0,
                            Math.min(count, present.tailSet(lastDelivered, false).size()));
                    String reply = noack
                            ? client.call("XREADGROUP", "GROUP", "g", c, "COUNT", "" + count, "NOACK", "STREAMS", "s", ">")
                            : client.call("XREADGROUP", "GROUP", "g", c, "COUNT", "" + count, "STREAMS", "s", ">");
                    assertEquals(asIds(want), ids(reply), op + ": " + reply);
                    for (long id : want) {
                        lastDelivered = id;
                        if (!noack) {
                            pel.put(id, new Pending(c));
                        }
                    }
                }
                case READ_HISTORY -> {
                    List<Long> want = new ArrayList<>();
                    for (Map.Entry<Long, Pending> e : pel.entrySet()) {
                        if (e.getValue().owner.equals(c)) {
                            want.add(e.getKey());
                            if (present.contains(e.getKey())) {
                                e.getValue().deliveries++;
                            }
                        }
                    }
                    String reply = client.call("XREADGROUP", "GROUP", "g", c, "STREAMS", "s", "0");
                    assertEquals(asIds(want), ids(reply), op + ": " + reply);
                }
                case ACK -> {
                    long id = 1 + op.n() % Math.max(1, next);
                    String expected = pel.remove(id) != null ? ":1\\r\\n" : ":0\\r\\n";
                    assertEquals(expected, client.call("XACK", "s", "g", id + "-0"), op.toString());
                }
                case CLAIM -> {
                    long id = 1 + op.n() % Math.max(1, next);
                    Pending p = pel.get(id);
                    List<Long> want = new ArrayList<>();
                    if (p != null && present.contains(id)) {
                        p.owner = c;
                        want.add(id);
                    } else if (p != null) {
                        pel.remove(id); // its entry is gone: XCLAIM drops it from the PEL
                    }
                    String reply = client.call("XCLAIM", "s", "g", c, "0", id + "-0", "JUSTID");
                    assertEquals(asIds(want), ids(reply), op + ": " + reply);
                }
                case DELETE -> {
                    long id = 1 + op.n() % Math.max(1, next);
                    String expected = present.remove(id) ? ":1\\r\\n" : ":0\\r\\n";
                    assertEquals(expected, client.call("XDEL", "s", id + "-0"), op.toString());
                }
                case SETID -> {
                    lastDelivered = op.n() % Math.max(1, next);
                    client.call("XGROUP", "SETID", "s", "g", lastDelivered + "-0");
                }
                default -> throw new IllegalStateException();
            }
            assertPel(pel);
        }
    }

    private static void assertPel(TreeMap<Long, Pending> pel) {
        Map<String, String> want = new HashMap<>();
        StringBuilder order = new StringBuilder();
        for (Map.Entry<Long, Pending> e : pel.entrySet()) {
            order.append(e.getKey()).append("-0 ");
            want.put(e.getKey() + "-0", e.getValue().owner + "/" + e.getValue().deliveries);
        }
        String reply = client.call("XPENDING", "s", "g", "-", "+", "100000");
        Map<String, String> got = new HashMap<>();
        StringBuilder gotOrder = new StringBuilder();
        Matcher m = PENDING.matcher(reply);
        while (m.find()) {
            gotOrder.append(m.group(1)).append(' ');
            got.put(m.group(1), m.group(2) + "/" + m.group(3));
        }
        assertEquals(order.toString(), gotOrder.toString(), "PEL order: " + reply);
        assertEquals(want, got, "PEL owners and deliveries");
    }

    private static List<String> asIds(List<Long> ids) {
        List<String> out = new ArrayList<>();
        for (long id : ids) {
            out.add(id + "-0");
        }
        return out;
    }

    private static List<String> ids(String reply) {
        List<String> out = new ArrayList<>();
        Matcher m = ID.matcher(reply);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
