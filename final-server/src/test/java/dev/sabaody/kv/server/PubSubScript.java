package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted conversation over several connections at once, for Pub/Sub: each step is one command
 * on one connection, and what every connection receives after it (replies and pushed messages)
 * is compared byte for byte with what a real redis-server sends.
 *
 * <p>Against Redis, what each step produced on each connection is found exactly: a {@code PING} with
 * a marker is sent on every connection after each step, and everything read before its reply came
 * from the step (Redis has one thread: the message is out before the PING is read). Against
 * Sabaody-KV, the same number of frames is read from each connection, blocking until they arrive,
 * because a message may still be travelling between loops; they must be the same bytes. A message
 * too many shows as a mismatch at a later step or at the final marker.
 *
 * <p>Connections are opened in order; the server deals them to its loops round robin, so with two
 * shards connections 0 and 2 share a loop, and 1 and 3 share the other.
 */
final class PubSubScript {

    private static final String MARKER = "sync-marker";

    /** Commands sent together on one connection (a transaction must be one step: a PING inside it would be queued). */
    /** @param ownReplyCompared false: the stepping connection's own output is random (SPOP) and not compared */
    record Step(int connection, List<String[]> commands, boolean compared, long pauseMillis, boolean ownReplyCompared) {
        Step(int connection, List<String[]> commands, boolean compared) {
            this(connection, commands, compared, 0, true);
        }

        String[] argv() {
            List<String> words = new ArrayList<>();
            for (String[] c : commands) {
                words.addAll(List.of(c));
                words.add(";");
            }
            return words.toArray(String[]::new);
        }
    }

    private final String name;
    private final int connections;
    private final List<Step> steps = new ArrayList<>();
    /**
     * The client ids of the connections of the run going on: an argument {@code {id:N}} is sent as
     * connection N's id (CLIENT TRACKING ... REDIRECT), which differs between the two servers.
     */
    private final List<String> ids = new ArrayList<>();

    PubSubScript(String name, int connections) {
        this.name = name;
        this.connections = connections;
    }

    PubSubScript on(int connection, String... argv) {
        steps.add(new Step(connection, List.<String[]>of(argv), true));
        return this;
    }

    /**
     * Lets {@code millis} of real time pass before the next step: a key set to expire in 1 ms must be
     * past its time on both servers, and a real redis-server's clock cannot be moved by a test.
     */
    PubSubScript pause(long millis) {
        steps.add(new Step(0, List.of(), false, millis, true));
        return this;
    }

    /** A step whose reply is random (SPOP): what the other connections receive is still compared. */
    PubSubScript randomReply(int connection, String... argv) {
        steps.add(new Step(connection, List.<String[]>of(argv), true, 0, false));
        return this;
    }

    /** Several commands sent in one write on one connection, as one step. */
    PubSubScript pipeline(int connection, String[]... commands) {
        steps.add(new Step(connection, List.of(commands), true));
        return this;
    }

    /** A step whose output is counted but not compared (HELLO's client id differs). */
    PubSubScript unchecked(int connection, String... argv) {
        steps.add(new Step(connection, List.<String[]>of(argv), false));
        return this;
    }

    /** Runs the script against Redis, then against the server, and compares every connection's output at each step. */
    void assertSameAsRedis(int redisPort, int serverPort) throws IOException {
        List<List<List<String>>> expected = record(redisPort);
        List<List<List<String>>> actual = replay(serverPort, expected);
        for (int s = 0; s < steps.size(); s++) {
            if (!steps.get(s).compared()) {
                continue;
            }
            for (int c = 0; c < connections; c++) {
                if (c == steps.get(s).connection() && !steps.get(s).ownReplyCompared()) {
                    continue;
                }
                assertEquals(String.join("", expected.get(s).get(c)), String.join("", actual.get(s).get(c)),
                        name + ": step " + s + " " + String.join(" ", steps.get(s).argv()) + " on connection "
                                + steps.get(s).connection() + ", output of connection " + c);
            }
        }
    }

    /** Per step, per connection, the frames Redis sent. The last "step" is the final marker. */
    private List<List<List<String>>> record(int port) throws IOException {
        List<Socket> sockets = open(port);
        try {
            List<List<List<String>>> out = new ArrayList<>();
            for (Step step : steps) {
                pause(step);
                send(sockets.get(step.connection()), step.commands());
                List<List<String>> perConnection = new ArrayList<>();
                for (Socket socket : sockets) {
                    send(socket, "PING", MARKER);
                    List<String> frames = new ArrayList<>();
                    for (String frame; !(frame = RespFrames.read(socket.getInputStream())).contains(MARKER); ) {
                        frames.add(frame);
                    }
                    perConnection.add(frames);
                }
                out.add(perConnection);
            }
            return out;
        } finally {
            close(sockets);
        }
    }

    private List<List<List<String>>> replay(int port, List<List<List<String>>> expected) throws IOException {
        List<Socket> sockets = open(port);
        try {
            List<List<List<String>>> out = new ArrayList<>();
            for (int s = 0; s < steps.size(); s++) {
                Step step = steps.get(s);
                pause(step);
                send(sockets.get(step.connection()), step.commands());
                List<List<String>> perConnection = new ArrayList<>();
                for (int c = 0; c < connections; c++) {
                    List<String> frames = new ArrayList<>();
                    InputStream in = sockets.get(c).getInputStream();
                    for (int i = 0; i < expected.get(s).get(c).size(); i++) {
                        try {
                            frames.add(RespFrames.read(in));
                        } catch (java.net.SocketTimeoutException e) {
                            throw new AssertionError(name + ": step " + s + " " + String.join(" ", step.argv())
                                    + ": connection " + c + " expected " + expected.get(s).get(c) + ", got only " + frames, e);
                        }
                    }
                    perConnection.add(frames);
                }
                out.add(perConnection);
            }
            // Nothing more is owed: the next frame on every connection is the marker's reply.
            for (int c = 0; c < connections; c++) {
                send(sockets.get(c), "PING", MARKER);
                String next = RespFrames.read(sockets.get(c).getInputStream());
                assertEquals(true, next.contains(MARKER), name + ": connection " + c + " received more than Redis sent: " + next);
            }
            return out;
        } finally {
            close(sockets);
        }
    }

    private static void pause(Step step) throws IOException {
        if (step.pauseMillis() > 0) {
            try {
                Thread.sleep(step.pauseMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private List<Socket> open(int port) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        ids.clear();
        for (int i = 0; i < connections; i++) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(5_000);
            sockets.add(socket);
            // One round trip before the next connect: the server deals connections in connect order.
            send(socket, "CLIENT", "ID");
            String id = RespFrames.read(socket.getInputStream());
            ids.add(id.substring(1, id.length() - 2)); // ":5\r\n"
        }
        return sockets;
    }

    private void send(Socket socket, String... argv) throws IOException {
        send(socket, List.<String[]>of(argv));
    }

    private void send(Socket socket, List<String[]> commands) throws IOException {
        if (commands.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (String[] argv : commands) {
            String[] sent = argv.clone();
            for (int i = 0; i < sent.length; i++) {
                if (sent[i].startsWith("{id:") && sent[i].endsWith("}")) {
                    sent[i] = ids.get(Integer.parseInt(sent[i].substring(4, sent[i].length() - 1)));
                }
            }
            text.append(RawClient.command(sent));
        }
        OutputStream out = socket.getOutputStream();
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void close(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
