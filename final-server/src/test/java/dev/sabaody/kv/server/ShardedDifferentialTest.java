package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.DifferentialHarness.Case;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.server.config.ServerConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * final-server with one, two and four shards against real Redis 7.0, byte for byte: sharding must
 * not show. Keys are chosen so each request spans several shards (with four); pipelines mix them.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2, 4})
class ShardedDifferentialTest {

    /** The same replies must come back whatever the number of shards: one is a single-threaded Redis. */
    @Parameter
    int shards;

    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)), Clock.system());
    }

    @AfterEach
    void stop() {
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

    /** Replies owed to deferred commands come first: errors, SELECT and a protocol error wait their turn. */
    @Test
    void pipelineWithErrorsBetweenRemoteCommands_repliesInOrderAsRedis() {
        String[] k = ShardingTest.keysOnDistinctShards(4).stream().map(key -> "order:" + key).toArray(String[]::new);
        StringBuilder request = new StringBuilder();
        for (String key : k) {
            request.append("SET ").append(key).append(" v\\r\\n");
        }
        request.append("NOSUCH a\\r\\nGET ").append(k[1]).append(" extra\\r\\nGET ").append(k[2]).append("\\r\\n")
                .append("SELECT 2\\r\\nGET ").append(k[3]).append("\\r\\nSET ").append(k[3]).append(" db2\\r\\n")
                .append("SELECT 0\\r\\nGET ").append(k[3]).append("\\r\\nEXISTS ").append(k[0]).append(' ').append(k[1])
                .append("\\r\\nDEL ").append(k[0]).append(' ').append(k[1]).append(' ').append(k[2]).append(' ').append(k[3])
                .append("\\r\\nSELECT 2\\r\\nDEL ").append(k[3]).append("\\r\\nGET ").append(k[0]).append("\\r\\n*x\\r\\n");
        DifferentialHarness.assertSameAsRedis(server.port(),
                List.of(Case.of("deferred replies, then errors, then a protocol error", request.toString()).replies(18).closes()));
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

    /** A command flagged no-multi (SHUTDOWN) is refused inside MULTI, not queued, and EXEC aborts. */
    @Test
    void noMultiCommandInsideTransaction_refusedAndExecAborts_asRedis() {
        DifferentialHarness.assertSameAsRedis(server.port(), List.of(
                Case.commands("shutdown inside multi", new String[] {"MULTI"}, new String[] {"SHUTDOWN"},
                        new String[] {"SET", "nomulti:a", "1"}, new String[] {"EXEC"}, new String[] {"GET", "nomulti:a"})));
    }
}
