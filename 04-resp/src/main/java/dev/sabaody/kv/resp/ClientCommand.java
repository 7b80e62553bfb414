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
import java.util.List;

/**
 * CLIENT: what a client library uses on connect (ID, GETNAME, SETNAME, SETINFO, INFO) and what an
 * operator uses (LIST, KILL, PAUSE, UNPAUSE, UNBLOCK, REPLY, NO-EVICT), as Redis 7.0's clientCommand
 * (networking.c) answers them. TRACKING, CACHING, GETREDIR and TRACKINGINFO are rows here and
 * work in the {@link ClientTracking} engine a server plugs in.
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
                                "O(N) where N is the number of client connections",
                                Arg.oneOf("normal_master_replica_pubsub", Arg.token("normal", "NORMAL"),
                                        Arg.token("master", "MASTER"), Arg.token("replica", "REPLICA"),
                                        Arg.token("pubsub", "PUBSUB")).withToken("TYPE").since("5.0.0").optional(),
                                Arg.block("id", Arg.of("client-id", "integer").multiple()).withToken("ID").since("6.2.0")
                                        .optional())
                                .withHistory("2.8.12", "Added unique client `id` field.", "5.0.0", "Added optional `TYPE` filter.",
                                        "6.0.0", "Added `user` field.",
                                        "6.2.0", "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.",
                                        "7.0.0", "Added `resp`, `multi-mem`, `rbs` and `rbp` fields.",
                                        "7.0.3", "Added `ssub` field.")))
                .subcommand(admin(CommandSpec.<D>command("kill", -3, ClientKill::kill), CommandDoc.of(
                        "Kill the connection of a client", "2.4.0", "connection",
                        "O(N) where N is the number of client connections",
                        Arg.oneOf("filter",
                                new Arg("ip:port", "string", -1, null, null, null, "2.8.12", List.of(), List.of()),
                                Arg.oneOf("new-format",
                                        Arg.of("client-id", "integer").withToken("ID").since("2.8.12").optional(),
                                        Arg.oneOf("normal_master_slave_pubsub", Arg.token("normal", "NORMAL"),
                                                Arg.token("master", "MASTER").since("3.2.0"), Arg.token("slave", "SLAVE"),
                                                Arg.token("replica", "REPLICA").since("5.0.0"), Arg.token("pubsub", "PUBSUB"))
                                                .withToken("TYPE").since("2.8.12").optional(),
                                        Arg.of("username", "string").withToken("USER").optional(),
                                        Arg.of("ip:port", "string").withToken("ADDR").optional(),
                                        Arg.of("ip:port", "string").withToken("LADDR").since("6.2.0").optional(),
                                        Arg.of("yes/no", "string").withToken("SKIPME").optional()).multiple()))
                        .withHistory("2.8.12", "Added new filter format.", "2.8.12", "`ID` option.",
                                "3.2.0", "Added `master` type in for `TYPE` option.",
                                "5.0.0", "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility.",
                                "6.2.0", "`LADDR` option.")))
                .subcommand(admin(CommandSpec.<D>command("pause", -3, ClientCommand::pause), CommandDoc.of(
                        "Stop processing commands from clients for some time", "2.9.50", "connection", "O(1)",
                        Arg.of("timeout", "integer"),
                        Arg.oneOf("mode", Arg.token("write", "WRITE"), Arg.token("all", "ALL")).since("6.2.0").optional())
                        .withHistory("6.2.0", "`CLIENT PAUSE WRITE` mode added along with the `mode` option.")))
                .subcommand(admin(CommandSpec.<D>command("unpause", 2, ClientCommand::unpause), CommandDoc.of(
                        "Resume processing of clients that were paused", "6.2.0", "connection",
                        "O(N) Where N is the number of paused clients")))
                .subcommand(admin(CommandSpec.<D>command("unblock", -3, ClientCommand::unblock), CommandDoc.of(
                        "Unblock a client blocked in a blocking command from a different connection", "5.0.0",
                        "connection", "O(log N) where N is the number of client connections",
                        Arg.of("client-id", "integer"),
                        Arg.oneOf("timeout_error", Arg.token("timeout", "TIMEOUT"), Arg.token("error", "ERROR")).optional())))
                .subcommand(admin(CommandSpec.<D>command("no-evict", 3, ClientCommand::noEvict), CommandDoc.of(
                        "Set client eviction mode for the current connection", "7.0.0", "connection", "O(1)",
                        Arg.oneOf("enabled", Arg.token("on", "ON"), Arg.token("off", "OFF")))))
                .subcommand(CommandSpec.<D>command("reply", 3, ClientCommand::reply)
                        .flags(NOSCRIPT, LOADING, STALE).acl(SLOW, CONNECTION)
                        .doc(CommandDoc.of("Instruct the server whether to reply to commands", "3.2.0", "connection", "O(1)",
                                Arg.oneOf("on_off_skip", Arg.token("on", "ON"), Arg.token("off", "OFF"),
                                        Arg.token("skip", "SKIP")))))
                .subcommand(tracking("tracking", -3, ctx -> ctx.clients().tracking().tracking(ctx), CommandDoc.of(
                        "Enable or disable server assisted client side caching support", "6.0.0", "connection",
                        "O(1). Some options may introduce additional complexity.",
                        Arg.oneOf("status", Arg.token("on", "ON"), Arg.token("off", "OFF")),
                        Arg.of("client-id", "integer").withToken("REDIRECT").optional(),
                        new Arg("prefix", "string", -1, "PREFIX", null, null, null,
                                List.of("optional", "multiple", "multiple_token"), List.of()),
                        Arg.token("bcast", "BCAST").optional(), Arg.token("optin", "OPTIN").optional(),
                        Arg.token("optout", "OPTOUT").optional(), Arg.token("noloop", "NOLOOP").optional())))
                .subcommand(tracking("caching", 3, ctx -> ctx.clients().tracking().caching(ctx), CommandDoc.of(
                        "Instruct the server about tracking or not keys in the next request", "6.0.0", "connection",
                        "O(1)", Arg.oneOf("mode", Arg.token("yes", "YES"), Arg.token("no", "NO")))))
                .subcommand(tracking("getredir", 2, ctx -> ctx.clients().tracking().getRedir(ctx), CommandDoc.of(
                        "Get tracking notifications redirection client ID if any", "6.0.0", "connection", "O(1)")))
                .subcommand(tracking("trackinginfo", 2, ctx -> ctx.clients().tracking().trackingInfo(ctx),
                        CommandDoc.of("Return information about server assisted client side caching for the current "
                                + "connection", "6.2.0", "connection", "O(1)")))
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

    /** A client-side caching subcommand of CLIENT: its work is the {@link ClientTracking} engine's. */
    private static <D> CommandSpec.Builder<D> tracking(String name, int arity, Command<D> run, CommandDoc doc) {
        return CommandSpec.<D>command(name, arity, run).flags(NOSCRIPT, LOADING, STALE).acl(SLOW, CONNECTION).doc(doc);
    }

    /** An admin subcommand of CLIENT: Redis gives them all the same flags and categories. */
    private static <D> CommandSpec.Builder<D> admin(CommandSpec.Builder<D> b, CommandDoc doc) {
        return b.flags(CommandFlag.ADMIN, NOSCRIPT, LOADING, STALE).acl(ADMIN, SLOW, DANGEROUS, CONNECTION).doc(doc);
    }

    private static void info(CommandContext<?> ctx) {
        String line = ctx.client().infoLine(ctx.clock().nanoTime(), SocketDescriptors.read(), argvMem(ctx)) + "\n";
        ctx.reply().verbatim("txt", line.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** argv-mem of the caller: the bytes of the command it is running (argv_len_sum). */
    private static long argvMem(CommandContext<?> ctx) {
        long sum = 0;
        for (int i = 0; i < ctx.argv().argc(); i++) {
            sum += ctx.argv().length(i);
        }
        return sum;
    }

    /** CLIENT LIST [TYPE type] | [ID id ...], as clientCommand's "list" branch. */
    private static void list(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        long now = ctx.clock().nanoTime();
        SocketDescriptors fds = SocketDescriptors.read();
        StringBuilder text = new StringBuilder();
        if (argv.argc() == 4 && argv.equalsIgnoreCase(2, "type")) {
            int type = ClientKill.typeByName(argv.string(3));
            if (type < 0) {
                ctx.reply().error("Unknown client type '" + argv.string(3) + "'");
                return;
            }
            for (Client client : ctx.clients().all()) {
                if (!client.killed() && ClientKill.typeOf(client) == type) {
                    text.append(client.infoLine(now, fds, client == ctx.client() ? argvMem(ctx) : 0)).append('\n');
                }
            }
        } else if (argv.argc() > 3 && argv.equalsIgnoreCase(2, "id")) {
            for (int j = 3; j < argv.argc(); j++) {
                if (!argv.parseLong(j)) {
                    ctx.reply().error("Invalid client ID");
                    return;
                }
                Client client = ctx.clients().byId(argv.parsedLong());
                if (client != null && !client.killed()) {
                    text.append(client.infoLine(now, fds, client == ctx.client() ? argvMem(ctx) : 0)).append('\n');
                }
            }
        } else if (argv.argc() != 2) {
            ctx.replySyntaxError();
            return;
        } else {
            for (Client client : ctx.clients().all()) {
                if (!client.killed()) {
                    text.append(client.infoLine(now, fds, client == ctx.client() ? argvMem(ctx) : 0)).append('\n');
                }
            }
        }
        ctx.reply().verbatim("txt", text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** CLIENT PAUSE timeout [WRITE|ALL]: the mode is checked first, then the timeout (clientCommand). */
    private static void pause(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() > 4) {
            ctx.reply().error(subcommandSyntaxError(argv));
            return;
        }
        int mode = ClientPause.ALL;
        if (argv.argc() == 4) {
            if (argv.equalsIgnoreCase(3, "write")) {
                mode = ClientPause.WRITE;
            } else if (!argv.equalsIgnoreCase(3, "all")) {
                ctx.reply().error("CLIENT PAUSE mode must be WRITE or ALL");
                return;
            }
        }
        if (!argv.parseLong(2)) {
            ctx.reply().error("timeout is not an integer or out of range");
            return;
        }
        long millis = argv.parsedLong();
        if (millis < 0) {
            ctx.reply().error("timeout is negative");
            return;
        }
        ClientPause pause = ctx.clients().pause();
        long now = ctx.clock().nanoTime();
        long end = now + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(Math.min(millis, Long.MAX_VALUE / 2_000_000));
        pause.pause(end, mode);
        if (ctx.connection() != null) {
            ctx.connection().loop().schedule(java.time.Duration.ofNanos(pause.endNanos() - now),
                    () -> pause.expire(ctx.clock().nanoTime()));
        }
        ctx.reply().ok();
    }

    private static void unpause(CommandContext<?> ctx) {
        ctx.clients().pause().unpause();
        ctx.reply().ok();
    }

    /** CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 if the client was blocked and is no more. */
    private static void unblock(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() > 4) {
            ctx.reply().error(subcommandSyntaxError(argv));
            return;
        }
        boolean error = false;
        if (argv.argc() == 4) {
            if (argv.equalsIgnoreCase(3, "error")) {
                error = true;
            } else if (!argv.equalsIgnoreCase(3, "timeout")) {
                ctx.reply().error("CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
                return;
            }
        }
        if (!argv.parseLong(2)) {
            ctx.reply().error("value is not an integer or out of range");
            return;
        }
        Client target = ctx.clients().byId(argv.parsedLong());
        Client.Unblocker blocked = target == null ? null : target.blocked();
        if (blocked == null || target.connection() == null) {
            ctx.reply().integer(0);
            return;
        }
        boolean withError = error;
        target.blocked(null); // answered once: a second UNBLOCK finds nothing
        target.connection().loop().execute(() -> blocked.unblock(withError));
        ctx.reply().integer(1);
    }

    private static void noEvict(CommandContext<?> ctx) {
        if (ctx.argv().equalsIgnoreCase(2, "on")) {
            ctx.client().noEvict(true);
        } else if (ctx.argv().equalsIgnoreCase(2, "off")) {
            ctx.client().noEvict(false);
        } else {
            ctx.replySyntaxError();
            return;
        }
        ctx.reply().ok();
    }

    /** CLIENT REPLY ON|OFF|SKIP: OFF and SKIP answer nothing, ON answers OK. */
    private static void reply(CommandContext<?> ctx) {
        Client client = ctx.client();
        if (ctx.argv().equalsIgnoreCase(2, "on")) {
            client.replyOn();
            ctx.reply().ok();
        } else if (ctx.argv().equalsIgnoreCase(2, "off")) {
            client.replyOff();
        } else if (ctx.argv().equalsIgnoreCase(2, "skip")) {
            client.replySkipNext();
        } else {
            ctx.replySyntaxError();
        }
    }

    /** addReplySubcommandSyntaxError. */
    static String subcommandSyntaxError(Argv argv) {
        return "unknown subcommand or wrong number of arguments for '" + argv.string(1) + "'. Try "
                + argv.string(0).toUpperCase(java.util.Locale.ROOT) + " HELP.";
    }

    /** Redis 7.0's CLIENT HELP, word for word. */
    private static void help(CommandContext<?> ctx) {
        ctx.replyHelp("CLIENT",
                "CACHING (YES|NO)",
                "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
                "GETREDIR",
                "    Return the client ID we are redirecting to when tracking is enabled.",
                "GETNAME",
                "    Return the name of the current connection.",
                "ID",
                "    Return the ID of the current connection.",
                "INFO",
                "    Return information about the current client connection.",
                "KILL <ip:port>",
                "    Kill connection made from <ip:port>.",
                "KILL <option> <value> [<option> <value> [...]]",
                "    Kill connections. Options are:",
                "    * ADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made from the specified address",
                "    * LADDR (<ip:port>|<unixsocket>:0)",
                "      Kill connections made to specified local address",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Kill connections by type.",
                "    * USER <username>",
                "      Kill connections authenticated by <username>.",
                "    * SKIPME (YES|NO)",
                "      Skip killing current connection (default: yes).",
                "LIST [options ...]",
                "    Return information about client connections. Options:",
                "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
                "      Return clients of specified type.",
                "UNPAUSE",
                "    Stop the current client pause, resuming traffic.",
                "PAUSE <timeout> [WRITE|ALL]",
                "    Suspend all, or just write, clients for <timeout> milliseconds.",
                "REPLY (ON|OFF|SKIP)",
                "    Control the replies sent to the current connection.",
                "SETNAME <name>",
                "    Assign the name <name> to the current connection.",
                "UNBLOCK <clientid> [TIMEOUT|ERROR]",
                "    Unblock the specified blocked client.",
                "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
                "         [OPTIN] [OPTOUT] [NOLOOP]",
                "    Control server assisted client side caching.",
                "TRACKINGINFO",
                "    Report tracking status for the current connection.",
                "NO-EVICT (ON|OFF)",
                "    Protect current client connection from eviction.");
    }
}
