package dev.sabaody.kv.data.bitmaps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import java.math.BigInteger;
import java.util.ArrayList;
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
 * BITFIELD GET, SET and INCRBY under WRAP, SAT and FAIL agree with arbitrary-precision arithmetic:
 * the model computes each result exactly as a {@link BigInteger}, then applies the overflow rule by
 * its definition (WRAP: modulo 2^bits into the type's range; SAT: clamp; FAIL: nil, no write). No
 * 64-bit arithmetic, so none of the C code's overflow tricks, appears in the model.
 */
class BitFieldModelPropertyTest {

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

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** One BITFIELD operation: 0 GET, 1 SET, 2 INCRBY; an overflow mode in force; a type. */
    record Op(int opcode, int overflow, boolean signed, int bits, int offset, long value) {
        List<String> args() {
            String type = (signed ? "i" : "u") + bits;
            List<String> a = new ArrayList<>(List.of("OVERFLOW", new String[] {"WRAP", "SAT", "FAIL"}[overflow]));
            switch (opcode) {
                case 0 -> a.addAll(List.of("GET", type, String.valueOf(offset)));
                case 1 -> a.addAll(List.of("SET", type, String.valueOf(offset), String.valueOf(value)));
                default -> a.addAll(List.of("INCRBY", type, String.valueOf(offset), String.valueOf(value)));
            }
            return a;
        }
    }

    /** The string as bits, growing as BITFIELD grows it. */
    private static final class Model {
        byte[] bytes = new byte[0];

        BigInteger read(int offset, int bits, boolean signed) {
            BigInteger v = BigInteger.ZERO;
            for (int i = 0; i < bits; i++) {
                int o = offset + i;
                int bit = o / 8 < bytes.length ? (bytes[o / 8] >> (7 - o % 8)) & 1 : 0;
                v = v.shiftLeft(1).add(BigInteger.valueOf(bit));
            }
            if (signed && v.testBit(bits - 1)) {
                v = v.subtract(BigInteger.ONE.shiftLeft(bits));
            }
            return v;
        }

        void write(int offset, int bits, BigInteger value) {
            BigInteger u = value.mod(BigInteger.ONE.shiftLeft(bits));
            for (int i = 0; i < bits; i++) {
                int o = offset + i;
                int mask = 1 << (7 - o % 8);
                bytes[o / 8] = (byte) (u.testBit(bits - 1 - i) ? bytes[o / 8] | mask : bytes[o / 8] & ~mask);
            }
        }

        /** What the reply element is: a Long, or null for FAIL. */
        Long apply(Op op) {
            BigInteger old = read(op.offset, op.bits, op.signed);
            if (op.opcode == 0) {
                return old.longValue();
            }
            BigInteger min = op.signed ? BigInteger.ONE.shiftLeft(op.bits - 1).negate() : BigInteger.ZERO;
            BigInteger max = op.signed ? BigInteger.ONE.shiftLeft(op.bits - 1).subtract(BigInteger.ONE)
                    : BigInteger.ONE.shiftLeft(op.bits).subtract(BigInteger.ONE);
            BigInteger given = BigInteger.valueOf(op.value);
            // An unsigned SET reads its argument as an unsigned 64-bit pattern (documented: u8 SET -1 is 2^64-1).
            BigInteger exact = op.opcode == 1 ? (op.signed ? given : given.mod(TWO_64)) : old.add(given);
            BigInteger stored = exact;
            if (exact.compareTo(min) < 0 || exact.compareTo(max) > 0) {
                switch (op.overflow) {
                    case 0 -> {
                        BigInteger span = BigInteger.ONE.shiftLeft(op.bits);
                        stored = exact.subtract(min).mod(span).add(min);
                    }
                    case 1 -> stored = exact.compareTo(min) < 0 && !redisSaturatesUp(op, max) ? min : max;
                    default -> {
                        return null;
                    }
                }
            }
            write(op.offset, op.bits, stored);
            return op.opcode == 1 ? old.longValue() : stored.longValue();
        }
    }

    /**
     * Redis 7.0's one departure from exact arithmetic: a signed SET whose value lies 2^63 or more
     * below the type's maximum saturates to the maximum, because checkSignedBitfieldOverflow's
     * {@code max - value} wraps in 64 bits and reads as an overflow. The oracle does it, so we do.
     */
    private static boolean redisSaturatesUp(Op op, BigInteger max) {
        return op.opcode == 1 && op.signed && op.bits < 64
                && max.subtract(BigInteger.valueOf(op.value)).compareTo(BigInteger.valueOf(Long.MAX_VALUE)) > 0;
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Boolean> signed = Arbitraries.of(true, false);
        Arbitrary<Integer> bits = Arbitraries.oneOf(Arbitraries.integers().between(1, 9),
                Arbitraries.of(15, 16, 17, 31, 32, 33, 62, 63, 64));
        Arbitrary<Long> value = Arbitraries.oneOf(Arbitraries.longs().between(-300, 300), Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L, 127L, 128L, -128L, -129L, 255L, 256L));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                        signed, bits, Arbitraries.integers().between(0, 120), value)
                .as((opcode, overflow, s, b, offset, v) -> new Op(opcode, overflow, s, s ? b : Math.min(b, 63), offset, v));
        return op.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 200)
    void bitfield_agreesWithExactArithmetic(@ForAll("ops") List<Op> first, @ForAll("ops") List<Op> second) {
        jedis.flushAll();
        Model model = new Model();
        for (List<Op> command : List.of(first, second)) {
            List<String> args = new ArrayList<>(List.of("k"));
            int highestWrite = -1;
            for (Op op : command) {
                args.addAll(op.args());
                if (op.opcode != 0) {
                    highestWrite = Math.max(highestWrite, op.offset + op.bits - 1);
                }
            }
            if (highestWrite >= 0 && model.bytes.length < highestWrite / 8 + 1) {
                model.bytes = Arrays.copyOf(model.bytes, highestWrite / 8 + 1); // grown before any operation runs
            }
            List<Long> expected = new ArrayList<>();
            for (Op op : command) {
                expected.add(model.apply(op));
            }
            Object got = jedis.sendCommand(Protocol.Command.BITFIELD, args.toArray(String[]::new));
            assertEquals(expected, got, "BITFIELD " + String.join(" ", args));
        }
        byte[] stored = jedis.get("k".getBytes());
        assertArrayEquals(model.bytes.length == 0 ? null : model.bytes, stored);
    }
}
