package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.DifferentialHarness.Case;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * rename-command against a real redis-server renamed the same way: the new name runs the command,
 * the old one is unknown, an empty name disables it, and errors and ACL rules keep the command's
 * own name.
 */
class RenameCommandTest {

    @TempDir
    Path dir;

    private static String[] cmd(String... args) {
        return args;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void renamedAndDisabled_asRedis(int shards) throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "", "--rename-command", "get", "fetch",
                "--rename-command", "flushall", "");
             SabaodyServer ours = TestServers.start(ServerConfig.defaults().with("port", "0")
                     .with("shards", String.valueOf(shards)).with("rename-command", "get", "fetch")
                     .with("rename-command", "flushall", ""), Clock.system())) {
            List<Case> cases = List.of(
                    Case.commands("the new name", cmd("SET", "k", "v"), cmd("FETCH", "k"), cmd("fetch", "nokey")),
                    Case.commands("the old names", cmd("GET", "k"), cmd("FLUSHALL"), cmd("flushall", "async")),
                    Case.commands("errors keep the command's name", cmd("FETCH"), cmd("FETCH", "a", "b")),
                    Case.commands("ACL rules name the command as it was",
                            cmd("ACL", "SETUSER", "r", "on", "nopass", "~*", "+get"), cmd("AUTH", "r", "x"),
                            cmd("FETCH", "k"), cmd("SET", "k", "w")));
            DifferentialHarness.assertSame(redis.port(), ours.port(), cases);
        }
    }
}
