package dev.sabaody.kv.resp;

/**
 * Where a command runs once it has been parsed, found in the table and checked for arity.
 *
 * <p>Module 04 runs it at once, on the connection's own loop ({@link #INLINE}). final-server plugs in
 * a runner that sends it to the shard owning its keys: the reply is then written later, and the
 * session reads nothing more until it is. That is the whole seam between the protocol and
 * multi-threading: the session does not know shards exist.
 */
@FunctionalInterface
public interface CommandRunner<D> {

    /**
     * Runs the command bound to {@code ctx}.
     *
     * @return true when its reply has been written; false when it will be written later, in which
     *     case the runner has paused the connection's reading ({@code Connection.pauseReading}) and
     *     resumes it once the reply is in the output. The session stops parsing until then.
     */
    boolean run(CommandContext<D> ctx);

    /** Runs every command where it was read, at once. */
    @SuppressWarnings("rawtypes")
    CommandRunner INLINE = ctx -> {
        ctx.command().implementation().execute(ctx);
        return true;
    };

    @SuppressWarnings("unchecked")
    static <D> CommandRunner<D> inline() {
        return INLINE;
    }
}
