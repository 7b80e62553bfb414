package dev.sabaody.kv.data.lists;

import static dev.sabaody.kv.resp.AclCategory.LIST;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

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
 * LREM key count element: removes the first count occurrences from the head (count &gt; 0), the last
 * -count from the tail (count &lt; 0), or all (0); answers how many went. The count is checked before
 * the key.
 */
final class Lrem implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("lrem", 4, new Lrem())
                .flags(CommandFlag.WRITE)
                .acl(WRITE, LIST, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Remove elements from a list", "1.0.0", "list",
                        "O(N+M) where N is the length of the list and M is the number of elements removed.",
                        Arg.key("key", 0), Arg.of("count", "integer"), Arg.of("element", "string")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(2)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        long count = argv.parsedLong();
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
        // -Long.MIN_VALUE stays negative, as in C: no limit then, as Redis removes all.
        long limit = count < 0 ? -count : count;
        int removed = list.removeMatching(argv.copy(3), limit < 0 ? 0 : limit, count < 0);
        if (removed > 0) {
            Lists.removed(db, e, "lrem");
        }
        ctx.reply().integer(removed);
    }
}
