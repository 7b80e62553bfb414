package dev.sabaody.kv.server;

import dev.sabaody.kv.data.BlockedClients;
import dev.sabaody.kv.data.Blocking;
import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Client;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A blocked command (BLPOP, BLMOVE, BZPOPMIN...) in final-server: how blocking works across shards.
 *
 * <ul>
 *   <li>The waiter is queued on the blocked-client list of <b>every shard that owns one of its
 *       keys</b>, in that shard's arrival order, so a push on any of them wakes it.
 *   <li><b>All keys on one shard</b> (the common case): that shard retries the command itself, on its
 *       own thread, exactly as module 05 does, and sends the reply to the client's home loop.
 *   <li><b>Keys on several shards</b>: a wake-up hands the retry to the {@link CrossShard}
 *       coordinator, which parks the owners and runs the command over their gathered keys
 *       ({@link ParkedRun}): BLMOVE from a list of shard 0 to a list of shard 1 stays atomic.
 *   <li>The <b>timeout</b> is a timer on the client's home loop, the same injected clock as
 *       everything else. A waiter ends once: served, timed out or disconnected, whichever claims it
 *       first ({@link #state}); the others find it done and do nothing.
 * </ul>
 */
final class ShardWaiter implements BlockedClients.Waiter {

    private static final int WAITING = 0;
    private static final int TRYING = 1;
    private static final int DONE = 2;

    private final Shards shards;
    private final ParkedRun parked;
    private final Shard home;
    private final List<Shard> owners;
    private final Request request;
    private final Blocking.TimeoutReply onTimeout;
    private final Consumer<byte[]> deliver;
    /** WAITING, TRYING (a cross-shard retry is queued or running), DONE. */
    private final AtomicInteger state = new AtomicInteger(WAITING);
    /** On the home loop only. */
    private EventLoop.Timer timer;

    ShardWaiter(Shards shards, ParkedRun parked, Shard home, List<Shard> owners, Request request,
                Blocking.TimeoutReply onTimeout, Consumer<byte[]> deliver) {
        this.shards = shards;
        this.parked = parked;
        this.home = home;
        this.owners = owners;
        this.request = request;
        this.onTimeout = onTimeout;
        this.deliver = deliver;
    }

    /**
     * Queues the waiter on its owners; runs on a thread that may touch them (an owner's, or the
     * coordinator's while they are parked). Starts the timer on the home loop.
     */
    void register(int db, List<byte[]> keys, long timeoutMillis) {
        for (Shard owner : owners) {
            owner.keyspace().blocked().block(this, db, keys);
        }
        if (timeoutMillis > 0) {
            home.loop().execute(() -> {
                if (state.get() != DONE) {
                    timer = home.loop().schedule(Duration.ofMillis(timeoutMillis), this::timeOut);
                }
            });
        }
    }

    @Override
    public boolean retry() {
        if (owners.size() == 1) {
            // This thread owns (or has parked) the only shard involved. The waiter is claimed before
            // the command runs: a client that went away (cancel, on its home loop) is never served,
            // so nothing is popped for it.
            if (!state.compareAndSet(WAITING, TRYING)) {
                return state.get() == DONE;
            }
            ParkedRun.Result r = ParkedRun.runOn(owners.getFirst().state(), request);
            if (r.block() != null) {
                return !state.compareAndSet(TRYING, WAITING); // cancelled meanwhile: drop it
            }
            state.set(DONE);
            finish(r.reply());
            return true;
        }
        if (state.get() == DONE) {
            return true;
        }
        if (state.compareAndSet(WAITING, TRYING)) {
            shards.crossShard().submit(() -> shards.crossShard().parked(owners, () -> {
                ParkedRun.Result r = parked.run(request, home);
                if (r.block() != null) {
                    state.set(WAITING);
                } else {
                    state.set(DONE);
                    for (Shard owner : owners) {
                        owner.keyspace().blocked().unblock(this);
                    }
                    finish(r.reply());
                }
                return null;
            }));
        }
        return false;
    }

    /** On the home loop: the time is up, unless someone served the waiter first. */
    private void timeOut() {
        timer = null;
        if (owners.size() == 1) {
            Shard owner = owners.getFirst();
            owner.loop().execute(() -> {
                if (owner.keyspace().blocked().isBlocked(this) && state.compareAndSet(WAITING, DONE)) {
                    owner.keyspace().blocked().unblock(this);
                    finish(timeoutReply());
                }
            });
            return;
        }
        if (state.compareAndSet(WAITING, DONE)) {
            unblockEverywhere();
            finish(timeoutReply());
        } else if (state.get() == TRYING) {
            timer = home.loop().schedule(Duration.ofMillis(1), this::timeOut); // a retry is running: ask again
        }
    }

    /** The client went away: forget the waiter. */
    void cancel() {
        state.set(DONE);
        unblockEverywhere();
        if (timer != null) {
            timer.cancel();
        }
    }

    private void unblockEverywhere() {
        for (Shard owner : owners) {
            owner.loop().execute(() -> owner.keyspace().blocked().unblock(this));
        }
    }

    private void finish(byte[] reply) {
        home.loop().execute(() -> {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        });
        deliver.accept(reply);
    }

    private byte[] timeoutReply() {
        OutputBuffer out = new OutputBuffer();
        RespEncoder encoder = new RespEncoder(out);
        encoder.setProtocol(request.protocol());
        if (onTimeout == Blocking.TimeoutReply.NULL_ARRAY) {
            encoder.nullArray();
        } else {
            encoder.nullBulk();
        }
        return out.toByteArray();
    }
}
