package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.resp.CommandDoc.Arg;

/** DEL key [key ...]: removes the keys, answers how many existed. */
public final class Del implements Command<SimpleDb> {

    /**
     * The command's row of the table, run by {@code implementation}: module 04's own here, module 05's
     * over its keyspace. A later module gives DEL a new implementation, never a copy of this row.
     */
    public static <D> CommandSpec.Builder<D> spec(Command<? super D> implementation) {
        return CommandSpec.<D>command("del", -2, implementation)
                .flags(CommandFlag.WRITE)
                .acl(KEYSPACE, WRITE, SLOW)
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RM, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Delete a key", "1.0.0", "generic",
                        "O(N) where N is the number of keys that will be removed. When a key to remove holds a value"
                                + " other than a string, the individual complexity for this key is O(M) where M is the"
                                + " number of elements in the list, set, sorted set or hash. Removing a single key that"
                                + " holds a string value is O(1).",
                        Arg.key("key", 0).multiple()));
    }

    @Override
    public void execute(CommandContext<? extends SimpleDb> ctx) {
        Argv argv = ctx.argv();
        long deleted = 0;
        for (int i = 1; i < argv.argc(); i++) {
            if (ctx.db().delete(Bytes.wrap(argv.copy(i)))) {
                deleted++;
            }
        }
        ctx.reply().integer(deleted);
    }
}
