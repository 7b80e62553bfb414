package dev.sabaody.kv.data.sets;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SET;

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
 * The O(1) readers: SISMEMBER key member (1 or 0), SMISMEMBER key member [member ...] (an array of
 * 1s and 0s, integers in RESP3 too), SCARD key (the size, 0 when absent).
 */
final class SIsMember implements Command<Db> {

    private enum Kind { IS, MULTI, CARD }

    private final Kind kind;

    private SIsMember(Kind kind) {
        this.kind = kind;
    }

    static CommandSpec.Builder<Db> sismember() {
        return CommandSpec.<Db>command("sismember", 3, new SIsMember(Kind.IS))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, SET, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Determine if a given value is a member of a set", "1.0.0", "set", "O(1)",
                        Arg.key("key", 0), Arg.of("member", "string")));
    }

    static CommandSpec.Builder<Db> smismember() {
        return CommandSpec.<Db>command("smismember", -3, new SIsMember(Kind.MULTI))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, SET, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Returns the membership associated with the given elements for a set", "6.2.0",
                        "set", "O(N) where N is the number of elements being checked for membership",
                        Arg.key("key", 0), Arg.of("member", "string").multiple()));
    }

    static CommandSpec.Builder<Db> scard() {
        return CommandSpec.<Db>command("scard", 2, new SIsMember(Kind.CARD))
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, SET, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Get the number of members in a set", "1.0.0", "set", "O(1)", Arg.key("key", 0)));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Entry e = ctx.db().lookupRead(argv, 1);
        if (e != null && !(e.value instanceof SetValue)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        SetValue set = e == null ? null : (SetValue) e.value;
        switch (kind) {
            case IS -> ctx.reply().integer(set != null && set.contains(argv, 2) ? 1 : 0);
            case CARD -> ctx.reply().integer(set == null ? 0 : set.size());
            case MULTI -> {
                ctx.reply().arrayHeader(argv.argc() - 2);
                for (int i = 2; i < argv.argc(); i++) {
                    ctx.reply().integer(set != null && set.contains(argv, i) ? 1 : 0);
                }
            }
        }
    }
}
