package dev.sabaody.kv.data.zsets;

/**
 * A score interval of ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE (Redis's {@code zrangespec}): each end
 * inclusive, or exclusive when written with a leading {@code (}; {@code -inf} and {@code +inf} work
 * because strtod reads them.
 *
 * @param minExclusive whether min itself is outside the range
 * @param maxExclusive whether max itself is outside the range
 */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) implements NodeRange {

    /** The error of a range that does not parse (zrangeGenericCommand, zcountCommand). */
    public static final String NOT_FLOAT = "min or max is not a float";

    /**
     * zslParseRange: null when either end is not a float. Note it is laxer than score parsing: strtod
     * only has to reach the end of the argument (or a NUL byte), so "" is 0, " 1" is 1 and 1e400 is
     * inf; only NaN is refused.
     */
    public static ScoreRange parse(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        double lo = end(min, minEx ? 1 : 0);
        double hi = end(max, maxEx ? 1 : 0);
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            return null;
        }
        return new ScoreRange(lo, minEx, hi, maxEx);
    }

    private static double end(byte[] text, int from) {
        Strtod.Parsed p = Strtod.prefix(text, from);
        int end = p.end() == from ? from : p.end(); // no conversion: strtod leaves eptr at the start
        if (end < text.length && text[end] != 0) {
            return Double.NaN;
        }
        return p.value();
    }

    /** zslValueGteMin: whether {@code value} is not below the range. */
    @Override
    public boolean aboveMin(SkipList.Node node) {
        return aboveMin(node.score);
    }

    @Override
    public boolean belowMax(SkipList.Node node) {
        return belowMax(node.score);
    }

    public boolean aboveMin(double value) {
        return minExclusive ? value > min : value >= min;
    }

    /** zslValueLteMax: whether {@code value} is not above the range. */
    public boolean belowMax(double value) {
        return maxExclusive ? value < max : value <= max;
    }

    public boolean contains(double value) {
        return aboveMin(value) && belowMax(value);
    }

    /** Whether no score can be inside (min above max, or one point with an open end). */
    @Override
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }
}
