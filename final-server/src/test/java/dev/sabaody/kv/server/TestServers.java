package dev.sabaody.kv.server;

import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Servers for tests, on port 0, with module 05's commands; SHUTDOWN only counts its requests. */
final class TestServers {

    /** How many times a test server's SHUTDOWN command asked the process to exit. */
    static final AtomicInteger SHUTDOWN_REQUESTS = new AtomicInteger();

    private TestServers() {
    }

    static SabaodyServer start(int shards) throws IOException {
        return start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)), Clock.system());
    }

    /**
     * Starts a server; one left with the default {@code dir} (the working directory) gets a fresh
     * temporary one, so that no test loads or overwrites another's dump.rdb.
     */
    static SabaodyServer start(ServerConfig config, Clock clock) throws IOException {
        if (config.get("dir").equals(ServerConfig.defaults().get("dir"))) {
            config = config.with("dir", java.nio.file.Files.createTempDirectory("sabaody-test").toString());
        }
        return SabaodyServer.start(DataCommands.table(), config, "", clock, SHUTDOWN_REQUESTS::incrementAndGet);
    }
}
