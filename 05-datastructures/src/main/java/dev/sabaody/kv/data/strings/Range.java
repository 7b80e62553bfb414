package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STRING;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.StringOrigin;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.util.List;

/**
 * GETRANGE (and its old name SUBSTR) and SETRANGE: a string as an array of bytes.
 *
 * <p>GETRANGE's indexes are inclusive and may count from the end (-1 is the last byte); they are
 * clamped to the string rather than rejected, so an out-of-range request answers the empty string,
 * never an error. Two negative indexes in the wrong order answer empty before any clamping, as in
 * 7.0 (t_string.c getrangeCommand): {@code GETRANGE k -100 -200} is "" where clamping both to 0
 * would give the first byte.
 *
 * <p>SETRANGE pads with zero bytes up to the offset, and keeps the TTL.
 */
final class Range {

    private static final String GETRANGE_COMPLEXITY = "O(N) where N is the length of the returned string. The"
            + " complexity is ultimately determined by the returned length, but because creating a substring from"
            + " an existing string is very cheap, it can be considered O(1) for small strings.";

    private Range() {
    }

    static CommandSpec.Builder<Db> getrange() {
        return CommandSpec.<Db>command("getrange", 4, Range::getrange)
                .flags(CommandFlag.READONLY)
                .acl(READ, STRING, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get a substring of the string stored at a key", "2.4.0", "string",
                        GETRANGE_COMPLEXITY,
                        Arg.key("key", 0),
                        Arg.of("start", "integer"),
                        Arg.of("end", "integer")));
    }

    static CommandSpec.Builder<Db> substr() {
        return CommandSpec.<Db>command("substr", 4, Range::getrange)
                .flags(CommandFlag.READONLY)
                .acl(READ, STRING, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(new CommandDoc("Get a substring of the string stored at a key", "1.0.0", "string",
                        GETRANGE_COMPLEXITY, List.of("deprecated"), "2.0.0", "`GETRANGE`", List.of(),
                        List.of(Arg.key("key", 0), Arg.of("start", "integer"), Arg.of("end", "integer"))));
    }

    static CommandSpec.Builder<Db> setrange() {
        return CommandSpec.<Db>command("setrange", 4, Range::setrange)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, STRING, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Overwrite part of a string at key starting at the specified offset", "2.2.0",
                        "string", "O(1), not counting the time taken to copy the new string in place. Usually, this"
                                + " string is very small so the amortized complexity is O(1). Otherwise, complexity"
                                + " is O(M) with M being the length of the value argument.",
                        Arg.key("key", 0),
                        Arg.of("offset", "integer"),
                        Arg.of("value", "string")));
    }

    private static void getrange(CommandContext<? extends Db> ctx) {
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
        Entry e = ctx.db().lookupRead(argv, 1);
        if (e == null) {
            ctx.reply().bulk(EMPTY);
            return;
        }
        byte[] s = Strings.stringOrReply(ctx, e);
        if (s == Strings.WRONG_TYPE) {
            return;
        }
        long length = s.length;
        if (start < 0 && end < 0 && start > end) {
            ctx.reply().bulk(EMPTY);
            return;
        }
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        start = Math.max(start, 0);
        end = Math.max(end, 0);
        if (end >= length) {
            end = length - 1;
        }
        if (start > end || length == 0) {
            ctx.reply().bulk(EMPTY);
        } else {
            ctx.reply().bulk(s, (int) start, (int) (end - start + 1));
        }
    }

    private static final byte[] EMPTY = new byte[0];

    private static void setrange(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(2)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        long offset = argv.parsedLong();
        if (offset < 0) {
            ctx.reply().error("offset is out of range");
            return;
        }
        int valueLength = argv.length(3);
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        byte[] old;
        if (e == null) {
            if (valueLength == 0) {
                ctx.reply().integer(0);
                return;
            }
            old = EMPTY;
        } else {
            old = Strings.stringOrReply(ctx, e);
            if (old == Strings.WRONG_TYPE) {
                return;
            }
            if (valueLength == 0) {
                ctx.reply().integer(old.length);
                return;
            }
        }
        // A sum that wraps past Long.MAX_VALUE is too long as well (checkStringLength's overflow test).
        long needed = offset > Long.MAX_VALUE - valueLength ? Long.MAX_VALUE : offset + valueLength;
        if (!Strings.checkLength(ctx, needed)) {
            return;
        }
        byte[] s = needed > old.length ? java.util.Arrays.copyOf(old, (int) needed) : old;
        argv.buffer().get(argv.offset(3), s, (int) offset, valueLength);
        if (e == null) {
            db.add(argv.copy(1), s).origin(StringOrigin.RAW); // createObject(OBJ_STRING, sds)
        } else {
            db.replaceValue(e, s);
            e.origin(StringOrigin.RAW); // dbUnshareStringValue
            db.signalModified(e.key);
        }
        db.notify(KeyspaceEvents.STRING, "setrange", argv, 1); // setrangeCommand
        ctx.reply().integer(s.length);
    }
}
