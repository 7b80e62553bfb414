package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.resp.RedisOracle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * redis-cli's operator modes against final-server (two shards): --stat reads INFO's fields every
 * interval, --bigkeys walks SCAN with TYPE and each type's size command, --latency-history pings.
 * --memkeys asks MEMORY USAGE of each. Each prints what it prints against Redis, with no error or
 * warning line.
 */
class RedisCliModesTest {

    private static SabaodyServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(2);
        try (Resp c = new Resp(server.port())) {
            for (int i = 0; i < 20; i++) {
                c.call("SET", "cli:s" + i, "v".repeat(i + 1));
            }
            c.call("RPUSH", "cli:list", "a", "b", "c");
            c.call("HSET", "cli:hash", "f", "v", "g", "w");
            c.call("SADD", "cli:set", "x");
            c.call("ZADD", "cli:zset", "1", "m", "2", "n");
            c.call("XADD", "cli:stream", "1-1", "f", "v");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The first {@code lines} lines redis-cli prints in {@code mode}, line-buffered; then it is stopped. */
    private static List<String> firstLines(int lines, String... mode) throws Exception {
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", RedisOracle.requireTool("redis-cli"),
                "-p", Integer.toString(server.port())));
        command.addAll(List.of(mode));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; out.size() < lines && (line = in.readLine()) != null; ) {
                out.add(line);
            }
        } finally {
            cli.destroy();
            cli.waitFor(10, TimeUnit.SECONDS);
        }
        return out;
    }

    @Test
    void stat_everyIntervalARowOfCounts() throws Exception {
        List<String> lines = firstLines(4, "--stat", "-i", "0.1");
        assertEquals("------- data ------ --------------------- load -------------------- - child -", lines.get(0));
        assertTrue(lines.get(1).startsWith("keys       mem      clients blocked requests"), lines.get(1));
        for (String row : lines.subList(2, 4)) {
            assertTrue(row.matches("25\\s+\\S+\\s+\\d+\\s+0\\s+\\d+ \\(\\+\\d+\\)\\s+\\d+\\s*"), row); // clients: earlier ones may still be closing
        }
    }

    @Test
    void bigkeys_everyKeySampled_biggestOfEachType() throws Exception {
        List<String> lines = firstLines(200, "--bigkeys");
        String all = String.join("\n", lines);
        assertTrue(all.contains("Sampled 25 keys in the keyspace!"), all);
        assertTrue(all.contains("Biggest string found '\"cli:s19\"' has 20 bytes"), all);
        assertTrue(all.contains("Biggest   list found '\"cli:list\"' has 3 items"), all);
        assertTrue(all.contains("Biggest   zset found '\"cli:zset\"' has 2 members"), all);
        assertTrue(all.contains("1 streams with 1 entries"), all);
        assertFalse(all.toLowerCase(java.util.Locale.ROOT).contains("warning") || all.contains("ERR"), all);
    }

    @Test
    void memkeys_everyKeySampled_sizesFromMemoryUsage() throws Exception {
        String all = String.join("\n", firstLines(200, "--memkeys"));
        assertTrue(all.contains("Sampled 25 keys in the keyspace!"), all);
        assertTrue(all.matches("(?s).*Biggest   list found '\"cli:list\"' has \\d+ bytes.*"), all);
        assertTrue(all.matches("(?s).*20 strings with \\d+ bytes.*"), all);
        assertFalse(all.toLowerCase(java.util.Locale.ROOT).contains("warning") || all.contains("ERR"), all);
    }

    @Test
    void latencyHistory_aLineOfMinMaxAverageSamples() throws Exception {
        List<String> lines = firstLines(2, "--latency-history", "-i", "0.2");
        for (String line : lines) {
            assertTrue(line.matches("\\d+ \\d+ \\d+\\.\\d{2} \\d+"), line); // min max avg samples, as piped output
        }
    }
}
