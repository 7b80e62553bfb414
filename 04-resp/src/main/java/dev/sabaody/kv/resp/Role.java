package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.CommandFlag.LOADING;
import static dev.sabaody.kv.resp.CommandFlag.NOSCRIPT;
import static dev.sabaody.kv.resp.CommandFlag.STALE;

/**
 * ROLE (replication.c roleCommand): what a master with no replicas answers, which is what every
 * Sabaody-KV server is until replication exists: the role, the replication offset (0), and the
 * replicas (none). Clients and sentinels ask it on connect to find the master.
 */
final class Role implements Command<Object> {

    static <D> CommandSpec.Builder<D> spec() {
        return CommandSpec.<D>command("role", 1, new Role())
                .flags(NOSCRIPT, LOADING, STALE, CommandFlag.FAST)
                .acl(ADMIN, FAST, DANGEROUS)
                .doc(CommandDoc.of("Return the role of the instance in the context of replication", "2.8.12",
                        "server", "O(1)"));
    }

    @Override
    public void execute(CommandContext<?> ctx) {
        ctx.reply().arrayHeader(3);
        ctx.reply().bulkAscii("master");
        ctx.reply().integer(0);
        ctx.reply().arrayHeader(0);
    }
}
