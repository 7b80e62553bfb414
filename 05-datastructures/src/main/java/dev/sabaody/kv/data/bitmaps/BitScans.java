package dev.sabaody.kv.data.bitmaps;

import static dev.sabaody.kv.resp.AclCategory.BITMAP;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * BITCOUNT key [start end [BYTE | BIT]] and BITPOS key bit [start [end [BYTE | BIT]]].
 *
 * <h2>Ranges</h2>
 * start and end are inclusive indexes of bytes, or of bits with BIT; negative ones count from the
 * end; both are clamped into the string. Both commands first turn the range into [first bit, last
 * bit] and then look at bits only, where Redis masks the edge bytes (bitops.c): same answers, one
 * path for BYTE and BIT.
 *
 * <h2>7.0's order of checks</h2>
 * A missing key answers at once (0 for BITCOUNT, -1 or 0 for BITPOS) before the range is even
 * parsed: {@code BITCOUNT missing a b} is 0, not an error. Redis 7.2 changed that; this follows the
 * 7.0 oracle.
 *
 * <h2>BITPOS looking for a 0</h2>
 * A string is taken to be followed by zeros, so BITPOS k 0 on "\xff" answers 8, the first bit past
 * the end, unless an end was given: then the range is all there is and the answer is -1.
 */
final class BitScans {

    private BitScans() {
    }

    static CommandSpec.Builder<Db> bitcount() {
        return CommandSpec.<Db>command("bitcount", -2, BitScans::bitcount)
                .flags(CommandFlag.READONLY)
                .acl(READ, BITMAP, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Count set bits in a string", "2.6.0", "bitmap", "O(N)",
                                Arg.key("key", 0),
                                Arg.block("index",
                                        Arg.of("start", "integer"),
                                        Arg.of("end", "integer"),
                                        Arg.oneOf("index_unit",
                                                Arg.token("byte", "BYTE"),
                                                Arg.token("bit", "BIT")).since("7.0.0").optional()).optional())
                        .withHistory("7.0.0", "Added the `BYTE|BIT` option."));
    }

    static CommandSpec.Builder<Db> bitpos() {
        return CommandSpec.<Db>command("bitpos", -3, BitScans::bitpos)
                .flags(CommandFlag.READONLY)
                .acl(READ, BITMAP, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Find first bit set or clear in a string", "2.8.7", "bitmap", "O(N)",
                                Arg.key("key", 0),
                                Arg.of("bit", "integer"),
                                Arg.block("index",
                                        Arg.of("start", "integer"),
                                        Arg.block("end_index",
                                                Arg.of("end", "integer"),
                                                Arg.oneOf("index_unit",
                                                        Arg.token("byte", "BYTE"),
                                                        Arg.token("bit", "BIT")).since("7.0.0").optional())
                                                .optional()).optional())
                        .withHistory("7.0.0", "Added the `BYTE|BIT` option."));
    }

    /** The bits [first, last] a range names in a string of {@code length} bytes; empty when first > last. */
    private record BitRange(long first, long last) {
    }

    /**
     * Normalises start/end (inclusive, negative from the end) in bytes or bits into bit indexes, as
     * bitcountCommand and bitposCommand do before masking.
     */
    private static BitRange range(long start, long end, long length, boolean isBit) {
        long total = isBit ? length << 3 : length;
        if (start < 0) {
            start = total + start;
        }
        if (end < 0) {
            end = total + end;
        }
        start = Math.max(start, 0);
        end = Math.max(end, 0);
        if (end >= total) {
            end = total - 1;
        }
        if (start > end) {
            return new BitRange(0, -1);
        }
        return isBit ? new BitRange(start, end) : new BitRange(start << 3, (end << 3) + 7);
    }

    /** Argument {@code i} as BIT (true) or BYTE (false); null after a syntax error. */
    private static Boolean unit(CommandContext<? extends Db> ctx, int i) {
        if (ctx.argv().equalsIgnoreCase(i, "bit")) {
            return true;
        }
        if (ctx.argv().equalsIgnoreCase(i, "byte")) {
            return false;
        }
        ctx.replySyntaxError();
        return null;
    }

    private static void bitcount(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Entry e = ctx.db().lookupRead(argv, 1);
        if (e == null) {
            ctx.reply().integer(0);
            return;
        }
        if (!(e.value instanceof byte[] s)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        int argc = argv.argc();
        if (argc == 2) {
            ctx.reply().integer(Bits.popcount(s, 0, s.length - 1));
            return;
        }
        if (argc != 4 && argc != 5) {
            ctx.replySyntaxError();
            return;
        }
        if (!argv.parseLong(2)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        long start = argv.parsedLong();
        if (!argv.parseLong(3)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        long end = argv.parsedLong();
        if (start < 0 && end < 0 && start > end) {
            ctx.reply().integer(0);
            return;
        }
        boolean isBit = false;
        if (argc == 5) {
            Boolean unit = unit(ctx, 4);
            if (unit == null) {
                return;
            }
            isBit = unit;
        }
        BitRange r = range(start, end, s.length, isBit);
        ctx.reply().integer(r.first > r.last ? 0 : count(s, r.first, r.last));
    }

    /** Set bits among bits [first, last]: whole bytes by popcount, the partial edge bytes bit by bit. */
    private static long count(byte[] s, long first, long last) {
        long n = 0;
        long bit = first;
        for (; bit <= last && (bit & 7) != 0; bit++) {
            n += Bits.bit(s, bit);
        }
        long fullBytesEnd = ((last + 1) >> 3) - 1; // last byte wholly inside the range
        if (bit >> 3 <= fullBytesEnd) {
            n += Bits.popcount(s, (int) (bit >> 3), (int) fullBytesEnd);
            bit = (fullBytesEnd + 1) << 3;
        }
        for (; bit <= last; bit++) {
            n += Bits.bit(s, bit);
        }
        return n;
    }

    private static void bitpos(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(2)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        long bit = argv.parsedLong();
        if (bit != 0 && bit != 1) {
            ctx.reply().error("The bit argument must be 1 or 0.");
            return;
        }
        Entry e = ctx.db().lookupRead(argv, 1);
        if (e == null) {
            ctx.reply().integer(bit == 1 ? -1 : 0); // a missing key is an endless run of zeros
            return;
        }
        if (!(e.value instanceof byte[] s)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        int argc = argv.argc();
        if (argc > 6) {
            ctx.replySyntaxError();
            return;
        }
        long start = 0;
        long end = s.length - 1L;
        boolean endGiven = false;
        boolean isBit = false;
        if (argc >= 4) {
            if (!argv.parseLong(3)) {
                ctx.reply().error(Values.NOT_INTEGER);
                return;
            }
            start = argv.parsedLong();
            if (argc == 6) {
                Boolean unit = unit(ctx, 5);
                if (unit == null) {
                    return;
                }
                isBit = unit;
            }
            if (argc >= 5) {
                if (!argv.parseLong(4)) {
                    ctx.reply().error(Values.NOT_INTEGER);
                    return;
                }
                end = argv.parsedLong();
                endGiven = true;
            }
        }
        BitRange r = range(start, end, s.length, isBit);
        if (r.first > r.last) {
            ctx.reply().integer(-1);
            return;
        }
        long found = Bits.firstBit(s, r.first, r.last, (int) bit);
        if (found < 0 && bit == 0 && !endGiven) {
            found = r.last + 1; // the zeros that follow the string
        }
        ctx.reply().integer(found);
    }
}
