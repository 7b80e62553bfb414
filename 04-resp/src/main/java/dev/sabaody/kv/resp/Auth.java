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
 * AUTH [username] password (acl.c authCommand): authenticates the connection as a user. With one
 * argument the user is {@code default}, and Redis refuses that form outright when the default user
 * needs no password, to warn about a configuration that does not do what its author thinks.
 */
final class Auth implements Command<Object> {

    static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.";

    static <D> CommandSpec.Builder<D> spec() {
        return CommandSpec.<D>command("auth", -2, new Auth())
                .flags(NOSCRIPT, LOADING, STALE, CommandFlag.FAST, NO_AUTH, ALLOW_BUSY)
                .acl(FAST, CONNECTION)
                .doc(CommandDoc.of("Authenticate to the server", "1.0.0", "connection",
                                "O(N) where N is the number of passwords defined for the user",
                                Arg.of("username", "string").since("6.0.0").optional(),
                                Arg.of("password", "string"))
                        .withHistory("6.0.0", "Added ACL style (username and password)."));
    }

    @Override
    public void execute(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() > 3) {
            ctx.replySyntaxError();
            return;
        }
        Users users = ctx.server().users();
        byte[] user;
        if (argv.argc() == 2) {
            if (users.defaultUser().rules().nopass()) {
                ctx.reply().error("AUTH <password> called without any password configured for the default user. "
                        + "Are you sure your configuration is correct?");
                return;
            }
            user = Users.DEFAULT_USER.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        } else {
            user = argv.copy(1);
        }
        if (authenticate(ctx, user, argv.copy(argv.argc() - 1))) {
            ctx.reply().ok();
        } else {
            ctx.reply().error(WRONGPASS);
        }
    }

    /**
     * ACLAuthenticateUser: on success the connection is that user's, authenticated; a failure is
     * written to the ACL log, under the name tried and the command as the client spelled it.
     */
    static boolean authenticate(CommandContext<?> ctx, byte[] user, byte[] password) {
        Users users = ctx.server().users();
        User found = users.authenticate(user, password);
        if (found == null) {
            users.log().add(AclLog.Reason.AUTH, ctx.aclContext(), ctx.argv().latin1(0),
                    new String(user, java.nio.charset.StandardCharsets.ISO_8859_1),
                    ctx.server().clock().currentTimeMillis(), ctx.clientInfo());
            return false;
        }
        ctx.client().authenticated(found);
        return true;
    }
}
