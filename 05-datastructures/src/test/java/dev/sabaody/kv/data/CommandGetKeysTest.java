package dev.sabaody.kv.data;

import static dev.sabaody.kv.data.DataTests.cmd;

import dev.sabaody.kv.resp.DifferentialHarness.Case;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * COMMAND GETKEYS (and GETKEYSANDFLAGS, with each key spec's flags) finds keys through the key specs (numkeys, keywords, ranges), as Redis's
 * getKeysUsingKeySpecs does, and refuses a numkeys that points past the arguments: the same rule
 * final-server routes by.
 */
class CommandGetKeysTest {

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
    void getkeys_everyKindOfKeySpec_asRedis() {
        List<String[]> requests = List.of(
                cmd("ZUNIONSTORE", "dst", "2", "a", "b"), cmd("ZUNIONSTORE", "dst", "5", "a", "b"),
                cmd("ZUNIONSTORE", "dst", "0", "a"), cmd("ZINTER", "2", "a", "b", "WEIGHTS", "1", "2"),
                cmd("GEORADIUS", "k", "1", "2", "3", "km", "STORE", "d"), cmd("GEORADIUS", "k", "1", "2", "3", "km"),
                cmd("GEOSEARCHSTORE", "d", "s", "FROMMEMBER", "m", "BYRADIUS", "1", "km"),
                cmd("MSET", "a", "1", "b", "2"), cmd("LMPOP", "2", "a", "b", "LEFT"), cmd("LMPOP", "3", "a", "b", "LEFT"),
                cmd("BLMPOP", "0", "2", "a", "b", "LEFT"), cmd("SINTERCARD", "0", "a"), cmd("SINTERCARD", "1", "a"),
                cmd("SET", "a", "b"), cmd("DEL", "a", "b", "c"), cmd("OBJECT", "ENCODING", "k"), cmd("PFMERGE", "d", "a", "b"),
                cmd("SMOVE", "a", "b", "m"), cmd("BITOP", "AND", "d", "a", "b"), cmd("PING"));
        List<Case> cases = new ArrayList<>();
        for (String subcommand : new String[] {"GETKEYS", "GETKEYSANDFLAGS"}) {
            for (String[] request : requests) {
                if (subcommand.equals("GETKEYSANDFLAGS") && request[0].equals("SET")) {
                    continue; // SET's flags are variable_flags: Redis's setGetKeys picks them by GET, not done here
                }
                String[] getkeys = new String[request.length + 2];
                getkeys[0] = "COMMAND";
                getkeys[1] = subcommand;
                System.arraycopy(request, 0, getkeys, 2, request.length);
                cases.add(Case.commands(subcommand + " " + String.join(" ", request), getkeys));
            }
        }
        cases.add(Case.commands("getkeysandflags errors", cmd("COMMAND", "GETKEYSANDFLAGS", "NOSUCH", "x"),
                cmd("COMMAND", "GETKEYSANDFLAGS", "GET"), cmd("COMMAND", "GETKEYSANDFLAGS", "LMOVE", "a", "b", "LEFT", "RIGHT"),
                cmd("COMMAND", "HELP")));
        DataTests.assertSameAsRedis(server.port(), cases.toArray(Case[]::new));
    }
}
