package dev.sabaody.kv.blocking.tools;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the idle-connection measurement, run as its own process so the server's
 * thread count and memory are the server's alone:
 *
 * <pre>
 *   java -cp 01-blocking-server/target/test-classes dev.sabaody.kv.blocking.tools.IdleClients \
 *        --port 6380 --connections 10000 [--timeout-ms 10000] [--hold]
 * </pre>
 *
 * Opens every connection first (an idle client sends nothing), then sends one {@code PING} on each
 * and waits, on one thread with a {@link Selector}, for every reply or the timeout. It prints one
 * summary line ({@code open=... answered=... unanswered=... failed=...}) and, with {@code --hold},
 * keeps the connections open until its standard input closes, so the caller can read the server's
 * {@code /proc/PID/status} while they are held. Accepts {@code PONG} and Redis's {@code +PONG}, so the
 * same client measures a real Redis.
 */
public final class IdleClients {

    private IdleClients() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String host = option(args, "--host", "127.0.0.1");
        int port = Integer.parseInt(option(args, "--port", "6380"));
        int count = Integer.parseInt(option(args, "--connections", "1000"));
        long timeoutMs = Long.parseLong(option(args, "--timeout-ms", "10000"));
        boolean hold = List.of(args).contains("--hold");

        List<SocketChannel> channels = new ArrayList<>(count);
        int failed = 0;
        long startNs = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try {
                channels.add(SocketChannel.open(new InetSocketAddress(host, port)));
            } catch (IOException e) {
                if (failed++ == 0) {
                    System.err.println("connect failed: " + e);
                }
            }
        }
        long connectMs = (System.nanoTime() - startNs) / 1_000_000;

        Selector selector = Selector.open();
        ByteBuffer ping = ByteBuffer.wrap("PING\n".getBytes(StandardCharsets.US_ASCII));
        for (SocketChannel channel : channels) {
            ping.rewind();
            channel.write(ping); // 5 bytes into an empty send buffer: never partial
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, new StringBuilder());
        }
        int answered = 0;
        int closed = 0;
        ByteBuffer in = ByteBuffer.allocate(256);
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (answered + closed < channels.size() && System.nanoTime() < deadline) {
            selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                StringBuilder reply = (StringBuilder) key.attachment();
                in.clear();
                int n;
                try {
                    n = channel.read(in);
                } catch (IOException e) {
                    n = -1;
                }
                if (n < 0) {
                    key.cancel();
                    closed++;
                    if (closed == 1) {
                        System.err.println("first reply before close: '" + reply.toString().strip() + "'");
                    }
                    continue;
                }
                reply.append(new String(in.array(), 0, n, StandardCharsets.US_ASCII));
                if (reply.indexOf("\n") >= 0) {
                    key.interestOps(0);
                    if (reply.toString().strip().endsWith("PONG")) {
                        answered++;
                    } else {
                        closed++; // an error line: counted with the refused
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        long pingMs = (System.nanoTime() - startNs) / 1_000_000 - connectMs;
        System.out.printf("open=%d answered=%d unanswered=%d closed_or_error=%d failed=%d connect_ms=%d ping_ms=%d%n",
                channels.size(), answered, channels.size() - answered - closed, closed, failed, connectMs, pingMs);
        System.out.flush();
        if (hold) {
            System.out.println("holding; close standard input to release");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for EOF
            }
        }
        for (SocketChannel channel : channels) {
            channel.close();
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
