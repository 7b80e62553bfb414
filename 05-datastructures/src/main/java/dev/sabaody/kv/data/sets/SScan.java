package dev.sabaody.kv.data.sets;

import dev.sabaody.kv.data.ScanArgs;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SET;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.DictNode;
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
 * SSCAN key cursor [MATCH pattern] [COUNT count]: an intset answers all its members, ascending, and
 * cursor 0 in one call (Redis's scanGenericCommand does not page compact encodings); a hashtable is
 * walked with the Dict's reverse-binary cursor.
 */
final class SScan implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("sscan", -3, new SScan())
                .flags(CommandFlag.READONLY)
                .acl(READ, SET, SLOW)
                .tips("nondeterministic_output")
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Incrementally iterate Set elements", "2.8.0", "set",
                        "O(1) for every call. O(N) for a complete iteration, including enough command calls for the"
                                + " cursor to return back to 0. N is the number of elements inside the collection..",
                        Arg.key("key", 0), Arg.of("cursor", "integer"),
                        Arg.of("pattern", "pattern").withToken("MATCH").optional(),
                        Arg.of("count", "integer").withToken("COUNT").optional()));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        ScanArgs.KeyScan<SetValue> scan = ScanArgs.startKeyScan(ctx, SetValue.class);
        if (scan == null) {
            return;
        }
        SetValue set = scan.value();
        ScanArgs args = scan.args();
        List<byte[]> out = new ArrayList<>();
        long next = 0;
        if (set.isIntset()) {
            set.forEach(m -> {
                if (args.matches(m)) {
                    out.add(m);
                }
            });
        } else {
            List<DictNode> found = new ArrayList<>();
            next = args.walk(scan.cursor(), found::size, c -> set.dict().scan(c, found::add));
            for (DictNode n : found) {
                if (args.matches(n.key)) {
                    out.add(n.key);
                }
            }
        }
        ScanArgs.reply(ctx.reply(), next, out);
    }
}
