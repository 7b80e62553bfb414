package dev.sabaody.kv.server;

import dev.sabaody.kv.data.BlockedClients;
import dev.sabaody.kv.data.Blocking;
import dev.sabaody.kv.nio.Connection;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.nio.OutputBuffer;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.RespEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A blocked command (BLPOP, BLMOVE, BZPOPMIN...) whose keys live on other shards than its client's
 * connection: how blocking works across shards. (A command blocked on its home shard's keys is module
 * 05's, in {@link dev.sabaody.kv.data.KeyspaceRunner}.)
 *
 * <ul>
 *   <li>The waiter is queued on the blocked-client list of <b>every shard that owns one of its
 *       keys</b>, in that shard's arrival order, so a push on any of them wakes it.
 *   <li>A wake-up hands the retry to the {@link CrossShard} coordinator, which parks the owners
 *       <b>and the client's home shard</b>, and runs the command over their keys ({@link ParkedRun}):
 *       BLMOVE from a list of shard 0 to a list of shard 1 stays atomic. Meanwhile the key serves
 *       nobody behind the waiter ({@link BlockedClients.Retry#PENDING}), so arrival order holds.
 *   <li>Parking the home shard is what makes "an element is popped only for a client that will
 *       receive it" true: the park is a task, and a loop runs its tasks after the socket events of
 *       its turn, so a client that closed before the push was sent has been seen to close
 *       ({@link #cancel}) before the coordinator looks; and what its socket holds is read then too
 *       ({@link Connection#probe}), for a goodbye that came in the same turn as the push. Without it,
 *       the owner could pop for a client whose goodbye was still unread on another loop, and the
 *       element would be lost.
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
    /** The owners and the home shard: what a retry parks. */
    private final List<Shard> retryParks;
    private final Request request;
    private final Blocking.TimeoutReply onTimeout;
    private final Connection connection;
    private final Consumer<byte[]> deliver;
    /** WAITING, TRYING (a retry is queued on the coordinator or running), DONE. */
    private final AtomicInteger state = new AtomicInteger(WAITING);
    /** What it waits on, to signal again after a retry that served nobody. */
    private int db;
    private List<byte[]> keys = List.of();
    /** On the home loop only. */
    private EventLoop.Timer timer;
    /** It has a timeout (INFO's clients_in_timeout_table). */
    private volatile boolean timed;

    @Override
    public boolean timed() {
        return timed;
    }

    ShardWaiter(Shards shards, ParkedRun parked, Shard home, List<Shard> owners, Request request,
                Blocking.TimeoutReply onTimeout, Connection connection, Consumer<byte[]> deliver) {
        this.shards = shards;
        this.parked = parked;
        this.home = home;
        this.owners = owners;
        Set<Shard> parks = new LinkedHashSet<>(owners);
        parks.add(home);
        this.retryParks = List.copyOf(parks);
        this.request = request;
        this.onTimeout = onTimeout;
        this.connection = connection;
        this.deliver = deliver;
    }

    /**
     * Queues the waiter on its owners; runs on a thread that may touch them (the coordinator's while
     * they are parked). Starts the timer on the home loop.
     */
    void register(int db, List<byte[]> keys, long timeoutMillis) {
        this.timed = timeoutMillis > 0;
        this.db = db;
        this.keys = new ArrayList<>(keys);
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

    /** On an owner's thread: a key it waits on was created. The retry goes to the coordinator. */
    @Override
    public BlockedClients.Retry retry() {
        if (state.get() == DONE) {
            return BlockedClients.Retry.SERVED; // gone: let the key serve the next one
        }
        if (state.compareAndSet(WAITING, TRYING)) {
            shards.crossShard().submit(() -> shards.crossShard().parked(retryParks, () -> {
                tryOnce();
                return null;
            }));
        }
        return BlockedClients.Retry.PENDING;
    }

    /** On the coordinator, the owners and the home shard parked: serve the client if it is still there. */
    private void tryOnce() {
        // The home loop is parked, so its connection may be read here: a goodbye that came in the same
        // turn as the push is seen now, and closing the connection cancels this waiter.
        if (state.get() == TRYING && !connection.probe()) {
            state.set(DONE); // its client is gone: nothing is taken for it
        }
        if (state.get() == TRYING) {
            ParkedRun.Result r = parked.retry(request, home);
            if (r.block() != null) {
                state.set(WAITING); // nothing for it after all; it keeps its place
                return;
            }
            state.set(DONE);
            finish(r.reply());
        }
        // Served, or gone: off the lists, and the keys it held serve whoever waits behind it.
        unblockHere();
        for (Shard owner : owners) {
            for (byte[] key : keys) {
                owner.keyspace().signalReady(owner.keyspace().db(db), key);
            }
        }
        ParkedRun.serveBlocked(owners);
    }

    /** On the home loop: the time is up, unless someone served the waiter first. */
    private void timeOut() {
        timer = null;
        if (state.compareAndSet(WAITING, DONE)) {
            unblockEverywhere();
            finish(timeoutReply(false));
        } else if (state.get() == TRYING) {
            timer = home.loop().schedule(Duration.ofMillis(1), this::timeOut); // a retry is running: ask again
        }
    }

    /**
     * On the home loop: CLIENT UNBLOCK. It ends the wait as its timeout would, or with Redis's
     * -UNBLOCKED error; a retry running meanwhile is let finish first, as for the timeout.
     */
    void unblockedByClient(boolean error) {
        if (state.compareAndSet(WAITING, DONE)) {
            unblockEverywhere();
            finish(error ? unblockedReply() : timeoutReply(true)); // Redis 7.0 counts either as failed
        } else if (state.get() == TRYING) {
            home.loop().schedule(Duration.ofMillis(1), () -> unblockedByClient(error));
        }
    }

    /** The client waiting. */
    dev.sabaody.kv.resp.Client client() {
        return request.client();
    }

    private byte[] unblockedReply() {
        OutputBuffer out = new OutputBuffer();
        RespEncoder encoder = new RespEncoder(out);
        encoder.error("-UNBLOCKED client unblocked via CLIENT UNBLOCK");
        counted(encoder, true);
        return out.toByteArray();
    }

    /**
     * On the home loop: the command ends without running again, and is counted now, once, in the home
     * shard's figures (its run before blocking was not: see {@link CommandSpec#unblocked}).
     */
    private void counted(RespEncoder encoder, boolean failed) {
        request.spec().unblocked(CommandContext.detached(home.state(), request.client(), encoder, request.argv(),
                request.spec()), failed);
    }

    /** On the home loop: the client went away. */
    void cancel() {
        state.set(DONE);
        unblockEverywhere();
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Off every owner's list; the owners must be parked (or be this thread). */
    private void unblockHere() {
        for (Shard owner : owners) {
            owner.keyspace().blocked().unblock(this);
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

    /** The timeout's reply; {@code byClient}: CLIENT UNBLOCK TIMEOUT, which Redis 7.0 counts as a failed call. */
    private byte[] timeoutReply(boolean byClient) {
        OutputBuffer out = new OutputBuffer();
        RespEncoder encoder = new RespEncoder(out);
        encoder.setProtocol(request.protocol());
        if (onTimeout == Blocking.TimeoutReply.NULL_ARRAY) {
            encoder.nullArray();
        } else {
            encoder.nullBulk();
        }
        counted(encoder, byClient);
        return out.toByteArray();
    }
}
