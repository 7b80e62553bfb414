package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * With random reads and writes by several RESP3 tracking clients (and one that does not track), over
 * one to three shards: each client receives exactly one invalidation for each key it read and that
 * was written since, in the order of the writes, after the writer's own reply when it wrote the key
 * itself, and nothing else, as a model of Redis's tracking table predicts (a DEL of a missing key
 * changes nothing).
 */
class TrackingPropertyTest {

    private static final List<String> KEYS = List.of("k0", "k1", "k2", "k3", "user:1", "user:2");
    /** Clients 0..TRACKERS-1 track; the last one does not. */
    private static final int TRACKERS = 3;

    /** One command: {@code client} reads ({@code write} false: GET or MGET) or writes (SET, MSET or DEL) {@code keys}. */
    record Step(int client, boolean write, List<String> keys, int form) {
        String[] argv() {
            List<String> a = new ArrayList<>();
            if (!write) {
                a.add(keys.size() == 1 ? "GET" : "MGET");
                a.addAll(keys);
            } else if (form == 0) {
                a.add("DEL");
                a.addAll(keys);
            } else if (keys.size() == 1) {
                a.addAll(List.of("SET", keys.getFirst(), "v"));
            } else {
                a.add("MSET");
                for (String k : keys) {
                    a.addAll(List.of(k, "v"));
                }
            }
            return a.toArray(String[]::new);
        }
    }

    @Property(tries = 30)
    void everyTracker_isInvalidatedExactlyForWhatItReadAndWasWritten(
            @ForAll @IntRange(min = 1, max = 3) int shards, @ForAll("steps") List<Step> steps) throws Exception {
        try (SabaodyServer server = TestServers.start(
                ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)), Clock.system())) {
            List<Socket> clients = new ArrayList<>();
            List<Set<String>> tracked = new ArrayList<>();
            Set<String> existing = new HashSet<>(); // DEL of a missing key changes nothing
            for (int c = 0; c <= TRACKERS; c++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                s.setSoTimeout(10_000);
                clients.add(s);
                tracked.add(new HashSet<>());
                call(s, "HELLO", "3");
                if (c < TRACKERS) {
                    assertEquals("+OK\r\n", call(s, "CLIENT", "TRACKING", "on"));
                }
            }
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                Socket s = clients.get(step.client());
                String reply = call(s, step.argv());
                String where = "step " + i + " " + String.join(" ", step.argv()) + " by client " + step.client();
                if (!step.write()) {
                    assertEquals(false, reply.startsWith(">"), where + ": a push before the reply: " + reply);
                    if (step.client() < TRACKERS) {
                        tracked.get(step.client()).addAll(step.keys());
                    }
                    continue;
                }
                assertEquals(false, reply.startsWith(">"), where + ": a push before the reply: " + reply);
                // Each client that read a written key hears of it once, key by key in the command's order.
                List<String> changed = new ArrayList<>();
                for (String key : step.keys()) {
                    if (step.form() != 0 || existing.contains(key)) {
                        changed.add(key);
                    }
                    if (step.form() == 0) {
                        existing.remove(key);
                    } else {
                        existing.add(key);
                    }
                }
                for (int c = 0; c < TRACKERS; c++) {
                    for (String key : changed) {
                        if (tracked.get(c).remove(key)) {
                            assertEquals(invalidation(key), RespFrames.read(clients.get(c).getInputStream()),
                                    where + ": client " + c);
                        }
                    }
                }
            }
            for (int c = 0; c <= TRACKERS; c++) {
                assertEquals("+PONG\r\n", call(clients.get(c), "PING"), "client " + c + " received more than the model");
                clients.get(c).close();
            }
        }
    }

    private static String invalidation(String key) {
        return ">2\r\n$10\r\ninvalidate\r\n*1\r\n$" + key.length() + "\r\n" + key + "\r\n";
    }

    private static String call(Socket s, String... argv) throws IOException {
        s.getOutputStream().write(RawClient.command(argv).getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return RespFrames.read(s.getInputStream());
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<List<String>> keys = Arbitraries.of(KEYS).list().ofMinSize(1).ofMaxSize(3).uniqueElements();
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, TRACKERS),
                Arbitraries.of(true, false), keys, Arbitraries.integers().between(0, 2)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }
}
