package dev.sabaody.kv.resp;

import java.util.Collections;
import java.util.List;

/**
 * A command whose work is spread over the whole keyspace instead of being found by its keys:
 * DBSIZE, KEYS, FLUSHDB, FLUSHALL, RANDOMKEY, SCAN, SWAPDB, INFO.
 *
 * <p>Redis's command table says which commands these are, in its tips: {@code request_policy:all_shards}
 * (every shard does its part, and {@code response_policy} says how the parts make one reply:
 * {@code agg_sum} adds them, {@code all_succeeded} answers OK if every part did) or
 * {@code request_policy:special} (the command decides: SCAN's cursor names one shard). A cluster
 * client reads those tips to fan a command out; a server whose keyspace is cut into slices reads them
 * for the same reason. The command is split into the three steps such a fan-out needs:
 *
 * <pre>
 *   check(ctx)          once, on the client's thread: bad arguments are answered before any work
 *   part(ctx) ─► P      on every slice it needs, on the thread that owns that slice: a value, not bytes
 *   answer(ctx, [P])    once: the parts merged into one reply
 * </pre>
 *
 * Merging values (a count, a list of keys) and not reply bytes keeps every command's reply written
 * in one place, by one encoder. A server with a single keyspace, as module 05's, runs the three
 * steps in a row: that is {@link #execute}. Which slice a part runs on, and how many there are, is in
 * {@link ServerState#slice()} and {@link ServerState#slices()} of the context it is given.
 *
 * <p>SWAPDB is one of these although Redis gives it no tip: Redis Cluster has a single database, so
 * no cluster client ever needs to route it. Here every slice holds every database, so each swaps its own.
 *
 * @param <P> what one slice's part answers
 */
public interface SlicedCommand<D, P> extends Command<D> {

    /** {@link #slice}: every slice does its part ({@code request_policy:all_shards}). */
    int ALL_SLICES = -1;

    /**
     * Checks the arguments on the client's thread before any part runs. On a bad argument, writes the
     * error reply and returns false: no part runs.
     */
    default boolean check(CommandContext<? extends D> ctx) {
        return true;
    }

    /**
     * The one slice this call needs, of {@code slices}, or {@link #ALL_SLICES}. Called after a
     * successful {@link #check}.
     */
    default int slice(Argv argv, int slices) {
        return ALL_SLICES;
    }

    /** This slice's share of the work: {@code ctx.db()} is the slice's database. */
    P part(CommandContext<? extends D> ctx);

    /** The reply, from every part in slice order (one part when {@link #slice} named one). */
    void answer(CommandContext<? extends D> ctx, List<P> parts);

    /** One keyspace, one slice: check, do the part, answer. */
    @Override
    default void execute(CommandContext<? extends D> ctx) {
        if (check(ctx)) {
            answer(ctx, Collections.singletonList(part(ctx)));
        }
    }
}
