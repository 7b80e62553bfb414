package dev.sabaody.kv.data.strings;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.STRING;

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

/** GET key: the string value, the null bulk string when there is none, WRONGTYPE for another type. */
final class Get implements Command<Db> {

    /** Module 04's GET, run over the keyspace. */
    static CommandSpec.Builder<Db> spec() {
        return dev.sabaody.kv.resp.Get.spec(new Get());
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Entry e = ctx.db().lookupRead(ctx.argv(), 1);
        if (e == null) {
            ctx.reply().nullBulk();
        } else if (e.value instanceof byte[] s) {
            ctx.reply().bulk(s);
        } else {
            ctx.reply().error(Values.WRONGTYPE);
        }
    }
}
