package dev.sabaody.kv.data.keys;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Destination;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.KeyHash;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.data.lists.ListValue;
import dev.sabaody.kv.data.sets.SetValue;
import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.data.zsets.SortedSet;
import dev.sabaody.kv.data.zsets.Strtod;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What SORT and SORT_RO do (sort.c sortCommandGeneric), in its four steps:
 * <ol>
 *   <li><b>Parse</b> the SQL-like options: {@code BY pattern}, {@code LIMIT offset count},
 *       {@code GET pattern} (any number), {@code ASC|DESC}, {@code ALPHA}, and for SORT only
 *       {@code STORE destination}. Options are read before the key is looked up, so a bad LIMIT
 *       is an error even on a missing key.
 *   <li><b>Load</b> the elements of the list, set or sorted set. With {@code BY} a pattern without
 *       {@code *} ("BY nosort") nothing is sorted: a list or sorted set keeps its own order (walked
 *       backwards for DESC, and only the LIMIT range is read); a set keeps its iteration order,
 *       unless the result is STOREd, where Redis sorts it ALPHA anyway so that replicas and the AOF
 *       see the same list.
 *   <li><b>Weigh and sort</b>: each element's weight is itself, or the key its BY pattern names.
 *       Numeric weights are read with C's strtod (a weight that is not wholly a number, NaN or out
 *       of range fails the whole command once sorting is done); a missing weight key weighs 0.
 *       Equal numeric weights fall back to the elements' bytes, so the order is total. ALPHA
 *       compares bytes: as a C string with strcoll when replying (the C locale's order, which the
 *       Redis here runs in), in full with memcmp when storing. A missing ALPHA weight sorts first.
 *   <li><b>Answer</b> the LIMIT range: each element, or for each element the value of every GET
 *       pattern (null when missing); or STORE it all as a list (missing GET values as empty
 *       strings) and answer its length, deleting the destination when the result is empty.
 * </ol>
 *
 * <h2>Where the order can differ from Redis</h2>
 * Two elements that compare equal keep their load order here ({@code List.sort} is stable, as
 * glibc's merge-sort qsort is). That only happens with ALPHA and a BY pattern giving equal weights;
 * the load order of a set (and of a sorted set being sorted) is its hash table's, which differs
 * between the two servers, as SMEMBERS's order does, and Redis's partial sort for BY with LIMIT
 * (pqsort) is not stable. "BY nosort" on a set of strings likewise answers in table order.
 */
final class Sorting {

    /** sort.c: the error of a weight that is not a number. */
    static final String NOT_A_DOUBLE = "One or more scores can't be converted into double";

    /** One element being sorted (redisSortObject): the element, and its weight. */
    private static final class Item {
        final byte[] element;
        /** The numeric weight (0 when its BY key is missing). */
        double score;
        /** The ALPHA weight read through BY, or null when missing (or not sorting by a pattern). */
        byte[] by;

        Item(byte[] element) {
            this.element = element;
        }
    }

    /** The options, as parsed; {@code by} and {@code store} are null when not given. */
    private record Options(boolean desc, boolean alpha, long limitStart, long limitCount, byte[] by,
                           boolean dontSort, List<SortPattern> gets, byte[] store) {
    }

    private Sorting() {
    }

    /** SORT when {@code readonly} is false, SORT_RO when true (which knows no STORE). */
    static void run(CommandContext<? extends Db> ctx, boolean readonly) {
        Options o = parse(ctx, readonly);
        if (o == null) {
            return;
        }
        Db db = ctx.db();
        Entry e = db.lookupRead(ctx.argv(), 1);
        Object value = e == null ? null : e.value;
        if (value != null && !(value instanceof ListValue || value instanceof SetValue || value instanceof SortedSet)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        boolean dontSort = o.dontSort;
        boolean alpha = o.alpha;
        SortPattern by = o.by == null ? null : new SortPattern(o.by);
        if (dontSort && value instanceof SetValue && o.store != null) {
            // A set's order is its table's: a stored result must not depend on it.
            dontSort = false;
            alpha = true;
            by = null;
        }
        if (value instanceof SortedSet z) {
            z.convertToSkiplist(); // sort.c converts destructively, SORT_RO included
        }
        int length = value == null ? 0 : sizeOf(value);
        // LIMIT, clamped to the length first so that no sum below can overflow.
        long start = Math.min(Math.max(o.limitStart, 0), length);
        long count = Math.min(Math.max(o.limitCount, -1), length);
        long end = count < 0 ? length - 1 : start + count - 1;
        if (start >= length) {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length) {
            end = length - 1;
        }
        List<Item> items;
        if (dontSort && (value instanceof ListValue || value instanceof SortedSet)) {
            // Only the LIMIT range is read, in the value's own order (backwards for DESC).
            items = range(value, (int) start, (int) end, o.desc);
            end -= start;
            start = 0;
        } else {
            items = all(value);
        }
        if (!dontSort) {
            if (!weigh(db, items, by, alpha)) {
                ctx.reply().error(NOT_A_DOUBLE); // Redis sorts first, then answers this: the same reply
                return;
            }
            items.sort(comparator(alpha, by != null, o.store != null, o.desc));
        }
        if (o.store == null) {
            reply(ctx, db, items, (int) start, (int) end, o.gets);
        } else {
            store(ctx, db, items, (int) start, (int) end, o.gets, o.store);
        }
    }

    /** The options from argument 2 on; null after replying an error. */
    private static Options parse(CommandContext<? extends Db> ctx, boolean readonly) {
        Argv argv = ctx.argv();
        boolean desc = false;
        boolean alpha = false;
        long limitStart = 0;
        long limitCount = -1;
        byte[] by = null;
        boolean dontSort = false;
        List<SortPattern> gets = new ArrayList<>();
        byte[] store = null;
        for (int j = 2; j < argv.argc(); j++) {
            int left = argv.argc() - j - 1;
            if (argv.equalsIgnoreCase(j, "asc")) {
                desc = false;
            } else if (argv.equalsIgnoreCase(j, "desc")) {
                desc = true;
            } else if (argv.equalsIgnoreCase(j, "alpha")) {
                alpha = true;
            } else if (argv.equalsIgnoreCase(j, "limit") && left >= 2) {
                if (!argv.parseLong(j + 1)) {
                    ctx.reply().error(Values.NOT_INTEGER);
                    return null;
                }
                limitStart = argv.parsedLong();
                if (!argv.parseLong(j + 2)) {
                    ctx.reply().error(Values.NOT_INTEGER);
                    return null;
                }
                limitCount = argv.parsedLong();
                j += 2;
            } else if (!readonly && argv.equalsIgnoreCase(j, "store") && left >= 1) {
                store = argv.copy(++j);
            } else if (argv.equalsIgnoreCase(j, "by") && left >= 1) {
                by = argv.copy(++j);
                // Sticky, as in Redis: one constant BY turns sorting off even if another BY follows.
                dontSort |= !SortPattern.hasStar(by);
                if (SortPattern.hasStar(by) && !patternOnKeysSlice(ctx, by)) {
                    ctx.reply().error("BY option of SORT denied in Cluster mode when keys formed by the pattern may be"
                            + " in different slots.");
                    return null;
                }
            } else if (argv.equalsIgnoreCase(j, "get") && left >= 1) {
                byte[] pattern = argv.copy(++j);
                if (!java.util.Arrays.equals(pattern, HASH) && !patternOnKeysSlice(ctx, pattern)) {
                    ctx.reply().error("GET option of SORT denied in Cluster mode when keys formed by the pattern may be"
                            + " in different slots.");
                    return null;
                }
                gets.add(new SortPattern(pattern));
            } else {
                ctx.replySyntaxError();
                return null;
            }
        }
        return new Options(desc, alpha, limitStart, limitCount, by, dontSort, gets, store);
    }

    private static final byte[] HASH = {'#'};

    /**
     * Whether every key {@code pattern} can form lives in the slice of the key sorted: always with one
     * slice; with several, as Redis Cluster's sortCommand decides with patternHashSlot: a pattern
     * whose hash tag comes before any wildcard ({@code {user1}:*->age}) forms keys of that tag's
     * slice only, one with a wildcard before may form keys anywhere, and one without names a single
     * key; the slice must be the sorted key's.
     */
    private static boolean patternOnKeysSlice(CommandContext<? extends Db> ctx, byte[] pattern) {
        int slices = ctx.server().slices();
        if (slices == 1) {
            return true;
        }
        Argv argv = ctx.argv();
        int keyOwner = KeyHash.shardOf(argv.buffer(), argv.offset(1), argv.length(1), slices);
        return KeyHash.patternShardOf(pattern, slices) == keyOwner;
    }

    private static int sizeOf(Object value) {
        return switch (value) {
            case ListValue l -> l.size();
            case SetValue s -> s.size();
            case SortedSet z -> z.size();
            default -> throw new IllegalStateException("not sortable: " + value);
        };
    }

    /** Every element, in the value's order: a list's, a set's iteration order, a sorted set's. */
    private static List<Item> all(Object value) {
        List<Item> items = new ArrayList<>(value == null ? 0 : sizeOf(value));
        switch (value) {
            case null -> { }
            case ListValue l -> {
                for (int i = 0; i < l.size(); i++) {
                    items.add(new Item(l.get(i)));
                }
            }
            case SetValue s -> s.forEach(m -> items.add(new Item(m)));
            case SortedSet z -> {
                for (Node n = z.list().first(); n != null; n = n.next()) {
                    items.add(new Item(n.member()));
                }
            }
            default -> throw new IllegalStateException("not sortable: " + value);
        }
        return items;
    }

    /** Elements {@code start..end} of a list or sorted set in its order, or from its end for DESC. */
    private static List<Item> range(Object value, int start, int end, boolean desc) {
        List<Item> items = new ArrayList<>(Math.max(0, end - start + 1));
        if (end < start) {
            return items;
        }
        if (value instanceof ListValue l) {
            for (int i = start; i <= end; i++) {
                items.add(new Item(l.get(desc ? l.size() - 1 - i : i)));
            }
        } else {
            SortedSet z = (SortedSet) value;
            Node n = z.list().byRank(desc ? z.size() - start : start + 1L);
            for (int i = start; i <= end; i++, n = desc ? n.prev() : n.next()) {
                items.add(new Item(n.member()));
            }
        }
        return items;
    }

    /**
     * Reads every weight; false when one is not a number. Every BY key is still read, as in Redis,
     * whose reads count in INFO's keyspace hits and misses and expire what is due.
     */
    private static boolean weigh(Db db, List<Item> items, SortPattern by, boolean alpha) {
        boolean failed = false;
        for (Item item : items) {
            byte[] weight = by == null ? item.element : by.lookup(db, item.element);
            if (weight == null) {
                continue;
            }
            if (alpha) {
                if (by != null) {
                    item.by = weight;
                }
            } else {
                item.score = Strtod.sortWeight(weight);
                if (Double.isNaN(item.score)) {
                    failed = true;
                }
            }
        }
        return !failed;
    }

    /** sortCompare: by weight, then (numeric only) by the elements' bytes; reversed for DESC. */
    private static Comparator<Item> comparator(boolean alpha, boolean byPattern, boolean store, boolean desc) {
        Comparator<Item> c;
        if (!alpha) {
            c = (a, b) -> a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.element, b.element);
        } else if (byPattern) {
            c = (a, b) -> {
                if (a.by == null || b.by == null) {
                    return a.by == b.by ? 0 : a.by == null ? -1 : 1;
                }
                return store ? Arrays.compareUnsigned(a.by, b.by) : strcoll(a.by, b.by);
            };
        } else {
            c = store ? (a, b) -> Arrays.compareUnsigned(a.element, b.element) : (a, b) -> strcoll(a.element, b.element);
        }
        return desc ? c.reversed() : c;
    }

    /**
     * strcoll in the C locale: strcmp, unsigned bytes up to the first NUL of either. Redis collates
     * in the locale it was started in (setlocale(LC_COLLATE, "")); this server always uses C's.
     */
    static int strcoll(byte[] a, byte[] b) {
        for (int i = 0; ; i++) {
            int x = i < a.length ? a[i] & 0xff : 0;
            int y = i < b.length ? b[i] & 0xff : 0;
            if (x != y) {
                return x - y;
            }
            if (x == 0) {
                return 0;
            }
        }
    }

    private static void reply(CommandContext<? extends Db> ctx, Db db, List<Item> items, int start, int end,
                              List<SortPattern> gets) {
        RespEncoder reply = ctx.reply();
        int n = end - start + 1;
        reply.arrayHeader(gets.isEmpty() ? n : (long) gets.size() * n);
        for (int j = start; j <= end; j++) {
            byte[] element = items.get(j).element;
            if (gets.isEmpty()) {
                reply.bulk(element);
            }
            for (SortPattern get : gets) {
                byte[] v = get.lookup(db, element);
                if (v == null) {
                    reply.nullBulk();
                } else {
                    reply.bulk(v);
                }
            }
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private static void store(CommandContext<? extends Db> ctx, Db db, List<Item> items, int start, int end,
                              List<SortPattern> gets, byte[] destination) {
        ListValue list = new ListValue();
        for (int j = start; j <= end; j++) {
            byte[] element = items.get(j).element;
            if (gets.isEmpty()) {
                list.addLast(element);
            }
            for (SortPattern get : gets) {
                byte[] v = get.lookup(db, element);
                list.addLast(v == null ? EMPTY : v);
            }
        }
        if (list.size() > 0) {
            long mark = db.changeMark();
            Destination.store(db, destination, list, KeyspaceEvents.LIST, "sortstore"); // sortCommandGeneric
            db.countChanges(mark, list.size()); // server.dirty += outputlen
        } else {
            Destination.clear(db, destination);
        }
        ctx.reply().integer(list.size());
    }
}
