package dev.sabaody.kv.server.admin;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.CommandFlag.LOADING;
import static dev.sabaody.kv.resp.CommandFlag.STALE;

import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.util.List;

/** SLOWLOG GET [count] | LEN | RESET | HELP, as slowlog.c answers them. */
final class SlowlogCommand {

    private SlowlogCommand() {
    }

    static <D> CommandSpec.Builder<D> spec(SlowLog log) {
        return CommandSpec.<D>container("slowlog", -2)
                .acl(SLOW)
                .doc(CommandDoc.of("A container for slow log commands", "2.2.12", "server", "Depends on subcommand."))
                .subcommand(CommandSpec.<D>command("help", 2, SlowlogCommand::help)
                        .flags(LOADING, STALE).acl(SLOW)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands", "6.2.0", "server", "O(1)")))
                .subcommand(CommandSpec.<D>command("reset", 2, ctx -> {
                            log.reset();
                            ctx.reply().ok();
                        })
                        .flags(CommandFlag.ADMIN, LOADING, STALE).acl(ADMIN, SLOW, DANGEROUS)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc(CommandDoc.of("Clear all entries from the slow log", "2.2.12", "server",
                                "O(N) where N is the number of entries in the slowlog")))
                .subcommand(CommandSpec.<D>command("get", -2, ctx -> get(ctx, log))
                        .flags(CommandFlag.ADMIN, LOADING, STALE).acl(ADMIN, SLOW, DANGEROUS)
                        .tips("request_policy:all_nodes", "nondeterministic_output")
                        .doc(CommandDoc.of("Get the slow log's entries", "2.2.12", "server",
                                "O(N) where N is the number of entries returned",
                                CommandDoc.Arg.of("count", "integer").optional())
                                .withHistory("4.0.0", "Added client IP address, port and name to the reply.")))
                .subcommand(CommandSpec.<D>command("len", 2, ctx -> ctx.reply().integer(log.size()))
                        .flags(CommandFlag.ADMIN, LOADING, STALE).acl(ADMIN, SLOW, DANGEROUS)
                        .tips("request_policy:all_nodes", "response_policy:agg_sum", "nondeterministic_output")
                        .doc(CommandDoc.of("Get the slow log's length", "2.2.12", "server", "O(1)")));
    }

    private static void get(CommandContext<?> ctx, SlowLog log) {
        Argv argv = ctx.argv();
        if (argv.argc() > 3) {
            ctx.reply().error("unknown subcommand or wrong number of arguments for '" + argv.string(1) + "'. Try SLOWLOG HELP.");
            return;
        }
        long count = 10;
        if (argv.argc() == 3) {
            // getRangeLongFromObjectOrReply(-1, LONG_MAX) with its own message for both failures
            if (!argv.parseLong(2) || argv.parsedLong() < -1) {
                ctx.reply().error("count should be greater than or equal to -1");
                return;
            }
            count = argv.parsedLong();
        }
        List<SlowLog.Entry> entries = log.newest(count);
        RespEncoder reply = ctx.reply();
        reply.arrayHeader(entries.size());
        for (SlowLog.Entry e : entries) {
            reply.arrayHeader(6);
            reply.integer(e.id());
            reply.integer(e.unixSeconds());
            reply.integer(e.micros());
            reply.arrayHeader(e.args().size());
            for (byte[] arg : e.args()) {
                reply.bulk(arg);
            }
            reply.bulkString(e.peer());
            reply.bulkString(e.name());
        }
    }

    private static void help(CommandContext<?> ctx) {
        ctx.replyHelp("SLOWLOG",
                "GET [<count>]",
                "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
                "    Entries are made of:",
                "    id, timestamp, time in microseconds, arguments array, client IP and port,",
                "    client name",
                "LEN",
                "    Return the length of the slowlog.",
                "RESET",
                "    Reset the slowlog.");
    }
}
