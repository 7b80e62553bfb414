package dev.sabaody.kv.data.strings;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.RequestParser;

/**
 * What the string commands share: the size limit, the lookups with their type check, and integers
 * written as the decimal bytes Redis stores them as.
 *
 * <h2>A string is a byte[] of exactly its length</h2>
 * The keyspace holds a string value as a {@code byte[]} whose length is the string's length: GET
 * writes the array as it is, and every other family recognises a string by {@code instanceof byte[]}.
 * Redis's sds keeps spare room after the bytes so that APPEND, SETRANGE and SETBIT grow in amortised
 * O(1) (sdsMakeRoomFor doubles up to 1 MB); here a command that lengthens a string copies it into a
 * new array of the new length. That keeps every reader simple and wastes no byte per key, and costs
 * O(n) per growing write: see docs/strings.md for what that means for a bitmap grown bit by bit.
 *
 * <p>Redis also stores a string that reads as a long as an integer (OBJ_ENCODING_INT); here it stays
 * its decimal bytes, which is what every command sees of it anyway (OBJECT ENCODING still answers
 * "int", from {@link Values#encoding}).
 */
final class Strings {

    /** config.c proto-max-bulk-len (bytes): no string may grow beyond it (t_string.c checkStringLength). */
    static final long PROTO_MAX_BULK_LEN = RequestParser.PROTO_MAX_BULK_LEN;

    static final String TOO_LONG = "string exceeds maximum allowed size (proto-max-bulk-len)";

    private Strings() {
    }

    /** checkStringLength: false, after answering the error, when a string would exceed the limit. */
    static boolean checkLength(CommandContext<? extends Db> ctx, long size) {
        if (size > PROTO_MAX_BULK_LEN) {
            ctx.reply().error(TOO_LONG);
            return false;
        }
        return true;
    }

    /**
     * The string of entry {@code e}, or null when {@code e} is null; answers WRONGTYPE and returns
     * {@link #WRONG_TYPE} when it holds another type (checkType).
     */
    static byte[] stringOrReply(CommandContext<? extends Db> ctx, Entry e) {
        if (e == null) {
            return null;
        }
        if (e.value instanceof byte[] s) {
            return s;
        }
        ctx.reply().error(Values.WRONGTYPE);
        return WRONG_TYPE;
    }

    /** The marker {@link #stringOrReply} returns after answering WRONGTYPE; compare by identity. */
    static final byte[] WRONG_TYPE = new byte[0];

    /**
     * getGenericCommand: answers the string at argument 1 (the null bulk when absent) and returns
     * false when the key holds another type (after answering WRONGTYPE). GET, GETSET, GETDEL and
     * SET ... GET all begin with it.
     */
    static boolean replyValue(CommandContext<? extends Db> ctx) {
        Entry e = ctx.db().lookupRead(ctx.argv(), 1);
        if (e == null) {
            ctx.reply().nullBulk();
            return true;
        }
        if (e.value instanceof byte[] s) {
            ctx.reply().bulk(s);
            return true;
        }
        ctx.reply().error(Values.WRONGTYPE);
        return false;
    }

    /** {@code v} as decimal ASCII bytes (ll2string), without a String in between. */
    static byte[] decimal(long v) {
        if (v == Long.MIN_VALUE) {
            return "-9223372036854775808".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        boolean negative = v < 0;
        long u = negative ? -v : v;
        int digits = 1;
        for (long t = u; t >= 10; t /= 10) {
            digits++;
        }
        byte[] out = new byte[digits + (negative ? 1 : 0)];
        for (int i = out.length - 1; i >= (negative ? 1 : 0); i--) {
            out[i] = (byte) ('0' + u % 10);
            u /= 10;
        }
        if (negative) {
            out[0] = '-';
        }
        return out;
    }
}
