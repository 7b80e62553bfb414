package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.Glob;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * With random subscribers (channels and patterns) and random publishers running at once, spread over
 * one to three shards: each subscriber receives exactly the messages published to its channels and
 * matching its patterns (once per subscription that matches, as Redis delivers), each publisher's in
 * the order it published them, and the PUBLISH replies add up to the deliveries made.
 */
class PubSubPropertyTest {

    private static final List<String> CHANNELS = List.of("c0", "c1", "c2", "news");
    private static final List<String> PATTERNS = List.of("c*", "c[01]", "n?ws", "x*");

    record SubscriberPlan(List<String> channels, List<String> patterns) {
    }

    @Property(tries = 25)
    void everySubscriber_receivesExactlyItsMessages_inEachPublishersOrder(
            @ForAll @IntRange(min = 1, max = 3) int shards,
            @ForAll("subscribers") List<SubscriberPlan> subscribers,
            @ForAll("publishers") List<List<Integer>> publishers) throws Exception {
        try (SabaodyServer server = TestServers.start(
                ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)), Clock.system());
             ExecutorService pool = Executors.newFixedThreadPool(publishers.size())) {
            List<Socket> subs = new ArrayList<>();
            for (SubscriberPlan plan : subscribers) {
                Socket s = connect(server.port());
                subs.add(s);
                if (!plan.channels().isEmpty()) {
                    subscribe(s, "SUBSCRIBE", plan.channels());
                }
                if (!plan.patterns().isEmpty()) {
                    subscribe(s, "PSUBSCRIBE", plan.patterns());
                }
            }
            List<Future<Long>> receivers = new ArrayList<>();
            for (int p = 0; p < publishers.size(); p++) {
                int publisher = p;
                List<Integer> messages = publishers.get(p);
                Socket socket = connect(server.port());
                receivers.add(pool.submit(() -> publish(socket, publisher, messages)));
            }
            long answered = 0;
            for (Future<Long> f : receivers) {
                answered += f.get();
            }

            long delivered = 0;
            for (int i = 0; i < subscribers.size(); i++) {
                List<String> expected = expectedFor(subscribers.get(i), publishers);
                delivered += expected.size();
                InputStream in = subs.get(i).getInputStream();
                List<String> got = new ArrayList<>();
                for (int n = 0; n < expected.size(); n++) {
                    got.add(describe(RespFrames.read(in)));
                }
                assertEquals(sorted(expected), sorted(got), "subscriber " + i + " " + subscribers.get(i));
                assertInEachPublishersOrder(got);
                send(subs.get(i), "PING", "end");
                assertTrue(RespFrames.read(in).contains("end"), "subscriber " + i + " received more than its messages");
                subs.get(i).close();
            }
            assertEquals(delivered, answered, "PUBLISH replies add up to the deliveries");
        }
    }

    private static List<String> sorted(List<String> messages) {
        List<String> out = new ArrayList<>(messages);
        java.util.Collections.sort(out);
        return out;
    }

    /**
     * Messages are "pattern|channel|p{publisher}-{seq}": for each publisher, the sequence numbers never
     * go back (one message matching a channel and patterns arrives as several, with one number).
     */
    private static void assertInEachPublishersOrder(List<String> messages) {
        Map<String, Integer> last = new HashMap<>();
        for (String m : messages) {
            String payload = m.substring(m.lastIndexOf('|') + 1);
            String publisher = payload.substring(0, payload.indexOf('-'));
            int seq = Integer.parseInt(payload.substring(payload.indexOf('-') + 1));
            Integer before = last.put(publisher, seq);
            assertTrue(before == null || before <= seq, "out of " + publisher + "'s order: " + messages);
        }
    }

    private static List<String> expectedFor(SubscriberPlan plan, List<List<Integer>> publishers) {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < publishers.size(); p++) {
            for (int seq = 0; seq < publishers.get(p).size(); seq++) {
                String channel = CHANNELS.get(publishers.get(p).get(seq));
                String payload = "p" + p + "-" + seq;
                if (plan.channels().contains(channel)) {
                    out.add("|" + channel + "|" + payload);
                }
                for (String pattern : plan.patterns()) {
                    if (Glob.matches(pattern.getBytes(StandardCharsets.UTF_8), channel.getBytes(StandardCharsets.UTF_8), false)) {
                        out.add(pattern + "|" + channel + "|" + payload);
                    }
                }
            }
        }
        return out;
    }

    /** A RESP2 message frame as "pattern|channel|payload" (no pattern for a channel message). */
    private static String describe(String frame) {
        String[] lines = frame.split("\r\n");
        if (lines[2].equals("message")) {
            return "|" + lines[4] + "|" + lines[6];
        }
        assertEquals("pmessage", lines[2], frame);
        return lines[4] + "|" + lines[6] + "|" + lines[8];
    }

    private static long publish(Socket socket, int publisher, List<Integer> messages) throws IOException {
        try (socket) {
            StringBuilder pipeline = new StringBuilder();
            for (int seq = 0; seq < messages.size(); seq++) {
                pipeline.append(RawClient.command("PUBLISH", CHANNELS.get(messages.get(seq)), "p" + publisher + "-" + seq));
            }
            OutputStream out = socket.getOutputStream();
            out.write(pipeline.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            long sum = 0;
            for (int seq = 0; seq < messages.size(); seq++) {
                String reply = RespFrames.read(socket.getInputStream());
                sum += Long.parseLong(reply.substring(1, reply.length() - 2));
            }
            return sum;
        }
    }

    private static void subscribe(Socket s, String command, List<String> names) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(command);
        argv.addAll(names);
        send(s, argv.toArray(String[]::new));
        for (int i = 0; i < names.size(); i++) {
            RespFrames.read(s.getInputStream()); // the confirmation: the subscription is in place before anyone publishes
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String... argv) throws IOException {
        s.getOutputStream().write(RawClient.command(argv).getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    @Provide
    Arbitrary<List<SubscriberPlan>> subscribers() {
        Arbitrary<List<String>> channels = Arbitraries.of(CHANNELS).list().uniqueElements().ofMaxSize(3);
        Arbitrary<List<String>> patterns = Arbitraries.of(PATTERNS).list().uniqueElements().ofMaxSize(2);
        return Combinators.combine(channels, patterns).as(SubscriberPlan::new)
                .filter(p -> !p.channels().isEmpty() || !p.patterns().isEmpty())
                .list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<List<Integer>>> publishers() {
        return Arbitraries.integers().between(0, CHANNELS.size() - 1).list().ofMinSize(1).ofMaxSize(40)
                .list().ofMinSize(1).ofMaxSize(3);
    }
}
