package dev.sabaody.kv.data.lists;

import static dev.sabaody.kv.resp.AclCategory.LIST;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
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

/** LSET key index element: replaces one element; "no such key" and "index out of range" are errors. */
final class Lset implements Command<Db> {

    /** server.c shared.nokeyerr. */
    static final String NO_SUCH_KEY = "no such key";
    /** server.c shared.outofrangeerr. */
    static final String INDEX_OUT_OF_RANGE = "index out of range";

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("lset", 4, new Lset())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, LIST, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Set the value of an element in a list by its index", "1.0.0", "list",
                        "O(N) where N is the length of the list. Setting either the first or the last element of "
                                + "the list is O(1).",
                        Arg.key("key", 0), Arg.of("index", "integer"), Arg.of("element", "string")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        if (e == null) {
            ctx.reply().error(NO_SUCH_KEY);
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
            ctx.reply().error(INDEX_OUT_OF_RANGE);
            return;
        }
        list.set(i, argv.copy(3));
        db.signalModified(e.key);
        db.notify(KeyspaceEvents.LIST, "lset", e.key); // lsetCommand
        ctx.reply().ok();
    }
}
