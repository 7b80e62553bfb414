package dev.sabaody.kv.memory;

import dev.sabaody.kv.blocking.Args;
import dev.sabaody.kv.blocking.Log;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.NioServer;
import java.io.IOException;
import java.net.BindException;

/**
 * Starts module 06's server: module 05's keyspace and commands under a memory limit.
 *
 * <pre>
 *   ./mvnw -B -q -pl 06-eviction-persistence -am package -DskipTests
 *   java -XX:+UseCompactObjectHeaders -Xmx256m -jar 06-eviction-persistence/target/memory-server.jar \
 *        --port 6380 --maxmemory 64mb --maxmemory-policy allkeys-lru [--maxmemory-samples 5]
 * </pre>
 */
public final class Main {

    /** Module servers listen on 6380 so that a real Redis on 6379 can run beside them. */
    static final int DEFAULT_PORT = 6380;

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Args.intOption(args, "--port", DEFAULT_PORT);
        MemoryLimits limits = new MemoryLimits()
                .maxmemory(parseMemory(Args.option(args, "--maxmemory", "0")))
                .policy(EvictionPolicy.of(Args.option(args, "--maxmemory-policy", "noeviction")))
                .samples(Args.intOption(args, "--maxmemory-samples", MemoryLimits.CONFIG_DEFAULT_MAXMEMORY_SAMPLES));
        long maxHeap = Runtime.getRuntime().maxMemory();
        String refusal = HeapFit.check(limits.maxmemory(), maxHeap);
        if (refusal != null) {
            Log.warn("%s", refusal);
            System.exit(1);
        }
        limits.heapLimit(HeapFit.maxmemoryFor(maxHeap));
        MemoryServer server;
        try {
            server = MemoryServer.start(NioServer.Config.onPort(port).withClock(Clock.system()), limits);
        } catch (BindException e) {
            Log.warn("cannot listen on port %d: %s (is another server running there? try --port)", port, e.getMessage());
            System.exit(1);
            return;
        }
        Log.info("module 06 listening on port %d: maxmemory %d bytes, policy %s", server.port(), limits.maxmemory(),
                limits.policy().configName());
        dev.sabaody.kv.blocking.Main.runUntilSignalled(server);
    }

    /** redis.conf's memory units: 1k = 1000, 1kb = 1024, and so on up to g / gb. */
    static long parseMemory(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"},
                {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        return Long.parseLong(t) * unit;
    }
}
