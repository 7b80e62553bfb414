package dev.sabaody.kv.data.strings;

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
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.resp.Numbers;

/**
 * INCR, DECR, INCRBY, DECRBY: a string that reads as a 64-bit integer, used as an atomic counter.
 *
 * <p>Atomic because the keyspace has one thread: read, add and write happen in one command, with no
 * other command between them; no compare-and-swap is needed. A missing key counts as 0. The value
 * must pass Redis's strict string2ll (no spaces, no "+", no leading zeros); an overflow is refused
 * before anything changes, and the TTL is kept.
 */
final class Counter {

    private Counter() {
    }

    private static CommandSpec.Builder<Db> spec(String name, int arity, Command<Db> impl,
                                                CommandDoc doc) {
        return CommandSpec.<Db>command(name, arity, impl)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, STRING, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE))
                .doc(doc);
    }

    static CommandSpec.Builder<Db> incr() {
        return spec("incr", 2, ctx -> incrDecr(ctx, 1), CommandDoc.of(
                "Increment the integer value of a key by one", "1.0.0", "string", "O(1)", Arg.key("key", 0)));
    }

    static CommandSpec.Builder<Db> decr() {
        return spec("decr", 2, ctx -> incrDecr(ctx, -1), CommandDoc.of(
                "Decrement the integer value of a key by one", "1.0.0", "string", "O(1)", Arg.key("key", 0)));
    }

    static CommandSpec.Builder<Db> incrby() {
        return spec("incrby", 3, ctx -> {
            if (ctx.argv().parseLong(2)) {
                incrDecr(ctx, ctx.argv().parsedLong());
            } else {
                ctx.reply().error(Values.NOT_INTEGER);
            }
        }, CommandDoc.of("Increment the integer value of a key by the given amount", "1.0.0", "string", "O(1)",
                Arg.key("key", 0), Arg.of("increment", "integer")));
    }

    static CommandSpec.Builder<Db> decrby() {
        return spec("decrby", 3, ctx -> {
            if (!ctx.argv().parseLong(2)) {
                ctx.reply().error(Values.NOT_INTEGER);
            } else if (ctx.argv().parsedLong() == Long.MIN_VALUE) {
                ctx.reply().error("decrement would overflow"); // -LLONG_MIN does not exist
            } else {
                incrDecr(ctx, -ctx.argv().parsedLong());
            }
        }, CommandDoc.of("Decrement the integer value of a key by the given number", "1.0.0", "string", "O(1)",
                Arg.key("key", 0), Arg.of("decrement", "integer")));
    }

    /** t_string.c incrDecrCommand. */
    private static void incrDecr(CommandContext<? extends Db> ctx, long increment) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        long value = 0;
        if (e != null) {
            if (!(e.value instanceof byte[] s)) {
                ctx.reply().error(Values.WRONGTYPE);
                return;
            }
            long[] parsed = new long[1];
            if (!Numbers.string2ll(s, parsed)) {
                ctx.reply().error(Values.NOT_INTEGER);
                return;
            }
            value = parsed[0];
        }
        if ((increment < 0 && value < 0 && increment < Long.MIN_VALUE - value)
                || (increment > 0 && value > 0 && increment > Long.MAX_VALUE - value)) {
            ctx.reply().error("increment or decrement would overflow");
            return;
        }
        value += increment;
        byte[] digits = Strings.decimal(value);
        if (e == null) {
            e = db.add(argv.copy(1), digits);
        } else {
            db.replaceValue(e, digits);
            e.origin(StringOrigin.ARGUMENT); // a new object from createStringObjectFromLongLongForValue
            db.signalModified(e.key);
        }
        db.notify(KeyspaceEvents.STRING, "incrby", e.key); // incrDecrCommand: INCR, DECR and BY alike
        ctx.reply().integer(value);
    }
}
