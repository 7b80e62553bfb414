package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tasks, wake-ups and timers of one loop, with a manual clock: nothing here sleeps. */
class EventLoopTest {

    private final ManualClock clock = new ManualClock();
    private NioServer server;
    private EventLoop loop;

    @BeforeEach
    void start() throws Exception {
        server = NioServer.start(NioServer.Config.onPort(0).withClock(clock), new EchoLines());
        loop = server.loops().getFirst();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Runs {@code work} on the loop and returns its result. */
    private <T> T onLoop(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> result.complete(work.get()));
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void execute_fromSeveralThreads_runsOnLoopInEachThreadsOrder() throws Exception {
        int producers = 4;
        int perProducer = 20_000;
        List<int[]> ran = new ArrayList<>(); // touched only on the loop: no lock
        List<Thread> threads = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    int seq = i;
                    loop.execute(() -> {
                        if (!loop.inLoop()) {
                            throw new AssertionError("task ran off the loop");
                        }
                        ran.add(new int[] {producer, seq});
                    });
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        List<int[]> all = onLoop(() -> List.copyOf(ran));
        assertEquals(producers * perProducer, all.size());
        int[] next = new int[producers];
        for (int[] task : all) {
            assertEquals(next[task[0]]++, task[1], "producer " + task[0] + " out of order");
        }
    }

    /** Keeps the loop awake, running a task, until the returned latch is counted down. */
    private CountDownLatch occupyLoop() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        loop.execute(() -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.await();
        return release;
    }

    @Test
    void execute_whileLoopIsAwake_neverCallsWakeup() throws Exception {
        CountDownLatch release = occupyLoop();
        long before = loop.wakeups();
        CountDownLatch ran = new CountDownLatch(1000);
        for (int i = 0; i < 1000; i++) {
            loop.execute(ran::countDown);
        }
        assertEquals(before, loop.wakeups(), "no wakeup while the loop is running");
        release.countDown();
        assertTrue(ran.await(10, TimeUnit.SECONDS));
    }

    @Test
    void execute_whileLoopSleeps_wakesItExactlyOnce() throws Exception {
        awaitAsleep();
        long before = loop.wakeups();
        CountDownLatch ran = new CountDownLatch(1);
        loop.execute(ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS), "a sleeping loop was woken");
        assertEquals(before + 1, loop.wakeups());
    }

    /** Spins (no sleep) until the loop has lowered its flag to block in select. */
    private void awaitAsleep() {
        spinUntil(() -> loop.sleeper().mayBeAsleep(), "the loop never went to sleep");
    }

    /** Spins (no sleep) until {@code condition} holds; fails after 10 s with {@code failure}. */
    private static void spinUntil(BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            Thread.onSpinWait();
        }
    }

    /** Spins (no sleep) until the loop sleeps with its turn let go. */
    private void awaitLendable() {
        spinUntil(() -> loop.sleeper().lendable(), "the loop never let go of its turn");
    }

    @Test
    void runIfAsleep_loopAsleep_runsOnTheCallersThreadWithoutWakingIt() throws Exception {
        awaitLendable();
        long wakeups = loop.wakeups();
        long borrows = loop.borrows();
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new ArrayList<>();
        assertTrue(loop.runIfAsleep(() -> ranOn.add(Thread.currentThread())));
        assertEquals(List.of(caller), ranOn);
        assertEquals(borrows + 1, loop.borrows());
        assertEquals(wakeups, loop.wakeups(), "nobody woke the loop");
    }

    @Test
    void runIfAsleep_loopAwake_runsNothing() throws Exception {
        CountDownLatch release = occupyLoop();
        List<String> ran = new ArrayList<>();
        try {
            assertFalse(loop.runIfAsleep(() -> ran.add("borrowed")));
        } finally {
            release.countDown();
        }
        assertEquals(List.of(), ran);
    }

    @Test
    void runIfAsleep_onTheLoopsOwnThread_runsNothing() throws Exception {
        assertFalse(onLoop(() -> loop.runIfAsleep(() -> { })));
    }

    @Test
    void runIfAsleep_loopWokenWhileLent_beginsItsTurnOnlyAfterTheBorrower() throws Exception {
        awaitLendable();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        boolean[] inside = new boolean[1];
        Thread borrower = Thread.ofPlatform().start(() -> loop.runIfAsleep(() -> {
            inside[0] = true;
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside[0] = false;
        }));
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the sleeping loop was lent");
        CompletableFuture<Boolean> sawBorrowerInside = new CompletableFuture<>();
        loop.execute(() -> sawBorrowerInside.complete(inside[0])); // wakes the loop
        awaitWaitingForTurn(); // woken, and waiting for its turn
        release.countDown();
        assertFalse(sawBorrowerInside.get(10, TimeUnit.SECONDS), "the loop ran while it was lent");
        borrower.join();
    }

    /** Spins (no sleep) until the woken loop waits for a borrower to give its turn back. */
    private void awaitWaitingForTurn() {
        spinUntil(() -> loop.sleeper().waitingForTurn(), "the loop never waited for its turn");
    }

    /** A read-modify-write with a window: two threads running it at once lose increments. */
    private int counter;

    private void increment() {
        int seen = counter;
        Thread.onSpinWait();
        counter = seen + 1;
    }

    @Test
    void runIfAsleep_borrowersRacingTheLoop_neverRunBesideItOrEachOther() throws Exception {
        int threads = 3;
        int perThread = 3000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    if (!loop.runIfAsleep(this::increment)) {
                        loop.execute(this::increment);
                    }
                    // Paced, as light load is: the loop's waits stay long enough for it to be lent.
                    spin(TimeUnit.MICROSECONDS.toNanos(60));
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(threads * perThread, (int) onLoop(() -> counter));
        assertTrue(loop.borrows() > 0, "some increments were borrowed");
    }

    @Test
    void runIfAsleep_loopLatelyBusy_wokenInsteadOfLent() throws Exception {
        onLoop(() -> {
            for (int i = 0; i < 6; i++) {
                loop.sleeper().pollPolicy().waited(0); // six quick waits in a row: it polls, as a busy loop does
            }
            return null;
        });
        awaitAsleep(); // after polling in vain, asleep, with its share unchanged until it wakes
        assertFalse(loop.runIfAsleep(() -> { }), "a busy loop is better woken, to work on its own core");
    }

    /** Busy-waits {@code nanos} of wall time: a client's think time, not a wait for the server. */
    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    @Test
    void schedule_dueTimers_runInDeadlineThenSchedulingOrder() throws Exception {
        List<String> ran = new ArrayList<>();
        onLoop(() -> {
            loop.schedule(Duration.ofSeconds(3), () -> ran.add("c"));
            loop.schedule(Duration.ofSeconds(1), () -> ran.add("a"));
            loop.schedule(Duration.ofSeconds(2), () -> ran.add("b1"));
            loop.schedule(Duration.ofSeconds(2), () -> ran.add("b2"));
            loop.schedule(Duration.ofSeconds(9), () -> ran.add("late"));
            return null;
        });
        clock.advance(Duration.ofMillis(999));
        loop.runTimersNow().join();
        assertEquals(List.of(), onLoop(() -> List.copyOf(ran)));
        clock.advance(Duration.ofSeconds(3));
        loop.runTimersNow().join();
        assertEquals(List.of("a", "b1", "b2", "c"), onLoop(() -> List.copyOf(ran)));
    }

    @Test
    void schedule_cancelled_neverRuns() throws Exception {
        List<String> ran = new ArrayList<>();
        EventLoop.Timer timer = onLoop(() -> loop.schedule(Duration.ofSeconds(1), () -> ran.add("x")));
        onLoop(() -> {
            timer.cancel();
            timer.cancel();
            return null;
        });
        clock.advance(Duration.ofSeconds(2));
        loop.runTimersNow().join();
        assertEquals(List.of(), onLoop(() -> List.copyOf(ran)));
    }

    @Test
    void scheduleRepeating_clockAdvanced_runsOncePerPeriodUntilCancelled() throws Exception {
        int[] runs = new int[1];
        EventLoop.Timer timer = onLoop(() -> loop.scheduleRepeating(Duration.ofMillis(100), () -> runs[0]++));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMillis(100));
            loop.runTimersNow().join();
        }
        assertEquals(5, onLoop(() -> runs[0]));
        onLoop(() -> {
            timer.cancel();
            return null;
        });
        clock.advance(Duration.ofSeconds(1));
        loop.runTimersNow().join();
        assertEquals(5, onLoop(() -> runs[0]));
    }

    @Test
    void schedule_zeroDelayFromATimer_waitsForTheNextTurn() throws Exception {
        int[] runs = new int[1];
        onLoop(() -> loop.scheduleRepeating(Duration.ofNanos(1), () -> runs[0]++));
        clock.advance(Duration.ofSeconds(1));
        loop.runTimersNow().join(); // must return: a timer re-armed while timers run is not run again now
        assertTrue(onLoop(() -> runs[0]) >= 1);
    }

    @Test
    void schedule_offTheLoopThread_refused() {
        assertThrows(IllegalStateException.class, () -> loop.schedule(Duration.ofSeconds(1), () -> { }));
    }

    @Test
    void execute_taskThrows_loopCarriesOn() throws Exception {
        loop.execute(() -> {
            throw new IllegalStateException("a bug in one task");
        });
        assertEquals("still running", onLoop(() -> "still running"));
    }

    @Test
    void execute_afterStop_rejected() {
        server.close();
        assertThrows(java.util.concurrent.RejectedExecutionException.class, () -> loop.execute(() -> { }));
    }
}
