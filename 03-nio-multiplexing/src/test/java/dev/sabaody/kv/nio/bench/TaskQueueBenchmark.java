package dev.sabaody.kv.nio.bench;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscUnboundedArrayQueue;
import org.jctools.queues.atomic.MpscUnboundedAtomicArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The event loop's task queue: what handing a burst of tasks to another thread costs, per task.
 *
 * <p>One thread (the benchmark) plays the producers, offering bursts of {@link #BURST} tasks; a
 * consumer thread plays the loop, polling and counting. A burst is done when the consumer has taken
 * every task, so the queue never grows without bound and the figure includes the hand-over. On two
 * cores, more producers would only measure the scheduler.
 *
 * <pre>
 *   ./mvnw -B -pl 03-nio-multiplexing -am -Pjmh test-compile exec:exec -Djmh.args="-f 1 -wi 3 -i 5 TaskQueueBenchmark"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TaskQueueBenchmark {

    static final int BURST = 1000;
    private static final Runnable TASK = () -> { };

    @Param({"MpscUnboundedAtomicArrayQueue", "MpscUnboundedArrayQueue", "ConcurrentLinkedQueue"})
    public String queue;

    private Queue<Runnable> tasks;
    private final AtomicLong consumed = new AtomicLong();
    private long produced;
    private volatile boolean running;
    private Thread consumer;

    @Setup(Level.Trial)
    public void start() {
        tasks = switch (queue) {
            case "MpscUnboundedAtomicArrayQueue" -> new MpscUnboundedAtomicArrayQueue<>(1024);
            case "MpscUnboundedArrayQueue" -> new MpscUnboundedArrayQueue<>(1024);
            case "ConcurrentLinkedQueue" -> new ConcurrentLinkedQueue<>();
            default -> throw new IllegalArgumentException(queue);
        };
        running = true;
        consumer = Thread.ofPlatform().name("consumer").start(() -> {
            long taken = 0;
            while (running) {
                Runnable task = tasks.poll();
                if (task == null) {
                    Thread.onSpinWait();
                    continue;
                }
                task.run();
                consumed.lazySet(++taken);
            }
        });
    }

    @TearDown(Level.Trial)
    public void stop() throws InterruptedException {
        running = false;
        consumer.join();
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void offerBurstUntilTaken() {
        for (int i = 0; i < BURST; i++) {
            tasks.offer(TASK);
        }
        produced += BURST;
        while (consumed.get() < produced) {
            Thread.onSpinWait();
        }
    }
}
