package dev.sabaody.kv.server.scripting;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * FUNCTION DUMP's payload, as Redis 7.0 writes it (functionDumpCommand, rdbSaveFunctions): for each
 * library, the RDB opcode FUNCTION2 (245) and its code as an RDB string; then the RDB version, two
 * bytes little-endian, and the CRC-64 (Jones, reflected, as crc64.c) of everything before, eight
 * bytes little-endian. Strings are written plain; read plain, as integers, or LZF-compressed, since
 * Redis compresses those over 20 bytes when that saves space.
 */
final class FunctionPayload {

    /** rdb.h RDB_OPCODE_FUNCTION2. */
    static final int RDB_OPCODE_FUNCTION2 = 245;
    /** rdb.h RDB_OPCODE_FUNCTION: 7.0's release candidates, refused as Redis refuses it. */
    static final int RDB_OPCODE_FUNCTION_PRE_GA = 246;
    /** rdb.h RDB_VERSION of Redis 7.0. */
    static final int RDB_VERSION = 10;
    /** crc64.c: the Jones polynomial. */
    private static final long CRC64_POLY = 0xad93d23594c935a9L;

    static final String BAD_PAYLOAD = "DUMP payload version or checksum are wrong";

    private FunctionPayload() {
    }

    static byte[] dump(List<Functions.Library> libraries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Functions.Library lib : libraries) {
            out.write(RDB_OPCODE_FUNCTION2);
            writeLength(out, lib.code.length);
            out.writeBytes(lib.code);
        }
        out.write(RDB_VERSION & 0xff);
        out.write((RDB_VERSION >>> 8) & 0xff);
        long crc = crc64(out.toByteArray());
        for (int i = 0; i < 8; i++) {
            out.write((int) (crc >>> (8 * i)) & 0xff);
        }
        return out.toByteArray();
    }

    /** The libraries' codes of a payload, or throws with Redis's error text. */
    static List<byte[]> read(byte[] p) throws Shebang.Invalid {
        if (p.length < 10) {
            throw new Shebang.Invalid(BAD_PAYLOAD);
        }
        int body = p.length - 10;
        int version = (p[body] & 0xff) | (p[body + 1] & 0xff) << 8;
        long crc = 0;
        for (int i = 7; i >= 0; i--) {
            crc = (crc << 8) | (p[body + 2 + i] & 0xff);
        }
        if (version > RDB_VERSION || crc64(java.util.Arrays.copyOf(p, body + 2)) != crc) {
            throw new Shebang.Invalid(BAD_PAYLOAD);
        }
        List<byte[]> codes = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < body) {
            int op = p[pos[0]++] & 0xff;
            if (op == RDB_OPCODE_FUNCTION_PRE_GA) {
                throw new Shebang.Invalid("Pre-GA function format not supported");
            }
            if (op != RDB_OPCODE_FUNCTION2) {
                throw new Shebang.Invalid("given type is not a function");
            }
            codes.add(readString(p, pos, body));
        }
        return codes;
    }

    private static void writeLength(ByteArrayOutputStream out, long len) {
        if (len < 64) {
            out.write((int) len);
        } else if (len < 16384) {
            out.write(0x40 | (int) (len >>> 8));
            out.write((int) len & 0xff);
        } else {
            out.write(0x80);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (len >>> (8 * i)) & 0xff);
            }
        }
    }

    /** rdbLoadLen: a length, or -(encoding + 1) for an encoded string (11xxxxxx). */
    private static long readLength(byte[] p, int[] pos, int end) throws Shebang.Invalid {
        need(pos[0] + 1, end);
        int b = p[pos[0]++] & 0xff;
        switch (b >>> 6) {
            case 0:
                return b & 0x3f;
            case 1:
                need(pos[0] + 1, end);
                return ((long) (b & 0x3f) << 8) | (p[pos[0]++] & 0xff);
            case 2: {
                int n = b == 0x80 ? 4 : b == 0x81 ? 8 : -1;
                if (n < 0) {
                    throw new Shebang.Invalid(BAD_PAYLOAD);
                }
                need(pos[0] + n, end);
                long v = 0;
                for (int i = 0; i < n; i++) {
                    v = (v << 8) | (p[pos[0]++] & 0xff);
                }
                return v;
            }
            default:
                return -((b & 0x3f) + 1L);
        }
    }

    private static byte[] readString(byte[] p, int[] pos, int end) throws Shebang.Invalid {
        long len = readLength(p, pos, end);
        if (len >= 0) {
            need(pos[0] + len, end);
            byte[] s = java.util.Arrays.copyOfRange(p, pos[0], pos[0] + (int) len);
            pos[0] += (int) len;
            return s;
        }
        int encoding = (int) (-len - 1);
        if (encoding <= 2) { // RDB_ENC_INT8, INT16, INT32: little-endian, as decimal text
            int n = 1 << encoding;
            need(pos[0] + n, end);
            long v = 0;
            for (int i = n - 1; i >= 0; i--) {
                v = (v << 8) | (p[pos[0] + i] & 0xff);
            }
            v = (v << (64 - 8 * n)) >> (64 - 8 * n);
            pos[0] += n;
            return Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        if (encoding != 3) {
            throw new Shebang.Invalid(BAD_PAYLOAD);
        }
        long clen = readLength(p, pos, end);
        long ulen = readLength(p, pos, end);
        if (clen < 0 || ulen < 0) {
            throw new Shebang.Invalid(BAD_PAYLOAD);
        }
        need(pos[0] + clen, end);
        byte[] out = lzfDecompress(p, pos[0], (int) clen, (int) ulen);
        pos[0] += (int) clen;
        return out;
    }

    private static void need(long upTo, int end) throws Shebang.Invalid {
        if (upTo > end) {
            throw new Shebang.Invalid(BAD_PAYLOAD);
        }
    }

    /** lzf_d.c: literal runs (ctrl &lt; 32) and back references. */
    static byte[] lzfDecompress(byte[] in, int from, int length, int outLength) throws Shebang.Invalid {
        byte[] out = new byte[outLength];
        int ip = from;
        int end = from + length;
        int op = 0;
        try {
            while (ip < end) {
                int ctrl = in[ip++] & 0xff;
                if (ctrl < 32) {
                    int n = ctrl + 1;
                    System.arraycopy(in, ip, out, op, n);
                    ip += n;
                    op += n;
                } else {
                    int n = ctrl >>> 5;
                    int ref = op - ((ctrl & 0x1f) << 8) - 1;
                    if (n == 7) {
                        n += in[ip++] & 0xff;
                    }
                    ref -= in[ip++] & 0xff;
                    n += 2;
                    for (int i = 0; i < n; i++) {
                        out[op++] = out[ref++];
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            throw new Shebang.Invalid(BAD_PAYLOAD);
        }
        if (op != outLength) {
            throw new Shebang.Invalid(BAD_PAYLOAD);
        }
        return out;
    }

    /** crc64.c's _crc64: bit by bit, input reflected, the result reflected. */
    static long crc64(byte[] data) {
        long crc = 0;
        for (byte d : data) {
            int c = d & 0xff;
            for (int i = 0x01; (i & 0xff) != 0; i <<= 1) {
                boolean bit = crc < 0;
                if ((c & i) != 0) {
                    bit = !bit;
                }
                crc <<= 1;
                if (bit) {
                    crc ^= CRC64_POLY;
                }
            }
        }
        return Long.reverse(crc);
    }
}
