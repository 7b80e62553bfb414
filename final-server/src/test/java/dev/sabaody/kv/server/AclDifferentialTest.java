package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.DifferentialHarness.Case;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ACL against a real redis-server, byte for byte, with 1 and 2 shards: users made and changed by
 * ACL SETUSER and shown by GETUSER and LIST (command rules described as Redis 7.0 describes them),
 * every rule error, what a user may and may not run (commands, subcommands, first arguments, key
 * patterns with read and write permissions, selectors), -NOPERM inside MULTI, ACL LOG's entries,
 * DRYRUN, and ACL LOAD and SAVE over an aclfile.
 *
 * <p>Redis lists single-command rules in the order of its command dictionary, which changes from
 * one process to the next; the users here have at most one such rule each, or categories only.
 */
class AclDifferentialTest {

    @TempDir
    Path dir;

    private static String[] cmd(String... args) {
        return args;
    }

    private static void assertSameReplies(int redisPort, int ourPort, List<Case> cases) {
        List<String> mismatches = new ArrayList<>();
        for (Case c : cases) {
            String expected = text(DifferentialHarness.ask(redisPort, c));
            String actual = text(DifferentialHarness.ask(ourPort, c));
            if (!expected.equals(actual)) {
                mismatches.add(c.name() + "\n  Redis: " + expected + "\n  ours:  " + actual);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    /** ACL LOG's age and client line, and an aclfile's path, differ by nature: replaced before comparing. */
    private static String text(DifferentialHarness.Answer answer) {
        String s = new String(answer.bytes(), StandardCharsets.ISO_8859_1)
                .replaceAll("\\$2\r\nid\r\n:\\d+\r\n", "\\$2\r\nid\r\n:…\r\n")
                .replaceAll("age-seconds\r\n\\$\\d+\r\n[0-9.e+-]+\r\n", "age-seconds\r\n…\r\n")
                .replaceAll("client-info\r\n\\$\\d+\r\nid=[^\r]*\r\n", "client-info\r\n…\r\n")
                .replaceAll("/[^: ]*/(redis|ours)/(users\\.acl)", "…/$2");
        return (s + (answer.closed() ? " <closed>" : "")).replace("\r\n", "\\r\\n");
    }

    private static List<Case> usersAndRules() {
        return List.of(
                Case.commands("the default user", cmd("ACL", "LIST"), cmd("ACL", "USERS"), cmd("ACL", "WHOAMI")),
                Case.commands("a new user is off with nothing", cmd("ACL", "SETUSER", "newbie"),
                        cmd("ACL", "GETUSER", "newbie"), cmd("ACL", "LIST")),
                Case.commands("passwords, keys, channels, categories, one command",
                        cmd("ACL", "SETUSER", "alice", "on", ">pw", "~k*", "%R~r*", "%W~w*", "&ch*", "+@read",
                                "-get"),
                        cmd("ACL", "GETUSER", "alice"), cmd("ACL", "LIST")),
                Case.commands("a first argument and a subcommand",
                        cmd("ACL", "SETUSER", "bob", "on", "nopass", "+select|0", "+select|1"),
                        cmd("ACL", "GETUSER", "bob"),
                        cmd("ACL", "SETUSER", "carol", "on", "nopass", "+config|get"), cmd("ACL", "GETUSER", "carol")),
                Case.commands("categories taken away from +@all",
                        cmd("ACL", "SETUSER", "dave", "+@all", "-@dangerous"), cmd("ACL", "GETUSER", "dave"),
                        cmd("ACL", "SETUSER", "erin", "-@all", "+@write", "+@read"), cmd("ACL", "GETUSER", "erin"),
                        cmd("ACL", "SETUSER", "frank", "allcommands", "nocommands", "+@hash"),
                        cmd("ACL", "GETUSER", "frank")),
                Case.commands("selectors", cmd("ACL", "SETUSER", "sel", "on", "nopass", "(+get ~x*)", "(", "+set",
                                "~y*", ")"),
                        cmd("ACL", "GETUSER", "sel"), cmd("ACL", "SETUSER", "sel", "clearselectors"),
                        cmd("ACL", "GETUSER", "sel")),
                Case.commands("reset, and the same pattern twice",
                        cmd("ACL", "SETUSER", "gina", "on", ">a", ">b", "~a", "%R~a", "<a", "reset"),
                        cmd("ACL", "GETUSER", "gina"),
                        cmd("ACL", "SETUSER", "hank", "%R~p", "%W~p", "#" + "a".repeat(64), "!" + "a".repeat(64)),
                        cmd("ACL", "GETUSER", "hank")),
                Case.commands("rule errors change nothing",
                        cmd("ACL", "SETUSER", "alice", "off", "nosuch"), cmd("ACL", "SETUSER", "alice", "+nosuch"),
                        cmd("ACL", "SETUSER", "alice", "+@nosuch"), cmd("ACL", "SETUSER", "alice", "%X~a"),
                        cmd("ACL", "SETUSER", "alice", "#abc"), cmd("ACL", "SETUSER", "alice", "<notthere"),
                        cmd("ACL", "SETUSER", "alice", "+config|get|x"), cmd("ACL", "SETUSER", "alice", "+get|"),
                        cmd("ACL", "SETUSER", "alice", "allkeys", "~more"),
                        cmd("ACL", "SETUSER", "alice", "allchannels", "&more"),
                        cmd("ACL", "SETUSER", "alice", "(+get ~a"), cmd("ACL", "SETUSER", "alice", "(nosuch)"),
                        cmd("ACL", "SETUSER", "a b"), cmd("ACL", "GETUSER", "alice")),
                Case.commands("other subcommands", cmd("ACL", "GETUSER", "nobody"), cmd("ACL", "DELUSER", "default"),
                        cmd("ACL", "DELUSER", "newbie", "nobody"), cmd("ACL", "USERS"), cmd("ACL", "CAT"),
                        cmd("ACL", "CAT", "nosuch"), cmd("ACL", "CAT", "a", "b"), cmd("ACL", "GENPASS", "0"),
                        cmd("ACL", "GENPASS", "x"), cmd("ACL", "GENPASS", "4097"), cmd("ACL", "GENPASS", "1", "2"),
                        cmd("ACL", "LOG", "x"), cmd("ACL", "LOG", "1", "2"), cmd("ACL", "SAVE"), cmd("ACL", "LOAD"),
                        cmd("ACL", "NOSUCH"), cmd("ACL", "HELP")),
                Case.commands("DRYRUN", cmd("ACL", "DRYRUN", "nobody", "get", "a"),
                        cmd("ACL", "DRYRUN", "alice", "nosuch"), cmd("ACL", "DRYRUN", "alice", "get"),
                        cmd("ACL", "DRYRUN", "alice", "config"), cmd("ACL", "DRYRUN", "alice", "get", "k1"),
                        cmd("ACL", "DRYRUN", "alice", "hget", "zzz", "f"), cmd("ACL", "DRYRUN", "alice", "strlen", "r1"),
                        cmd("ACL", "DRYRUN", "alice", "set", "k1", "v"), cmd("ACL", "DRYRUN", "carol", "config", "get",
                                "x"), cmd("ACL", "DRYRUN", "carol", "config", "set", "x", "y")),
                Case.commands("what alice may run", cmd("AUTH", "alice", "pw"), cmd("ACL", "WHOAMI"),
                        cmd("STRLEN", "k1"), cmd("STRLEN", "r1"), cmd("STRLEN", "w1"), cmd("STRLEN", "other"),
                        cmd("GET", "k1"), cmd("SET", "k1", "v"), cmd("MGET", "k1", "r1", "zz"), cmd("PING"),
                        cmd("HELLO"), cmd("MULTI"), cmd("STRLEN", "zz"), cmd("EXEC")),
                Case.commands("what bob and sel may run", cmd("AUTH", "bob", "x"), cmd("SELECT", "0"),
                        cmd("SELECT", "2"), cmd("PING"), cmd("AUTH", "sel", "x"), cmd("GET", "x1"), cmd("GET", "y1"),
                        cmd("ACL", "SETUSER", "sel", "(+get ~x*)"), cmd("AUTH", "sel", "x"), cmd("GET", "x1"),
                        cmd("GET", "y1"), cmd("SET", "x1", "v")),
                Case.commands("wrong passwords and disabled users", cmd("AUTH", "alice", "nope"),
                        cmd("AUTH", "dave", "x"), cmd("AUTH", "nobody", "x")),
                Case.commands("the log", cmd("ACL", "LOG", "3"), cmd("ACL", "LOG", "RESET"), cmd("ACL", "LOG")),
                Case.commands("a deleted user's connection closes", cmd("AUTH", "carol", "x"),
                        cmd("CONFIG", "GET", "maxclients"), cmd("ACL", "DELUSER", "carol"), cmd("PING")).closes());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aclCommands_usersRulesAndChecks_asRedis(int shards) throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "");
             SabaodyServer ours = TestServers.start(ServerConfig.defaults().with("port", "0")
                     .with("shards", String.valueOf(shards)), Clock.system())) {
            assertSameReplies(redis.port(), ours.port(), usersAndRules());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aclFile_loadAndSave_asRedis(int shards) throws Exception {
        Path redisDir = Files.createDirectories(dir.resolve("redis"));
        Path ourDir = Files.createDirectories(dir.resolve("ours"));
        String users = "user default on nopass ~* &* +@all\n\nuser alice on #" + "b".repeat(64)
                + " ~a* resetchannels -@all +@string\n";
        Files.writeString(redisDir.resolve("users.acl"), users);
        Files.writeString(ourDir.resolve("users.acl"), users);
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "", "--aclfile",
                redisDir.resolve("users.acl").toString());
             SabaodyServer ours = TestServers.start(ServerConfig.defaults().with("port", "0")
                     .with("shards", String.valueOf(shards)).with("aclfile", ourDir.resolve("users.acl").toString()),
                     Clock.system())) {
            assertSameReplies(redis.port(), ours.port(), List.of(
                    Case.commands("loaded at start", cmd("ACL", "LIST")),
                    Case.commands("saved", cmd("ACL", "SETUSER", "bob", "on", ">x", "~b", "+@hash"),
                            cmd("ACL", "SAVE"), cmd("ACL", "DELUSER", "alice"), cmd("ACL", "LOAD"),
                            cmd("ACL", "LIST"))));
            assertEquals(Files.readString(redisDir.resolve("users.acl")), Files.readString(ourDir.resolve("users.acl")),
                    "what ACL SAVE wrote");
            String bad = "user default on nopass ~* &* +@all\nuser bob on +nosuch\nuser bob off\nbogus line\n";
            Files.writeString(redisDir.resolve("users.acl"), bad);
            Files.writeString(ourDir.resolve("users.acl"), bad);
            assertSameReplies(redis.port(), ours.port(), List.of(
                    Case.commands("a bad file changes nothing", cmd("ACL", "LOAD"), cmd("ACL", "LIST"))));
        }
    }
}
