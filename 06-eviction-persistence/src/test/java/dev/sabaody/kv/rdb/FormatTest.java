package dev.sabaody.kv.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The primitives of the format: CRC-64, LZF, lengths and string encodings, each both ways. */
class FormatTest {

    @Test
    void crc64_checkVector_matchesRedisCrc64c() {
        assertEquals(0xe9c6d914c4b8d9caL, Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    @Property
    void lzf_anyInput_decompressesToItself(@ForAll @Size(max = 3000) byte[] input) {
        byte[] out = new byte[input.length + input.length / 16 + 64];
        int n = Lzf.compress(input, out);
        if (input.length > 0) {
            assertTrue(n > 0, "fits in a generous buffer");
        }
        byte[] back = new byte[input.length];
        assertTrue(Lzf.decompress(out, 0, n, back));
        assertArrayEquals(input, back);
    }

    @Property
    void lzf_repetitiveInput_compressesAndDecompresses(@ForAll @Size(min = 1, max = 20) byte[] unit,
                                                       @ForAll @LongRange(min = 2, max = 500) long copies) {
        byte[] input = new byte[(int) (unit.length * copies)];
        for (int i = 0; i < input.length; i++) {
            input[i] = unit[i % unit.length];
        }
        byte[] out = new byte[input.length];
        int n = Lzf.compress(input, out);
        byte[] back = new byte[input.length];
        if (n > 0) {
            assertTrue(Lzf.decompress(out, 0, n, back));
            assertArrayEquals(input, back);
        }
        if (input.length > 100) {
            assertTrue(n > 0 && n < input.length / 2, "repetition compresses");
        }
    }

    @Property
    void lzf_reusedTable_sameOutputAsAFreshOne(@ForAll @Size(max = 20) java.util.List<@Size(max = 400) byte[]> inputs) {
        Lzf reused = new Lzf();
        for (byte[] input : inputs) {
            byte[] a = new byte[input.length + 64];
            byte[] b = new byte[input.length + 64];
            int n = reused.compressInto(input, a);
            assertEquals(Lzf.compress(input, b), n);
            assertArrayEquals(Arrays.copyOf(b, n), Arrays.copyOf(a, n));
        }
    }

    @Test
    void lzf_truncatedStream_refused() {
        byte[] input = "abcabcabcabcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[input.length];
        int n = Lzf.compress(input, out);
        for (int cut = 0; cut < n; cut++) {
            assertTrue(!Lzf.decompress(out, 0, cut, new byte[input.length]), "cut at " + cut);
        }
    }

    @Property
    void length_anyValue_readsBack(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long len) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbOutput out = new RdbOutput(bytes, true);
        out.writeLength(len);
        out.flush();
        byte[] b = bytes.toByteArray();
        int expectedSize = len < 64 ? 1 : len < 16384 ? 2 : len <= 0xffffffffL ? 5 : 9;
        assertEquals(expectedSize, b.length);
        assertEquals(len, new RdbInput(new ByteArrayInputStream(b), b.length).readLength());
    }

    @Property
    void string_anyBytes_readsBackWithEitherCompression(@ForAll @Size(max = 400) byte[] s, @ForAll boolean compress)
            throws Exception {
        assertArrayEquals(s, roundTrip(s, compress));
    }

    @Property
    void string_integerText_readsBackAsTheSameText(@ForAll long v) throws Exception {
        byte[] s = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(s, roundTrip(s, true));
    }

    @Test
    void string_integers_useRedisEncodings() throws Exception {
        assertArrayEquals(new byte[] {(byte) 0xc0, 12}, encode("12"));
        assertArrayEquals(new byte[] {(byte) 0xc1, (byte) 0xe8, 0x03}, encode("1000"));
        assertArrayEquals(new byte[] {(byte) 0xc2, 0x40, 0x42, 0x0f, 0x00}, encode("1000000"));
        assertArrayEquals(new byte[] {3, '0', '1', '2'}, encode("012"), "not canonical: stays text");
        assertArrayEquals(new byte[] {2, '+', '1'}, encode("+1"));
        assertEquals(12, encode("12345678901").length, "beyond 32 bits: text");
    }

    @Test
    void string_compressible_writtenAsLzf() throws Exception {
        byte[] s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
        byte[] encoded = encode(s, true);
        assertEquals((byte) 0xc3, encoded[0]);
        assertTrue(encoded.length < s.length);
        assertEquals(s.length + 2, encode(s, false).length);
    }

    private static byte[] encode(String s) throws Exception {
        return encode(s.getBytes(StandardCharsets.US_ASCII), true);
    }

    private static byte[] encode(byte[] s, boolean compress) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RdbOutput out = new RdbOutput(bytes, compress);
        out.writeString(s);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] roundTrip(byte[] s, boolean compress) throws Exception {
        byte[] b = encode(s, compress);
        RdbInput in = new RdbInput(new ByteArrayInputStream(b), b.length);
        byte[] back = in.readString();
        assertEquals(b.length, in.offset());
        return back;
    }
}
