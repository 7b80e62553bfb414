package dev.sabaody.kv.rdb;

/** Integer strings as Redis's string2ll and ll2string see them. */
final class Strings {

    /** Returned by {@link #parseCanonicalLong} for a string that is not an integer's exact decimal form. */
    static final long NOT_CANONICAL = Long.MIN_VALUE;

    private Strings() {
    }

    /**
     * The value of {@code s} when it is the canonical decimal form of a long (no sign but a leading
     * '-', no leading zero, no spaces): exactly the strings rdbTryIntegerEncoding turns into integers,
     * since formatting the number back must give the same bytes. {@link #NOT_CANONICAL} otherwise
     * (Long.MIN_VALUE itself is never stored as an integer: it needs 64 bits anyway).
     */
    static long parseCanonicalLong(byte[] s) {
        int n = s.length;
        if (n == 0 || n > 20) {
            return NOT_CANONICAL;
        }
        int i = 0;
        boolean negative = s[0] == '-';
        if (negative) {
            i = 1;
            if (n == 1) {
                return NOT_CANONICAL;
            }
        }
        if (s[i] == '0') {
            return n == 1 ? 0 : NOT_CANONICAL;
        }
        long v = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return NOT_CANONICAL;
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                return NOT_CANONICAL;
            }
            v = v * 10 + d;
        }
        return negative ? -v : v;
    }
}
