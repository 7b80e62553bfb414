package dev.sabaody.kv.data.hashes;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.HASH;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import dev.sabaody.kv.resp.RespEncoder;

/**
 * The whole-hash readers (genericHgetallCommand): HGETALL answers a map (a flat array in RESP2),
 * HKEYS and HVALS an array; HLEN the count. A small hash answers in insertion order.
 */
final class HGetAll implements Command<Db> {

    private enum Kind { ALL, KEYS, VALS, LEN }

    private final Kind kind;

    private HGetAll(Kind kind) {
        this.kind = kind;
    }

    static CommandSpec.Builder<Db> hgetall() {
        return whole("hgetall", Kind.ALL, "Get all the fields and values in a hash");
    }

    static CommandSpec.Builder<Db> hkeys() {
        return whole("hkeys", Kind.KEYS, "Get all the fields in a hash");
    }

    static CommandSpec.Builder<Db> hvals() {
        return whole("hvals", Kind.VALS, "Get all the values in a hash");
    }

    private static CommandSpec.Builder<Db> whole(String name, Kind kind, String summary) {
        return CommandSpec.<Db>command(name, 2, new HGetAll(kind))
                .flags(CommandFlag.READONLY)
                .acl(READ, HASH, SLOW)
                .tips("nondeterministic_output_order")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of(summary, "2.0.0", "hash", "O(N) where N is the size of the hash.",
                        Arg.key("key", 0)));
    }

    static CommandSpec.Builder<Db> hlen() {
        return CommandSpec.<Db>command("hlen", 2, new HGetAll(Kind.LEN))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, HASH, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Get the number of fields in a hash", "2.0.0", "hash", "O(1)", Arg.key("key", 0)));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Entry e = ctx.db().lookupRead(ctx.argv(), 1);
        RespEncoder reply = ctx.reply();
        if (e != null && !(e.value instanceof HashValue)) {
            reply.error(Values.WRONGTYPE);
            return;
        }
        HashValue hash = e == null ? null : (HashValue) e.value;
        int size = hash == null ? 0 : hash.size();
        switch (kind) {
            case LEN -> reply.integer(size);
            case ALL -> {
                reply.mapHeader(size);
                if (hash != null) {
                    hash.forEach((f, v) -> {
                        reply.bulk(f);
                        reply.bulk(v);
                    });
                }
            }
            case KEYS -> {
                reply.arrayHeader(size);
                if (hash != null) {
                    hash.forEach((f, v) -> reply.bulk(f));
                }
            }
            case VALS -> {
                reply.arrayHeader(size);
                if (hash != null) {
                    hash.forEach((f, v) -> reply.bulk(v));
                }
            }
        }
    }
}
