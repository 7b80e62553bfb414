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
 * LINDEX key index: the element at index (negative counts from the tail), or the null bulk string
 * out of range. Unlike LRANGE, the key is looked up before the index is read: a missing key answers
 * null whatever the index says.
 */
final class Lindex implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("lindex", 3, new Lindex())
                .flags(CommandFlag.READONLY)
                .acl(READ, LIST, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get an element from a list by its index", "1.0.0", "list",
                        "O(N) where N is the number of elements to traverse to get to the element at index. This "
                                + "makes asking for the first or the last element of the list O(1).",
                        Arg.key("key", 0), Arg.of("index", "integer")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Entry e = ctx.db().lookupRead(argv, 1);
        if (e == null) {
            ctx.reply().nullBulk();
            return;
        }
        if (!(e.value instanceof ListValue list)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        if (!argv.parseLong(2)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        int i = Lists.index(list, argv.parsedLong());
        if (i < 0) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(list.get(i));
        }
    }
}
