package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.resp.CommandDoc.Arg;

/** DEL key [key ...]: removes the keys, answers how many existed. */
final class Del implements Command<SimpleDb> {

    static CommandSpec.Builder<SimpleDb> spec() {
        return CommandSpec.<SimpleDb>command("del", -2, new Del())
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
