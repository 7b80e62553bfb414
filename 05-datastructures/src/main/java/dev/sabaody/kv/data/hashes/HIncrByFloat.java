package dev.sabaody.kv.data.hashes;

import dev.sabaody.kv.data.LongDouble;
import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.HASH;
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
 * HINCRBYFLOAT key field increment: adds in 80-bit long double ({@link LongDouble}) and stores and
 * answers the sum as {@code "%.17Lf"} with the trailing zeros cut, byte for byte as Redis on x86-64.
 * Checks in Redis's order (hincrbyfloatCommand): the increment parses, is finite, the key is a hash,
 * the stored value parses, the sum is finite.
 */
final class HIncrByFloat implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("hincrbyfloat", 4, new HIncrByFloat())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, HASH, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Increment the float value of a hash field by the given amount", "2.6.0", "hash",
                        "O(1)", Arg.key("key", 0), Arg.of("field", "string"), Arg.of("increment", "double")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        LongDouble increment = LongDouble.parse(argv.copy(3));
        if (increment == null) {
            ctx.reply().error(Values.NOT_FLOAT);
            return;
        }
        if (!increment.isFinite()) {
            ctx.reply().error("value is NaN or Infinity");
            return;
        }
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        if (e != null && !(e.value instanceof HashValue)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        HashValue hash = e == null ? new HashValue() : (HashValue) e.value;
        LongDouble old = LongDouble.ZERO;
        byte[] stored = hash.get(argv, 2);
        if (stored != null) {
            old = LongDouble.parse(stored);
            if (old == null) {
                ctx.reply().error("hash value is not a float");
                return;
            }
        }
        LongDouble sum = old.add(increment);
        if (!sum.isFinite()) {
            ctx.reply().error("increment would produce NaN or Infinity");
            return;
        }
        byte[] text = sum.toHumanBytes();
        hash.set(argv.copy(2), text);
        if (e == null) {
            db.add(argv.copy(1), hash);
        } else {
            db.signalModified(e.key);
        }
        db.notify(KeyspaceEvents.HASH, "hincrbyfloat", argv, 1); // hincrbyfloatCommand
        ctx.reply().bulk(text);
    }
}
