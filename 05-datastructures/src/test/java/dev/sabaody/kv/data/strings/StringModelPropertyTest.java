package dev.sabaody.kv.data.strings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * A string behaves as a plain Java byte array under any sequence of SET, APPEND, SETRANGE,
 * GETRANGE, STRLEN and INCRBY: the model is {@code byte[]} with {@link Arrays} operations and the
 * documented index rules.
 */
class StringModelPropertyTest {

    private static DataServer server;
    private static Jedis jedis;

    @BeforeContainer
    static void start() {
        server = DataTests.start();
        jedis = new Jedis("127.0.0.1", server.port());
    }

    @AfterContainer
    static void stop() {
        jedis.close();
        server.close();
    }

    record Step(int kind, String text, long a, long b) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(6),
                Arbitraries.integers().between(-50, 50).map(String::valueOf));
        Arbitrary<Long> index = Arbitraries.oneOf(Arbitraries.longs().between(-12, 12), Arbitraries.longs().between(-40, 40));
        return Combinators.combine(Arbitraries.integers().between(0, 5), text, index, index).as(Step::new)
                .list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 150)
    void stringCommands_agreeWithByteArrayModel(@ForAll("steps") List<Step> steps) {
        jedis.flushAll();
        byte[] model = null;
        for (Step s : steps) {
            byte[] text = s.text().getBytes(StandardCharsets.US_ASCII);
            switch (s.kind()) {
                case 0 -> {
                    jedis.set("k", s.text());
                    model = text;
                }
                case 1 -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(model == null ? new byte[0] : model);
                    out.writeBytes(text);
                    model = out.toByteArray();
                    assertEquals((long) model.length, jedis.sendCommand(Protocol.Command.APPEND, "k", s.text()));
                }
                case 2 -> {
                    long offset = Math.abs(s.a());
                    Object got = jedis.sendCommand(Protocol.Command.SETRANGE, "k", String.valueOf(offset), s.text());
                    if (model == null && text.length == 0) {
                        assertEquals(0L, got);
                        continue;
                    }
                    byte[] base = model == null ? new byte[0] : model;
                    if (text.length > 0) {
                        base = Arrays.copyOf(base, (int) Math.max(base.length, offset + text.length));
                        System.arraycopy(text, 0, base, (int) offset, text.length);
                    }
                    model = base;
                    assertEquals((long) model.length, got);
                }
                case 3 -> {
                    byte[] got = (byte[]) jedis.sendCommand(Protocol.Command.GETRANGE, "k", String.valueOf(s.a()),
                            String.valueOf(s.b()));
                    assertArrayEquals(range(model, s.a(), s.b()), got, "GETRANGE " + s.a() + " " + s.b());
                }
                case 4 -> assertEquals(model == null ? 0L : (long) model.length, jedis.sendCommand(Protocol.Command.STRLEN, "k"));
                default -> {
                    Long current = model == null ? Long.valueOf(0) : parse(model);
                    Object got;
                    try {
                        got = jedis.sendCommand(Protocol.Command.INCRBY, "k", String.valueOf(s.a()));
                    } catch (redis.clients.jedis.exceptions.JedisDataException e) {
                        got = e.getMessage();
                    }
                    if (current == null) {
                        assertEquals("ERR value is not an integer or out of range", got);
                    } else {
                        long sum = current + s.a();
                        assertEquals(sum, got);
                        model = String.valueOf(sum).getBytes(StandardCharsets.US_ASCII);
                    }
                }
            }
        }
        assertArrayEquals(model, jedis.get("k".getBytes(StandardCharsets.US_ASCII)));
    }

    /** GETRANGE by its documentation: inclusive, negative from the end, clamped; empty when reversed. */
    private static byte[] range(byte[] s, long start, long end) {
        if (s == null || (start < 0 && end < 0 && start > end)) {
            return new byte[0];
        }
        long n = s.length;
        long from = Math.max(0, start < 0 ? n + start : start);
        long to = Math.min(n - 1, Math.max(0, end < 0 ? n + end : end));
        return from > to ? new byte[0] : Arrays.copyOfRange(s, (int) from, (int) to + 1);
    }

    /** A decimal integer by Redis's strict rules (no sign "+", no leading zero), or null. */
    private static Long parse(byte[] s) {
        String t = new String(s, StandardCharsets.US_ASCII);
        if (!t.matches("-?(0|[1-9][0-9]*)") || t.equals("-0")) {
            return null;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
