package dev.sabaody.kv.pool.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A small closed-loop load client for the line protocol, run as its own process:
 *
 * <pre>
 *   java -cp ... dev.sabaody.kv.pool.load.LoadClient --port 6380 --connections 32 --seconds 5 \
 *        [--mode persistent|connect] [--command PING] [--warmup-seconds 1]
 * </pre>
 *
 * Each of the {@code --connections} client threads sends one request, waits for its reply line, and
 * sends the next (closed loop: the offered load adapts to the server, so the figure is what the
 * server sustains at that concurrency). In {@code persistent} mode a thread keeps one connection for
 * the whole run, as a Redis client does; in {@code connect} mode it opens a new connection per
 * request (connect, request, close), as the original Locust PING scenario did. Latency is measured
 * from just before the request (before the connect, in connect mode) to the reply, recorded in an
 * HdrHistogram per thread after the warm-up and merged at the end.
 *
 * <p>In persistent mode a connection the server never answers (waiting in a full pool's queue) is
 * counted as unserved and contributes no latency sample: the summary line says how many were served.
 * Prints one line of {@code key=value} pairs. Works against Redis too ({@code +PONG} is one line).
 */
public final class LoadClient {

    /** Slowest latency the histogram can hold, in ns; more means the run is meaningless anyway. */
    private static final long HIGHEST_TRACKABLE_NS = 60_000_000_000L;
    /** How long a read waits before looking at the clock again, so an unserved thread can stop at the end. */
    private static final int READ_POLL_MS = 200;

    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        String host = option(args, "--host", "127.0.0.1");
        int port = Integer.parseInt(option(args, "--port", "6380"));
        int connections = Integer.parseInt(option(args, "--connections", "32"));
        double seconds = Double.parseDouble(option(args, "--seconds", "5"));
        double warmup = Double.parseDouble(option(args, "--warmup-seconds", "1"));
        String mode = option(args, "--mode", "persistent");
        byte[] request = (option(args, "--command", "PING") + "\n").getBytes(StandardCharsets.UTF_8);

        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long end = measureFrom + (long) (seconds * 1e9);
        AtomicLong errors = new AtomicLong();
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Worker worker = new Worker(host, port, request, mode.equals("connect"), measureFrom, end, errors);
            workers.add(worker);
            worker.thread.start();
        }
        Histogram all = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        int served = 0;
        for (Worker worker : workers) {
            worker.thread.join();
            all.add(worker.histogram);
            served += worker.served ? 1 : 0;
        }
        long requests = all.getTotalCount();
        System.out.printf("mode=%s connections=%d served=%d requests=%d rps=%.0f p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f errors=%d%n",
                mode, connections, served, requests, requests / seconds,
                all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3,
                all.getValueAtPercentile(99.9) / 1e3, all.getMaxValue() / 1e3, errors.get());
    }

    /** One client thread: its own connection(s), its own histogram, no shared state on the hot path. */
    private static final class Worker implements Runnable {
        final Thread thread = Thread.ofPlatform().name("load").unstarted(this);
        final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, 3);
        volatile boolean served;
        private final InetSocketAddress address;
        private final byte[] request;
        private final boolean connectPerRequest;
        private final long measureFrom;
        private final long end;
        private final AtomicLong errors;
        private final byte[] buffer = new byte[512];

        Worker(String host, int port, byte[] request, boolean connectPerRequest, long measureFrom, long end, AtomicLong errors) {
            this.address = new InetSocketAddress(host, port);
            this.request = request;
            this.connectPerRequest = connectPerRequest;
            this.measureFrom = measureFrom;
            this.end = end;
            this.errors = errors;
        }

        @Override
        public void run() {
            try {
                if (connectPerRequest) {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try (Socket socket = open()) {
                            if (exchange(socket)) {
                                record(t0);
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        }
                    }
                } else {
                    try (Socket socket = open()) {
                        while (System.nanoTime() < end) {
                            long t0 = System.nanoTime();
                            if (!exchange(socket)) {
                                return; // never answered before the end: an unserved connection
                            }
                            record(t0);
                        }
                    }
                }
            } catch (IOException e) {
                errors.incrementAndGet();
            }
        }

        private Socket open() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address);
            socket.setSoTimeout(READ_POLL_MS);
            return socket;
        }

        /** Sends the request and reads one reply line; false if the run ended first. */
        private boolean exchange(Socket socket) throws IOException {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(request);
            int length = 0;
            while (true) {
                int n;
                try {
                    n = in.read(buffer, length, buffer.length - length);
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() >= end) {
                        return false;
                    }
                    continue;
                }
                if (n < 0) {
                    throw new IOException("closed by the server");
                }
                length += n;
                if (buffer[length - 1] == '\n') {
                    if (buffer[0] == 'E' || buffer[0] == '-') {
                        errors.incrementAndGet(); // ERR server is busy, or a Redis error
                    }
                    // A reply after the end does not count: when the served clients leave at the end,
                    // a pool takes the queued ones, which must not then look as if they had been served.
                    if (System.nanoTime() <= end) {
                        served = true;
                    }
                    return true;
                }
            }
        }

        private void record(long t0) {
            long now = System.nanoTime();
            if (t0 >= measureFrom && now <= end) {
                histogram.recordValue(Math.min(now - t0, HIGHEST_TRACKABLE_NS));
            }
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
