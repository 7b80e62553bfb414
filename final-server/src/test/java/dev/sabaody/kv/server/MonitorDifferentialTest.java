package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MONITOR against a real redis-server 7.0: the same commands give the same trace, line for line,
 * once the time and the client's port (which differ by nature) are masked. With two shards the
 * monitor, the client and a blocked client sit on different loops, and keys live on both.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class MonitorDifferentialTest extends BesideRedis {

    private static final String END = "end-of-trace";

    @Parameter
    int shards;

    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)),
                Clock.system());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void trace_sameCommands_sameLinesAsRedis() throws Exception {
        List<String> expected = trace(redis.port());
        List<String> actual = trace(server.port());
        assertEquals(expected, actual);
        assertTrue(expected.size() > 20, expected.toString());
    }

    /** The monitor's lines while a client runs the script, time and port masked. */
    private static List<String> trace(int port) throws Exception {
        try (Socket monitor = connect(port); Socket client = connect(port); Socket blocked = connect(port)) {
            assertEquals("+OK\r\n", call(monitor, "MONITOR"));
            call(client, "DEL", "mon:list", "mon:a", "mon:b", "mon:n");
            call(client, "AUTH", "secret");
            call(client, "AUTH", "user", "secret");
            call(client, "HELLO", "2", "AUTH", "default", "pw", "SETNAME", "tracer");
            call(client, "SET", "mon:a", "a b \" \\ \n\r\t\u0007\b \u0001 \u007f");
            call(client, "MSET", "mon:a", "1", "mon:b", "2");
            call(client, "INCR", "mon:n");
            call(client, "SELECT", "2");
            call(client, "GET", "mon:a");
            call(client, "SELECT", "0");
            call(client, "NOSUCH", "x");
            call(client, "GET");
            call(client, "CONFIG", "GET", "maxmemory");
            call(client, "CLIENT", "LIST");
            call(client, "MONITOR2");
            pipeline(client, 3, new String[] {"MULTI"}, new String[] {"SET", "mon:a", "in tx"}, new String[] {"EXEC"});
            pipeline(client, 4, new String[] {"MULTI"}, new String[] {"SET", "mon:a", "x"}, new String[] {"FOO"},
                    new String[] {"EXEC"});
            pipeline(client, 3, new String[] {"MULTI"}, new String[] {"SET", "mon:b", "x"}, new String[] {"DISCARD"});
            send(blocked, "BLPOP", "mon:list", "0");
            // Wait until it is blocked, as the server counts it, before pushing.
            while (!call(client, "INFO", "clients").contains("blocked_clients:1")) {
                Thread.onSpinWait();
            }
            call(client, "LPUSH", "mon:list", "v");
            RespFrames.read(blocked.getInputStream());
            call(client, "PING");
            call(client, "SUBSCRIBE", "mon:ch");
            call(client, "UNSUBSCRIBE", "mon:ch");
            call(client, "DEL", "mon:a", "mon:b", "mon:n");
            call(client, "ECHO", END);
            List<String> lines = new ArrayList<>();
            InputStream in = monitor.getInputStream();
            String line;
            do {
                line = RespFrames.read(in);
                if (!line.contains("\"INFO\"")) { // INFO polled above: how often differs
                    lines.add(mask(line));
                }
            } while (!line.contains(END));
            return lines;
        }
    }

    /** {@code +1796669100.554632 [0 127.0.0.1:43002] "auth"} → {@code +T [0 127.0.0.1:P] "auth"}. */
    private static String mask(String line) {
        assertTrue(line.matches("(?s)\\+\\d{10}\\.\\d{6} \\[\\d+ 127\\.0\\.0\\.1:\\d+\\] .*\r\n"), line);
        return line.replaceFirst("^\\+\\d+\\.\\d{6} \\[(\\d+) 127\\.0\\.0\\.1:\\d+\\]", "+T [$1 127.0.0.1:P]");
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String... argv) throws IOException {
        s.getOutputStream().write(RawClient.command(argv).getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    private static String call(Socket s, String... argv) throws IOException {
        send(s, argv);
        return RespFrames.read(s.getInputStream());
    }

    private static void pipeline(Socket s, int replies, String[]... commands) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String[] c : commands) {
            text.append(RawClient.command(c));
        }
        s.getOutputStream().write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < replies; i++) {
            RespFrames.read(s.getInputStream());
        }
    }
}
