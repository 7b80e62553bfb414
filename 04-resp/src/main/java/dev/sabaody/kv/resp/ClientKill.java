package dev.sabaody.kv.resp;

import java.util.Locale;

/**
 * CLIENT KILL, as Redis 7.0's clientKillCommand: the old form {@code CLIENT KILL ip:port} (answers
 * OK or "No such client", and may kill the caller), and the filter form {@code CLIENT KILL
 * <option> <value> ...} with ID, TYPE, USER, ADDR, LADDR and SKIPME (answers how many it killed; the
 * caller is spared unless SKIPME no). 7.0 has no MAXAGE: it is a syntax error there, and here.
 *
 * <p>A client on another loop is closed by a task on that loop, since only its loop touches its
 * connection; it leaves CLIENT LIST at once. The caller, when it kills itself, gets its reply first.
 */
final class ClientKill {

    /** getClientType's classes. Sabaody-KV's clients are all normal until Pub/Sub marks subscribers. */
    static final int NORMAL = 0;
    static final int REPLICA = 1;
    static final int PUBSUB = 2;
    static final int MASTER = 3;

    private ClientKill() {
    }

    /** getClientTypeByName: -1 for a name it does not know. */
    static int typeByName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> NORMAL;
            case "slave", "replica" -> REPLICA;
            case "pubsub" -> PUBSUB;
            case "master" -> MASTER;
            default -> -1;
        };
    }

    static int typeOf(Client client) {
        return client.subscribed() ? PUBSUB : NORMAL; // getClientType: CLIENT_PUBSUB
    }

    static void kill(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        String addr = null;
        String laddr = null;
        String user = null;
        int type = -1;
        long id = 0;
        boolean skipme = true;
        if (argv.argc() == 3) {
            addr = argv.string(2);
            skipme = false; // with the old form a client may kill itself
        } else {
            for (int i = 2; i < argv.argc(); i += 2) {
                boolean moreArgs = argv.argc() > i + 1;
                if (argv.equalsIgnoreCase(i, "id") && moreArgs) {
                    if (!argv.parseLong(i + 1) || argv.parsedLong() < 1) {
                        ctx.reply().error("client-id should be greater than 0");
                        return;
                    }
                    id = argv.parsedLong();
                } else if (argv.equalsIgnoreCase(i, "type") && moreArgs) {
                    type = typeByName(argv.string(i + 1));
                    if (type < 0) {
                        ctx.reply().error("Unknown client type '" + argv.string(i + 1) + "'");
                        return;
                    }
                } else if (argv.equalsIgnoreCase(i, "addr") && moreArgs) {
                    addr = argv.string(i + 1);
                } else if (argv.equalsIgnoreCase(i, "laddr") && moreArgs) {
                    laddr = argv.string(i + 1);
                } else if (argv.equalsIgnoreCase(i, "user") && moreArgs) {
                    user = argv.string(i + 1);
                    if (ctx.server().users().get(user) == null) {
                        ctx.reply().error("No such user '" + user + "'");
                        return;
                    }
                } else if (argv.equalsIgnoreCase(i, "skipme") && moreArgs) {
                    if (argv.equalsIgnoreCase(i + 1, "yes")) {
                        skipme = true;
                    } else if (argv.equalsIgnoreCase(i + 1, "no")) {
                        skipme = false;
                    } else {
                        ctx.replySyntaxError();
                        return;
                    }
                } else {
                    ctx.replySyntaxError();
                    return;
                }
            }
        }
        int killed = 0;
        boolean killSelf = false;
        for (Client client : ctx.clients().all()) {
            if (client.killed()
                    || (addr != null && !addr.equals(client.addr()))
                    || (laddr != null && !laddr.equals(client.laddr()))
                    || (type != -1 && typeOf(client) != type)
                    || (id != 0 && client.id() != id)
                    || (user != null && !user.equals(client.userName()))
                    || (client == ctx.client() && skipme)) {
                continue;
            }
            if (client == ctx.client()) {
                killSelf = true;
            } else {
                close(ctx, client);
            }
            killed++;
        }
        if (argv.argc() == 3) {
            if (killed == 0) {
                ctx.reply().error("No such client");
            } else {
                ctx.reply().ok();
            }
        } else {
            ctx.reply().integer(killed);
        }
        if (killSelf && ctx.connection() != null) {
            ctx.closeAfterReply();
        }
    }

    private static void close(CommandContext<?> ctx, Client client) {
        client.markKilled();
        ctx.clients().remove(client);
        var connection = client.connection();
        if (connection != null) {
            connection.loop().execute(connection::close);
        }
    }
}
