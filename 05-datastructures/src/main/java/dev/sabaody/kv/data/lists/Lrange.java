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

/**
 * LRANGE key start stop: the elements from start to stop inclusive, negative indexes counting from
 * the tail (-1 is the last); out-of-range bounds are clamped, an empty range is the empty array. The
 * indexes are checked before the key.
 */
final class Lrange implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("lrange", 4, new Lrange())
                .flags(CommandFlag.READONLY)
                .acl(READ, LIST, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get a range of elements from a list", "1.0.0", "list",
                        "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end "
                                + "(HEAD or TAIL) for large lists; and N is the number of elements in the specified "
                                + "range.",
                        Arg.key("key", 0), Arg.of("start", "integer"), Arg.of("stop", "integer")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(2)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        long start = argv.parsedLong();
        if (!argv.parseLong(3)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        long stop = argv.parsedLong();
        Entry e = ctx.db().lookupRead(argv, 1);
        if (e == null) {
            ctx.reply().arrayHeader(0);
        } else if (e.value instanceof ListValue list) {
            Lists.replyRange(ctx.reply(), list, start, stop, false);
        } else {
            ctx.reply().error(Values.WRONGTYPE);
        }
    }
}
