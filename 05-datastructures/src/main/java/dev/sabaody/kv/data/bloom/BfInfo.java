package dev.sabaody.kv.data.bloom;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.READ;

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
import dev.sabaody.kv.resp.RespEncoder;

/**
 * BF.INFO key [CAPACITY | SIZE | FILTERS | ITEMS | EXPANSION] (BFInfo_RedisCommand): all five
 * figures as a map (a flat array in RESP2), or one of them as an array of one. Expansion rate is
 * null for a NONSCALING filter.
 */
final class BfInfo implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("bf.info", -2, new BfInfo())
                .flags(CommandFlag.READONLY, CommandFlag.MODULE, CommandFlag.FAST)
                .acl(READ, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Returns information about a Bloom Filter", "1.0.0", "bf", "O(1)",
                        Arg.key("key", 0), Arg.oneOf("single_value",
                                Arg.token("capacity", "CAPACITY"), Arg.token("size", "SIZE"),
                                Arg.token("filters", "FILTERS"), Arg.token("items", "ITEMS"),
                                Arg.token("expansion", "EXPANSION")).optional()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() > 3) {
            ctx.replyWrongArity();
            return;
        }
        Entry e = ctx.db().lookupRead(argv, 1);
        if (e == null) {
            ctx.reply().error(BloomCommands.NOT_FOUND);
            return;
        }
        if (!(e.value instanceof ScalableBloomFilter f)) {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        RespEncoder reply = ctx.reply();
        if (argv.argc() == 3) {
            if (argv.equalsIgnoreCase(2, "capacity")) {
                reply.arrayHeader(1);
                reply.integer(f.capacity());
            } else if (argv.equalsIgnoreCase(2, "size")) {
                reply.arrayHeader(1);
                reply.integer(f.memoryUsage());
            } else if (argv.equalsIgnoreCase(2, "filters")) {
                reply.arrayHeader(1);
                reply.integer(f.filters());
            } else if (argv.equalsIgnoreCase(2, "items")) {
                reply.arrayHeader(1);
                reply.integer(f.size());
            } else if (argv.equalsIgnoreCase(2, "expansion")) {
                reply.arrayHeader(1);
                expansion(reply, f);
            } else {
                reply.error("-Invalid information value");
            }
            return;
        }
        reply.mapHeader(5);
        reply.simpleString("Capacity");
        reply.integer(f.capacity());
        reply.simpleString("Size");
        reply.integer(f.memoryUsage());
        reply.simpleString("Number of filters");
        reply.integer(f.filters());
        reply.simpleString("Number of items inserted");
        reply.integer(f.size());
        reply.simpleString("Expansion rate");
        expansion(reply, f);
    }

    private static void expansion(RespEncoder reply, ScalableBloomFilter f) {
        if (f.nonScaling()) {
            reply.nullBulk();
        } else {
            reply.integer(f.expansion());
        }
    }
}
