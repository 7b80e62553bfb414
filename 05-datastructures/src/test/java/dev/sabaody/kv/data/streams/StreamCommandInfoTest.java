package dev.sabaody.kv.data.streams;

import static dev.sabaody.kv.data.DataTests.cmd;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * COMMAND INFO (arity, flags, ACL categories, tips, key specs) and COMMAND DOCS (summaries,
 * history, argument trees) of every stream command and subcommand, and COMMAND GETKEYS through the
 * key specs, as Redis 7.0.15 answers them.
 */
class StreamCommandInfoTest {

    /**
     * The containers XGROUP and XINFO are asked for subcommand by subcommand: Redis lists a
     * container's subcommands in the order of a dict whose hash is seeded per process, so two
     * redis-servers disagree on it.
     */
    static final String[] COMMANDS = {"xadd", "xtrim", "xrange", "xrevrange", "xlen", "xdel", "xread", "xreadgroup",
        "xgroup|create", "xgroup|createconsumer", "xgroup|delconsumer", "xgroup|destroy", "xgroup|setid", "xgroup|help",
        "xack", "xpending", "xclaim", "xautoclaim", "xinfo|stream", "xinfo|groups", "xinfo|consumers", "xinfo|help",
        "xsetid"};

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void commandInfoAndDocs_everyStreamCommand_matchRedis() {
        List<Case> cases = new ArrayList<>();
        for (String name : COMMANDS) {
            cases.add(Case.commands("command info " + name, cmd("COMMAND", "INFO", name)));
            cases.add(Case.commands("command docs " + name, cmd("COMMAND", "DOCS", name)));
        }
        DataTests.assertSameAsRedis(server.port(), cases.toArray(Case[]::new));
    }

    @Test
    void commandGetkeys_streamCommands_matchRedis() {
        DataTests.assertSameAsRedis(server.port(),
                Case.commands("getkeys xread", cmd("COMMAND", "GETKEYS", "XREAD", "COUNT", "1", "STREAMS", "a", "b", "0", "0")),
                Case.commands("getkeys xreadgroup", cmd("COMMAND", "GETKEYS", "XREADGROUP", "GROUP", "g", "c", "STREAMS",
                        "a", "b", ">", ">")),
                Case.commands("getkeys xgroup create", cmd("COMMAND", "GETKEYS", "XGROUP", "CREATE", "k", "g", "$")),
                Case.commands("getkeys xinfo stream", cmd("COMMAND", "GETKEYS", "XINFO", "STREAM", "k", "FULL")),
                Case.commands("getkeys xadd", cmd("COMMAND", "GETKEYS", "XADD", "k", "*", "f", "v")));
    }
}
