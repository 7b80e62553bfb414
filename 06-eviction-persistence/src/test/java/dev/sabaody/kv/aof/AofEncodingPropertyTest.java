package dev.sabaody.kv.aof;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * What {@link AofEncoding} writes, {@link AofCommands} reads back: every command equal, every end
 * offset where the next command starts, annotations skipped; and any file cut inside a command reads
 * as a short read after the commands before it, never as a command nor as corruption.
 */
class AofEncodingPropertyTest {

    /** Arguments with the bytes that matter to the framing: CR, LF, '*', '$', '#', NUL, high bytes. */
    @Provide
    Arbitrary<List<byte[][]>> commands() {
        Arbitrary<byte[]> arg = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(60),
                Arbitraries.of("\r\n", "*1\r\n", "$3\r\n", "#TS:1\r\n", "", "SET").map(s -> s.getBytes(StandardCharsets.US_ASCII)),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1000).ofMaxSize(3000));
        return arg.array(byte[][].class).ofMinSize(1).ofMaxSize(8).list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 300)
    void encodeThenRead_anyCommands_sameArgvAndOffsets(@ForAll("commands") List<byte[][]> commands,
                                                        @ForAll @IntRange(min = 0, max = 3) int timestampEvery) throws Exception {
        AofEncoding encoding = new AofEncoding();
        List<Long> ends = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            if (timestampEvery > 0 && i % timestampEvery == 0) {
                encoding.timestampIfLater(1_796_677_252L + i);
            }
            encoding.command(commands.get(i));
            ends.add((long) encoding.pending());
        }
        byte[] file = encoding.toByteArray();
        AofCommands reader = reader(file);
        for (int i = 0; i < commands.size(); i++) {
            byte[][] argv = reader.next();
            assertEquals(commands.get(i).length, argv.length);
            for (int j = 0; j < argv.length; j++) {
                assertArrayEquals(commands.get(i)[j], argv[j]);
            }
            assertEquals(ends.get(i), reader.validUpTo());
        }
        assertNull(reader.next());
        assertFalse(reader.shortRead());
    }

    @Property(tries = 200)
    void read_cutInsideTheLastCommand_shortReadAfterTheOthers(@ForAll("commands") List<byte[][]> commands,
                                                              @ForAll @IntRange(min = 1, max = 1_000_000) int where) throws Exception {
        AofEncoding encoding = new AofEncoding();
        for (int i = 0; i < commands.size() - 1; i++) {
            encoding.command(commands.get(i));
        }
        int lastStart = encoding.pending();
        encoding.command(commands.getLast());
        byte[] whole = encoding.toByteArray();
        int cut = lastStart + 1 + where % (whole.length - lastStart - 1);
        AofCommands reader = reader(Arrays.copyOf(whole, cut));
        for (int i = 0; i < commands.size() - 1; i++) {
            assertEquals(commands.get(i).length, reader.next().length);
        }
        assertNull(reader.next(), "cut at " + cut + " of " + whole.length);
        assertTrue(reader.shortRead());
        assertEquals(lastStart, reader.validUpTo());
    }

    @Test
    void select_andTimestamp_asRedisWritesThem() {
        AofEncoding encoding = new AofEncoding();
        encoding.timestampIfLater(1796677252);
        encoding.timestampIfLater(1796677252);
        encoding.select(0);
        encoding.command(new byte[][] {"set".getBytes(), "b".getBytes(), "2".getBytes()});
        assertEquals("#TS:1796677252\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nset\r\n$1\r\nb\r\n$1\r\n2\r\n",
                new String(encoding.toByteArray(), StandardCharsets.US_ASCII));
    }

    private static AofCommands reader(byte[] file) {
        return new AofCommands(new ByteArrayInputStream(file), "test.aof", 0, file.length);
    }
}
