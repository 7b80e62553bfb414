package dev.sabaody.kv.resp;

/**
 * Where a command runs once it has been parsed, found in the table and checked for arity.
 *
 * <p>Module 04 runs it at once, on the connection's own loop ({@link #INLINE}). final-server plugs in
 * a runner that sends it to the shard owning its keys, so its reply is written later. That is the
 * whole seam between the protocol and multi-threading: the session does not know shards exist, it
 * only honours the {@link Outcome} and keeps replies in request order by the rules below.
 */
public interface CommandRunner<D> {

    /** What became of a command handed to {@link #run}. */
    enum Outcome {
        /** Its reply is in the output. */
        ANSWERED,
        /** Its reply will be written later, in request order; the session may go on parsing. */
        DEFERRED,
        /** Its reply will be written later; the runner has paused reading and resumes it after. */
        WAITING,
        /**
         * It must not run before the deferred commands are answered: the session leaves it unconsumed
         * and stops. The runner resumes reading once they are, and the command is parsed again.
         */
        NOT_YET
    }

    /** Runs the command bound to {@code ctx}. */
    Outcome run(CommandContext<D> ctx);

    /**
     * Whether replies are owed for deferred commands. While they are, the session writes nothing to
     * the output itself (an error reply would overtake them): it stops as for {@link Outcome#NOT_YET}.
     */
    default boolean hasDeferred() {
        return false;
    }

    /**
     * The session is about to handle bytes the connection sent, before any reply to them is written:
     * final-server moves in what other threads queued meanwhile (invalidations for the connection,
     * Pub/Sub messages for the loop's subscribers), so that they come before the replies to whatever
     * the client sent after they were queued.
     */
    default void startOfInput() {
    }

    /**
     * The session has parsed all it can of this read, or stopped: a runner that deferred commands
     * sends them on now, pausing reading until their replies are in the output.
     */
    default void endOfInput() {
    }

    /**
     * The session refuses a command without running it (unknown command: {@code ctx.command()} is
     * null; wrong number of arguments) with {@code error}. The runner answers it, or returns
     * {@link Outcome#NOT_YET} when the error must wait for replies still owed. Inside MULTI a refusal
     * aborts the transaction, and a refused EXEC answers differently (Redis's rejectCommand): module
     * 05's runner knows that.
     */
    default Outcome reject(CommandContext<D> ctx, String error) {
        ctx.reply().error(error);
        return Outcome.ANSWERED;
    }

    /** The connection has closed: a runner holding state for it (a blocked command) lets it go. */
    default void closed(CommandContext<D> ctx) {
    }

    /** Runs every command where it was read, at once. */
    @SuppressWarnings("rawtypes")
    CommandRunner INLINE = ctx -> {
        ctx.command().run(ctx);
        return Outcome.ANSWERED;
    };

    @SuppressWarnings("unchecked")
    static <D> CommandRunner<D> inline() {
        return INLINE;
    }
}
