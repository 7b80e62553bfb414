package dev.sabaody.kv.data.lists;

import static dev.sabaody.kv.resp.AclCategory.LIST;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.util.Arrays;

/**
 * LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] (lposCommand): the index of a
 * matching element.
 *
 * <ul>
 *   <li>RANK r: skip to the r-th match; a negative rank scans from the tail (indexes stay counted
 *       from the head). Zero is an error.
 *   <li>COUNT n: answer an array of up to n matches (0: all) instead of one integer or null.
 *   <li>MAXLEN m: look at most at m elements (0: all).
 * </ul>
 * Options are read before the key. Redis 7.0 reads RANK as any long: {@code -LONG_MIN} stays
 * negative in C, so a rank of -9223372036854775808 means "from the tail, the first match", and Java's
 * long arithmetic wraps the same way.
 */
final class Lpos implements Command<Db> {

    static final String RANK_ZERO = "RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
            + "or use negative to start from the end of the list";
    static final String COUNT_NEGATIVE = "COUNT can't be negative";
    static final String MAXLEN_NEGATIVE = "MAXLEN can't be negative";

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("lpos", -3, new Lpos())
                .flags(CommandFlag.READONLY)
                .acl(READ, LIST, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Return the index of matching elements on a list", "6.0.6", "list",
                        "O(N) where N is the number of elements in the list, for the average case. When searching "
                                + "for elements near the head or the tail of the list, or when the MAXLEN option is "
                                + "provided, the command may run in constant time.",
                        Arg.key("key", 0), Arg.of("element", "string"),
                        Arg.of("rank", "integer").withToken("RANK").optional(),
                        Arg.of("num-matches", "integer").withToken("COUNT").optional(),
                        Arg.of("len", "integer").withToken("MAXLEN").optional()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        long rank = 1;
        long count = -1; // -1: no COUNT given
        long maxlen = 0;
        for (int j = 3; j < argv.argc(); j++) {
            boolean more = j + 1 < argv.argc();
            if (more && argv.equalsIgnoreCase(j, "rank")) {
                j++;
                if (!argv.parseLong(j)) {
                    ctx.reply().error(Values.NOT_INTEGER);
                    return;
                }
                rank = argv.parsedLong();
                if (rank == 0) {
                    ctx.reply().error(RANK_ZERO);
                    return;
                }
            } else if (more && argv.equalsIgnoreCase(j, "count")) {
                j++;
                if (!argv.parseLong(j) || argv.parsedLong() < 0) {
                    ctx.reply().error(COUNT_NEGATIVE);
                    return;
                }
                count = argv.parsedLong();
            } else if (more && argv.equalsIgnoreCase(j, "maxlen")) {
                j++;
                if (!argv.parseLong(j) || argv.parsedLong() < 0) {
                    ctx.reply().error(MAXLEN_NEGATIVE);
                    return;
                }
                maxlen = argv.parsedLong();
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        boolean fromTail = rank < 0;
        if (fromTail) {
            rank = -rank;
        }
        Entry e = ctx.db().lookupRead(argv, 1);
        if (e == null) {
            if (count != -1) {
                ctx.reply().arrayHeader(0);
            } else {
                ctx.reply().nullBulk();
            }
            return;
        }
        if (!(e.value instanceof ListValue list)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        byte[] element = argv.copy(2);
        int length = list.size();
        long scanned = 0;
        long matches = 0;
        // With COUNT the array's length is known only at the end: gather the indexes first.
        long[] found = count != -1 ? new long[8] : null;
        int foundCount = 0;
        long single = -1;
        for (int i = 0; i < length && (maxlen == 0 || scanned < maxlen); i++, scanned++) {
            int index = fromTail ? length - 1 - i : i;
            if (!Arrays.equals(list.get(index), element)) {
                continue;
            }
            matches++;
            if (matches >= rank) {
                if (found == null) {
                    single = index;
                    break;
                }
                if (foundCount == found.length) {
                    found = Arrays.copyOf(found, foundCount * 2);
                }
                found[foundCount++] = index;
                if (count != 0 && matches - rank + 1 >= count) {
                    break;
                }
            }
        }
        if (found != null) {
            ctx.reply().arrayHeader(foundCount);
            for (int i = 0; i < foundCount; i++) {
                ctx.reply().integer(found[i]);
            }
        } else if (single >= 0) {
            ctx.reply().integer(single);
        } else {
            ctx.reply().nullBulk();
        }
    }
}
