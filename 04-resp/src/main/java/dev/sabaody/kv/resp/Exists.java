package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.resp.CommandDoc.Arg;

/** EXISTS key [key ...]: how many of the keys exist; a key named twice counts twice, as in Redis. */
public final class Exists implements Command<SimpleDb> {

    /**
     * The command's row of the table, run by {@code implementation}: module 04's own here, module 05's
     * over its keyspace. A later module gives EXISTS a new implementation, never a copy of this row.
     */
    public static <D> CommandSpec.Builder<D> spec(Command<? super D> implementation) {
        return CommandSpec.<D>command("exists", -2, implementation)
                .flags(CommandFlag.READONLY, CommandFlag.FAST)
                .acl(KEYSPACE, READ, FAST)
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Determine if a key exists", "1.0.0", "generic",
                                "O(N) where N is the number of keys to check.", Arg.key("key", 0).multiple())
                        .withHistory("3.0.3", "Accepts multiple `key` arguments."));
    }

    @Override
    public void execute(CommandContext<? extends SimpleDb> ctx) {
        Argv argv = ctx.argv();
        long found = 0;
        for (int i = 1; i < argv.argc(); i++) {
            if (ctx.db().exists(Bytes.wrap(argv.copy(i)))) {
                found++;
            }
        }
        ctx.reply().integer(found);
    }
}
