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

/**
 * LINSERT key BEFORE|AFTER pivot element: inserts next to the first occurrence of pivot from the
 * head; answers the new length, -1 when pivot is absent, 0 when the key is. BEFORE/AFTER is checked
 * before the key.
 */
final class Linsert implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("linsert", 5, new Linsert())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, LIST, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of("Insert an element before or after another element in a list", "2.2.0", "list",
                        "O(N) where N is the number of elements to traverse before seeing the value pivot. This "
                                + "means that inserting somewhere on the left end on the list (head) can be considered "
                                + "O(1) and inserting somewhere on the right end (tail) is O(N).",
                        Arg.key("key", 0),
                        Arg.oneOf("where", Arg.token("before", "BEFORE"), Arg.token("after", "AFTER")),
                        Arg.of("pivot", "string"), Arg.of("element", "string")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        boolean after;
        if (argv.equalsIgnoreCase(2, "after")) {
            after = true;
        } else if (argv.equalsIgnoreCase(2, "before")) {
            after = false;
        } else {
            ctx.replySyntaxError();
            return;
        }
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        if (e == null) {
            ctx.reply().integer(0);
            return;
        }
        if (!(e.value instanceof ListValue list)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        int pivot = list.indexOf(argv.copy(3));
        if (pivot < 0) {
            ctx.reply().integer(-1);
            return;
        }
        list.insert(after ? pivot + 1 : pivot, argv.copy(4));
        db.signalModified(e.key);
        db.notify(KeyspaceEvents.LIST, "linsert", e.key); // linsertCommand
        ctx.reply().integer(list.size());
    }
}
