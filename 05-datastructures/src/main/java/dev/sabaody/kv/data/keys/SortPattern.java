package dev.sabaody.kv.data.keys;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.KeyspaceStats;
import dev.sabaody.kv.data.hashes.HashValue;
import java.util.Arrays;

/**
 * The key patterns of SORT's BY and GET (sort.c lookupKeyByPattern): the first {@code *} of the
 * pattern is replaced by the element, and the key so named is read; {@code weight_*->field} reads
 * a field of the hash {@code weight_<element>} instead, and {@code #} is the element itself.
 *
 * <p>These are the reason SORT cannot declare its keys: they are made from the values being
 * sorted, so no one can tell from the arguments which keys a SORT with BY or GET will read.
 *
 * <p>The pattern is searched as the C string Redis sees (up to its first NUL byte), while its parts
 * keep their full length, as Redis's mix of {@code strchr}/{@code strstr} and {@code sdslen} does.
 */
final class SortPattern {

    /** The pattern, whole. */
    private final byte[] pattern;
    /** Whether the pattern is "#": the element itself (SORT ... GET #). */
    private final boolean self;
    /** Index of the first '*', or -1 when there is none (then the pattern names no key at all). */
    private final int star;
    /** The hash field after "->", or null when the pattern names a string key. */
    private final byte[] field;
    /** The bytes after the '*' that end the key name (before "->field"). */
    private final int suffixLength;

    SortPattern(byte[] pattern) {
        this.pattern = pattern;
        int cEnd = 0;
        while (cEnd < pattern.length && pattern[cEnd] != 0) {
            cEnd++;
        }
        this.self = cEnd == 1 && pattern[0] == '#';
        int s = -1;
        for (int i = 0; i < cEnd; i++) {
            if (pattern[i] == '*') {
                s = i;
                break;
            }
        }
        this.star = s;
        int arrow = -1;
        if (s >= 0) {
            // strstr(p+1, "->"), and only if something other than the end of the C string follows it.
            for (int i = s + 1; i + 1 < cEnd; i++) {
                if (pattern[i] == '-' && pattern[i + 1] == '>') {
                    arrow = i;
                    break;
                }
            }
            if (arrow >= 0 && arrow + 2 >= cEnd) {
                arrow = -1;
            }
        }
        this.field = arrow < 0 ? null : Arrays.copyOfRange(pattern, arrow + 2, pattern.length);
        this.suffixLength = s < 0 ? 0 : (arrow < 0 ? pattern.length : arrow) - s - 1;
    }

    /** Whether the pattern has a '*' (a BY without one means "do not sort"). */
    static boolean hasStar(byte[] pattern) {
        for (byte b : pattern) {
            if (b == 0) {
                return false;
            }
            if (b == '*') {
                return true;
            }
        }
        return false;
    }

    /**
     * The value this pattern names for {@code element}, or null: no '*', no such key, a key of the
     * wrong type (a string is needed, or a hash with "->"), or no such field. Reads count as
     * lookupKeyRead's do: a hit or a miss ("keymiss" notified), the key's LRU clock touched, an
     * expired key deleted.
     */
    byte[] lookup(Db db, byte[] element) {
        if (self) {
            return element;
        }
        if (star < 0) {
            return null;
        }
        byte[] key = new byte[star + element.length + suffixLength];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, suffixLength);
        Entry e = db.lookup(key);
        KeyspaceStats stats = db.keyspace().stats();
        if (e == null) {
            stats.keyspaceMisses++;
            db.notify(KeyspaceEvents.KEY_MISS, "keymiss", key);
            return null;
        }
        stats.keyspaceHits++;
        if (field != null) {
            return e.value instanceof HashValue hash ? hash.get(field) : null;
        }
        return e.value instanceof byte[] s ? s : null;
    }
}
