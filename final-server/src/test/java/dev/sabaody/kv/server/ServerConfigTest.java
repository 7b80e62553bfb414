package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {

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
    }

    @Test
    void fromArgs_unknownDirectiveInFile_failsNamingLineAndDirective() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.conf"), "port 7000\nmaxmemroy 100mb\n");
        var e = assertThrows(ServerConfig.ConfigException.class,
                () -> ServerConfig.fromArgs(new String[] {file.toString()}));
        assertTrue(e.getMessage().contains("at line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("'maxmemroy 100mb'"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown directive 'maxmemroy'"), e.getMessage());
    }

    @Test
    void fromArgs_unknownFlag_failsNamingIt() {
        var e = assertThrows(ServerConfig.ConfigException.class,
                () -> ServerConfig.fromArgs(new String[] {"--prot", "7000"}));
        assertTrue(e.getMessage().contains("--prot"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown directive 'prot'"), e.getMessage());
    }

    @Test
    void fromArgs_malformedValues_failWithRedisWording() {
        assertMessage("port: argument couldn't be parsed into an integer", "--port", "abc");
        assertMessage("port: argument must be between 0 and 65535 inclusive", "--port", "70000");
        assertMessage("proto-max-bulk-len: argument must be a memory value", "--proto-max-bulk-len", "12qb");
        assertMessage("appendonly: argument(s) must be one of the following: no", "--appendonly", "yes");
        assertMessage("'port' takes one argument", "--port", "1", "2");
    }

    @Test
    void fromArgs_unbalancedQuotesInFile_fails() throws IOException {
        Path file = Files.writeString(dir.resolve("q.conf"), "bind \"127.0.0.1\n");
        var e = assertThrows(ServerConfig.ConfigException.class,
                () -> ServerConfig.fromArgs(new String[] {file.toString()}));
        assertTrue(e.getMessage().contains("Unbalanced quotes"), e.getMessage());
    }

    @Test
    void parseMemory_redisUnits_kIsThousandKbIsKibi() {
        assertEquals(1000, Directive.parseMemory("1k"));
        assertEquals(1024, Directive.parseMemory("1KB"));
        assertEquals(5L * 1024 * 1024 * 1024, Directive.parseMemory("5gb"));
        assertEquals(42, Directive.parseMemory("42"));
    }

    @Test
    void matching_globsOverNames_inDirectiveOrder() {
        ServerConfig config = ServerConfig.defaults().with("port", "7777");
        assertEquals(Map.of("port", "7777"), config.matching(List.of("port")));
        assertEquals(List.of("maxclients"), List.copyOf(config.matching(List.of("max*")).keySet()));
        assertEquals(Map.of("save", "", "appendonly", "no"), config.matching(List.of("save", "APPENDONLY")));
    }

    private static void assertMessage(String expected, String... args) {
        var e = assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.fromArgs(args));
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
    }
}
