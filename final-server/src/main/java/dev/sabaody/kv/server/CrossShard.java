package dev.sabaody.kv.server;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Runs work that spans several shards atomically: every shard involved is parked, the work runs,
 * and the shards are released. No client can observe the work half done, because no shard involved
 * runs anything else in between.
 *
 * <h2>How a shard is parked</h2>
 * A task is queued on the shard's loop that counts down a "parked" latch and then waits on a
 * "release" latch. When every involved shard has counted down, all of them are inside that task:
 * the coordinator may touch their databases as if it were each of them (each latch is a
 * happens-before edge, so what the shard did before is visible, and what the coordinator did is
 * visible to the shard after).
 *
 * <h2>Why one coordinator thread, and not the client's own loop</h2>
 * If loop A parked loop B for its client while loop B parked loop A for another, each would wait for
 * the other to reach its parking task, for ever. So loops never wait for loops: multi-shard work is
 * handed to one coordinator thread, which parks loops one after another; a loop only ever waits on
 * the coordinator, and the coordinator only on loops reaching a task they will reach. Multi-shard
 * commands are therefore serialised with each other, which is what atomicity asks anyway. They are
 * the slow path: a single-key command never comes here.
 *
 * <p>Redis Cluster refuses such commands (CROSSSLOT) rather than pay this; a proxy such as
 * twemproxy splits them and gives up atomicity. Parking keeps both the command and the guarantee.
 *
 * <h2>A parked loop still answers -BUSY</h2>
 * A script whose declared keys span shards runs here, with their loops parked; if it never ends, a
 * parked loop that only waited would leave its clients unanswered, and SCRIPT KILL could never
 * arrive (with every shard parked, from nobody). So while a script is busy (past
 * busy-reply-threshold) a parked loop serves its clients a step at a time, as the loop running a
 * script does from the script's hook ({@link dev.sabaody.kv.nio.EventLoop#processEventsWhileBlocked}): they get -BUSY,
 * or run SCRIPT KILL, FUNCTION KILL, SHUTDOWN NOSAVE and the other allow-busy commands that touch no
 * key ({@link #servingWhileParked}: the keyspace is the coordinator's until the release). It checks
 * for busy every {@link #PARKED_BUSY_CHECK_MILLIS}, and steps every {@link #PARKED_STEP_MILLIS} once busy: a script
 * is busy after 5 s by default, and Redis's own hook steps every 100,000 instructions, so neither
 * wait is one a client notices, and a park that ends in microseconds (nearly all) never wakes.
 */
final class CrossShard implements AutoCloseable {

    /** How long the coordinator waits for a loop to park before giving up (only a stopping loop fails to). */
    private static final Duration PARK_TIMEOUT = Duration.ofSeconds(10);

    /** How often a parked loop asks whether a script has become busy (ms; a park this long is rare). */
    private static final long PARKED_BUSY_CHECK_MILLIS = 10;
    /** How long a parked loop waits for the release between two steps while a script is busy (ms). */
    private static final long PARKED_STEP_MILLIS = 1;

    /** Whether a script is busy now: then parked loops serve their clients. Set once, before any client. */
    private BooleanSupplier scriptBusy = () -> false;
    /**
     * Index: a shard; whether its loop is parked and serving its clients for a busy script. Written and
     * read by that loop's thread only.
     */
    private final boolean[] servingParked;

    private final ExecutorService coordinator =
            Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("cross-shard").daemon().unstarted(r));

    CrossShard(int shards) {
        this.servingParked = new boolean[shards];
    }

    /** Tells parked loops when a script is busy (Scripting), so that they serve their clients meanwhile. */
    void whileParked(BooleanSupplier busy) {
        scriptBusy = busy;
    }

    /**
     * On a shard's loop: whether it is parked and serving its clients for a busy script, so that the
     * command being served may not touch its keyspace.
     */
    boolean servingWhileParked(Shard shard) {
        return servingParked[shard.index()];
    }

    /** Queues {@code work} for the coordinator thread. */
    void submit(Runnable work) {
        coordinator.execute(work);
    }

    /**
     * On the coordinator thread: parks {@code shards}, runs {@code body}, releases them.
     *
     * @throws IllegalStateException if a shard did not park in time (the server is stopping)
     */
    <T> T parked(Collection<? extends Shard> shards, Supplier<T> body) {
        CountDownLatch parked = new CountDownLatch(shards.size());
        CountDownLatch release = new CountDownLatch(1);
        for (Shard shard : shards) {
            shard.loop().execute(() -> {
                parked.countDown();
                awaitRelease(shard, release);
            });
        }
        try {
            if (!parked.await(PARK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("a shard did not park within " + PARK_TIMEOUT);
            }
            return body.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parking shards", e);
        } finally {
            release.countDown();
        }
    }

    /** On a parked shard's loop: waits for the release, serving the loop's clients while a script is busy. */
    private void awaitRelease(Shard shard, CountDownLatch release) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (!scriptBusy.getAsBoolean()) {
                        if (release.await(PARKED_BUSY_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                            break;
                        }
                        continue;
                    }
                    servingParked[shard.index()] = true;
                    shard.loop().processEventsWhileBlocked();
                    if (release.await(PARKED_STEP_MILLIS, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            servingParked[shard.index()] = false;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        coordinator.shutdown();
        try {
            coordinator.awaitTermination(PARK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
