package dev.sabaody.kv.server;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 */
final class CrossShard implements AutoCloseable {

    /** How long the coordinator waits for a loop to park before giving up (only a stopping loop fails to). */
    private static final Duration PARK_TIMEOUT = Duration.ofSeconds(10);

    private final ExecutorService coordinator =
            Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("cross-shard").daemon().unstarted(r));

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
                awaitUninterruptibly(release);
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

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
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
