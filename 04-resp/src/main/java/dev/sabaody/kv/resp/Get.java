package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.STRING;

import dev.sabaody.kv.resp.CommandDoc.Arg;

/** GET key: the value, or the null bulk string when the key does not exist. */
final class Get implements Command<SimpleDb> {

    static CommandSpec.Builder<SimpleDb> spec() {
        return CommandSpec.<SimpleDb>command("get", 2, new Get())
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(READ, STRING, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Get the value of a key", "1.0.0", "string", "O(1)", Arg.key("key", 0)));
    }

    @Override
    public void execute(CommandContext<? extends SimpleDb> ctx) {
        byte[] value = ctx.db().get(Bytes.wrap(ctx.argv().copy(1)));
        if (value == null) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulk(value);
        }
    }
}
