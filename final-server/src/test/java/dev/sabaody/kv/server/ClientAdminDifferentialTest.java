package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CLIENT's operator subcommands and RESET against a private redis-server 7.0, with one and two
 * shards: LIST and INFO (every field, in order, with real values), KILL with each filter, REPLY,
 * NO-EVICT, PAUSE, UNBLOCK across shards, RESET.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class ClientAdminDifferentialTest extends BesideRedis {

    @Parameter
    int shards;

    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)),
                Clock.system());
        try (Resp c = new Resp(redis.port())) {
            c.call("FLUSHALL");
            c.call("CLIENT", "UNPAUSE");
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int[] ports() {
        return new int[] {redis.port(), server.port()};
    }

    /** A CLIENT LIST line as its fields, in order. */
    private static Map<String, String> fields(String line) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : line.trim().split(" ")) {
            int eq = f.indexOf('=');
            out.put(f.substring(0, eq), f.substring(eq + 1));
        }
        return out;
    }

    @Test
    void clientInfoAndList_everyFieldInOrderWithRealValues_asRedis() throws IOException {
        List<Map<String, String>> infos = new ArrayList<>();
        List<String> lists = new ArrayList<>();
        for (int port : ports()) {
            try (Resp c = new Resp(port); Resp other = new Resp(port)) {
                other.call("CLIENT", "SETNAME", "other");
                String id = String.valueOf(c.call("CLIENT", "ID"));
                c.call("SELECT", "3");
                c.call("CLIENT", "NO-EVICT", "on");
                c.call("MULTI");
                c.call("SET", "a", "1");
                infos.add(fields(other.text("CLIENT", "LIST", "ID", id))); // in MULTI, with one queued
                c.call("DISCARD");
                infos.add(fields(c.text("CLIENT", "INFO")));
                lists.add(c.text("CLIENT", "LIST"));
            }
        }
        for (int i = 0; i < 2; i++) {
            Map<String, String> redisInfo = infos.get(i);
            Map<String, String> ours = infos.get(2 + i);
            assertEquals(List.copyOf(redisInfo.keySet()), List.copyOf(ours.keySet()), "fields and their order");
            for (String same : new String[] {"name", "flags", "db", "sub", "psub", "ssub", "multi",
                    "argv-mem", "oll", "omem", "cmd", "user", "redir", "resp"}) {
                assertEquals(redisInfo.get(same), ours.get(same), same + " in " + ours);
            }
            assertTrue(ours.get("age").matches("\\d+") && ours.get("idle").matches("\\d+"), ours.toString()); // seconds: by nature
        }
        Map<String, String> redisInfo = infos.get(0);
        Map<String, String> ours = infos.get(3);
        assertTrue(Long.parseLong(infos.get(2).get("multi-mem")) >= 4, "the queued SET's bytes: " + infos.get(2));
        assertTrue(Integer.parseInt(ours.get("fd")) > 2, "a real descriptor: " + ours);
        assertEquals("127.0.0.1:" + server.port(), ours.get("laddr"));
        assertTrue(ours.get("addr").startsWith("127.0.0.1:"), ours.toString());
        for (String number : new String[] {"qbuf", "qbuf-free", "rbs", "rbp", "obl", "tot-mem"}) {
            assertTrue(ours.get(number).matches("\\d+"), number);
        }
        assertEquals(lists.get(0).split("\n").length, lists.get(1).split("\n").length);
        for (String line : lists.get(1).split("\n")) {
            assertEquals(List.copyOf(redisInfo.keySet()), List.copyOf(fields(line).keySet()));
        }
    }

    /**
     * A client that sends a 1 MB value and then asks for it 30 times without reading: its output
     * waits in the reply list (oll, omem), and INFO's recent peaks show the input buffer the value
     * needed and the output list it piled up, on Redis and here. Sizes differ by nature (how much the
     * kernel's socket buffers took, how the buffers are laid out): compared by order of magnitude.
     */
    @Test
    void readerFallsBehind_outputListAndRecentPeaks_asRedis() throws Exception {
        String big = "x".repeat(1_000_000);
        for (int port : ports()) {
            try (Resp ctl = new Resp(port); java.net.Socket slow = new java.net.Socket()) {
                slow.setReceiveBufferSize(4096);
                slow.connect(new java.net.InetSocketAddress("127.0.0.1", port));
                java.io.OutputStream out = slow.getOutputStream();
                out.write(command("SET", "big", big));
                for (int i = 0; i < 30; i++) {
                    out.write(command("GET", "big"));
                }
                out.flush();
                Map<String, String> line;
                do { // until the server has run the pipeline and written what the socket would not take
                    Thread.sleep(5);
                    line = slowClient(ctl);
                } while (Long.parseLong(line.get("omem")) < 10_000_000);
                long omem = Long.parseLong(line.get("omem"));
                long oll = Long.parseLong(line.get("oll"));
                assertTrue(oll >= 10 && omem / oll >= 16_000, "port " + port + ": " + line);
                assertTrue(line.get("events").equals("rw"), line.toString());
                Map<String, String> clients;
                do { // the peaks are sampled once a second
                    Thread.sleep(20);
                    clients = Resp.sections(ctl.text("INFO", "clients")).get("Clients");
                } while (Long.parseLong(clients.get("client_recent_max_output_buffer")) < 10_000_000);
                assertTrue(Long.parseLong(clients.get("client_recent_max_input_buffer")) >= 1_000_000,
                        "port " + port + ": " + clients);
            }
        }
    }

    /**
     * A 10 MB GET reply pending on a client that does not read: Redis puts the first 16 KB in its
     * fixed buffer, sends them, and holds the rest in one reply block of its own, sized by its
     * allocator (10 MiB); CLIENT LIST shows obl=0 oll=1 omem=10485784, here as there, whichever
     * shard holds the key.
     */
    @Test
    void bigReplyPending_oneReplyBlockOfItsOwn_oblOllOmem_asRedis() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int port : ports()) {
            try (Resp ctl = new Resp(port); java.net.Socket slow = new java.net.Socket()) {
                ctl.call("SET", "big", "x".repeat(10_000_000));
                slow.setReceiveBufferSize(4096);
                slow.connect(new java.net.InetSocketAddress("127.0.0.1", port));
                slow.getOutputStream().write(command("GET", "big"));
                Map<String, String> line;
                long deadline = System.nanoTime() + 10_000_000_000L; // a bound, for a server that never sends
                do { // until the GET has run and its loop has sent what the socket takes (another shard's loop may ask first)
                    Thread.sleep(5);
                    line = slowClient(ctl);
                } while ((line.get("omem").equals("0") || !line.get("obl").equals("0")) && System.nanoTime() < deadline);
                lines.add("obl=" + line.get("obl") + " oll=" + line.get("oll") + " omem=" + line.get("omem")
                        + " events=" + line.get("events"));
            }
        }
        assertEquals("obl=0 oll=1 omem=10485784 events=rw", lines.get(0));
        assertEquals(lines.get(0), lines.get(1));
    }

    private static Map<String, String> slowClient(Resp ctl) throws IOException {
        for (String line : ctl.text("CLIENT", "LIST").split("\n")) {
            Map<String, String> f = fields(line);
            if (f.get("cmd").equals("get")) {
                return f;
            }
        }
        return Map.of("omem", "0");
    }

    private static byte[] command(String... args) {
        StringBuilder b = new StringBuilder("*" + args.length + "\r\n");
        for (String a : args) {
            b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        return b.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void clientListFiltersAndErrors_asRedis() throws IOException {
        List<List<Object>> replies = new ArrayList<>();
        for (int port : ports()) {
            try (Resp c = new Resp(port); Resp other = new Resp(port)) {
                long id = (Long) c.call("CLIENT", "ID");
                long otherId = (Long) other.call("CLIENT", "ID");
                List<Object> out = new ArrayList<>();
                out.add(count(c.call("CLIENT", "LIST", "TYPE", "normal")));
                out.add(count(c.call("CLIENT", "LIST", "TYPE", "pubsub")));
                out.add(count(c.call("CLIENT", "LIST", "TYPE", "replica")));
                out.add(c.call("CLIENT", "LIST", "TYPE", "nosuch"));
                out.add(c.call("CLIENT", "LIST", "TYPE"));
                out.add(c.call("CLIENT", "LIST", "ID", "x"));
                out.add(c.call("CLIENT", "LIST", "foo"));
                String both = (String) c.call("CLIENT", "LIST", "ID", Long.toString(otherId), "999999",
                        Long.toString(id), Long.toString(otherId));
                List<Object> ids = new ArrayList<>();
                for (String line : both.split("\n")) {
                    ids.add(Long.parseLong(fields(line).get("id")) == id ? "me" : "other");
                }
                out.add(ids);
                replies.add(out);
            }
        }
        assertEquals(replies.get(0), replies.get(1));
    }

    private static Object count(Object list) {
        return list instanceof String s ? (s.isEmpty() ? 0 : s.split("\n").length) : list;
    }

    @Test
    void clientKill_everyFilterAndError_asRedis() throws IOException {
        List<List<Object>> replies = new ArrayList<>();
        for (int port : ports()) {
            try (Resp c = new Resp(port); Resp a = new Resp(port); Resp b = new Resp(port); Resp d = new Resp(port)) {
                List<Object> out = new ArrayList<>();
                String aAddr = fields(a.text("CLIENT", "INFO")).get("addr");
                String laddr = fields(a.text("CLIENT", "INFO")).get("laddr");
                long bId = (Long) b.call("CLIENT", "ID");
                for (String[] bad : new String[][] {{"CLIENT", "KILL", "1.2.3.4:5"}, {"CLIENT", "KILL", "ID"},
                        {"CLIENT", "KILL", "ID", "0"}, {"CLIENT", "KILL", "ID", "x"}, {"CLIENT", "KILL", "TYPE", "x"},
                        {"CLIENT", "KILL", "USER", "nosuch"}, {"CLIENT", "KILL", "SKIPME", "maybe"},
                        {"CLIENT", "KILL", "MAXAGE", "10"}, {"CLIENT", "KILL", "ID", "1", "TYPE"},
                        {"CLIENT", "KILL", "NOSUCH", "1"}, {"CLIENT", "KILL", "ID", "99999"},
                        {"CLIENT", "KILL", "TYPE", "master"}}) {
                    out.add(c.call(bad));
                }
                out.add(c.call("CLIENT", "KILL", aAddr));                 // old form: OK
                out.add(c.call("CLIENT", "KILL", "ID", Long.toString(bId))); // 1
                out.add(closed(a));
                out.add(closed(b));
                out.add(c.call("CLIENT", "KILL", "LADDR", laddr, "USER", "default")); // d, not me
                out.add(closed(d));
                out.add(c.call("PING"));
                out.add(c.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no")); // me, after the reply
                out.add(closed(c));
                replies.add(out);
            }
        }
        assertEquals(replies.get(0), replies.get(1));
    }

    private static boolean closed(Resp c) {
        try {
            c.call("PING");
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void clientReplyOffSkipOn_pipelinedOverShards_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                Case.commands("reply off, skip, on", new String[] {"SET", "r:a", "1"}, new String[] {"CLIENT", "REPLY", "OFF"},
                        new String[] {"SET", "r:b", "2"}, new String[] {"GET", "r:a"}, new String[] {"NOSUCH"},
                        new String[] {"CLIENT", "REPLY", "SKIP"}, new String[] {"CLIENT", "REPLY", "ON"},
                        new String[] {"MGET", "r:a", "r:b", "r:c"}, new String[] {"CLIENT", "REPLY", "SKIP"},
                        new String[] {"GET", "r:b"}, new String[] {"GET", "r:a"}, new String[] {"CLIENT", "REPLY", "x"},
                        new String[] {"CLIENT", "NO-EVICT", "on"}, new String[] {"CLIENT", "NO-EVICT", "off"},
                        new String[] {"CLIENT", "NO-EVICT", "x"}, new String[] {"DEL", "r:a", "r:b"}).replies(9),
                Case.commands("client help", new String[] {"CLIENT", "HELP"}),
                Case.commands("pause errors", new String[] {"CLIENT", "PAUSE", "x"}, new String[] {"CLIENT", "PAUSE", "-1"},
                        new String[] {"CLIENT", "PAUSE", "10", "SOME"}, new String[] {"CLIENT", "PAUSE", "x", "SOME"},
                        new String[] {"CLIENT", "PAUSE", "1", "ALL", "x"}, new String[] {"CLIENT", "UNPAUSE"},
                        new String[] {"CLIENT", "UNBLOCK", "x"}, new String[] {"CLIENT", "UNBLOCK", "1", "x"},
                        new String[] {"CLIENT", "UNBLOCK", "999999"}, new String[] {"CLIENT", "UNBLOCK", "1", "TIMEOUT", "x"}),
                Case.commands("reset", new String[] {"SELECT", "2"}, new String[] {"CLIENT", "SETNAME", "n"},
                        new String[] {"SET", "reset:k", "v"}, new String[] {"MULTI"}, new String[] {"SET", "reset:a", "b"},
                        new String[] {"RESET"}, new String[] {"CLIENT", "GETNAME"}, new String[] {"GET", "reset:k"},
                        new String[] {"EXEC"}, new String[] {"SELECT", "2"}, new String[] {"DEL", "reset:k"},
                        new String[] {"CLIENT", "REPLY", "OFF"}, new String[] {"RESET"}, new String[] {"PING"}).replies(13),
                Case.commands("reset to RESP2", new String[] {"HELLO", "3"}, new String[] {"RESET"},
                        new String[] {"HGETALL", "nosuch"}).ignoring("id\\\\r\\\\n:\\d+")));
    }

    @Test
    void clientPauseWrite_holdsWritesNotReads_untilUnpause() throws Exception {
        for (int port : ports()) {
            try (Resp pauser = new Resp(port); Resp writer = new Resp(port); Resp reader = new Resp(port);
                 RawClient raw = new RawClient(port)) {
                long writerId = (Long) writer.call("CLIENT", "ID");
                assertEquals("OK", pauser.call("CLIENT", "PAUSE", "100000", "WRITE"));
                raw.send(RawClient.command("SET", "paused:k", "v"));
                assertNull(reader.call("GET", "paused:k"));          // reads go on
                assertEquals("OK", pauser.call("CLIENT", "UNPAUSE"));
                assertEquals("+OK", raw.readLine());                   // the held write ran
                assertEquals("v", reader.call("GET", "paused:k"));
                assertEquals(1L, reader.call("DEL", "paused:k"));
                assertTrue(writerId > 0);
            }
        }
    }

    @Test
    void clientUnblock_blockedOnAnyShard_timeoutOrError_asRedis() throws Exception {
        List<String> keys = ShardingTest.keysOnDistinctShards(4); // with 2 shards too, some on each
        List<List<String>> replies = new ArrayList<>();
        for (int port : ports()) {
            List<String> out = new ArrayList<>();
            for (String key : keys) {
                for (String how : new String[] {"TIMEOUT", "ERROR"}) {
                    try (Resp c = new Resp(port); RawClient blocked = new RawClient(port)) {
                        blocked.send(RawClient.command("CLIENT", "ID"));
                        String id = blocked.readLine().substring(1);
                        blocked.send(RawClient.command("BLPOP", "unblock:" + key, "0"));
                        while (!fields(c.text("CLIENT", "LIST", "ID", id)).get("flags").contains("b")) {
                            Thread.onSpinWait(); // until the server has it blocked: the state, not a delay
                        }
                        out.add(String.valueOf(c.call("CLIENT", "UNBLOCK", id, how)));
                        out.add(blocked.readLine());
                        out.add(String.valueOf(c.call("CLIENT", "UNBLOCK", id, how)));
                        out.add(fields(c.text("CLIENT", "LIST", "ID", id)).get("flags"));
                    }
                }
            }
            replies.add(out);
        }
        assertEquals(replies.get(0), replies.get(1));
    }
}
