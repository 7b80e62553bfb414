package dev.sabaody.kv.resp;

/**
 * What a server learns each time a command runs or is refused: INFO's commandstats, errorstats and
 * latencystats, SLOWLOG and LATENCY are fed from here (Redis feeds them in {@code call()} and
 * {@code rejectCommand()}, server.c).
 *
 * <p>Each slice of a keyspace (a final-server shard) has its own observer, called only by the thread
 * that holds the slice: the counters need no lock and no atomic, and the hot path pays two clock
 * reads and a few array writes. Module 04 observes nothing ({@link #NONE}).
 */
public interface CommandObserver {

    /**
     * {@code spec} ran for {@code ctx}'s client, from {@code startNanos} for {@code nanos} on the
     * server's clock; {@code failed}: it answered an error (Redis's failed_calls), the last one
     * written being {@link RespEncoder#lastErrorCode()}.
     */
    void ran(CommandContext<?> ctx, CommandSpec<?> spec, long startNanos, long nanos, boolean failed);

    /**
     * A blocked command ended without running again (its timeout, CLIENT UNBLOCK), after running
     * {@code nanos} before it blocked: counted now, once. {@code errorReplied}: it was ended with an
     * error reply ({@link RespEncoder#lastErrorCode()}); {@code failed}: a failed call, which Redis 7.0
     * also makes of CLIENT UNBLOCK TIMEOUT, an error or not.
     */
    default void unblocked(CommandContext<?> ctx, CommandSpec<?> spec, long nanos, boolean errorReplied,
                           boolean failed) {
        ran(ctx, spec, ctx.clock().nanoTime(), nanos, errorReplied);
    }

    /**
     * The command of {@code ctx} was refused before it ran (unknown, wrong arity, -NOAUTH, a no-multi
     * command inside MULTI): Redis's rejected_calls, and the error's prefix in errorstats.
     * {@code ctx.command()} is null for an unknown command.
     */
    void rejected(CommandContext<?> ctx);

    /** Whether {@link #ran} wants to hear: when not, the runner reads no clock. */
    default boolean observing() {
        return true;
    }

    /** Observes nothing. */
    CommandObserver NONE = new CommandObserver() {
        @Override
        public void ran(CommandContext<?> ctx, CommandSpec<?> spec, long startNanos, long nanos, boolean failed) {
        }

        @Override
        public void rejected(CommandContext<?> ctx) {
        }

        @Override
        public boolean observing() {
            return false;
        }
    };
}
