package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STRING;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * MGET, MSET and MSETNX: many keys in one command.
 *
 * <p>MGET answers nil for a key of another type instead of failing the whole reply. MSETNX sets
 * nothing at all if any key exists (all or nothing, in one step of the single-threaded loop, which
 * is what makes it atomic). An odd number of key/value arguments is an arity error, as Redis words it.
 */
final class MultiKey {

    private MultiKey() {
    }

    static CommandSpec.Builder<Db> mget() {
        return CommandSpec.<Db>command("mget", -2, MultiKey::mget)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, STRING, FAST)
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .tips("request_policy:multi_shard")
                .doc(CommandDoc.of("Get the values of all the given keys", "1.0.0", "string",
                        "O(N) where N is the number of keys to retrieve.",
                        Arg.key("key", 0).multiple()));
    }

    static CommandSpec.Builder<Db> mset() {
        return CommandSpec.<Db>command("mset", -3, ctx -> mset(ctx, false))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, STRING, SLOW)
                .keys(KeySpec.range(1, -1, 2, KeySpec.Flag.OW, KeySpec.Flag.UPDATE))
                .tips("request_policy:multi_shard", "response_policy:all_succeeded")
                .doc(CommandDoc.of("Set multiple keys to multiple values", "1.0.1", "string",
                        "O(N) where N is the number of keys to set.",
                        Arg.block("key_value", Arg.key("key", 0), Arg.of("value", "string")).multiple()));
    }

    static CommandSpec.Builder<Db> msetnx() {
        return CommandSpec.<Db>command("msetnx", -3, ctx -> mset(ctx, true))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, STRING, SLOW)
                .keys(KeySpec.range(1, -1, 2, KeySpec.Flag.OW, KeySpec.Flag.INSERT))
                .tips("request_policy:multi_shard", "response_policy:agg_min")
                .doc(CommandDoc.of("Set multiple keys to multiple values, only if none of the keys exist", "1.0.1",
                        "string", "O(N) where N is the number of keys to set.",
                        Arg.block("key_value", Arg.key("key", 0), Arg.of("value", "string")).multiple()));
    }

    private static void mget(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        ctx.reply().arrayHeader(argv.argc() - 1);
        for (int i = 1; i < argv.argc(); i++) {
            Entry e = db.lookupRead(argv, i);
            if (e != null && e.value instanceof byte[] s) {
                ctx.reply().bulk(s);
            } else {
                ctx.reply().nullBulk();
            }
        }
    }

    private static void mset(CommandContext<? extends Db> ctx, boolean nx) {
        Argv argv = ctx.argv();
        if (argv.argc() % 2 == 0) {
            ctx.replyWrongArity();
            return;
        }
        Db db = ctx.db();
        if (nx) {
            for (int i = 1; i < argv.argc(); i += 2) {
                if (db.lookup(argv, i) != null) {
                    ctx.reply().integer(0);
                    return;
                }
            }
        }
        for (int i = 1; i < argv.argc(); i += 2) {
            Entry set = db.set(argv.copy(i), argv.copy(i + 1), false);
            db.notify(KeyspaceEvents.STRING, "set", set.key); // msetGenericCommand, key by key
        }
        if (nx) {
            ctx.reply().integer(1);
        } else {
            ctx.reply().ok();
        }
    }
}
