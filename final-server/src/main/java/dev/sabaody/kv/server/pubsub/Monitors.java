package dev.sabaody.kv.server.pubsub;

import static dev.sabaody.kv.resp.AclCategory.ADMIN;
import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandFeed;
import dev.sabaody.kv.resp.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * MONITOR: every command the server runs, as a line to each monitoring client, in Redis's format
 * (replicationFeedMonitors, replication.c):
 *
 * <pre>
 *   +1339518083.107412 [0 127.0.0.1:60866] "keys" "*"
 *    wall clock, µs     db  client            arguments, quoted as sdscatrepr quotes them
 * </pre>
 *
 * <h2>Where the line is made</h2>
 * Redis feeds monitors in {@code call()}, after the command ran (so SELECT shows the new database,
 * and commands queued by MULTI appear when EXEC runs them, before EXEC itself). The one place every
 * command runs here is {@link CommandSpec#run}: on the home loop, on another shard's loop, or on the
 * coordinator with shards parked. It tells the table's {@link CommandFeed}, which includes this
 * object while someone monitors ({@link PubSub#feedChanged}): when nobody monitors or tracks, a
 * command pays one null check.
 * A blocked command is shown when it first runs, not when it is served, as in Redis.
 *
 * <h2>Delivering across loops</h2>
 * A monitor is a connection on some loop. The line goes to that loop's task queue, even from the
 * loop itself: the queue is first in, first out, so lines reach the monitor in the order commands
 * finished, whichever thread ran them, and a command that ran after another (its client waited for
 * the first reply) is shown after it. Commands on different shards that run in parallel appear in
 * the order they finished, which is a true one. A task from the loop's own thread costs no wake-up.
 *
 * <h2>What is hidden</h2>
 * Commands flagged {@code admin} or {@code skip_monitor} (CONFIG, CLIENT LIST, MONITOR itself...),
 * as Redis hides them; arguments a command redacted ({@link CommandContext#redactArgument}: AUTH's,
 * HELLO's AUTH) read {@code "(redacted)"}; unknown commands and arity errors never ran and are not
 * shown.
 */
public final class Monitors implements CommandFeed {

    private static final byte[] REDACTED = "\"(redacted)\"".getBytes(StandardCharsets.US_ASCII);

    private final PubSub pubsub;
    /** Monitoring connections; changed rarely, read by every command while non-empty. */
    private final CopyOnWriteArrayList<Connection> monitors = new CopyOnWriteArrayList<>();

    Monitors(PubSub pubsub) {
        this.pubsub = pubsub;
    }

    boolean active() {
        return !monitors.isEmpty();
    }

    /** The MONITOR command's row. */
    static <D> CommandSpec.Builder<D> spec(Monitors monitors) {
        return CommandSpec.<D>command("monitor", 1, monitors::monitor)
                .flags(CommandFlag.ADMIN, CommandFlag.NOSCRIPT, CommandFlag.LOADING, CommandFlag.STALE)
                .acl(ADMIN, SLOW, DANGEROUS)
                .doc(CommandDoc.of("Listen for all requests received by the server in real time", "1.0.0",
                        "server", "O(1)"));
    }

    private void monitor(CommandContext<?> ctx) {
        Connection connection = ctx.connection();
        if (connection == null) {
            // Queued by MULTI: EXEC runs it with no connection of its own, as Redis's EXEC denies blocking.
            ctx.reply().error("MONITOR isn't allowed for DENY BLOCKING client");
            return;
        }
        if (monitors.contains(connection)) {
            return; // monitorCommand: already monitoring, not a word
        }
        ctx.reply().ok();
        monitors.add(connection);
        pubsub.feedChanged();
    }

    /** The connection closed: it monitors no more. On its loop. */
    void closed(long connectionId) {
        if (monitors.isEmpty()) {
            return;
        }
        monitors.removeIf(c -> c.id() == connectionId);
        if (monitors.isEmpty()) {
            pubsub.feedChanged();
        }
    }

    @Override
    public void executed(CommandContext<?> ctx) {
        CommandSpec<?> spec = ctx.command();
        if (spec == null || spec.has(CommandFlag.ADMIN) || spec.has(CommandFlag.SKIP_MONITOR)) {
            return;
        }
        byte[] line = line(ctx);
        for (Connection monitor : monitors) {
            // Always through the loop's task queue, even from the monitor's own loop: a line from
            // another shard queued earlier must not be overtaken by one written here directly.
            monitor.loop().execute(() -> write(monitor, line));
        }
    }

    private static void write(Connection monitor, byte[] line) {
        if (monitor.isOpen()) {
            monitor.output().write(line);
            monitor.flush();
        }
    }

    /** {@code +sec.usec [db addr] "arg" "arg"\r\n}. */
    static byte[] line(CommandContext<?> ctx) {
        long micros = ctx.clock().currentTimeMicros();
        StringBuilder sb = new StringBuilder(64);
        sb.append('+').append(micros / 1_000_000).append('.');
        String usec = Long.toString(micros % 1_000_000);
        sb.append("000000", 0, 6 - usec.length()).append(usec);
        sb.append(" [").append(ctx.client().db()).append(' ').append(ctx.client().addr()).append("] ");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(64 + 16 * ctx.argv().argc());
        out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        Argv argv = ctx.argv();
        for (int i = 0; i < argv.argc(); i++) {
            if (i > 0) {
                out.write(' ');
            }
            if (ctx.redacted(i)) {
                out.writeBytes(REDACTED);
            } else {
                quote(argv.copy(i), out);
            }
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** sdscatrepr (sds.c): in double quotes, with \\ \" \n \r \t \a \b escaped and other unprintables as \xNN. */
    static void quote(byte[] bytes, java.io.ByteArrayOutputStream out) {
        out.write('"');
        for (byte b : bytes) {
            switch (b) {
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '"' -> out.writeBytes(new byte[] {'\\', '"'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                case 7 -> out.writeBytes(new byte[] {'\\', 'a'});
                case '\b' -> out.writeBytes(new byte[] {'\\', 'b'});
                default -> {
                    if (b >= 0x20 && b <= 0x7e) {
                        out.write(b);
                    } else {
                        out.writeBytes(String.format("\\x%02x", b & 0xff).getBytes(StandardCharsets.US_ASCII));
                    }
                }
            }
        }
        out.write('"');
    }
}
