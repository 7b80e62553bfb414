package dev.sabaody.kv.server;

import dev.sabaody.kv.nio.EventLoop;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Where a background snapshot's walk runs on a shard (BGSAVE, BGREWRITEAOF's base): a slice per loop
 * turn, the loop's sockets served in between, and after about {@value #BURST_NANOS} ns of slices a
 * rest as long, so that the walk takes at most about half of the loop's thread.
 *
 * <p>Why rest at all: Redis's child process saves on a core of its own while the parent goes on as
 * before. Here the walk shares the shard's thread, and on a small machine every loop walking flat out,
 * plus the writer thread and the collector, leaves no core for anything else: the other clients'
 * requests still get between two slices, but their threads (and the clients' own, on the same host)
 * wait for the scheduler. Resting half the time costs the save time, which a save can afford, and
 * gives the latency back to the clients, which is what a background save promises. The rest is real
 * time, not the loop's clock (tests run loops on a manual clock that a save must not wait for).
 */
final class PacedTurns implements Executor {

    /** Work this long in slices, then rest as long. */
    static final long BURST_NANOS = 1_000_000;

    private final EventLoop loop;
    private final Executor afterRest;
    /** Nanoseconds of slices since the last rest; the loop's thread only. */
    private long worked;

    PacedTurns(EventLoop loop) {
        this.loop = loop;
        this.afterRest = CompletableFuture.delayedExecutor(BURST_NANOS, TimeUnit.NANOSECONDS, loop::nextTurn);
    }

    @Override
    public void execute(Runnable slice) {
        if (!loop.inLoop()) { // the writer thread waking a stalled walk
            loop.execute(() -> execute(slice));
            return;
        }
        Runnable timed = () -> {
            long start = System.nanoTime();
            slice.run();
            worked += System.nanoTime() - start;
        };
        if (worked >= BURST_NANOS) {
            worked = 0;
            afterRest.execute(timed);
        } else {
            loop.nextTurn(timed);
        }
    }
}
