package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.DifferentialHarness.Case;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.SimpleDb;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * final-server with four shards against real Redis 7.0, byte for byte: sharding must not show. Keys
 * are chosen so each request spans several shards; pipelines mix them.
 */
class ShardedDifferentialTest {

    private static SabaodyServer<SimpleDb> server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "4"), Clock.system());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void keysOnSeveralShards_repliesAsRedis() {
        String[] k = ShardingTest.keysOnDistinctShards(4).stream().map(key -> "diff:" + key).toArray(String[]::new);
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                Case.commands("set on every shard", new String[] {"SET", k[0], "a"}, new String[] {"SET", k[1], "b"},
                        new String[] {"SET", k[2], "c"}),
                Case.commands("get from every shard, pipelined", new String[] {"GET", k[0]}, new String[] {"GET", k[1]},
                        new String[] {"GET", k[2]}, new String[] {"GET", k[3]}),
                Case.commands("exists over shards counts repeats", new String[] {"EXISTS", k[0], k[1], k[3], k[0]}),
                Case.commands("del over shards", new String[] {"DEL", k[0], k[1], k[3]}, new String[] {"EXISTS", k[0], k[1], k[2]}),
                Case.commands("wrong arity never leaves the home shard", new String[] {"DEL"}, new String[] {"GET", k[2], k[3]}),
                Case.commands("select changes the database on every shard", new String[] {"SELECT", "3"},
                        new String[] {"SET", k[0], "x"}, new String[] {"SELECT", "0"}, new String[] {"GET", k[0]},
                        new String[] {"SELECT", "3"}, new String[] {"GET", k[0]}, new String[] {"DEL", k[0]}),
                Case.commands("clean up", new String[] {"DEL", k[0], k[1], k[2], k[3]})));
    }

    @Test
    void inlineAndArrayPipelineMixingShards_repliesAsRedis() {
        StringBuilder request = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            request.append(i % 2 == 0 ? "SET pipe:" + i + " v" + i + "\\r\\n"
                    : "*2\\r\\n$3\\r\\nGET\\r\\n$" + ("pipe:" + (i - 1)).length() + "\\r\\npipe:" + (i - 1) + "\\r\\n");
        }
        request.append("DEL");
        for (int i = 0; i < 50; i += 2) {
            request.append(" pipe:").append(i);
        }
        request.append("\\r\\n");
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(Case.of("50 commands, one write", request.toString()).replies(51)));
    }
}
