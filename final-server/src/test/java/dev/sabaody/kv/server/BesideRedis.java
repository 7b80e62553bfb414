package dev.sabaody.kv.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private redis-server 7.0 beside a test class's own servers: the oracle of its differential tests,
 * started once for the class (no save points, no AOF, DEBUG allowed for the tests that compare it) in
 * a temporary directory, and stopped after it. Private, so that its counters (INFO, SLOWLOG,
 * commandstats) start where a fresh Sabaody-KV's do.
 */
abstract class BesideRedis {

    @TempDir
    static Path dir;
    static RedisProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisProcess.start(dir, null, "--save", "", "--appendonly", "no", "--enable-debug-command", "yes");
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }
}
