package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.STRING;

import dev.sabaody.kv.resp.CommandDoc.Arg;

/** GET key: the value, or the null bulk string when the key does not exist. */
public final class Get implements Command<SimpleDb> {

    /**
     * The command's row of the table, run by {@code implementation}: module 04's own here, module 05's
     * over its keyspace. A later module gives GET a new implementation, never a copy of this row.
     */
    public static <D> CommandSpec.Builder<D> spec(Command<? super D> implementation) {
        return CommandSpec.<D>command("get", 2, implementation)
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
