package dev.sabaody.kv.data.keys;

import dev.sabaody.kv.data.ScanArgs;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.SlicedCommand;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.Glob;
import java.util.ArrayList;
import java.util.List;

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] (db.c scanCommand, scanGenericCommand): one
 * step of a walk over the keyspace that holds no state on the server. The client hands back the
 * cursor it was given, until it gets 0.
 *
 * <p>The cursor is the table's reversed-bit bucket cursor ({@link Db#scan}, dict.c dictScan): it
 * guarantees that a key present from the first call to the last is returned at least once, even if
 * the table grows or shrinks in between (docs/keys.md shows why). A key may come back twice.
 *
 * <p>One call, as Redis 7.0 does it:
 * <ol>
 *   <li>visit buckets until at least COUNT keys were collected, the cursor is back to 0, or
 *       10 × COUNT more buckets were visited (so a sparse table cannot make one call long);
 *   <li>then filter what was collected: MATCH, TYPE, and keys whose time has passed (deleted on
 *       the way, as a lookup would). Filtering comes after the walk because a lookup may delete,
 *       and the table must not change under the walk.
 * </ol>
 * So COUNT bounds the work, not the reply: a call may answer fewer keys than COUNT, even none,
 * with a cursor that is not 0.
 */
final class Scan implements SlicedCommand<Db, Scan.Page> {


    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("scan", -2, new Scan())
                .flags(CommandFlag.READONLY)
                .acl(KEYSPACE, READ, SLOW)
                .tips("nondeterministic_output", "request_policy:special")
                .doc(CommandDoc.of("Incrementally iterate the keys space", "2.8.0", "generic",
                                "O(1) for every call. O(N) for a complete iteration, including enough command calls"
                                        + " for the cursor to return back to 0. N is the number of elements inside the"
                                        + " collection.",
                                Arg.of("cursor", "integer"),
                                Arg.of("pattern", "pattern").withToken("MATCH").optional(),
                                Arg.of("count", "integer").withToken("COUNT").optional(),
                                Arg.of("type", "string").withToken("TYPE").since("6.0.0").optional())
                        .withHistory("6.0.0", "Added the `TYPE` subcommand."));
    }

    /** What one call found: the cursor to hand back, and the keys. */
    /**
     * What one slice's walk found: the slice, its next inner cursor (0: walked to the end), how many
     * keys it visited (COUNT counts those, before MATCH and TYPE), and the keys that passed; null for
     * a slice the cursor has already passed.
     */
    record Page(int slice, long next, int visited, List<byte[]> keys) {
    }

    @Override
    public boolean check(CommandContext<? extends Db> ctx) {
        return ScanArgs.parseCursor(ctx, 1, new long[1]) && ScanArgs.parseOptions(ctx, 2, true) != null;
    }

    /**
     * request_policy:special, answered here with every slice. Over several slices the cursor carries
     * the slice in its low digits, {@code cursor = inner × slices + slice}. The slice the cursor names
     * walks on from its inner cursor, the slices after it from their start, each for up to COUNT
     * keys; the answer takes them in order and stops at the first that is not done, so that, as in
     * Redis, a COUNT larger than what is left finishes the walk in one call. Each slice keeps Redis's
     * guarantee (every key present throughout the walk is returned), so the whole walk does. With
     * one slice the cursor is the table's own.
     */
    @Override
    public Page part(CommandContext<? extends Db> ctx) {
        int slice = ctx.server().slice();
        int slices = ctx.server().slices();
        long cursor = cursor(ctx.argv());
        int first = (int) Long.remainderUnsigned(cursor, slices);
        if (slice < first) {
            return null;
        }
        ScanArgs args = ScanArgs.parseOptions(ctx, 2, true);
        Db db = ctx.db();
        List<byte[]> keys = new ArrayList<>();
        long next = collect(db, slice == first ? Long.divideUnsigned(cursor, slices) : 0, args.count, keys);
        return new Page(slice, next, keys.size(), filter(db, keys, args.pattern, args.type));
    }

    @Override
    public void answer(CommandContext<? extends Db> ctx, List<Page> parts) {
        int slices = ctx.server().slices();
        long count = ScanArgs.parseOptions(ctx, 2, true).count;
        List<byte[]> keys = new ArrayList<>();
        long visited = 0;
        long outer = 0;
        for (Page page : parts) {
            if (page == null) {
                continue;
            }
            keys.addAll(page.keys());
            visited += page.visited();
            if (page.next() != 0) {
                outer = page.next() * slices + page.slice();
                break;
            }
            outer = page.slice() + 1 < slices ? page.slice() + 1 : 0; // this slice is done
            if (visited >= count) {
                break;
            }
        }
        ScanArgs.reply(ctx.reply(), outer, keys);
    }

    /** The cursor argument, which {@link #check} has found valid. */
    private static long cursor(Argv argv) {
        long[] cursor = new long[1];
        ScanArgs.parseCursor(argv.copy(1), cursor);
        return cursor[0];
    }

    /**
     * Step 1: walks buckets from {@code cursor}, adding every key (expired ones too) to {@code keys},
     * until {@code count} keys, the end, or the iteration budget. Returns the next cursor.
     */
    static long collect(Db db, long cursor, long count, List<byte[]> keys) {
        return ScanArgs.walk(cursor, count, keys::size, c -> db.scan(c, e -> keys.add(e.key)));
    }

    /**
     * Step 3 of scanGenericCommand: drops keys that miss the pattern, are of another type, or have
     * expired. The TYPE check is a lookup, which deletes an expired key and so calls it "none"; the
     * expiry check that follows only drops keys it finds expired, as expireIfNeeded does.
     */
    static List<byte[]> filter(Db db, List<byte[]> keys, byte[] pattern, String type) {
        List<byte[]> kept = new ArrayList<>(keys.size());
        for (byte[] key : keys) {
            if (pattern != null && !Glob.matches(pattern, key, false)) {
                continue;
            }
            if (type != null && !type.equalsIgnoreCase(Type.typeName(KeyArgs.lookupReadNoTouch(db, key)))) {
                continue;
            }
            Entry e = db.peek(key);
            if (e != null && db.isExpired(e)) {
                db.lookupNoTouch(key); // expires it
                continue;
            }
            kept.add(key);
        }
        return kept;
    }

}
