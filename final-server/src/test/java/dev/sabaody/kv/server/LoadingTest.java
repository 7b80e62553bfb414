package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.DataCommands;
import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server listens while it loads its file, as Redis does: commands without the loading flag get
 * Redis's -LOADING (inside MULTI too, which then aborts), INFO, CONFIG and MULTI are served, and
 * INFO # Persistence says loading:1 with Redis's loading_* fields after the AOF ones. The load is
 * held on its first key by a key-load-delay of a minute and released by CONFIG SET key-load-delay 0,
 * so nothing here depends on timing.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class LoadingTest {

    private static final int KEYS = 2_000;

    @Parameter
    int shards;

    @TempDir
    Path dir;

    private ServerConfig config() {
        return ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards))
                .with("dir", dir.toString()).with("save", "").with("enable-debug-command", "yes");
    }

    @Test
    void whileLoading_loadingCommandsServed_othersRefusedAsRedis() throws Exception {
        try (SabaodyServer first = TestServers.start(config(), Clock.system());
             Resp c = new Resp(first.port())) {
            c.call("DEBUG", "POPULATE", Integer.toString(KEYS));
            assertEquals("OK", c.call("SAVE"));
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<SabaodyServer> started = CompletableFuture.supplyAsync(() -> {
            try {
                return SabaodyServer.start(DataCommands.table(), config().with("key-load-delay", "60000000"), "",
                        Clock.system(), () -> { }, port::complete);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, task -> Thread.ofPlatform().name("start").start(task));
        try (Resp c = new Resp(port.get(30, TimeUnit.SECONDS))) {
            Map<String, String> persistence = Resp.sections(c.text("INFO", "persistence")).get("Persistence");
            assertEquals("1", persistence.get("loading"));
            List<String> names = List.copyOf(persistence.keySet());
            assertEquals(List.of("loading_start_time", "loading_total_bytes", "loading_rdb_used_mem",
                    "loading_loaded_bytes", "loading_loaded_perc", "loading_eta_seconds"),
                    names.subList(names.size() - 6, names.size()), "last, after the AOF's fields");
            assertTrue(Long.parseLong(persistence.get("loading_total_bytes")) > 0);
            String loadingError = "LOADING Redis is loading the dataset in memory";
            assertEquals(new Resp.Error(loadingError), c.call("GET", "key:1"));
            assertEquals(new Resp.Error(loadingError), c.call("PING"));
            assertEquals(new Resp.Error(loadingError), c.call("DBSIZE"));
            assertEquals("OK", c.call("MULTI"));
            assertEquals(new Resp.Error(loadingError), c.call("SET", "k", "v"));
            assertEquals(new Resp.Error("EXECABORT Transaction discarded because of previous errors."), c.call("EXEC"));
            assertEquals("OK", c.call("CONFIG", "SET", "key-load-delay", "0")); // CONFIG is served: the load goes on
            try (SabaodyServer second = started.get(60, TimeUnit.SECONDS)) {
                assertEquals("0", Resp.sections(c.text("INFO", "persistence")).get("Persistence").get("loading"));
                assertEquals((long) KEYS, c.call("DBSIZE"));
                assertEquals("PONG", c.call("PING"));
            }
        }
    }
}
