package dev.sabaody.kv.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file and the command line, read as redis-server reads them. */
class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void fromArgs_none_redisDefaults() {
        ServerConfig config = ServerConfig.fromArgs(new String[0]);
        assertEquals(6379, config.port());
        assertEquals(10000, config.maxClients());
        assertEquals(16, config.databases());
        assertEquals(512L * 1024 * 1024, config.protoMaxBulkLen());
        assertEquals(Runtime.getRuntime().availableProcessors(), config.shards());
        assertEquals("3600 1 300 100 60 10000", config.get("save"));
        assertNull(config.configFile());
    }

    @Test
    void fromArgs_fileThenFlags_flagsWin() throws IOException {
        Path file = Files.writeString(dir.resolve("sabaody.conf"), """
                # a comment
                port 7000
                  shards 3
                client-query-buffer-limit 2mb
                bind "127.0.0.1"
                """);
        ServerConfig config = ServerConfig.fromArgs(new String[] {file.toString(), "--port", "7001", "--timeout", "30"});
        assertEquals(7001, config.port());
        assertEquals(3, config.shards());
        assertEquals(2L * 1024 * 1024, config.clientQueryBufferLimit());
        assertEquals(30, config.timeout().toSeconds());
        assertEquals(file.toAbsolutePath(), config.configFile());
    }

    @Test
    void fromArgs_repeatedDirective_lastLineWins() throws IOException {
        Path file = Files.writeString(dir.resolve("r.conf"), "timeout 5\ntimeout 6\nTIMEOUT 7\n");
        assertEquals("7", ServerConfig.fromArgs(new String[] {file.toString()}).get("timeout"));
    }

    @Test
    void fromArgs_saveLines_addPointsAndFlagsAddMore() throws IOException {
        Path file = Files.writeString(dir.resolve("s.conf"), "save 900 1\nsave 300 10\n");
        assertEquals("900 1 300 10", ServerConfig.fromArgs(new String[] {file.toString()}).get("save"));
        assertEquals("900 1 300 10 60 5",
                ServerConfig.fromArgs(new String[] {file.toString(), "--save", "60 5"}).get("save"));
        assertEquals("", ServerConfig.fromArgs(new String[] {file.toString(), "--save", ""}).get("save"));
        assertEquals("", ServerConfig.fromArgs(new String[] {"--save"}).get("save"));
        assertEquals("", ServerConfig.fromArgs(new String[] {"--save", "--port", "7000"}).get("save"));
    }

    @Test
    void fromArgs_multiWordValueAsOneArgument_splitAsRedisDoes() {
        ServerConfig config = ServerConfig.fromArgs(new String[] {"--save", "900 1 300 10",
                "--client-output-buffer-limit", "pubsub 64mb 16mb 90"});
        assertEquals("900 1 300 10", config.get("save"));
        assertEquals("normal 0 0 0 slave 268435456 67108864 60 pubsub 67108864 16777216 90",
                config.get("client-output-buffer-limit"));
    }

    @Test
    void fromArgs_include_readsTheFileWhereItStands() throws IOException {
        Path included = Files.writeString(dir.resolve("local.conf"), "maxclients 500\ntimeout 9\n");
        Path file = Files.writeString(dir.resolve("main.conf"), "timeout 1\ninclude " + included + "\nhz 20\n");
        ServerConfig config = ServerConfig.fromArgs(new String[] {file.toString()});
        assertEquals(500, config.maxClients());
        assertEquals(9, config.timeout().toSeconds());
        assertEquals(20, config.hz());
    }

    @Test
    void fromArgs_includeGlob_everyMatchInNameOrderAndNoneIsFine() throws IOException {
        Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/a.conf"), "timeout 1\n");
        Files.writeString(dir.resolve("conf.d/b.conf"), "timeout 2\n");
        Path file = Files.writeString(dir.resolve("main.conf"),
                "include " + dir.resolve("conf.d") + "/*.conf\ninclude " + dir.resolve("empty.d") + "/*.conf\n");
        assertEquals(2, ServerConfig.fromArgs(new String[] {file.toString()}).timeout().toSeconds());
    }

    @Test
    void fromArgs_includeOfItself_failsInsteadOfLooping() throws IOException {
        Path file = dir.resolve("loop.conf");
        Files.writeString(file, "include " + file + "\n");
        assertMessage("include nested", file.toString());
    }

    @Test
    void fromArgs_aliasesAndDeprecatedDirectives_acceptedAsRedisDoes() throws IOException {
        Path file = Files.writeString(dir.resolve("old.conf"), """
                slave-read-only no
                hash-max-ziplist-entries 64
                list-max-ziplist-entries 512
                list-max-ziplist-value 64
                slaveof 10.0.0.1 6380
                """);
        ServerConfig config = ServerConfig.fromArgs(new String[] {file.toString()});
        assertEquals("no", config.get("replica-read-only"));
        assertEquals("64", config.get("hash-max-listpack-entries"));
        assertEquals("10.0.0.1 6380", config.get("replicaof"));
    }

    @Test
    void fromArgs_fileOnlyDirectives_keptAsWritten() throws IOException {
        Path file = Files.writeString(dir.resolve("f.conf"), """
                rename-command FLUSHALL ""
                user alice on >secret ~* +@all
                loadmodule /opt/redis/bloom.so INITIAL_SIZE 400
                """);
        ServerConfig config = ServerConfig.fromArgs(new String[] {file.toString()});
        assertEquals(3, config.fileOnly().size());
        assertEquals(List.of("rename-command", "FLUSHALL", ""), config.fileOnly().getFirst());
        // users and renames are applied at start; a module cannot be loaded, and start-up says so
        assertTrue(config.notApplied().contains("loadmodule /opt/redis/bloom.so"), config.notApplied().toString());
        assertTrue(config.notApplied().stream().noneMatch(line -> line.startsWith("user")
                || line.startsWith("rename-command")), config.notApplied().toString());
    }

    @Test
    void fromArgs_unknownDirectiveInFile_failsNamingLineAndDirective() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.conf"), "port 7000\nmaxmemroy 100mb\n");
        var e = assertThrows(ConfigException.class, () -> ServerConfig.fromArgs(new String[] {file.toString()}));
        assertTrue(e.getMessage().contains("at line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("'maxmemroy 100mb'"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown directive 'maxmemroy'"), e.getMessage());
    }

    @Test
    void fromArgs_unknownFlag_failsNamingIt() {
        var e = assertThrows(ConfigException.class, () -> ServerConfig.fromArgs(new String[] {"--prot", "7000"}));
        assertTrue(e.getMessage().contains("--prot"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown directive 'prot'"), e.getMessage());
    }

    @Test
    void fromArgs_malformedValues_failWithRedisWording() {
        assertMessage("port: argument couldn't be parsed into an integer", "--port", "abc");
        assertMessage("port: argument must be between 0 and 65535 inclusive", "--port", "70000");
        assertMessage("proto-max-bulk-len: argument must be a memory value", "--proto-max-bulk-len", "12qb");
        assertMessage("appendonly: argument must be 'yes' or 'no'", "--appendonly", "maybe");
        assertMessage("loglevel: argument(s) must be one of the following: debug, verbose, notice, warning",
                "--loglevel", "loud");
        assertMessage("port: wrong number of arguments", "--port", "1", "2");
        assertMessage("save: Invalid save parameters", "--save", "900");
    }

    @Test
    void fromArgs_daemonizeYes_refusedNamingTheAlternatives() {
        var e = assertThrows(ConfigException.class, () -> ServerConfig.fromArgs(new String[] {"--daemonize", "yes"}));
        assertTrue(e.getMessage().contains("cannot fork"), e.getMessage());
        assertTrue(e.getMessage().contains("systemd") && e.getMessage().contains("nohup"), e.getMessage());
    }

    @Test
    void fromArgs_logfileThatCannotBeOpened_failsAsRedisDoes() {
        assertMessage("Can't open the log file", "--logfile", dir.resolve("no/such/dir/log").toString());
    }

    @Test
    void fromArgs_unbalancedQuotesInFile_fails() throws IOException {
        Path file = Files.writeString(dir.resolve("q.conf"), "bind \"127.0.0.1\n");
        var e = assertThrows(ConfigException.class, () -> ServerConfig.fromArgs(new String[] {file.toString()}));
        assertTrue(e.getMessage().contains("Unbalanced quotes"), e.getMessage());
    }

    @Test
    void notApplied_directivesThatChangeNothingHere_listedWithTheirValues() {
        ServerConfig config = ServerConfig.fromArgs(new String[] {"--maxmemory", "1gb", "--appendonly", "yes",
                "--requirepass", "secret", "--port", "7000", "--activedefrag", "yes"});
        List<String> notApplied = config.notApplied();
        assertTrue(notApplied.stream().noneMatch(line -> line.startsWith("maxmemory")), "maxmemory is applied (module 06)");
        assertTrue(notApplied.stream().noneMatch(line -> line.startsWith("appendonly")), "the AOF is applied (module 06)");
        assertTrue(notApplied.stream().noneMatch(line -> line.startsWith("save")), "save points are applied (module 06)");
        assertTrue(notApplied.stream().noneMatch(line -> line.startsWith("requirepass")), "requirepass is applied");
        assertTrue(notApplied.stream().noneMatch(line -> line.startsWith("port")), notApplied.toString());
        assertTrue(notApplied.contains("activedefrag yes"), "a JVM has no allocator to defragment: " + notApplied);
    }

    @Test
    void sampleConfig_shippedWithTheServer_loadsWithNothingLeftUnapplied() {
        ServerConfig config = ServerConfig.fromArgs(new String[] {"sabaody.conf"}); // final-server/sabaody.conf
        assertEquals(List.of(), config.notApplied());
        assertEquals("127.0.0.1 -::1", config.get("bind"));
    }

    @Test
    void matching_globsOverNamesAndAliases_exactNamesAsAsked() {
        ServerConfig config = ServerConfig.defaults().with("port", "7777");
        assertEquals(Map.of("port", "7777"), config.matching(List.of("port")));
        assertEquals(Map.of("PORT", "7777"), config.matching(List.of("PORT")));
        assertEquals(Map.of("maxclients", "10000"), config.matching(List.of("maxc*")));
        assertEquals(Map.of("slave-read-only", "yes", "replica-read-only", "yes"),
                config.matching(List.of("*-read-only")));
        assertEquals(Map.of(), config.matching(List.of("use-exit-*")), "hidden: exact names only");
        assertEquals(Map.of("use-exit-on-panic", "no"), config.matching(List.of("use-exit-on-panic")));
    }

    private static void assertMessage(String expected, String... args) {
        var e = assertThrows(ConfigException.class, () -> ServerConfig.fromArgs(args));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
