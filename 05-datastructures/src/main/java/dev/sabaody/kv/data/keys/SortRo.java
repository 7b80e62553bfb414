package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.LIST;
import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SET;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.SORTEDSET;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * SORT_RO: SORT without STORE (Redis 7.0), so that it is a read-only command that replicas and
 * read-only scripts accept. {@code STORE} is then an unknown option: a syntax error.
 *
 * <p>One key spec, the source key. Redis adds an "unknown" one for the keys BY and GET patterns read,
 * which module 04's key specs cannot say; the command is still flagged "movablekeys", as in Redis,
 * since those keys cannot be found from the arguments.
 */
final class SortRo implements Command<Db> {

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("sort_ro", -2, new SortRo())
                .flags(CommandFlag.READONLY, CommandFlag.MOVABLEKEYS)
                .acl(READ, SET, SORTEDSET, LIST, SLOW, DANGEROUS)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Sort the elements in a list, set or sorted set. Read-only variant of SORT.", "7.0.0",
                        "generic", Sort.COMPLEXITY, Sort.arguments(false)));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Sorting.run(ctx, true);
    }
}
