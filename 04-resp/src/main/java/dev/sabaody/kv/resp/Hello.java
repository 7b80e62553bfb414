package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.CONNECTION;
import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.CommandFlag.ALLOW_BUSY;
import static dev.sabaody.kv.resp.CommandFlag.LOADING;
import static dev.sabaody.kv.resp.CommandFlag.NOSCRIPT;
import static dev.sabaody.kv.resp.CommandFlag.NO_AUTH;
import static dev.sabaody.kv.resp.CommandFlag.STALE;

import dev.sabaody.kv.resp.CommandDoc.Arg;

/**
 * HELLO [protover [AUTH username password] [SETNAME clientname]]: the RESP3 handshake.
 *
 * <p>It switches the connection to the protocol asked for (2 or 3; anything else is
 * {@code -NOPROTO}), optionally authenticates and names it, and answers a map describing the server:
 *
 * <pre>
 *   server  "redis"        version "7.0.15"    proto 3    id 7
 *   mode    "standalone"   role    "master"    modules (empty array)
 * </pre>
 *
 * Every field is Redis 7.0.15's except {@code id}, which is this connection's. We report
 * {@code server=redis} and Redis's version on purpose: clients read them to decide what they may send
 * (redis-py and ioredis look at the version for features such as RESP3 client-side caching), and
 * the promise of this server is to behave as that version does.
 *
 * <p>Authentication: {@code AUTH user pass} authenticates first, as AUTH does ({@link Users}); a
 * connection that is still not authenticated gets {@code -NOAUTH}, and only then is the name set.
 * With no password configured, Redis's default user is {@code nopass}: {@code AUTH default
 * <anything>} succeeds and any other user name is {@code -WRONGPASS}.
 */
final class Hello implements Command<Object> {

    static <D> CommandSpec.Builder<D> spec() {
        return CommandSpec.<D>command("hello", -1, new Hello())
                .flags(NOSCRIPT, LOADING, STALE, CommandFlag.FAST, NO_AUTH, ALLOW_BUSY)
                .acl(FAST, CONNECTION)
                .doc(CommandDoc.of("Handshake with Redis", "6.0.0", "connection", "O(1)",
                                Arg.block("arguments",
                                        Arg.of("protover", "integer"),
                                        Arg.block("username_password",
                                                Arg.of("username", "string"),
                                                Arg.of("password", "string")).withToken("AUTH").optional(),
                                        Arg.of("clientname", "string").withToken("SETNAME").optional()).optional())
                        .withHistory("6.2.0", "`protover` made optional; when called without arguments the command"
                                + " reports the current connection's context."));
    }

    @Override
    public void execute(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        RespEncoder reply = ctx.reply();
        long version = 0;
        if (argv.argc() >= 2) {
            if (!argv.parseLong(1)) {
                reply.error("Protocol version is not an integer or out of range");
                return;
            }
            version = argv.parsedLong();
            if (version < 2 || version > 3) {
                reply.error("-NOPROTO unsupported protocol version");
                return;
            }
        }
        int auth = -1;
        int name = -1;
        for (int j = 2; j < argv.argc(); j++) {
            int moreArgs = argv.argc() - 1 - j;
            if (argv.equalsIgnoreCase(j, "AUTH") && moreArgs >= 2) {
                ctx.redactArgument(j + 1); // helloCommand: user and password never shown
                ctx.redactArgument(j + 2);
                auth = j + 1;
                j += 2;
            } else if (argv.equalsIgnoreCase(j, "SETNAME") && moreArgs >= 1) {
                name = j + 1;
                j++;
            } else {
                reply.error("Syntax error in HELLO option '" + argv.latin1(j) + "'");
                return;
            }
        }
        if (auth >= 0 && !Auth.authenticate(ctx, argv.copy(auth), argv.copy(auth + 1))) {
            reply.error(Auth.WRONGPASS);
            return;
        }
        if (!ctx.client().authenticated()) {
            reply.error("-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO"
                    + " AUTH <user> <pass> option can be used to authenticate the client and select the RESP"
                    + " protocol version at the same time");
            return;
        }
        if (name >= 0 && !ClientCommand.setNameOrReply(ctx, name)) {
            return;
        }
        if (version != 0) {
            ctx.setProtocol((int) version);
        }
        reply.mapHeader(7);
        reply.bulkAscii("server");
        reply.bulkAscii("redis");
        reply.bulkAscii("version");
        reply.bulkAscii(ctx.serverVersion());
        reply.bulkAscii("proto");
        reply.integer(reply.protocol());
        reply.bulkAscii("id");
        reply.integer(ctx.client().id());
        reply.bulkAscii("mode");
        reply.bulkAscii("standalone");
        reply.bulkAscii("role");
        reply.bulkAscii("master");
        reply.bulkAscii("modules");
        reply.arrayHeader(0);
    }
}
