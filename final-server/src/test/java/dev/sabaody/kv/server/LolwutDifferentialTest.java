package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LOLWUT against redis-server 7.0.15, with one and two shards. Redis seeds rand() from the clock at
 * start-up, so the art is compared byte for byte wherever no random draw reaches it (Schotter's first
 * two rows of squares, or a whole Schotter of two rows; a skyline one row tall; the sky above the
 * tallest tower), and by shape elsewhere: the same lines, each of the same length and alphabet, and
 * the same caption.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class LolwutDifferentialTest extends BesideRedis {

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

    private List<Object> both(String... command) throws IOException {
        List<Object> out = new ArrayList<>();
        for (int port : new int[] {redis.port(), server.port()}) {
            try (Resp c = new Resp(port)) {
                out.add(c.call(command));
            }
        }
        return out;
    }

    private void sameBytes(String... command) throws IOException {
        List<Object> replies = both(command);
        assertEquals(replies.get(0), replies.get(1), String.join(" ", command));
    }

    @Test
    void lolwut_withoutRandomDraws_sameBytesAsRedis() throws IOException {
        String[][] cases = {
            {"LOLWUT"}, {"LOLWUT", "5"}, {"LOLWUT", "VERSION"}, {"LOLWUT", "foo", "bar"},
            {"LOLWUT", "VERSION", "7"}, {"LOLWUT", "VERSION", "-1"}, {"LOLWUT", "VERSION", "x"},
            {"LOLWUT", "VERSION", "5", "66", "8", "2"}, {"LOLWUT", "version", "5", "10", "2", "2"},
            {"LOLWUT", "VERSION", "5", "10", "0", "0"}, {"LOLWUT", "VERSION", "5", "1", "1", "1"},
            {"LOLWUT", "VERSION", "5", "2", "1", "1"}, {"LOLWUT", "VERSION", "5", "3", "3", "1"},
            {"LOLWUT", "VERSION", "5", "-5", "-5", "-5"}, {"LOLWUT", "VERSION", "5", "77", "13", "2"},
            {"LOLWUT", "VERSION", "5", "5000", "1", "1"}, {"LOLWUT", "VERSION", "5", "100", "300", "1"},
            {"LOLWUT", "VERSION", "5", "x"}, {"LOLWUT", "VERSION", "5", "10", "x"},
            {"LOLWUT", "VERSION", "5", "10", "2", "x"}, {"LOLWUT", "VERSION", "4294967301", "9", "3", "2"},
            {"LOLWUT", "VERSION", "6", "10", "1"}, {"LOLWUT", "VERSION", "6", "0", "0"},
            {"LOLWUT", "VERSION", "6", "3000", "1"}, {"LOLWUT", "VERSION", "6", "x"},
            {"LOLWUT", "VERSION", "6", "10", "x"}, {"LOLWUT", "VERSION", "6", "1", "-3"},
        };
        for (String[] command : cases) {
            sameBytes(command);
        }
    }

    @Test
    void lolwutVersion5_default_straightRowsSameBytesTumblingRowsSameShape() throws IOException {
        for (int round = 0; round < 3; round++) {
            List<Object> replies = both("LOLWUT", "VERSION", "5");
            String[] redisLines = ((String) replies.get(0)).split("\n", -1);
            String[] ours = ((String) replies.get(1)).split("\n", -1);
            assertEquals(redisLines.length, ours.length);
            // rows 0 and 1 of squares span pixels 2..34; no square of row 2 reaches above pixel 28
            assertEquals(Arrays.asList(redisLines).subList(0, 7), Arrays.asList(ours).subList(0, 7));
            for (int i = 0; i < ours.length; i++) {
                assertEquals(redisLines[i].length(), ours[i].length(), "line " + i);
                assertTrue(ours[i].chars().allMatch(ch -> ch < 0x80 || ch == 0xE2 || (ch >= 0x80 && ch < 0xC0)));
            }
            assertEquals(redisLines[ours.length - 2], ours[ours.length - 2], "the caption");
        }
    }

    @Test
    void lolwutVersion6_default_skySameBytesTowersSameShape() throws IOException {
        for (String[] command : new String[][] {{"LOLWUT", "VERSION", "6"}, {"LOLWUT", "VERSION", "6", "40", "12"}}) {
            List<Object> replies = both(command);
            String[] redisLines = ((String) replies.get(0)).split("\n", -1);
            String[] ours = ((String) replies.get(1)).split("\n", -1);
            assertEquals(redisLines.length, ours.length);
            // the tallest tower is rows/2 + (rows-1)/2 < rows: the top row is always sky
            assertEquals(redisLines[0], ours[0]);
            int rows = ours.length - 3;
            for (int i = 0; i < rows; i++) {
                assertEquals(cells(redisLines[i]), cells(ours[i]), "cells of row " + i);
                assertTrue(ours[i].matches("(\033\\[0;(30;40|90;100|37;47|97;107)m \033\\[0m)+"), "row " + i);
            }
            assertEquals(Arrays.asList(redisLines).subList(rows, ours.length),
                    Arrays.asList(ours).subList(rows, ours.length), "the caption");
            assertTrue(ours[rows - 1].contains("\033[0;30;40m"), "the front towers stand on the bottom row");
        }
    }

    private static int cells(String row) {
        return row.split("\033\\[0m", -1).length - 1;
    }
}
