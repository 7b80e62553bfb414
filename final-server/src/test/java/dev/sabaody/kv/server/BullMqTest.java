package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * BullMQ (npm), whose whole queue is Lua scripts (EVALSHA, cmsgpack) and blocking commands: a queue
 * adds five jobs, a worker processes them and getJobCounts counts them, with 1 and 2 shards; with 2
 * the queue's prefix carries a hash tag ({@code {bull}}), as Redis Cluster users configure it. CI
 * installs it (.ci/run: npm ci in src/test/node); elsewhere the test skips when it is missing.
 */
class BullMqTest {

    private static final Path NODE_CLIENTS = Path.of("src/test/node");

    @ParameterizedTest
    // BullMQ's default prefix 'bull' with several shards: its getJobCounts reaches keys it did not
    // declare on another shard, refused as Redis Cluster refuses it (README, "BullMQ")
    @CsvSource({"1, bull", "1, {bull}", "2, {bull}"})
    void queue_addsAndProcessesJobs(int shards, String prefix) throws Exception {
        boolean installed = Files.isDirectory(NODE_CLIENTS.resolve("node_modules/bullmq"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("bullmq is missing (npm ci --prefix final-server/src/test/node); CI=true makes that a failure");
        }
        assumeTrue(installed, "bullmq is not installed (npm ci --prefix final-server/src/test/node)");
        try (SabaodyServer server = TestServers.start(shards)) {
            Process p = new ProcessBuilder("node", "bullmq-queue.mjs", Integer.toString(server.port()), prefix)
                    .directory(NODE_CLIENTS.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
            assertTrue(p.exitValue() == 0 && out.contains("results [2,4,6,8,10]")
                    && out.contains("counts {\"completed\":5,\"failed\":0,\"wait\":0}"), out);
        }
    }
}
