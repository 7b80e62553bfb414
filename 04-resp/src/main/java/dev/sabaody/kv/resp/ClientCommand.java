package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.CONNECTION;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.CommandFlag.LOADING;
import static dev.sabaody.kv.resp.CommandFlag.NOSCRIPT;
import static dev.sabaody.kv.resp.CommandFlag.STALE;

import dev.sabaody.kv.resp.CommandDoc.Arg;
import java.nio.charset.StandardCharsets;

/**
 * CLIENT and the subcommands a client library uses on connect: ID, GETNAME, SETNAME, SETINFO, INFO,
 * LIST, HELP.
 *
 * <p>CLIENT SETINFO (lib-name, lib-ver) arrived in Redis 7.2; the 7.0 oracle answers it with
 * "unknown subcommand". We answer {@code +OK} as 7.2 does, because Jedis 5+, redis-py 5+ and
 * go-redis 9 send it on every connect: they ignore the error, but each connection would then start
 * with an error in the server's statistics and in a MONITOR trace for no reason.
 */
final class ClientCommand {

    private ClientCommand() {
    }

    static <D> CommandSpec.Builder<D> spec() {
        return CommandSpec.<D>container("client", -2)
                .acl(SLOW)
                .doc(CommandDoc.of("A container for client connection commands", "2.4.0", "connection",
                        "Depends on subcommand."))
                .subcommand(CommandSpec.<D>command("id", 2, ctx -> ctx.reply().integer(ctx.client().id()))
                        .flags(NOSCRIPT, LOADING, STALE).acl(SLOW, CONNECTION)
                        .doc(CommandDoc.of("Returns the client ID for the current connection", "5.0.0",
                                "connection", "O(1)")))
                .subcommand(CommandSpec.<D>command("getname", 2, ClientCommand::getName)
                        .flags(NOSCRIPT, LOADING, STALE).acl(SLOW, CONNECTION)
                        .doc(CommandDoc.of("Get the current connection name", "2.6.9", "connection", "O(1)")))
                .subcommand(CommandSpec.<D>command("setname", 3, ClientCommand::setName)
                        .flags(NOSCRIPT, LOADING, STALE).acl(SLOW, CONNECTION)
                        .doc(CommandDoc.of("Set the current connection name", "2.6.9", "connection", "O(1)",
                                Arg.of("connection-name", "string"))))
                .subcommand(CommandSpec.<D>command("setinfo", 4, ClientCommand::setInfo)
                        .flags(NOSCRIPT, LOADING, STALE).acl(SLOW, CONNECTION)
                        .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                        .doc(CommandDoc.of("Set client or connection specific info", "7.2.0", "connection", "O(1)",
                                Arg.oneOf("attr",
                                        Arg.of("libname", "string").withToken("LIB-NAME"),
                                        Arg.of("libver", "string").withToken("LIB-VER")))))
                .subcommand(CommandSpec.<D>command("info", 2, ClientCommand::info)
                        .flags(NOSCRIPT, LOADING, STALE).acl(SLOW, CONNECTION)
                        .tips("nondeterministic_output")
                        .doc(CommandDoc.of("Returns information about the current client connection.", "6.2.0",
                                "connection", "O(1)")))
                .subcommand(CommandSpec.<D>command("list", -2, ClientCommand::list)
                        .flags(CommandFlag.ADMIN, NOSCRIPT, LOADING, STALE).acl(ADMIN, SLOW, DANGEROUS, CONNECTION)
                        .tips("nondeterministic_output")
                        .doc(CommandDoc.of("Get the list of client connections", "2.4.0", "connection",
                                "O(N) where N is the number of client connections")))
                .subcommand(CommandSpec.<D>command("help", 2, ClientCommand::help)
                        .flags(LOADING, STALE).acl(SLOW, CONNECTION)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands", "5.0.0",
                                "connection", "O(1)")));
    }

    private static void getName(CommandContext<?> ctx) {
        String name = ctx.client().name();
        if (name.isEmpty()) {
            ctx.reply().nullBulk();
        } else {
            ctx.reply().bulkString(name);
        }
    }

    private static void setName(CommandContext<?> ctx) {
        if (setNameOrReply(ctx, 2)) {
            ctx.reply().ok();
        }
    }

    /**
     * clientSetNameOrReply (networking.c): the empty name clears it; otherwise every byte must be
     * printable ASCII from '!' to '~', so that CLIENT LIST stays splittable on spaces.
     */
    static boolean setNameOrReply(CommandContext<?> ctx, int arg) {
        if (!validAttribute(ctx.argv(), arg)) {
            ctx.reply().error("Client names cannot contain spaces, newlines or special characters.");
            return false;
        }
        ctx.client().setName(ctx.argv().latin1(arg));
        return true;
    }

    /** CLIENT SETINFO LIB-NAME|LIB-VER value, as Redis 7.2's clientSetinfoCommand. */
    private static void setInfo(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        boolean name = argv.equalsIgnoreCase(2, "lib-name");
        if (!name && !argv.equalsIgnoreCase(2, "lib-ver")) {
            ctx.reply().error("Unrecognized option '" + argv.latin1(2) + "'");
            return;
        }
        if (!validAttribute(argv, 3)) {
            ctx.reply().error(argv.latin1(2) + " cannot contain spaces, newlines or special characters.");
            return;
        }
        if (name) {
            ctx.client().setLibName(argv.latin1(3));
        } else {
            ctx.client().setLibVer(argv.latin1(3));
        }
        ctx.reply().ok();
    }

    private static boolean validAttribute(Argv argv, int i) {
        for (int j = 0; j < argv.length(i); j++) {
            byte b = argv.byteAt(i, j);
            if (b < '!' || b > '~') {
                return false;
            }
        }
        return true;
    }

    private static void info(CommandContext<?> ctx) {
        String line = ctx.client().infoLine(ctx.clock().nanoTime()) + "\n";
        ctx.reply().verbatim("txt", line.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** CLIENT LIST, without the TYPE and ID filters of Redis (a syntax error here). */
    private static void list(CommandContext<?> ctx) {
        if (ctx.argv().argc() > 2) {
            ctx.replySyntaxError();
            return;
        }
        long now = ctx.clock().nanoTime();
        StringBuilder text = new StringBuilder();
        for (Client client : ctx.clients().all()) {
            text.append(client.infoLine(now)).append('\n');
        }
        ctx.reply().verbatim("txt", text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void help(CommandContext<?> ctx) {
        ctx.replyHelp("CLIENT",
                "GETNAME",
                "    Return the name of the current connection.",
                "ID",
                "    Return the ID of the current connection.",
                "INFO",
                "    Return information about the current client connection.",
                "LIST",
                "    Return information about client connections.",
                "SETINFO <option> <value>",
                "    Set client meta attr. Options are:",
                "    * LIB-NAME: the client lib name.",
                "    * LIB-VER: the client lib version.",
                "SETNAME <name>",
                "    Assign the name <name> to the current connection.");
    }
}
