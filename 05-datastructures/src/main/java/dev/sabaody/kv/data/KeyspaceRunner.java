package dev.sabaody.kv.data;

import dev.sabaody.kv.data.tx.Transaction;
import dev.sabaody.kv.data.tx.TransactionCommands;
import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandRunner;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import dev.sabaody.kv.resp.ServerState;
import java.time.Duration;

/**
 * How a command runs on the keyspace of its connection's own thread, around the command itself:
 *
 * <ol>
 *   <li><b>MULTI queueing</b>: inside a transaction a command is queued and answered {@code +QUEUED}
 *       instead of run ({@link Transaction}); one flagged {@code no-multi} (SHUTDOWN) is refused.
 *   <li><b>Blocking</b>: a command that asked to block ({@link Blocking#block}) parks its client:
 *       reading pauses (so a pipeline behind it waits, as in Redis), the client is queued on its keys,
 *       and a timer on the loop's clock answers the timeout. Nothing else waits: the loop goes on
 *       serving everyone else.
 *   <li><b>Serving the blocked</b>: after every command, clients blocked on keys it created are retried
 *       in arrival order ({@link Keyspace#serveBlocked}).
 *   <li><b>Refusals</b>: an unknown command or a wrong arity inside MULTI dooms the transaction, and a
 *       refused EXEC answers EXECABORT ({@link Transaction#rejected}).
 *   <li><b>Memory</b>: with a limit set ({@link MemoryGuard}, module 06), memory is freed before the
 *       command as the policy allows, and a command that may grow memory is refused with -OOM while it
 *       is still over ({@link #refusedWhenFull}).
 * </ol>
 *
 * This is module 05's whole runner, and final-server's runner for every command that runs on the
 * connection's own shard: final-server's router decides where a command runs and hands the local
 * ones here, so these rules exist once. One per connection.
 */
public final class KeyspaceRunner implements CommandRunner<Db> {

    /** The blocked command of this connection, if any. */
    private BlockedCommand blocked;

    /** Whether {@link #run} would queue the command of {@code ctx} (inside MULTI) rather than run it. */
    public static boolean queues(CommandContext<Db> ctx) {
        return Transaction.queues(ctx.client(), ctx.command());
    }

    @Override
    public Outcome run(CommandContext<Db> ctx) {
        CommandSpec<Db> spec = ctx.command();
        if (Transaction.queueing(ctx.client()) && spec.has(CommandFlag.NO_MULTI)) {
            // processCommand: refused, not queued, and the transaction is doomed (SHUTDOWN, SAVE...)
            return reject(ctx, "Command not allowed inside a transaction");
        }
        MemoryGuard guard = ctx.db().keyspace().memoryGuard();
        if (guard != null && !guard.makeRoom() && refusedWhenFull(ctx)) {
            return reject(ctx, MemoryGuard.OOM);
        }
        if (queues(ctx)) {
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
        keyspace.serveBlocked();
        return Outcome.ANSWERED;
    }

    /**
     * processCommand's reject_cmd_on_oom: a {@code denyoom} command, an EXEC whose queue holds one
     * (execCommand's is_denyoom_command), and inside MULTI every command that would be queued: a queue
     * may grow without bound, so nothing is queued while memory is over the limit.
     */
    public static boolean refusedWhenFull(CommandContext<Db> ctx) {
        CommandSpec<Db> spec = ctx.command();
        if (spec.has(CommandFlag.DENYOOM) || queues(ctx)) {
            return true;
        }
        if (TransactionCommands.isExec(spec) && Transaction.queueing(ctx.client())) {
            for (Transaction.Queued q : Transaction.of(ctx.client()).queued()) {
                if (q.spec().has(CommandFlag.DENYOOM)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public Outcome reject(CommandContext<Db> ctx, String error) {
        if (Transaction.rejected(ctx, error)) {
            ctx.db().keyspace().watches().unwatchAll(ctx.client().id()); // EXEC refused: the transaction is over
        } else {
            ctx.reply().error(error);
        }
        ctx.server().observer().rejected(ctx);
        return Outcome.ANSWERED;
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
        ctx.client().blocked(blocked::unblockedByClient); // CLIENT LIST's 'b', and what CLIENT UNBLOCK ends
        if (request.timeoutMillis() > 0) {
            blocked.timer = connection.loop().schedule(Duration.ofMillis(request.timeoutMillis()), blocked::timeOut);
        }
    }

    /**
     * A command parked on its keys, able to run again in its client's name.
     *
     * <p>It is retried by whichever thread holds the keyspace when a key becomes ready: nearly always
     * the connection's loop, but in final-server also a thread that holds the shard for a moment (a
     * cross-shard command with the loop parked, or another loop running a batch while this one
     * sleeps). Such a thread does not serve it: the loop may not yet have read that its client has
     * gone, and an element popped for a closed connection would be lost. It hands the retry to the
     * loop instead ({@link BlockedClients.Retry#PENDING}). The loop, before it serves, reads what the
     * client's socket holds ({@link Connection#probe}): a goodbye that arrived in the same turn as the
     * push is seen, and nothing is popped for a client that has gone.
     */
    private final class BlockedCommand implements BlockedClients.Waiter {
        final ServerState<Db> server;
        final dev.sabaody.kv.resp.Client client;
        final RespEncoder reply;
        final Connection connection;
        final CommandSpec<Db> spec;
        final Argv argv;
        final Keyspace keyspace;
        final Keyspace.BlockRequest request;
        EventLoop.Timer timer;

        BlockedCommand(CommandContext<Db> ctx, Keyspace keyspace, Keyspace.BlockRequest request) {
            this.server = ctx.server();
            this.client = ctx.client();
            this.reply = ctx.reply();
            this.connection = ctx.connection();
            this.spec = ctx.command();
            this.argv = Argv.copyOf(ctx.argv());
            this.keyspace = keyspace;
            this.request = request;
        }

        @Override
        public boolean timed() {
            return request.timeoutMillis() > 0;
        }

        @Override
        public BlockedClients.Retry retry() {
            if (!connection.loop().inLoop()) {
                connection.loop().execute(() -> {
                    for (byte[] key : request.keys()) {
                        keyspace.signalReady(keyspace.db(request.db()), key);
                    }
                    keyspace.serveBlocked();
                });
                return BlockedClients.Retry.PENDING;
            }
            if (!connection.probe()) {
                return BlockedClients.Retry.SERVED; // it hung up: closing it has unblocked it, nothing taken
            }
            spec.run(CommandContext.detached(server, client, reply, argv, spec).asRetry());
            if (keyspace.takeBlockRequest() != null) {
                return BlockedClients.Retry.BLOCKED;
            }
            finish();
            return BlockedClients.Retry.SERVED;
        }

        void timeOut() {
            timedOut(false);
        }

        /**
         * Its time is up, or CLIENT UNBLOCK TIMEOUT says so ({@code byClient}): the timeout's reply.
         * Redis 7.0 counts a command ended by CLIENT UNBLOCK, either way, as a failed call.
         */
        void timedOut(boolean byClient) {
            keyspace.blocked().unblock(this);
            if (request.onTimeout() == Blocking.TimeoutReply.NULL_ARRAY) {
                reply.nullArray();
            } else {
                reply.nullBulk();
            }
            spec.unblocked(CommandContext.detached(server, client, reply, argv, spec), byClient);
            finish();
        }

        /** CLIENT UNBLOCK, on the client's loop: as the timeout, or with Redis's -UNBLOCKED error. */
        void unblockedByClient(boolean error) {
            if (blocked != this) {
                return; // served meanwhile
            }
            if (error) {
                keyspace.blocked().unblock(this);
                reply.error("-UNBLOCKED client unblocked via CLIENT UNBLOCK");
                spec.unblocked(CommandContext.detached(server, client, reply, argv, spec), true);
                finish();
            } else {
                timedOut(true);
            }
        }

        private void finish() {
            client.blocked(null);
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
