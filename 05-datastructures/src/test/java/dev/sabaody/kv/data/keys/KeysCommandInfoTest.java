package dev.sabaody.kv.data.keys;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * COMMAND INFO and COMMAND DOCS of every keys command against Redis 7.0: arity, flags, ACL
 * categories, tips, key specs, the legacy (first, last, step) range and documentation, byte for
 * byte. Cluster clients and final-server route by these, and redis-cli builds its hints from the docs.
 *
 * <p>OBJECT is compared through its subcommands: Redis lists a container's subcommands in the order
 * of a hash table that may still be rehashing on a fresh server, so the container's own reply is not
 * stable from one Redis start to the next.
 */
class KeysCommandInfoTest {

    private static final String ALL = "del unlink exists type touch expire pexpire expireat pexpireat ttl pttl"
            + " expiretime pexpiretime persist rename renamenx copy move keys scan randomkey dbsize swapdb"
            + " flushdb flushall object|encoding object|freq object|idletime object|refcount object|help";

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void check(Case... cases) {
        DataTests.assertSameAsRedis(server.port(), cases);
    }

    @Test
    void commandInfo_everyKeysCommand_matchesRedis() {
        check(Case.of("COMMAND INFO of the keys commands", "COMMAND INFO " + ALL + "\\r\\n"));
    }

    @Test
    void commandDocs_everyKeysCommand_matchesRedis() {
        check(Case.of("COMMAND DOCS of the keys commands", "COMMAND DOCS " + ALL + "\\r\\n"));
    }

    @Test
    void commandGetkeys_twoKeySpecCommands_findBothKeys() {
        check(Case.of("COMMAND GETKEYS of RENAME, RENAMENX, COPY, MOVE",
                "COMMAND GETKEYS RENAME a b\\r\\nCOMMAND GETKEYS RENAMENX a b\\r\\n"
                        + "COMMAND GETKEYS COPY a b DB 1 REPLACE\\r\\nCOMMAND GETKEYS MOVE a 1\\r\\n"
                        + "COMMAND GETKEYS OBJECT ENCODING a\\r\\n").replies(5));
    }
}
