package dev.sabaody.kv.data.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.data.lists.RespClient;
import dev.sabaody.kv.resp.RedisOracle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Blocking XREAD and XREADGROUP with several clients, played the same way against a real Redis
 * 7.0.15 and against module 05, whose transcripts (every reply every client read, in order) must be
 * equal byte for byte: who is served, with what, in which order, after EXEC rather than inside it,
 * and what a timeout, a destroyed group or a deleted, overwritten or flushed stream answers.
 *
 * <p>"Blocked" is established as {@code ListBlockingTest} does: once CLIENT LIST shows the client's
 * last command, the server has run it and parked the client (both servers run one command at a
 * time). Timeouts here are real but short; only their reply is compared.
 */
class StreamBlockingDifferentialTest {

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One play of a scenario on one server: clients 1..n, client 0 is the control connection. */
    static final class Play implements AutoCloseable {
        final int port;
        final List<RespClient> clients = new ArrayList<>();
        final List<String> transcript = new ArrayList<>();

        Play(int port, int clientCount) {
            this.port = port;
            for (int i = 0; i <= clientCount; i++) {
                clients.add(new RespClient(port));
            }
        }

        /**
         * Sends a command that blocks, then waits until {@code n} clients have it as their last
         * command (CLIENT LIST's cmd=name, so xread and xreadgroup are counted apart).
         */
        void block(int client, int n, String... command) {
            clients.get(client).send(command);
            String name = command[0].toLowerCase(java.util.Locale.ROOT);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (true) {
                String list = clients.get(0).call("CLIENT", "LIST");
                if (list.split("cmd=" + name + " ", -1).length - 1 >= n) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(n + " clients never ran " + name + " on port " + port + ": " + list);
                }
                Thread.onSpinWait();
            }
        }

        void call(int client, String... command) {
            transcript.add(client + "> " + String.join(" ", command) + " = "
                    + clients.get(client).call(command).replaceAll(":\\d+(?=\\\\r\\\\n\\$4\\\\r\\\\nmode)", "…"));
        }

        void read(int client) {
            transcript.add(client + "< " + clients.get(client).read());
        }

        @Override
        public void close() {
            clients.forEach(RespClient::close);
        }
    }

    private static void sameAsRedis(int clients, Consumer<Play> scenario) {
        List<String> redis = play(RedisOracle.port(), clients, scenario);
        List<String> ours = play(server.port(), clients, scenario);
        assertEquals(String.join("\n", redis), String.join("\n", ours));
    }

    private static List<String> play(int port, int clients, Consumer<Play> scenario) {
        try (Play p = new Play(port, clients)) {
            p.call(0, "FLUSHALL");
            scenario.accept(p);
            return p.transcript;
        }
    }

    @Test
    void xread_dollar_servedOnlyWhatComesAfter() {
        sameAsRedis(2, p -> {
            p.call(0, "XADD", "s", "1-1", "old", "x");
            p.block(1, 1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            p.block(2, 1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            p.call(0, "XADD", "s", "2-1", "new", "y");
            p.read(1);
            p.read(2);
        });
    }

    @Test
    void xread_severalKeys_servedFromTheKeyThatGrew() {
        sameAsRedis(1, p -> {
            p.call(0, "XADD", "a", "1-1", "f", "v");
            p.block(1, 1, "XREAD", "COUNT", "5", "BLOCK", "0", "STREAMS", "missing", "a", "$", "$");
            p.call(0, "XADD", "missing", "7-1", "f", "v");
            p.read(1);
        });
    }

    @Test
    void xread_wokenAfterExec_withCountOrTheDefault() {
        sameAsRedis(2, p -> {
            p.block(1, 1, "XREAD", "COUNT", "2", "BLOCK", "0", "STREAMS", "s", "0");
            p.block(2, 2, "XREAD", "BLOCK", "0", "STREAMS", "s", "0");
            p.call(0, "MULTI");
            p.call(0, "XADD", "s", "1-1", "a", "1");
            p.call(0, "XADD", "s", "1-2", "b", "2");
            p.call(0, "XADD", "s", "1-3", "c", "3");
            p.call(0, "EXEC");
            p.read(1);
            p.read(2);
        });
    }

    @Test
    void xread_timeout_answersNull() {
        sameAsRedis(1, p -> {
            p.call(1, "XREAD", "BLOCK", "20", "STREAMS", "s", "$");
            p.call(1, "HELLO", "3");
            p.call(1, "XREAD", "BLOCK", "20", "STREAMS", "s", "$");
        });
    }

    @Test
    void xreadgroup_twoConsumers_eachNewEntryToTheFirstWaiting() {
        sameAsRedis(2, p -> {
            p.call(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            p.block(1, 1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">");
            p.block(2, 2, "XREADGROUP", "GROUP", "g", "c2", "BLOCK", "0", "STREAMS", "s", ">");
            p.call(0, "XADD", "s", "1-1", "f", "v");
            p.read(1);
            p.call(0, "XADD", "s", "2-1", "f", "w");
            p.read(2);
            p.call(0, "XPENDING", "s", "g");
        });
    }

    @Test
    void xreadgroup_noack_nothingPending() {
        sameAsRedis(1, p -> {
            p.call(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            p.block(1, 1, "XREADGROUP", "GROUP", "g", "c1", "NOACK", "BLOCK", "0", "STREAMS", "s", ">");
            p.call(0, "XADD", "s", "1-1", "f", "v");
            p.read(1);
            p.call(0, "XPENDING", "s", "g");
            p.call(0, "XINFO", "GROUPS", "s");
        });
    }

    @Test
    void xreadgroup_groupDestroyedWhileBlocked_answersNogroup() {
        sameAsRedis(1, p -> {
            p.call(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            p.block(1, 1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">");
            p.call(0, "XGROUP", "DESTROY", "s", "g");
            p.read(1);
            p.call(1, "PING");
        });
    }

    @Test
    void xreadgroup_keyDeleted_answersUnblocked() {
        sameAsRedis(1, p -> {
            p.call(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            p.block(1, 1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">");
            p.call(0, "DEL", "s");
            p.read(1);
            p.call(1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">");
        });
    }

    @Test
    void xreadgroup_keyOverwritten_answersUnblocked() {
        sameAsRedis(2, p -> {
            p.call(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            p.block(1, 1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">");
            p.block(2, 1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            p.call(0, "SET", "s", "string now");
            p.read(1);
            p.call(0, "DEL", "s");
            p.call(0, "XADD", "s", "5-1", "f", "v");
            p.read(2);
        });
    }

    @Test
    void xreadgroup_flushall_answersUnblocked() {
        sameAsRedis(2, p -> {
            p.call(0, "XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            p.block(1, 1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">");
            p.block(2, 1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            p.call(0, "FLUSHALL");
            p.read(1);
            p.call(0, "XADD", "s", "1-1", "f", "v");
            p.read(2);
        });
    }

    @Test
    void blpop_keyDeleted_staysBlocked() {
        sameAsRedis(1, p -> {
            p.block(1, 1, "BLPOP", "l", "0");
            p.call(0, "SET", "l", "x");
            p.call(0, "DEL", "l");
            p.call(0, "RPUSH", "l", "a");
            p.read(1);
        });
    }
}
