package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * ArgvCopies keeps every copy of a round intact, across the growth of its array, while the source
 * buffer is overwritten; and a second round reuses what the first made.
 */
class ArgvCopiesTest {

    /** Overwrites the bytes {@code argv} slices, as the loop reuses its input buffer. */
    private static void overwrite(Argv argv) {
        ByteBuffer bytes = argv.buffer();
        for (int i = 0; i < bytes.capacity(); i++) {
            bytes.put(i, (byte) 'x');
        }
    }

    private static List<byte[]> bytesOf(Argv argv) {
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < argv.argc(); i++) {
            args.add(argv.copy(i));
        }
        return args;
    }

    @Property(tries = 200)
    void everyCopyOfARoundSurvivesTheSourceAndTheGrowth(
            @ForAll @Size(min = 1, max = 40) List<@Size(min = 1, max = 6) List<@Size(max = 300) byte[]>> rounds,
            @ForAll @IntRange(min = 1, max = 3) int times) {
        ArgvCopies copies = new ArgvCopies();
        for (int t = 0; t < times; t++) {
            List<Argv> handed = new ArrayList<>();
            for (List<byte[]> command : rounds) {
                Argv parsed = Argv.of(command);
                handed.add(copies.add(parsed));
                overwrite(parsed);
            }
            assertEquals(rounds.size(), copies.size());
            for (int i = 0; i < rounds.size(); i++) {
                assertSame(handed.get(i), copies.get(i));
                List<byte[]> expected = rounds.get(i);
                List<byte[]> actual = bytesOf(copies.get(i));
                assertEquals(expected.size(), actual.size());
                for (int a = 0; a < expected.size(); a++) {
                    assertArrayEquals(expected.get(a), actual.get(a), "round " + t + ", command " + i + ", arg " + a);
                }
            }
            copies.clear();
            assertEquals(0, copies.size());
        }
    }

    @Test
    void theSecondRoundReusesTheArgvsAndTheArray() {
        ArgvCopies copies = new ArgvCopies();
        Argv first = copies.add(Argv.of(List.of("GET".getBytes(), "k".getBytes())));
        int capacity = copies.capacity();
        copies.clear();
        Argv second = copies.add(Argv.of(List.of("SET".getBytes(), "k".getBytes(), "v".getBytes())));
        assertSame(first, second);
        assertEquals(capacity, copies.capacity());
        assertEquals("[SET, k, v]", second.toString());
    }

    @Test
    void anArrayGrownPastTheKeepSizeIsLetGoAtClear() {
        ArgvCopies copies = new ArgvCopies();
        byte[] big = new byte[ArgvCopies.KEEP_BYTES + 1];
        copies.add(Argv.of(List.of("SET".getBytes(), big)));
        copies.clear();
        assertEquals(ArgvCopies.INITIAL_BYTES, copies.capacity());
    }
}
