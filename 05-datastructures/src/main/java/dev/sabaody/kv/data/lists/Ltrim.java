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
 * LTRIM key start stop: keeps only the elements of the range (LRANGE's rules); an empty range
 * deletes the key. Always +OK, a missing key included. The indexes are checked before the key.
 */
final class Ltrim implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("ltrim", 4, new Ltrim())
                .flags(CommandFlag.WRITE)
                .acl(WRITE, LIST, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Trim a list to the specified range", "1.0.0", "list",
                        "O(N) where N is the number of elements to be removed by the operation.",
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
        long end = argv.parsedLong();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        if (e == null) {
            ctx.reply().ok();
            return;
        }
        if (!(e.value instanceof ListValue list)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        long length = list.size();
        if (start < 0) {
            start += length;
        }
        if (end < 0) {
            end += length;
        }
        if (start < 0) {
            start = 0;
        }
        long dropHead;
        long dropTail;
        if (start > end || start >= length) {
            dropHead = length;
            dropTail = 0;
        } else {
            if (end >= length) {
                end = length - 1;
            }
            dropHead = start;
            dropTail = length - end - 1;
        }
        long mark = db.changeMark();
        list.removeFirst((int) dropHead);
        list.removeLast((int) dropTail);
        // Redis signals the key even when nothing was trimmed.
        Lists.removed(db, e, "ltrim");
        db.countChanges(mark, dropHead + dropTail); // ltrimCommand: server.dirty += ltrim + rtrim
        ctx.reply().ok();
    }
}
