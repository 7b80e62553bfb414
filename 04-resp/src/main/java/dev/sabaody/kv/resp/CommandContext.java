package dev.sabaody.kv.resp;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.Connection;

/**
 * Everything a command may use while it runs, and nothing of how the server is built: its
 * arguments, the reply encoder, the client's state, the selected database, the shared server state.
 *
 * <p>This is the seam between commands and the rest. Module 05 brings a new database type and a
 * hundred commands without touching a connection command; final-server runs the same commands on
 * shard threads, handing each the context of the shard that owns its keys. A command never sees the
 * socket, the event loop or the parser.
 *
 * <p>One instance per connection, reused for every command it runs.
 */
public final class CommandContext<D> {

    private final ServerState<D> server;
    private Client client;
    private final RespEncoder reply;
    private final Connection connection;
    private Argv argv;
    private CommandSpec<D> command;
    private boolean closeAfterReply;
    /** A blocked command run again to serve it: observers saw it the first time ({@link CommandFeed}). */
    private boolean retry;
    /** The command asked to block while it ran (BLPOP on an empty list): {@link CommandSpec#run} reads it. */
    private boolean blocking;
    /** Arguments the command asked to hide from observers (bit i: argument i), Redis's redactClientCommandArgument. */
    private long redacted;

    CommandContext(ServerState<D> server, Client client, RespEncoder reply, Connection connection) {
        this.server = server;
        this.client = client;
        this.reply = reply;
        this.connection = connection;
    }

    /**
     * A context for running one command away from its connection: on the shard that owns its keys,
     * against that shard's databases, writing the reply to {@code reply} to be sent back. Such a
     * command cannot close the connection (QUIT has no keys and never travels).
     */
    public static <D> CommandContext<D> detached(ServerState<D> server, Client client, RespEncoder reply,
                                                 Argv argv, CommandSpec<D> spec) {
        CommandContext<D> ctx = new CommandContext<>(server, client, reply, null);
        ctx.bind(argv, spec);
        return ctx;
    }

    /** Points the context at another command: a runner reuses one detached context for a batch. */
    public void bind(Argv args, CommandSpec<D> spec) {
        this.argv = args;
        this.command = spec;
        this.redacted = 0;
    }

    /** Marks this context as a blocked command's retry: it is not shown to observers again. Returns it. */
    public CommandContext<D> asRetry() {
        retry = true;
        return this;
    }

    public boolean isRetry() {
        return retry;
    }

    /**
     * The running command parks its client instead of answering: its figures wait for the end of the
     * wait (Redis's call() skips a CLIENT_BLOCKED client; updateStatsOnUnblock counts it).
     */
    public void blocking() {
        blocking = true;
    }

    /** Whether the command asked to block since last asked; clears it. */
    boolean takeBlocking() {
        boolean b = blocking;
        blocking = false;
        return b;
    }

    /**
     * Hides argument {@code i} from MONITOR and other observers, which show {@code (redacted)}: a
     * password (AUTH, HELLO's AUTH) must not be shown to whoever watches, as redactClientCommandArgument
     * (networking.c) ensures.
     */
    public void redactArgument(int i) {
        if (i < 64) {
            redacted |= 1L << i;
        }
    }

    public boolean redacted(int i) {
        return i < 64 && (redacted & (1L << i)) != 0;
    }

    /**
     * Points a {@link #detached} context at another client's command: a runner that keeps one context
     * for the batches of many connections. A connection's own context never changes client.
     */
    public void bind(Client other, Argv args, CommandSpec<D> spec) {
        if (connection != null) {
            throw new IllegalStateException("a connection's context belongs to its client");
        }
        this.client = other;
        bind(args, spec);
    }

    /** The arguments; argument 0 is the command name. Valid only while the command runs. */
    public Argv argv() {
        return argv;
    }

    /** The command being run (for a subcommand, the subcommand's spec). */
    public CommandSpec<D> command() {
        return command;
    }

    /** The client's connection; null in a {@link #detached} context. */
    public Connection connection() {
        return connection;
    }

    public RespEncoder reply() {
        return reply;
    }

    public Client client() {
        return client;
    }

    /** The client's selected database. */
    public D db() {
        return server.databases().get(client.db());
    }

    /** What every connection shares; for running another command in this one's name (EXEC). */
    public ServerState<D> server() {
        return server;
    }

    public Databases<D> databases() {
        return server.databases();
    }

    public CommandTable<D> commands() {
        return server.commands();
    }

    public Clients clients() {
        return server.clients();
    }

    /** ACL LOG's context of a denial: "multi" inside a transaction, else "toplevel". */
    public String aclContext() {
        return PendingTransaction.of(client) ? "multi" : "toplevel";
    }

    /** The client as CLIENT INFO shows it, now: what ACL LOG keeps of who was denied. */
    public String clientInfo() {
        return client.infoLine(server.clock().nanoTime());
    }

    public Clock clock() {
        return server.clock();
    }

    public String serverVersion() {
        return server.version();
    }

    /** Switches the connection's protocol (HELLO): every later reply is written in it. */
    public void setProtocol(int protocol) {
        reply.setProtocol(protocol);
        client.setProtocol(protocol);
    }

    public void select(int db) {
        client.setDb(db);
    }

    /** Sends the replies written so far, then closes the connection (QUIT). No later command runs. */
    public void closeAfterReply() {
        closeAfterReply = true;
        connection.closeAfterFlush();
    }

    boolean closing() {
        return closeAfterReply;
    }

    // ---------------------------------------------------------------- common replies

    /** {@code -ERR wrong number of arguments for 'get' command}, Redis's addReplyErrorArity. */
    public void replyWrongArity() {
        reply.error("wrong number of arguments for '" + command.fullName() + "' command");
    }

    /** addReplySubcommandSyntaxError: a known subcommand called with the wrong arguments. */
    public void replySubcommandSyntaxError() {
        String sub = argv.latin1(1);
        reply.error("unknown subcommand or wrong number of arguments for '"
                + (sub.length() > 128 ? sub.substring(0, 128) : sub) + "'. Try "
                + argv.latin1(0).toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    public void replySyntaxError() {
        reply.error("syntax error");
    }

    /**
     * Redis's {@code addReplyHelp}: a first line naming the command, the {@code lines} given, then
     * HELP itself; every line a simple string.
     */
    public void replyHelp(String commandName, String... lines) {
        reply.arrayHeader(lines.length + 3);
        reply.simpleString(commandName + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
        for (String line : lines) {
            reply.simpleString(line);
        }
        reply.simpleString("HELP");
        reply.simpleString("    Prints this help.");
    }
}
