package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.READ;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * EXISTS key [key ...]: how many of the keys exist, a key named twice counting twice (db.c
 * existsCommand). The lookup leaves the LRU clock alone: asking whether a key exists is not using it.
 */
final class Exists implements Command<Db> {

    /** Module 04's EXISTS, run over the keyspace. */
    static CommandSpec.Builder<Db> spec() {
        return dev.sabaody.kv.resp.Exists.spec(new Exists());
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        long found = 0;
        for (int i = 1; i < argv.argc(); i++) {
            if (KeyArgs.lookupReadNoTouch(ctx.db(), argv, i) != null) {
                found++;
            }
        }
        ctx.reply().integer(found);
    }
}
