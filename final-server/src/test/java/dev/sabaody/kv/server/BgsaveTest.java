package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.nio.EventLoop;
import dev.sabaody.kv.nio.ManualClock;
import dev.sabaody.kv.rdb.LoadedKey;
import dev.sabaody.kv.rdb.RdbFile;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * BGSAVE without fork, as a client sees it: the file holds the dataset of the moment BGSAVE
 * answered, whatever is written after; a second BGSAVE while one runs is refused; the save points
 * start one; a failed one refuses writes (stop-writes-on-bgsave-error) until a save succeeds; INFO
 * counts the changes since the last save.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class BgsaveTest {

    private static final int KEYS = 60_000;

    @Parameter
    int shards;

    @TempDir
    Path dir;

    private ServerConfig config() {
        return ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards))
                .with("dir", dir.toString()).with("save", "").with("enable-debug-command", "yes");
    }

    @Test
    void bgsave_writesAfterTheReply_fileHoldsTheMomentOfTheReply() throws Exception {
        try (SabaodyServer server = TestServers.start(config(), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            Pipeline p = j.pipelined();
            for (int i = 0; i < KEYS; i++) {
                p.set("k:" + i, "before");
            }
            p.hset("h", Map.of("f", "before"));
            p.sync();
            Pipeline after = j.pipelined();
            after.sendCommand(cmd("BGSAVE"), new String[0]);
            for (int i = 0; i < KEYS; i++) { // in the same pipeline: these run while the walk runs
                if (i % 3 == 0) {
                    after.del("k:" + i);
                } else {
                    after.set("k:" + i, "after");
                }
                after.set("new:" + i, "after");
            }
            after.hset("h", "f", "after");
            after.sendCommand(cmd("FLUSHDB"), new String[0]);
            var replies = after.syncAndReturnAll();
            assertEquals("Background saving started", message(replies.getFirst()));
            awaitSaved(j, 1);
        }
        Map<String, String> file = load(dir.resolve("dump.rdb"));
        assertEquals(KEYS + 1, file.size());
        for (int i = 0; i < KEYS; i++) {
            assertEquals("before", file.get("k:" + i), "k:" + i);
        }
        assertEquals("hash", file.get("h"));
    }

    @Test
    void bgsave_whileOneRuns_refusedAsRedis() throws Exception {
        try (SabaodyServer server = TestServers.start(config(), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port(), 60_000)) {
            j.sendCommand(cmd("DEBUG"), "POPULATE", "200000");
            assertEquals("OK", j.configSet("rdb-key-save-delay", "100")); // Redis's tests slow a save so
            Pipeline p = j.pipelined();
            p.sendCommand(cmd("BGSAVE"), new String[0]);
            p.sendCommand(cmd("BGSAVE"), new String[0]);
            p.sendCommand(cmd("BGSAVE"), "SCHEDULE");
            p.sendCommand(cmd("SAVE"), new String[0]);
            var replies = p.syncAndReturnAll();
            assertEquals("Background saving started", message(replies.get(0)));
            assertEquals("ERR Background save already in progress", message(replies.get(1)));
            assertEquals("ERR Background save already in progress", message(replies.get(2)));
            assertEquals("ERR Background save already in progress", message(replies.get(3)));
            assertEquals("1", field(j, "rdb_bgsave_in_progress"));
            assertEquals("OK", j.configSet("rdb-key-save-delay", "0"));
            awaitSaved(j, 1);
            assertEquals(200_000, load(dir.resolve("dump.rdb")).size());
        }
    }

    @Test
    void bgsave_failed_writesRefusedWithMisconfUntilASaveSucceeds() throws Exception {
        try (SabaodyServer server = TestServers.start(config().with("save", "3600 1"), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.set("k", "v");
            Files.createDirectories(dir.resolve("dump.rdb").resolve("in-the-way")); // the rename fails
            assertEquals("Background saving started", j.bgsave());
            awaitNoBgsave(j);
            assertTrue(j.info("persistence").contains("rdb_last_bgsave_status:err"));
            assertEquals(Persistence.MISCONF.substring(1), message(replyOf(j, "SET", "k", "w")));
            assertEquals(Persistence.MISCONF.substring(1), message(replyOf(j, "PING")));
            assertEquals("v", j.get("k"), "reads still served");
            assertEquals("OK", j.configSet("stop-writes-on-bgsave-error", "no"));
            assertEquals("OK", j.set("k", "w"));
            assertEquals("OK", j.configSet("stop-writes-on-bgsave-error", "yes"));
            assertEquals(Persistence.MISCONF.substring(1), message(replyOf(j, "SET", "k", "x")));
            Files.delete(dir.resolve("dump.rdb").resolve("in-the-way"));
            Files.delete(dir.resolve("dump.rdb"));
            assertEquals("OK", j.save());
            assertEquals("OK", j.set("k", "x"));
        }
    }

    @Test
    void savePoint_reached_bgsaveStartsAndCountsChanges() throws Exception {
        ManualClock clock = new ManualClock();
        try (SabaodyServer server = TestServers.start(config().with("save", "10 3"), clock);
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.set("a", "1");
            j.set("b", "2");
            j.del("a", "b");
            assertEquals("4", field(j, "rdb_changes_since_last_save"));
            clock.advance(Duration.ofSeconds(11));
            runTimers(server);
            awaitSaved(j, 1);
            assertEquals("0", field(j, "rdb_changes_since_last_save"));
            assertEquals("ok", field(j, "rdb_last_bgsave_status"));
            j.set("c", "3");
            clock.advance(Duration.ofSeconds(11));
            runTimers(server);
            assertEquals("1", field(j, "rdb_saves"), "1 change < 3: no save");
            assertEquals("1", field(j, "rdb_changes_since_last_save"));
        }
        assertEquals(Map.of(), load(dir.resolve("dump.rdb")));
    }

    @Test
    void flushall_withSavePoints_savesTheEmptyDatasetAtOnce() throws Exception {
        try (SabaodyServer server = TestServers.start(config().with("save", "3600 1"), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.mset("a", "1", "b", "2", "c", "3");
            assertEquals("OK", j.save());
            assertEquals(3, load(dir.resolve("dump.rdb")).size());
            j.set("d", "4");
            assertEquals("OK", j.flushAll());
            // flushAllDataAndResetRDB: rdbSave resets the count; INFO rdb_saves counts SAVE and BGSAVE only
            assertEquals("0", field(j, "rdb_changes_since_last_save"));
            assertEquals("1", field(j, "rdb_saves"));
        }
        assertEquals(Map.of(), load(dir.resolve("dump.rdb")), "a restart loads no old keys");
    }

    @Test
    void flushall_withoutSavePoints_leavesTheFileAndCountsTheKeys() throws Exception {
        try (SabaodyServer server = TestServers.start(config(), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            j.mset("a", "1", "b", "2");
            assertEquals("OK", j.save());
            assertEquals("OK", j.flushAll());
            assertEquals("2", field(j, "rdb_changes_since_last_save"));
        }
        assertEquals(2, load(dir.resolve("dump.rdb")).size());
    }

    @Test
    void flushall_duringBgsave_endsItWithoutAnError() throws Exception {
        try (SabaodyServer server = TestServers.start(config(), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port(), 60_000)) {
            j.sendCommand(cmd("DEBUG"), "POPULATE", "200000");
            assertEquals("OK", j.configSet("rdb-key-save-delay", "100"));
            assertEquals("Background saving started", j.bgsave());
            assertEquals("1", field(j, "rdb_bgsave_in_progress"));
            assertEquals("OK", j.flushAll()); // killRDBChild: its file would bring the keys back
            awaitNoBgsave(j); // as Redis, until the killed child is reaped
            assertTrue(Files.notExists(dir.resolve("dump.rdb")), "the ended save left no file");
            assertEquals("ok", field(j, "rdb_last_bgsave_status"));
            assertEquals("OK", j.set("k", "v"), "no MISCONF: an ended save is not a failed one");
            assertEquals("OK", j.configSet("rdb-key-save-delay", "0"));
            assertEquals("Background saving started", j.bgsave());
            awaitSaved(j, 1);
        }
        assertEquals(Map.of("k", "v"), load(dir.resolve("dump.rdb")));
    }

    @Test
    void debugReload_savesEmptiesLoads_everyKeyBackOnItsShard() throws Exception {
        try (SabaodyServer server = TestServers.start(config(), Clock.system());
             Jedis j = new Jedis("127.0.0.1", server.port())) {
            PersistenceTest.populate(j);
            Map<String, String> before = PersistenceTest.snapshot(j);
            assertEquals("OK", message(replyOf(j, "DEBUG", "RELOAD")));
            assertEquals(before, PersistenceTest.snapshot(j));
            j.set("after", "v"); // each key is on its owner again: a write finds it
            assertEquals("v", j.get("after"));
            assertEquals("1", field(j, "rdb_saves"));
        }
    }

    private static void runTimers(SabaodyServer server) throws Exception {
        for (EventLoop loop : server.loops()) {
            loop.runTimersNow().get(10, TimeUnit.SECONDS);
        }
    }

    static redis.clients.jedis.commands.ProtocolCommand cmd(String name) {
        byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        return () -> raw;
    }

    private static Object replyOf(Jedis j, String... command) {
        try {
            return j.sendCommand(cmd(command[0]), java.util.Arrays.copyOfRange(command, 1, command.length));
        } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            return e;
        }
    }

    private static String message(Object reply) {
        return reply instanceof Exception e ? e.getMessage()
                : reply instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(reply);
    }

    static String field(Jedis j, String name) {
        for (String line : j.info("persistence").split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in INFO");
    }

    /** Waits (a deadline, not a guess) until the background save has ended. */
    private static void awaitNoBgsave(Jedis j) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!field(j, "rdb_bgsave_in_progress").equals("0")) {
            assertTrue(System.nanoTime() < deadline, "the background save ended in time");
            Thread.sleep(10); // the writer thread's progress: nothing to inject
        }
    }

    private static void awaitSaved(Jedis j, int saves) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Long.parseLong(field(j, "rdb_saves")) < saves || !field(j, "rdb_bgsave_in_progress").equals("0")) {
            assertTrue(System.nanoTime() < deadline, "the background save ended in time");
            Thread.sleep(10); // the writer thread's progress: nothing to inject
        }
        assertEquals("ok", field(j, "rdb_last_bgsave_status"));
    }

    /** The file's keys of database 0: a string's value, or the type of anything else. */
    static Map<String, String> load(Path file) throws Exception {
        Map<String, String> out = new HashMap<>();
        RdbFile.Loaded loaded = RdbFile.read(file, 16);
        for (LoadedKey k : loaded.keys()) {
            if (k.db() == 0) {
                out.put(new String(k.key(), StandardCharsets.ISO_8859_1),
                        k.value() instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : "hash");
            }
        }
        return out;
    }
}
