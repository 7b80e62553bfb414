package dev.sabaody.kv.data.hashes;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.HASH;
import static dev.sabaody.kv.resp.AclCategory.READ;

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
 * The single-field readers, one class for four commands that differ only in what they say of the
 * field: HGET (its value or null), HEXISTS (1 or 0), HSTRLEN (its length, 0 when absent).
 * HMGET key field [field ...] answers an array of values, null for each absent one.
 */
final class HGet implements Command<Db> {

    private enum Kind { GET, EXISTS, STRLEN, MGET }

    private final Kind kind;

    private HGet(Kind kind) {
        this.kind = kind;
    }

    static CommandSpec.Builder<Db> hget() {
        return CommandSpec.<Db>command("hget", 3, new HGet(Kind.GET))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, HASH, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get the value of a hash field", "2.0.0", "hash", "O(1)",
                        Arg.key("key", 0), Arg.of("field", "string")));
    }

    static CommandSpec.Builder<Db> hexists() {
        return CommandSpec.<Db>command("hexists", 3, new HGet(Kind.EXISTS))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, HASH, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Determine if a hash field exists", "2.0.0", "hash", "O(1)",
                        Arg.key("key", 0), Arg.of("field", "string")));
    }

    static CommandSpec.Builder<Db> hstrlen() {
        return CommandSpec.<Db>command("hstrlen", 3, new HGet(Kind.STRLEN))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, HASH, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Get the length of the value of a hash field", "3.2.0", "hash", "O(1)",
                        Arg.key("key", 0), Arg.of("field", "string")));
    }

    static CommandSpec.Builder<Db> hmget() {
        return CommandSpec.<Db>command("hmget", -3, new HGet(Kind.MGET))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, HASH, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get the values of all the given hash fields", "2.0.0", "hash",
                        "O(N) where N is the number of fields being requested.",
                        Arg.key("key", 0), Arg.of("field", "string").multiple()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Entry e = ctx.db().lookupRead(argv, 1);
        HashValue hash = null;
        if (e != null) {
            if (!(e.value instanceof HashValue h)) {
                ctx.reply().error(Values.WRONGTYPE);
                return;
            }
            hash = h;
        }
        switch (kind) {
            case GET -> {
                byte[] v = hash == null ? null : hash.get(argv, 2);
                if (v == null) {
                    ctx.reply().nullBulk();
                } else {
                    ctx.reply().bulk(v);
                }
            }
            case EXISTS -> ctx.reply().integer(hash != null && hash.get(argv, 2) != null ? 1 : 0);
            case STRLEN -> {
                byte[] v = hash == null ? null : hash.get(argv, 2);
                ctx.reply().integer(v == null ? 0 : v.length);
            }
            case MGET -> {
                ctx.reply().arrayHeader(argv.argc() - 2);
                for (int i = 2; i < argv.argc(); i++) {
                    byte[] v = hash == null ? null : hash.get(argv, i);
                    if (v == null) {
                        ctx.reply().nullBulk();
                    } else {
                        ctx.reply().bulk(v);
                    }
                }
            }
        }
    }
}
