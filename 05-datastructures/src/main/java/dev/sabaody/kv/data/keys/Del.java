package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * DEL and UNLINK key [key ...]: delete the keys, answer how many existed (db.c delGenericCommand).
 * A key named twice counts once: the second time it is already gone.
 *
 * <p>UNLINK is Redis's DEL that frees big values on a background thread. Here both only unlink
 * the entry; the garbage collector frees the value on its own threads, so DEL already costs what
 * UNLINK costs in Redis, O(1) per key whatever its size. They differ only in their metadata.
 */
final class Del implements Command<Db> {

    /** Module 04's DEL, run over the keyspace. */
    static CommandSpec.Builder<Db> del() {
        return dev.sabaody.kv.resp.Del.spec(new Del());
    }

    static CommandSpec.Builder<Db> unlink() {
        return CommandSpec.<Db>command("unlink", -2, new Del())
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(KEYSPACE, WRITE, FAST)
                .tips("request_policy:multi_shard", "response_policy:agg_sum")
                .keys(KeySpec.range(1, -1, 1, KeySpec.Flag.RM, KeySpec.Flag.DELETE))
                .doc(CommandDoc.of("Delete a key asynchronously in another thread. Otherwise it is just as DEL,"
                                + " but non blocking.", "4.0.0", "generic",
                        "O(1) for each key removed regardless of its size. Then the command does O(N) work in a"
                                + " different thread in order to reclaim memory, where N is the number of allocations"
                                + " the deleted objects where composed of.",
                        Arg.key("key", 0).multiple()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        Db db = ctx.db();
        long deleted = 0;
        for (int i = 1; i < argv.argc(); i++) {
            if (db.delete(argv, i)) {
                db.notify(KeyspaceEvents.GENERIC, "del", argv, i); // delGenericCommand
                deleted++;
            }
        }
        ctx.reply().integer(deleted);
    }
}
