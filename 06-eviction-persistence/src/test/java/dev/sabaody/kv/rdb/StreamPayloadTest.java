package dev.sabaody.kv.rdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.streams.StreamValue;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A stream's DUMP payload taken from Redis 7.0.15 (three entries in one node, one deleted, a group
 * with a consumer and a pending entry): it loads, it serializes back to the same bytes, and every
 * corruption of it that keeps a valid checksum is loaded or refused, never an exception.
 */
class StreamPayloadTest {

    /** redis-cli: XADD s 1-1 a 1 b hello; XADD s 1-2 a 2 b world; XADD s 2-0 c 3; XDEL s 1-2;
     *  XGROUP CREATE s g 0; XREADGROUP GROUP g alice COUNT 1 STREAMS s >; DUMP s */
    static final byte[] REDIS_DUMP = HexFormat.of().parseHex(
            "130110000000000000000100000000000000014047470000001900020101010201816102816202000102010001000101018568"
            + "656c6c6f060501030100010101020185776f726c6406050100010101dfff02010181630203010601ff02020001010102030101"
            + "67010181ffffffffffffffff010000000000000001000000000000000160920b52a2010000010105616c69636560920b52a2"
            + "01000001000000000000000100000000000000010a00dde8b167c0a5e0a1");

    @Test
    void redisStreamDump_loadsAndSerializesToTheSameBytes() {
        assertTrue(Dump.verify(REDIS_DUMP));
        Object value = Dump.deserialize(REDIS_DUMP);
        assertInstanceOf(StreamValue.class, value);
        assertArrayEquals(REDIS_DUMP, Dump.serialize(value, true));
    }

    @Test
    void everyBitFlipped_checksumFixed_loadedOrRefusedNeverThrows() {
        for (int bit = 0; bit < (REDIS_DUMP.length - 10) * 8; bit++) {
            byte[] bad = REDIS_DUMP.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            Dump.deserialize(fixChecksum(bad)); // null (Bad data format) or a value; an exception fails the test
        }
    }

    @Test
    void everyTruncation_checksumFixed_refused() {
        for (int cut = 1; cut < REDIS_DUMP.length - 10; cut++) {
            byte[] part = new byte[cut + 10];
            System.arraycopy(REDIS_DUMP, 0, part, 0, cut);
            System.arraycopy(REDIS_DUMP, REDIS_DUMP.length - 10, part, cut, 10);
            assertTrue(Dump.deserialize(fixChecksum(part)) == null, "cut at " + cut);
        }
    }

    private static byte[] fixChecksum(byte[] payload) {
        byte[] fixed = Arrays.copyOf(payload, payload.length);
        long crc = Crc64.update(0, fixed, 0, fixed.length - 8);
        for (int i = 0; i < 8; i++) {
            fixed[fixed.length - 8 + i] = (byte) (crc >>> (8 * i));
        }
        return fixed;
    }
}
