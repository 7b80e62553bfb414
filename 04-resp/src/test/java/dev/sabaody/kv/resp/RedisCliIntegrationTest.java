package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.NioServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real redis-cli against module 04: its connect handshake (COMMAND DOCS) and a session of
 * commands typed one per line, shown as the interactive prompt formats them ({@code --no-raw}).
 */
class RedisCliIntegrationTest {

    private static NioServer server;

    @BeforeAll
    static void start() throws Exception {
        server = Main.start(NioServer.Config.onPort(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String run(int port, String stdin) throws IOException, InterruptedException {
        String cli = RedisOracle.requireTool("redis-cli");
        Process process = new ProcessBuilder(cli, "--no-raw", "-p", String.valueOf(port)).redirectErrorStream(true).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("redis-cli did not finish; output so far:\n" + out);
        }
        return out;
    }

    @Test
    void session_commandsTypedLineByLine_printAsAgainstRedis() throws Exception {
        String session = """
                PING
                SET cli:k v
                GET cli:k
                ECHO "hello world"
                DEL cli:k
                EXISTS cli:k
                GET cli:k
                FOO bar
                HELLO 3
                GET cli:k
                """;
        String expected = """
                PONG
                OK
                "v"
                "hello world"
                (integer) 1
                (integer) 0
                (nil)
                (error) ERR unknown command 'FOO', with args beginning with: 'bar'\s
                1# "server" => "redis"
                2# "version" => "7.0.15"
                3# "proto" => (integer) 3
                4# "id" => (integer) ID
                5# "mode" => "standalone"
                6# "role" => "master"
                7# "modules" => (empty array)
                (nil)
                """;
        assertEquals(expected, run(server.port(), session).replaceAll("\"id\" => \\(integer\\) \\d+", "\"id\" => (integer) ID"));
        assertEquals(expected, run(RedisOracle.port(), session).replaceAll("\"id\" => \\(integer\\) \\d+", "\"id\" => (integer) ID"),
                "the same session against real Redis");
    }

    @Test
    void commandDocs_whatRedisCliAsksOnConnect_isWellFormed() throws Exception {
        // redis-cli sends COMMAND DOCS first; a malformed reply would print a parse error or hang here
        String out = run(server.port(), "COMMAND DOCS get\n");
        assertEquals("""
                1) "get"
                2)  1) "summary"
                    2) "Get the value of a key"
                    3) "since"
                    4) "1.0.0"
                    5) "group"
                    6) "string"
                    7) "complexity"
                    8) "O(1)"
                    9) "arguments"
                   10) 1) 1) "name"
                          2) "key"
                          3) "type"
                          4) "key"
                          5) "key_spec_index"
                          6) (integer) 0
                """, out);
    }
}
