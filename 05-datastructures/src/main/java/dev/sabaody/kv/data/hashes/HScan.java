package dev.sabaody.kv.data.hashes;

import dev.sabaody.kv.data.ScanArgs;
import static dev.sabaody.kv.resp.AclCategory.HASH;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * HSCAN key cursor [MATCH pattern] [COUNT count]. A small (listpack) hash has no cursor to speak
 * of: every call returns all its pairs and cursor 0, whatever cursor and COUNT were given, as
 * Redis's scanGenericCommand does. A hashtable is walked with the {@link dev.sabaody.kv.data.Dict}'s
 * reverse-binary cursor, up to COUNT fields per call and at most ten times as many buckets.
 */
final class HScan implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("hscan", -3, new HScan())
                .flags(CommandFlag.READONLY)
                .acl(READ, HASH, SLOW)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Incrementally iterate hash fields and associated values", "2.8.0", "hash",
                        "O(1) for every call. O(N) for a complete iteration, including enough command calls for the"
                                + " cursor to return back to 0. N is the number of elements inside the collection..",
                        Arg.key("key", 0), Arg.of("cursor", "integer"),
                        Arg.of("pattern", "pattern").withToken("MATCH").optional(),
                        Arg.of("count", "integer").withToken("COUNT").optional()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        ScanArgs.KeyScan<HashValue> scan = ScanArgs.startKeyScan(ctx, HashValue.class);
        if (scan == null) {
            return;
        }
        HashValue hash = scan.value();
        ScanArgs args = scan.args();
        List<byte[]> out = new ArrayList<>();
        long next = 0;
        if (hash.isListpack()) {
            hash.forEach((f, v) -> {
                if (args.matches(f)) {
                    out.add(f);
                    out.add(v);
                }
            });
        } else {
            List<HashValue.HashField> found = new ArrayList<>();
            next = args.walk(scan.cursor(), found::size, c -> hash.dict().scan(c, found::add));
            for (HashValue.HashField f : found) {
                if (args.matches(f.key)) {
                    out.add(f.key);
                    out.add(f.value);
                }
            }
        }
        ScanArgs.reply(ctx.reply(), next, out);
    }
}
