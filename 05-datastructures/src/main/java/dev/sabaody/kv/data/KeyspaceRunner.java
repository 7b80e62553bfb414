package dev.sabaody.kv.data;

import dev.sabaody.kv.data.tx.Transaction;
import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandRunner;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.ServerState;
import java.time.Duration;

/**
 * How module 05 runs a command on its one keyspace, around the command itself:
 *
 * <ol>
 *   <li><b>MULTI queueing</b>: inside a transaction a command is queued and answered {@code +QUEUED}
 *       instead of run ({@link Transaction}).
 *   <li><b>Blocking</b>: a command that asked to block ({@link Blocking#block}) parks its client:
 *       reading pauses (so a pipeline behind it waits, as in Redis), the client is queued on its keys,
 *       and a timer on the loop's clock answers the timeout. Nothing else waits: the loop goes on
 *       serving everyone else.
 *   <li><b>Serving the blocked</b>: after every command, clients blocked on keys it created are retried
 *       in arrival order.
 * </ol>
 *
 * One per connection.
 */
public final class KeyspaceRunner implements CommandRunner<Db> {

    /** The blocked command of this connection, if any. */
    private BlockedCommand blocked;

    @Override
    public Outcome run(CommandContext<Db> ctx) {
        CommandSpec<Db> spec = ctx.command();
        if (Transaction.queueing(ctx.client()) && !Transaction.runsImmediately(spec)) {
            Transaction.of(ctx.client()).queue(spec, ctx.argv());
            ctx.reply().simpleString("QUEUED");
            return Outcome.ANSWERED;
        }
        Keyspace keyspace = ctx.db().keyspace();
        spec.run(ctx);
        Keyspace.BlockRequest request = keyspace.takeBlockRequest();
        if (request != null) {
            block(ctx, keyspace, request);
            return Outcome.WAITING;
        }
        if (keyspace.blocked().hasReady()) {
            keyspace.blocked().serveReady(keyspace);
        }
        return Outcome.ANSWERED;
    }

    @Override
    public boolean rejected(CommandContext<Db> ctx, String error) {
        boolean answered = Transaction.rejected(ctx, error);
        if (answered) {
            ctx.db().keyspace().watches().unwatchAll(ctx.client().id()); // EXEC refused: the transaction is over
        }
        return answered;
    }

    @Override
    public void closed(CommandContext<Db> ctx) {
        Keyspace keyspace = ctx.db().keyspace();
        keyspace.watches().unwatchAll(ctx.client().id());
        if (blocked != null) {
            blocked.release();
            keyspace.blocked().unblock(blocked);
            blocked = null;
        }
    }

    private void block(CommandContext<Db> ctx, Keyspace keyspace, Keyspace.BlockRequest request) {
        Connection connection = ctx.connection();
        connection.pauseReading();
        blocked = new BlockedCommand(ctx, keyspace, request);
        keyspace.blocked().block(blocked, request.db(), request.keys());
        if (request.timeoutMillis() > 0) {
            blocked.timer = connection.loop().schedule(Duration.ofMillis(request.timeoutMillis()), blocked::timeOut);
        }
    }

    /** A command parked on its keys, able to run again in its client's name. */
    private final class BlockedCommand implements BlockedClients.Waiter {
        final ServerState<Db> server;
        final dev.sabaody.kv.resp.Client client;
        final RespEncoder reply;
        final Connection connection;
        final CommandSpec<Db> spec;
        final Argv argv;
        final Keyspace keyspace;
        final Blocking.TimeoutReply onTimeout;
        EventLoop.Timer timer;

        BlockedCommand(CommandContext<Db> ctx, Keyspace keyspace, Keyspace.BlockRequest request) {
            this.server = ctx.server();
            this.client = ctx.client();
            this.reply = ctx.reply();
            this.connection = ctx.connection();
            this.spec = ctx.command();
            this.argv = Argv.copyOf(ctx.argv());
            this.keyspace = keyspace;
            this.onTimeout = request.onTimeout();
        }

        @Override
        public boolean retry() {
            CommandContext<Db> ctx = CommandContext.detached(server, client, reply, argv, spec);
            spec.run(ctx);
            if (keyspace.takeBlockRequest() != null) {
                return false;
            }
            finish();
            return true;
        }

        void timeOut() {
            keyspace.blocked().unblock(this);
            if (onTimeout == Blocking.TimeoutReply.NULL_ARRAY) {
                reply.nullArray();
            } else {
                reply.nullBulk();
            }
            finish();
        }

        private void finish() {
            release();
            blocked = null;
            connection.flush();
            connection.resumeReading();
        }

        void release() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
    }
}
