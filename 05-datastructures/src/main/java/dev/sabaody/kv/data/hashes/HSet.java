package dev.sabaody.kv.data.hashes;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.HASH;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
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
import java.util.List;

/**
 * HSET key field value [field value ...] answers how many fields were new; HMSET, the same before
 * Redis 4.0 took several pairs, answers +OK.
 */
final class HSet implements Command<Db> {

    private final boolean legacy;

    private HSet(boolean legacy) {
        this.legacy = legacy;
    }

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("hset", -4, new HSet(false))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, HASH, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Set the string value of a hash field", "2.0.0", "hash",
                        "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is"
                                + " called with multiple field/value pairs.",
                        Arg.key("key", 0), fieldValue())
                        .withHistory("4.0.0", "Accepts multiple `field` and `value` arguments."));
    }

    static CommandSpec.Builder<Db> hmsetSpec() {
        return CommandSpec.<Db>command("hmset", -4, new HSet(true))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .acl(WRITE, HASH, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE))
                .doc(new CommandDoc("Set multiple hash fields to multiple values", "2.0.0", "hash",
                        "O(N) where N is the number of fields being set.", List.of("deprecated"), "4.0.0",
                        "`HSET` with multiple field-value pairs", List.of(), List.of(Arg.key("key", 0), fieldValue())));
    }

    private static Arg fieldValue() {
        return Arg.block("field_value", Arg.of("field", "string"), Arg.of("value", "string")).multiple();
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() % 2 == 1) {
            ctx.replyWrongArity();
            return;
        }
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        HashValue hash;
        if (e == null) {
            hash = new HashValue();
        } else if (e.value instanceof HashValue h) {
            hash = h;
        } else {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        long mark = db.changeMark();
        long created = 0;
        for (int i = 2; i < argv.argc(); i += 2) {
            if (hash.set(argv.copy(i), argv.copy(i + 1))) {
                created++;
            }
        }
        if (e == null) {
            db.add(argv.copy(1), hash);
        } else {
            db.signalModified(e.key);
        }
        db.countChanges(mark, (argv.argc() - 2) / 2); // hsetCommand: server.dirty += pairs, new or not
        db.notify(KeyspaceEvents.HASH, "hset", argv, 1); // hsetCommand, HMSET too
        if (legacy) {
            ctx.reply().ok();
        } else {
            ctx.reply().integer(created);
        }
    }
}
