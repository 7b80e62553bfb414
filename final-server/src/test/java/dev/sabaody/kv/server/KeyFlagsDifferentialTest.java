package dev.sabaody.kv.server;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import dev.sabaody.kv.server.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keys whose flags depend on the arguments, against redis-server 7.0, with one and two shards: where
 * a key spec is flagged variable_flags or incomplete (SET's GET, BITFIELD's operations, SORT's
 * STORE), Redis asks the command's getkeys procedure, and so does Sabaody-KV. COMMAND
 * GETKEYSANDFLAGS shows the flags; ACL read and write key patterns ({@code %R~}, {@code %W~}) act on
 * them: {@code SET k v} only overwrites, so a write-only user may run it.
 */
@ParameterizedClass(name = "{0} shard(s)")
@ValueSource(ints = {1, 2})
class KeyFlagsDifferentialTest extends BesideRedis {

    @Parameter
    int shards;

    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", Integer.toString(shards)),
                Clock.system());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void commandGetkeysandflags_flagsOfThisCommandLine_asRedis() {
        List<Case> cases = new ArrayList<>();
        for (String line : new String[] {
            "SET k v", "SET k v GET", "SET k v ex 10 get", "SET k v getx", "SET k v NX",
            "BITFIELD k", "BITFIELD k GET u8 0", "BITFIELD k OVERFLOW WRAP GET u8 0", "BITFIELD k SET u8 0 1",
            "BITFIELD k INCRBY u8 0 1", "BITFIELD k GET u8", "BITFIELD k nosuch", "BITFIELD_RO k GET u8 0",
            "SORT k", "SORT k STORE d", "SORT k GET store STORE d", "SORT k STORE", "SORT k LIMIT 0 1 STORE d STORE e",
            "SORT k STORE limit 1 2", "SORT k BY store", "SORT_RO k BY x",
            "GET k", "LMOVE a b LEFT RIGHT", "ZUNIONSTORE d 2 a b", "GEORADIUS k 1 1 1 km STORE d",
            "EVAL x 1 k", "XREAD STREAMS a b 1 2",
        }) {
            List<String> command = new ArrayList<>(List.of("COMMAND", "GETKEYSANDFLAGS"));
            command.addAll(List.of(line.split(" ")));
            List<String> keys = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
            keys.addAll(List.of(line.split(" ")));
            cases.add(Case.commands(line, command.toArray(String[]::new), keys.toArray(String[]::new)));
        }
        DifferentialHarness.assertSame(redis.port(), server.port(), cases);
    }

    @Test
    void aclReadAndWriteKeyPatterns_followTheFlagsOfThisCommandLine_asRedis() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.commands("users",
                new String[] {"ACL", "SETUSER", "writer", "on", "nopass", "%W~*", "+set", "+bitfield", "+sort"},
                new String[] {"ACL", "SETUSER", "reader", "on", "nopass", "%R~*", "+set", "+bitfield", "+sort"}));
        for (String user : new String[] {"writer", "reader"}) {
            for (String line : new String[] {"SET k v", "SET k v GET", "BITFIELD k GET u8 0", "BITFIELD k SET u8 0 1",
                    "SORT k", "SORT k STORE d"}) {
                cases.add(Case.commands(user + ": " + line, new String[] {"AUTH", user, "x"}, line.split(" ")));
            }
        }
        DifferentialHarness.assertSame(redis.port(), server.port(), cases);
    }
}
