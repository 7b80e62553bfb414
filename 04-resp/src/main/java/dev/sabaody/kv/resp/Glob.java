package dev.sabaody.kv.resp;

/**
 * Redis's glob-style pattern matching, as {@code KEYS}, {@code SCAN MATCH}, {@code CONFIG GET} and
 * {@code CLIENT LIST} use it: {@code *} any run of bytes, {@code ?} any one byte, {@code [abc]},
 * {@code [^abc]}, {@code [a-z]} classes, and {@code \} to escape the next byte.
 *
 * <p>A faithful port of {@code stringmatchlen} in Redis's {@code src/util.c}, corner cases included:
 * an unterminated class ({@code [abc}) matches as if closed, a range may be written backwards
 * ({@code [z-a]}), and a backslash at the end of the pattern matches a backslash. Like Redis, it gives
 * up on a {@code *} as soon as a shorter suffix failed to match, so a pattern of many stars cannot
 * make a match take exponential time (CVE-2022-36021).
 */
public final class Glob {

    private Glob() {
    }

    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return matches(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    public static boolean matches(byte[] pattern, int pOff, int pLen, byte[] string, int sOff, int sLen,
                                  boolean nocase) {
        return match(pattern, pOff, pOff + pLen, string, sOff, sOff + sLen, nocase, new boolean[1]);
    }

    private static boolean match(byte[] p, int pi, int pEnd, byte[] s, int si, int sEnd, boolean nocase,
                                 boolean[] skipLongerMatches) {
        while (pi < pEnd && si < sEnd) {
            switch (p[pi]) {
                case '*' -> {
                    while (pi + 1 < pEnd && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == pEnd) {
                        return true;
                    }
                    while (si < sEnd) {
                        if (match(p, pi + 1, pEnd, s, si, sEnd, nocase, skipLongerMatches)) {
                            return true;
                        }
                        if (skipLongerMatches[0]) {
                            return false;
                        }
                        si++;
                    }
                    skipLongerMatches[0] = true;
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean not = pi < pEnd && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean match = false;
                    while (true) {
                        if (pi < pEnd && p[pi] == '\\' && pEnd - pi >= 2) {
                            pi++;
                            if (p[pi] == s[si]) {
                                match = true;
                            }
                        } else if (pi < pEnd && p[pi] == ']') {
                            break;
                        } else if (pi >= pEnd) {
                            pi--; // unterminated class: step back so the loop's advance lands on the end
                            break;
                        } else if (pEnd - pi >= 3 && p[pi + 1] == '-') {
                            int start = p[pi];
                            int end = p[pi + 2];
                            int c = s[si];
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            if (nocase) {
                                start = lower(start);
                                end = lower(end);
                                c = lower(c);
                            }
                            pi += 2;
                            if (c >= start && c <= end) {
                                match = true;
                            }
                        } else if (equal(p[pi], s[si], nocase)) {
                            match = true;
                        }
                        pi++;
                    }
                    if (not) {
                        match = !match;
                    }
                    if (!match) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pEnd - pi >= 2) {
                        pi++;
                    }
                    if (!equal(p[pi], s[si], nocase)) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (!equal(p[pi], s[si], nocase)) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
            if (si == sEnd) {
                while (pi < pEnd && p[pi] == '*') {
                    pi++;
                }
                break;
            }
        }
        return pi == pEnd && si == sEnd;
    }

    private static boolean equal(byte a, byte b, boolean nocase) {
        return nocase ? lower(a) == lower(b) : a == b;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
