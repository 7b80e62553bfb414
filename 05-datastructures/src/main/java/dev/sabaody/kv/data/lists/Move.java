package dev.sabaody.kv.data.lists;

import static dev.sabaody.kv.resp.AclCategory.BLOCKING;
import static dev.sabaody.kv.resp.AclCategory.LIST;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Blocking;
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
import java.util.List;

/**
 * LMOVE source destination LEFT|RIGHT LEFT|RIGHT, RPOPLPUSH source destination (LMOVE RIGHT LEFT),
 * and their blocking forms BLMOVE ... timeout and BRPOPLPUSH source destination timeout
 * (lmoveGenericCommand, blmoveGenericCommand).
 *
 * <p>Pops one element from source and pushes it onto destination, creating it; answers the element,
 * or the null bulk string when source is missing. Source and destination may be the same list (a
 * rotation). The destination's type is checked only once the source is known to hold something, so
 * BLMOVE on an empty source blocks even when the destination is a string, as in Redis.
 *
 * <p>The blocking forms block on the source only. Served later, the whole command runs again; the
 * element it pushes creates or grows the destination, which may in turn wake clients blocked there.
 */
final class Move implements Command<Db> {

    /** RPOPLPUSH, BRPOPLPUSH: always RIGHT to LEFT, no end arguments. */
    private final boolean fixedEnds;
    /** Argument index of the timeout, or -1 when the command does not block. */
    private final int timeoutIndex;

    private Move(boolean fixedEnds, int timeoutIndex) {
        this.fixedEnds = fixedEnds;
        this.timeoutIndex = timeoutIndex;
    }

    private static final KeySpec SOURCE = KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS,
            KeySpec.Flag.DELETE);
    private static final KeySpec DESTINATION = KeySpec.range(2, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.INSERT);

    private static Arg end(String name) {
        return Arg.oneOf(name, Arg.token("left", "LEFT"), Arg.token("right", "RIGHT"));
    }

    static CommandSpec.Builder<Db> lmove() {
        return CommandSpec.<Db>command("lmove", 5, new Move(false, -1))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, LIST, SLOW)
                .keys(SOURCE, DESTINATION)
                .doc(CommandDoc.of("Pop an element from a list, push it to another list and return it", "6.2.0",
                        "list", "O(1)", Arg.key("source", 0), Arg.key("destination", 1), end("wherefrom"),
                        end("whereto")));
    }

    static CommandSpec.Builder<Db> rpoplpush() {
        return CommandSpec.<Db>command("rpoplpush", 3, new Move(true, -1))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, LIST, SLOW)
                .keys(SOURCE, DESTINATION)
                .doc(new CommandDoc("Remove the last element in a list, prepend it to another list and return it",
                        "1.2.0", "list", "O(1)", List.of("deprecated"), "6.2.0",
                        "`LMOVE` with the `RIGHT` and `LEFT` arguments", List.of(),
                        List.of(Arg.key("source", 0), Arg.key("destination", 1))));
    }

    static CommandSpec.Builder<Db> blmove() {
        return CommandSpec.<Db>command("blmove", 6, new Move(false, 5))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING)
                .acl(WRITE, LIST, SLOW, BLOCKING)
                .keys(SOURCE, DESTINATION)
                .doc(CommandDoc.of("Pop an element from a list, push it to another list and return it; or block "
                                + "until one is available", "6.2.0", "list", "O(1)", Arg.key("source", 0),
                        Arg.key("destination", 1), end("wherefrom"), end("whereto"), Arg.of("timeout", "double")));
    }

    static CommandSpec.Builder<Db> brpoplpush() {
        return CommandSpec.<Db>command("brpoplpush", 4, new Move(true, 3))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.NOSCRIPT, CommandFlag.BLOCKING)
                .acl(WRITE, LIST, SLOW, BLOCKING)
                .keys(SOURCE, DESTINATION)
                .doc(new CommandDoc("Pop an element from a list, push it to another list and return it; or block "
                        + "until one is available", "2.2.0", "list", "O(1)", List.of("deprecated"), "6.2.0",
                        "`BLMOVE` with the `RIGHT` and `LEFT` arguments",
                        List.<String[]>of(new String[] {
                            "6.0.0", "`timeout` is interpreted as a double instead of an integer."}),
                        List.of(Arg.key("source", 0), Arg.key("destination", 1), Arg.of("timeout", "double"))));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        boolean fromLeft = Lists.RIGHT;
        boolean toLeft = Lists.LEFT;
        if (!fixedEnds) {
            Boolean from = Lists.where(ctx, 3);
            if (from == null) {
                return;
            }
            Boolean to = Lists.where(ctx, 4);
            if (to == null) {
                return;
            }
            fromLeft = from;
            toLeft = to;
        }
        long timeout = 0;
        if (timeoutIndex > 0) {
            timeout = Blocking.parseTimeoutSeconds(ctx, timeoutIndex);
            if (timeout < 0) {
                return;
            }
        }
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry source = db.lookup(argv, 1);
        if (source == null) {
            if (timeoutIndex > 0) {
                Blocking.block(ctx, List.of(argv.copy(1)), timeout, Blocking.TimeoutReply.NULL_BULK);
            } else {
                ctx.reply().nullBulk();
            }
            return;
        }
        if (!(source.value instanceof ListValue from)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        Entry destination = db.lookup(argv, 2);
        if (destination != null && !(destination.value instanceof ListValue)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        long mark = db.changeMark();
        byte[] value = from.remove(fromLeft);
        if (destination == null) {
            ListValue to = new ListValue();
            to.add(toLeft, value);
            db.add(argv.copy(2), to);
        } else {
            ((ListValue) destination.value).add(toLeft, value);
            db.signalModified(destination.key);
        }
        db.notify(KeyspaceEvents.LIST, toLeft ? "lpush" : "rpush", argv, 2); // lmoveHandlePush
        ctx.reply().bulk(value);
        // After the push: when source and destination are one list, a rotation never empties it.
        Lists.removed(db, source, fromLeft ? "lpop" : "rpop"); // lmoveGenericCommand: the pop, then del if emptied
        db.countChanges(mark, 1); // lmoveGenericCommand: server.dirty++, two keys or one
    }
}
