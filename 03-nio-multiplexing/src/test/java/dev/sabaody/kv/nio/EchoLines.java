package dev.sabaody.kv.nio;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test protocol that leaves incomplete lines unconsumed (unlike the line adapter, whose decoder
 * keeps them), so the loop's own handling of leftover bytes is what is tested. Each line is echoed,
 * except:
 * <pre>
 *   PARK     pause reading and stop consuming: the test plays the other shard and resumes it
 *   BOUNCE   pause reading, reply "bounced", resume reading, and stop consuming: work handed
 *            away that came back before onInput returned (final-server's borrowed shard)
 *   BIG n    reply n bytes of 'x' and a newline
 * </pre>
 * It records what the tests assert on: sessions opened and closed (per connection id), the loop
 * each ran on, and every onInput call.
 */
final class EchoLines implements Protocol {

    final AtomicInteger opened = new AtomicInteger();
    final Map<Long, AtomicInteger> closesById = new ConcurrentHashMap<>();
    final BlockingQueue<Long> closed = new LinkedBlockingQueue<>();
    final BlockingQueue<Connection> parked = new LinkedBlockingQueue<>();
    final BlockingQueue<Connection> openedConnections = new LinkedBlockingQueue<>();
    /** One entry per onInput call: the bytes that connection has received so far. */
    final BlockingQueue<Integer> inputs = new LinkedBlockingQueue<>();
    final Map<Long, Integer> loopOf = new ConcurrentHashMap<>();
    volatile byte[] rejection;

    @Override
    public Session open(Connection connection) {
        opened.incrementAndGet();
        loopOf.put(connection.id(), connection.loop().index());
        openedConnections.add(connection);
        return new Session() {
            /** Bytes this session has consumed so far. */
            private long consumed;

            @Override
            public void onInput(ByteBuffer input) {
                int before = input.position();
                handle(input);
                consumed += input.position() - before;
                inputs.add((int) (consumed + input.remaining())); // every byte received so far
            }

            private void handle(ByteBuffer input) {
                while (true) {
                    int newline = -1;
                    for (int i = input.position(); i < input.limit(); i++) {
                        if (input.get(i) == '\n') {
                            newline = i;
                            break;
                        }
                    }
                    if (newline < 0) {
                        return; // an incomplete line: leave it for the loop to keep
                    }
                    byte[] line = new byte[newline - input.position()];
                    input.get(line).get(); // the line, then its newline
                    String text = new String(line, StandardCharsets.UTF_8);
                    if (text.equals("PARK")) {
                        connection.pauseReading();
                        parked.add(connection);
                        return;
                    }
                    if (text.equals("BOUNCE")) {
                        connection.pauseReading();
                        connection.output().writeAscii("bounced\n");
                        connection.resumeReading();
                        return;
                    }
                    if (text.startsWith("BIG ")) {
                        int n = Integer.parseInt(text.substring(4));
                        OutputBuffer out = connection.output();
                        for (int i = 0; i < n; i++) {
                            out.write((byte) 'x');
                        }
                        out.write((byte) '\n');
                        continue;
                    }
                    connection.output().write(line).write((byte) '\n');
                }
            }

            @Override
            public void onClose() {
                closesById.computeIfAbsent(connection.id(), id -> new AtomicInteger()).incrementAndGet();
                closed.add(connection.id());
            }
        };
    }

    @Override
    public byte[] rejectionMessage() {
        return rejection;
    }

    /** Waits for the next session to close and returns its connection id; fails after 10 s. */
    long awaitClose() throws InterruptedException {
        Long id = closed.poll(10, TimeUnit.SECONDS);
        if (id == null) {
            throw new AssertionError("no session closed within 10 s");
        }
        return id;
    }

    Connection awaitOpen() throws InterruptedException {
        Connection c = openedConnections.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no session opened within 10 s");
        }
        return c;
    }

    int awaitInput() throws InterruptedException {
        Integer n = inputs.poll(10, TimeUnit.SECONDS);
        if (n == null) {
            throw new AssertionError("no input offered within 10 s");
        }
        return n;
    }
}
