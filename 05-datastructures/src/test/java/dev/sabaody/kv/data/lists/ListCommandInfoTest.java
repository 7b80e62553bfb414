package dev.sabaody.kv.data.lists;

import static dev.sabaody.kv.data.DataTests.cmd;
import static dev.sabaody.kv.data.DataTests.fresh;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** COMMAND INFO and COMMAND DOCS of every list command, byte for byte as Redis 7.0.15 answers them. */
class ListCommandInfoTest {

    /** Commands with one key spec (or a keynum spec): their legacy (first, last, step) is direct. */
    static final String[] ONE_KEY_SPEC = {"lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "llen", "lrange",
        "lindex", "lset", "linsert", "lrem", "ltrim", "lpos", "lmpop", "blpop", "brpop", "blmpop"};
    /** Commands with two consecutive range specs (source, destination). */
    static final String[] TWO_KEY_SPECS = {"lmove", "rpoplpush", "blmove", "brpoplpush"};

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void sameInfoAndDocs(String[] names) {
        List<Case> cases = new ArrayList<>();
        for (String name : names) {
            cases.add(fresh("command info " + name, cmd("COMMAND", "INFO", name)));
            cases.add(fresh("command docs " + name, cmd("COMMAND", "DOCS", name)));
        }
        DataTests.assertSameAsRedis(server.port(), cases.toArray(Case[]::new));
    }

    @Test
    void commandInfoAndDocs_oneKeySpec_matchRedis() {
        sameInfoAndDocs(ONE_KEY_SPEC);
    }

    /**
     * Redis derives (first, last, step) = (1, 2, 1) from LMOVE's two consecutive specs
     * (populateCommandLegacyRangeSpec, server.c) and does not flag it movablekeys.
     */
    @Test
    void commandInfoAndDocs_twoConsecutiveKeySpecs_matchRedis() {
        sameInfoAndDocs(TWO_KEY_SPECS);
    }
}
