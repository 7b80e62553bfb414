package dev.sabaody.kv.data.zsets;

import java.util.Arrays;

/**
 * A member interval of ZRANGEBYLEX, ZLEXCOUNT, ZREMRANGEBYLEX (Redis's {@code zlexrangespec}):
 * {@code [a} includes a, {@code (a} excludes it, {@code -} is below every member and {@code +}
 * above every member. Meaningful when all members have the same score, as the commands' docs say;
 * otherwise the answer follows the list's order anyway, as Redis's does.
 *
 * @param min the lower bound's bytes; ignored when {@code minInfinite} says it is "-" or "+"
 * @param minInfinite 0 for a real bound, -1 for "-", +1 for "+"
 */
public record LexRange(byte[] min, int minInfinite, boolean minExclusive,
                       byte[] max, int maxInfinite, boolean maxExclusive) implements NodeRange {

    /** The error of a range item that does not parse. */
    public static final String NOT_VALID = "min or max not valid string range item";

    private static final byte[] NONE = new byte[0];

    /** zslParseLexRange: null when either item is not valid. */
    public static LexRange parse(byte[] min, byte[] max) {
        Item lo = item(min);
        Item hi = item(max);
        if (lo == null || hi == null) {
            return null;
        }
        return new LexRange(lo.bytes, lo.infinite, lo.exclusive, hi.bytes, hi.infinite, hi.exclusive);
    }

    private record Item(byte[] bytes, int infinite, boolean exclusive) {
    }

    /** zslParseLexRangeItem: "+" and "-" alone, or a bound after "[" or "(". */
    private static Item item(byte[] text) {
        if (text.length == 0) {
            return null;
        }
        return switch (text[0]) {
            case '+' -> text.length == 1 ? new Item(NONE, 1, true) : null;
            case '-' -> text.length == 1 ? new Item(NONE, -1, true) : null;
            case '(' -> new Item(Arrays.copyOfRange(text, 1, text.length), 0, true);
            case '[' -> new Item(Arrays.copyOfRange(text, 1, text.length), 0, false);
            default -> null;
        };
    }

    /** sdscmplex: compares two bounds where -1/+1 infinities sort below/above every string. */
    private static int compare(byte[] a, int aInf, byte[] b, int bInf) {
        if (aInf != 0 || bInf != 0) {
            return Integer.compare(aInf, bInf);
        }
        return Arrays.compareUnsigned(a, b);
    }

    /** zslLexValueGteMin. */
    @Override
    public boolean aboveMin(SkipList.Node node) {
        return aboveMin(node.key);
    }

    @Override
    public boolean belowMax(SkipList.Node node) {
        return belowMax(node.key);
    }

    public boolean aboveMin(byte[] member) {
        int c = compare(member, 0, min, minInfinite);
        return minExclusive ? c > 0 : c >= 0;
    }

    /** zslLexValueLteMax. */
    public boolean belowMax(byte[] member) {
        int c = compare(member, 0, max, maxInfinite);
        return maxExclusive ? c < 0 : c <= 0;
    }

    /** zslIsInLexRange's first test: min after max, or equal with an open end. */
    @Override
    public boolean isEmpty() {
        int c = compare(min, minInfinite, max, maxInfinite);
        return c > 0 || (c == 0 && (minExclusive || maxExclusive));
    }
}
