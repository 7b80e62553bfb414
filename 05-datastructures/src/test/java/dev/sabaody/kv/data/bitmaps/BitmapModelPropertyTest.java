package dev.sabaody.kv.data.bitmaps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import java.util.BitSet;
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
 * SETBIT, GETBIT, BITCOUNT and BITPOS agree with a {@link BitSet} and the range rules of the Redis
 * documentation, for any sequence of writes and any ranges (negative, reversed, out of bounds, in
 * bytes or bits). The model is written from the documented rules, not from our code: it knows
 * nothing of bytes, masks or word skipping.
 */
class BitmapModelPropertyTest {

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

    /** A model bitmap: the bits, and the string's length in bytes. */
    private static final class Model {
        final BitSet bits = new BitSet();
        long bytes;

        int setbit(long offset, int value) {
            int old = bits.get((int) offset) ? 1 : 0;
            bits.set((int) offset, value == 1);
            bytes = Math.max(bytes, offset / 8 + 1);
            return old;
        }

        /** [first, last] bit of a start/end range, or null when it is empty (documented BITCOUNT rules). */
        long[] range(long start, long end, boolean bit) {
            long size = bit ? bytes * 8 : bytes;
            if (start < 0) {
                start += size;
            }
            if (end < 0) {
                end += size;
            }
            start = Math.max(0, start);
            end = Math.min(Math.max(0, end), size - 1);
            if (start > end) {
                return null;
            }
            return bit ? new long[] {start, end} : new long[] {start * 8, end * 8 + 7};
        }

        long bitcount(long start, long end, boolean bit) {
            if (start < 0 && end < 0 && start > end) {
                return 0;
            }
            long[] r = range(start, end, bit);
            return r == null ? 0 : bits.get((int) r[0], (int) r[1] + 1).cardinality();
        }

        long bitpos(int bit, Long start, Long end, boolean unitBit) {
            long[] r = range(start == null ? 0 : start, end == null ? -1 : end, unitBit);
            if (r == null) {
                return -1;
            }
            for (long i = r[0]; i <= r[1]; i++) {
                if ((bits.get((int) i) ? 1 : 0) == bit) {
                    return i;
                }
            }
            // Past the range: a string is followed by zeros, unless the caller fixed the end.
            return bit == 0 && end == null ? r[1] + 1 : -1;
        }
    }

    /** One step: a SETBIT, GETBIT, BITCOUNT or BITPOS with random arguments. */
    record Step(int kind, long a, long b, long c, int flags) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Long> index = Arbitraries.oneOf(Arbitraries.longs().between(-30, 30),
                Arbitraries.longs().between(-300, 300), Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L));
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(0, 300), index, index, Arbitraries.integers().between(0, 15))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 150)
    void bitCommands_agreeWithBitSetModel(@ForAll("steps") List<Step> steps) {
        jedis.flushAll();
        Model model = new Model();
        boolean exists = false;
        for (Step s : steps) {
            switch (s.kind()) {
                case 0 -> {
                    int value = s.flags() & 1;
                    Object old = jedis.sendCommand(Protocol.Command.SETBIT, "k", String.valueOf(s.a()), String.valueOf(value));
                    assertEquals((long) model.setbit(s.a(), value), old, "SETBIT " + s.a());
                    exists = true;
                }
                case 1 -> assertEquals(model.bits.get((int) s.a()) ? 1L : 0L,
                        jedis.sendCommand(Protocol.Command.GETBIT, "k", String.valueOf(s.a())), "GETBIT " + s.a());
                case 2 -> {
                    if ((s.flags() & 2) == 0) {
                        assertEquals((long) model.bits.cardinality(), jedis.sendCommand(Protocol.Command.BITCOUNT, "k"));
                    } else {
                        boolean bit = (s.flags() & 4) != 0;
                        Object got = jedis.sendCommand(Protocol.Command.BITCOUNT, "k", String.valueOf(s.b()),
                                String.valueOf(s.c()), bit ? "BIT" : "BYTE");
                        assertEquals(exists ? model.bitcount(s.b(), s.c(), bit) : 0L, got,
                                "BITCOUNT " + s.b() + " " + s.c() + (bit ? " BIT" : " BYTE"));
                    }
                }
                default -> {
                    int bit = s.flags() & 1;
                    int arguments = (s.flags() >> 1) & 3; // 0: none, 1: start, 2: start end, 3: start end unit
                    boolean unitBit = arguments == 3 && (s.flags() & 8) != 0;
                    String[] args = switch (arguments) {
                        case 0 -> new String[] {"k", String.valueOf(bit)};
                        case 1 -> new String[] {"k", String.valueOf(bit), String.valueOf(s.b())};
                        case 2 -> new String[] {"k", String.valueOf(bit), String.valueOf(s.b()), String.valueOf(s.c())};
                        default -> new String[] {"k", String.valueOf(bit), String.valueOf(s.b()), String.valueOf(s.c()),
                                unitBit ? "BIT" : "BYTE"};
                    };
                    long expected = !exists ? (bit == 1 ? -1 : 0)
                            : model.bitpos(bit, arguments >= 1 ? s.b() : null, arguments >= 2 ? s.c() : null, unitBit);
                    assertEquals(expected, jedis.sendCommand(Protocol.Command.BITPOS, args), "BITPOS " + String.join(" ", args));
                }
            }
        }
    }
}
