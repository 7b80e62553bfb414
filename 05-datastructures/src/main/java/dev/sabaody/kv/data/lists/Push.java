package dev.sabaody.kv.data.lists;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.LIST;
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
 * LPUSH, RPUSH, LPUSHX, RPUSHX key element [element ...]: push each element in turn at one end and
 * answer the new length (pushGenericCommand). The X forms answer 0 and create nothing when the key
 * is missing. Creating the list is what wakes the clients blocked on the key (BLPOP and friends).
 */
final class Push implements Command<Db> {

    /** Pushes at the head (LPUSH) or the tail. */
    private final boolean left;
    /** Only when the list exists (LPUSHX, RPUSHX). */
    private final boolean onlyIfExists;

    private Push(boolean left, boolean onlyIfExists) {
        this.left = left;
        this.onlyIfExists = onlyIfExists;
    }

    static CommandSpec.Builder<Db> lpush() {
        return spec("lpush", new Push(true, false), "Prepend one or multiple elements to a list", "1.0.0", "2.4.0");
    }

    static CommandSpec.Builder<Db> rpush() {
        return spec("rpush", new Push(false, false), "Append one or multiple elements to a list", "1.0.0", "2.4.0");
    }

    static CommandSpec.Builder<Db> lpushx() {
        return spec("lpushx", new Push(true, true), "Prepend an element to a list, only if the list exists",
                "2.2.0", "4.0.0");
    }

    static CommandSpec.Builder<Db> rpushx() {
        return spec("rpushx", new Push(false, true), "Append an element to a list, only if the list exists",
                "2.2.0", "4.0.0");
    }

    private static CommandSpec.Builder<Db> spec(String name, Push impl, String summary, String since,
                                                String multipleSince) {
        return CommandSpec.<Db>command(name, -3, impl)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, LIST, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT))
                .doc(CommandDoc.of(summary, since, "list",
                        "O(1) for each element added, so O(N) to add N elements when the command is called with "
                                + "multiple arguments.",
                        Arg.key("key", 0), Arg.of("element", "string").multiple())
                        .withHistory(multipleSince, "Accepts multiple `element` arguments."));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Db db = ctx.db();
        Argv argv = ctx.argv();
        Entry e = db.lookup(argv, 1);
        long mark = db.changeMark();
        ListValue list;
        if (e == null) {
            if (onlyIfExists) {
                ctx.reply().integer(0);
                return;
            }
            list = new ListValue();
            for (int i = 2; i < argv.argc(); i++) {
                list.add(left, argv.copy(i));
            }
            db.add(argv.copy(1), list);
        } else if (e.value instanceof ListValue existing) {
            list = existing;
            for (int i = 2; i < argv.argc(); i++) {
                list.add(left, argv.copy(i));
            }
            db.signalModified(e.key);
        } else {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        db.countChanges(mark, argv.argc() - 2); // pushGenericCommand: server.dirty += elements
        db.notify(KeyspaceEvents.LIST, left ? "lpush" : "rpush", argv, 1); // pushGenericCommand
        ctx.reply().integer(list.size());
    }
}
