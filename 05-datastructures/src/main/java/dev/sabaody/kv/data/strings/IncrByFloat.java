package dev.sabaody.kv.data.strings;

import dev.sabaody.kv.data.LongDouble;
import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.STRING;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.StringOrigin;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.LoggedForm;
import dev.sabaody.kv.resp.KeySpec;

/**
 * INCRBYFLOAT key increment: adds in {@link LongDouble} precision and stores the sum as the text it
 * prints, so the next INCRBYFLOAT (and every GET) reads exactly what was answered. A sum that is
 * infinite or NaN is refused and nothing changes. The TTL is kept.
 */
final class IncrByFloat implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("incrbyfloat", 3, new IncrByFloat())
                .logged(LoggedForm.RESULTING_VALUE)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, STRING, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Increment the float value of a key by the given amount", "2.6.0", "string", "O(1)",
                        Arg.key("key", 0),
                        Arg.of("increment", "double")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        byte[] old = Strings.stringOrReply(ctx, e);
        if (old == Strings.WRONG_TYPE) {
            return;
        }
        LongDouble value = old == null ? LongDouble.ZERO : LongDouble.parse(old);
        LongDouble increment = value == null ? null : LongDouble.parse(argv.copy(2));
        if (increment == null) {
            ctx.reply().error(Values.NOT_FLOAT);
            return;
        }
        LongDouble sum = value.add(increment);
        if (!sum.isFinite()) {
            ctx.reply().error("increment would produce NaN or Infinity");
            return;
        }
        byte[] text = sum.toHumanBytes();
        if (e == null) {
            e = db.add(argv.copy(1), text);
        } else {
            db.replaceValue(e, text);
            db.signalModified(e.key);
        }
        e.origin(StringOrigin.TEXT); // createStringObjectFromLongDouble: embstr or raw, never int
        db.notify(KeyspaceEvents.STRING, "incrbyfloat", e.key);
        ctx.reply().bulk(text);
    }
}
