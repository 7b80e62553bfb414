package dev.sabaody.kv.resp;

import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.Session;
import dev.sabaody.kv.resp.CommandRunner.Outcome;
import java.nio.ByteBuffer;

/**
 * One RESP connection: parses what arrives, runs each command as soon as it is complete, and writes
 * its reply to the connection's output buffer, in order.
 *
 * <h2>Pipelining falls out of the loop below</h2>
 * A client may send many commands without waiting for replies. They arrive in one read; this loop
 * parses and runs them one after another, each reply appended to the same output buffer, and the
 * event loop sends them all in one write when {@link #onInput} returns. A command cut off by the end
 * of the read stays in the buffer, unconsumed, until the rest arrives.
 *
 * <h2>Dispatch, as Redis's processCommand (server.c) does it, in this order</h2>
 * <ol>
 *   <li>"host:" or "post" as a command: someone is sending HTTP to the port (a browser tricked into
 *       it, in the attack Redis guards against): close at once, without a reply, even to the
 *       commands pipelined before it.
 *   <li>Unknown command, or unknown subcommand of a container such as CLIENT: an error quoting it.
 *   <li>Wrong number of arguments for the command's arity: an error.
 *   <li>A protected command (DEBUG) the configuration does not allow this client: its refusal.
 *   <li>Not authenticated yet, and the command is not one allowed before (AUTH, HELLO, QUIT...):
 *       {@code -NOAUTH}. Until then the parser also refuses arrays of more than 10 elements and
 *       bulk strings over 16 KB, so that a stranger cannot make the server buffer much.
 *   <li>The user may not run it, or not on these keys or channels ({@link User}'s ACL):
 *       {@code -NOPERM}, and an entry in the ACL log.
 *   <li>A RESP2 client subscribed to channels runs only what {@link CommandSpec#allowedWhileSubscribed}
 *       says: its replies share the stream with the messages pushed to it.
 *   <li>Run it.
 * </ol>
 *
 * After a protocol error or QUIT, nothing more is read or run: the reply goes out and the
 * connection closes.
 */
final class RespSession<D> implements Session {

    private final Connection connection;
    private final ServerState<D> server;
    private final RequestParser parser;
    private final RespEncoder reply;
    private final Client client;
    private final CommandContext<D> context;
    /** Where each command runs: here and now (module 04), or on the shard owning its keys (final-server). */
    private final CommandRunner<D> runner;
    private boolean closing;
    /** Where an ACL check writes the index of the argument it refused (no allocation per command). */
    private final int[] aclPosition = new int[1];
    /** The clock when the bytes being parsed arrived: the time of the client's last interaction. */
    private long inputNanos;

    RespSession(Connection connection, ServerState<D> server, CommandRunner<D> runner, long protoMaxBulkLen) {
        this.connection = connection;
        this.runner = runner;
        this.server = server;
        this.parser = new RequestParser(protoMaxBulkLen);
        this.reply = new RespEncoder(connection.output());
        this.client = new Client(connection.id(), connection.remoteAddress(), connection.localAddress(),
                server.clock().nanoTime(), connection);
        this.context = new CommandContext<>(server, client, reply, connection);
        String refusal = server.users().refusal(connection.remoteAddress());
        if (refusal != null) {
            // Protected mode: a stranger is told why, then disconnected, before it can send anything.
            connection.output().write(refusal.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            connection.closeAfterFlush();
            connection.flush();
            closing = true;
        }
        if (!server.users().authRequired()) {
            client.authenticated(server.users().defaultUser()); // the default user needs no password: in from the start
        }
        server.clients().add(client);
    }

    @Override
    public void onInput(ByteBuffer input) {
        // One clock read per read, not per command: CLIENT LIST's idle counts seconds, and Redis too
        // stamps lastinteraction with its cached time (server.unixtime).
        inputNanos = server.clock().nanoTime();
        client.inputRead(input.capacity()); // INFO's client_recent_max_input_buffer
        runner.startOfInput();
        while (!closing && input.hasRemaining() && !reply.output().refusing()) { // refusing: over an output limit
            parser.setAuthRequired(!client.authenticated());
            int result = parser.parse(input);
            if (result == RequestParser.NEED_MORE) {
                break;
            }
            if (result == RequestParser.PROTOCOL_ERROR) {
                if (runner.hasDeferred()) {
                    break; // answer the commands before it first; the bytes are parsed again after
                }
                // The stream has lost its framing: nothing after this point can be trusted to start a
                // request. Redis answers, then closes (setProtocolError in networking.c).
                reply.error(parser.error());
                closing = true;
                input.position(input.limit());
                connection.closeAfterFlush();
                return;
            }
            Argv argv = parser.argv();
            Outcome outcome = argv.argc() == 0 ? Outcome.ANSWERED : dispatch(argv);
            if (outcome == Outcome.NOT_YET) {
                break; // left unconsumed: parsed again once the deferred replies are out
            }
            // Only now: the arguments were slices of these bytes until the command had run.
            input.position(input.position() + parser.consumed());
            if (outcome == Outcome.WAITING) {
                // The command runs elsewhere and reading is paused; the rest of a pipeline waits
                // here, unparsed, until its reply is in the output (see CommandRunner).
                break;
            }
        }
        if (closing) {
            input.position(input.limit());
        } else {
            runner.endOfInput();
        }
        parser.trim();
    }

    @Override
    public void onClose() {
        server.clients().remove(client);
        runner.closed(context);
    }

    /** Checks and runs one command; an error reply counts as {@link Outcome#ANSWERED}. */
    private Outcome dispatch(Argv argv) {
        if (client.killed()) {
            // CLIENT KILL from another loop: closed by a task on this one, but nothing more runs meanwhile
            // (Redis's CLIENT_CLOSE_ASAP)
            closing = true;
            connection.close();
            return Outcome.ANSWERED;
        }
        if (argv.equalsIgnoreCase(0, "host:") || argv.equalsIgnoreCase(0, "post")) {
            // Not a command: an HTTP request. Redis drops the connection at once, whatever it still
            // owes the client: an attacker's page must get nothing back (securityWarningCommand).
            Log.warn("Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands"
                    + " to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to"
                    + " compromise your Redis instance. Connection from %s aborted.", connection.remoteAddress());
            closing = true;
            connection.close();
            return Outcome.ANSWERED;
        }
        CommandTable<D> table = server.commands();
        CommandSpec<D> spec = table.lookup(argv);
        if (spec == null) {
            return reject(argv, null, table.isContainer(argv) ? unknownSubcommand(argv) : unknownCommand(argv));
        }
        if (!spec.arityAccepts(argv.argc())) {
            return reject(argv, spec, "wrong number of arguments for '" + spec.fullName() + "' command");
        }
        String refusal = spec.protection() == null ? null : spec.protection().refusal(client);
        if (refusal != null) {
            return reject(argv, spec, refusal);
        }
        if (!client.authenticated() && !spec.has(CommandFlag.NO_AUTH)) {
            return reject(argv, spec, "-NOAUTH Authentication required.");
        }
        if (client.subscribed() && reply.protocol() == 2 && !spec.allowedWhileSubscribed()) {
            return reject(argv, spec, "Can't execute '" + spec.fullName()
                    + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
        }
        client.touched(inputNanos, spec.fullName());
        User user = client.user();
        if (user != null) {
            if (user.removed()) {
                // ACL DELUSER or ACL LOAD took the user away: its connections end (ACLFreeUserAndKillClients).
                closing = true;
                connection.close();
                return Outcome.ANSWERED;
            }
            int denied = user.check(spec, argv, aclPosition);
            if (denied != Selector.OK) {
                return reject(argv, spec, noPermission(spec, argv, denied));
            }
        }
        context.bind(argv, spec);
        int mark = reply.output().pending();
        Outcome outcome = runner.run(context);
        if (context.closing()) {
            closing = true;
        }
        return replied(outcome, mark);
    }

    /** The -NOPERM error of processCommand, the denial written to the ACL log first. */
    private String noPermission(CommandSpec<D> spec, Argv argv, int denied) {
        context.bind(argv, spec);
        AclLog.Reason reason = AclLog.Reason.of(denied);
        String object = reason == AclLog.Reason.COMMAND ? spec.fullName() : argv.latin1(aclPosition[0]);
        server.users().log().add(reason, context.aclContext(), object, client.userName(),
                server.clock().currentTimeMillis(), context.clientInfo());
        return switch (reason) {
            case KEY -> "-NOPERM this user has no permissions to access one of the keys used as arguments";
            case CHANNEL -> "-NOPERM this user has no permissions to access one of the channels used as arguments";
            default -> "-NOPERM this user has no permissions to run the '" + spec.fullName() + "' command";
        };
    }

    /** A command refused before running: the runner answers it, now or once what it owes is out. */
    private Outcome reject(Argv argv, CommandSpec<D> spec, String error) {
        context.bind(argv, spec);
        int mark = reply.output().pending();
        return replied(runner.reject(context, error), mark);
    }

    /**
     * CLIENT REPLY OFF|SKIP: a reply written here is taken back (one deferred elsewhere is dropped by
     * the runner, which asks {@link Client#repliesSuppressed} when it defers it). Then, as Redis's
     * resetClient does after each command, a SKIP ends and one just asked for begins.
     */
    private Outcome replied(Outcome outcome, int mark) {
        if (outcome == Outcome.NOT_YET) {
            return outcome; // read and run again later
        }
        if (outcome == Outcome.ANSWERED && client.repliesSuppressed()) {
            reply.output().truncate(mark);
        }
        client.commandDone();
        return outcome;
    }

    // ---------------------------------------------------------------- Redis's error texts

    /**
     * {@code unknown command 'foo', with args beginning with: 'a' 'b' }, as commandCheckExistence
     * (server.c) writes it: the name cut at 128 characters; then quoted arguments, each cut to what
     * keeps the list near 128 characters, until it reaches 128. C's %s also stops at a NUL byte.
     */
    static String unknownCommand(Argv argv) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i < argv.argc() && args.length() < 128; i++) {
            String arg = cString(argv, i, 128 - args.length()); // the room left is measured before the quote
            args.append('\'').append(arg).append("' ");
        }
        return "unknown command '" + cString(argv, 0, 128) + "', with args beginning with: " + args;
    }

    /** {@code unknown subcommand 'x'. Try CLIENT HELP.} */
    static String unknownSubcommand(Argv argv) {
        return "unknown subcommand '" + cString(argv, 1, 128) + "'. Try "
                + argv.latin1(0).toUpperCase(java.util.Locale.ROOT) + " HELP.";
    }

    /** printf's {@code %.Ns} of argument {@code i}: at most {@code max} bytes, and none past a NUL. */
    private static String cString(Argv argv, int i, int max) {
        String s = argv.latin1(i);
        int nul = s.indexOf('\0');
        if (nul >= 0) {
            s = s.substring(0, nul);
        }
        return s.length() > max ? s.substring(0, max) : s;
    }
}
