package dev.sabaody.kv.data.hashes;

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
import dev.sabaody.kv.resp.Numbers;
import java.nio.charset.StandardCharsets;

/**
 * HINCRBY key field increment: adds to a field read as a 64-bit integer (an absent field is 0) and
 * answers the sum. The order of the checks is Redis's (hincrbyCommand): the increment, then the key's
 * type, then the stored value ("hash value is not an integer"), then overflow.
 */
final class HIncrBy implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("hincrby", 4, new HIncrBy())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, HASH, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Increment the integer value of a hash field by the given number", "2.0.0", "hash",
                        "O(1)", Arg.key("key", 0), Arg.of("field", "string"), Arg.of("increment", "integer")));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (!argv.parseLong(3)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        long increment = argv.parsedLong();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        if (e != null && !(e.value instanceof HashValue)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        HashValue hash = e == null ? new HashValue() : (HashValue) e.value;
        long old = 0;
        byte[] stored = hash.get(argv, 2);
        if (stored != null) {
            long[] parsed = new long[1];
            if (!Numbers.string2ll(stored, parsed)) {
                ctx.reply().error("hash value is not an integer");
                return;
            }
            old = parsed[0];
        }
        if ((increment < 0 && old < 0 && increment < Long.MIN_VALUE - old)
                || (increment > 0 && old > 0 && increment > Long.MAX_VALUE - old)) {
            ctx.reply().error("increment or decrement would overflow");
            return;
        }
        long sum = old + increment;
        hash.set(argv.copy(2), Long.toString(sum).getBytes(StandardCharsets.US_ASCII));
        if (e == null) {
            db.add(argv.copy(1), hash);
        } else {
            db.signalModified(e.key);
        }
        db.notify(KeyspaceEvents.HASH, "hincrby", argv, 1); // hincrbyCommand
        ctx.reply().integer(sum);
    }
}
