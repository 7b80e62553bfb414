package dev.sabaody.kv.server;

import static dev.sabaody.kv.resp.DifferentialHarness.Case;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * requirepass, AUTH, HELLO AUTH and -NOAUTH against a real redis-server started with the same
 * password, byte for byte (connection ids aside): what a client may do before it authenticates,
 * every error text, the parser's tighter limits for strangers, and a password changed by CONFIG SET.
 */
class AuthDifferentialTest {

    @TempDir
    Path dir;

    private static String[] cmd(String... args) {
        return args;
    }

    /** Each case on a connection of its own, against both servers; HELLO's id is the one field that differs. */
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

    private static String text(DifferentialHarness.Answer answer) {
        String s = new String(answer.bytes(), StandardCharsets.ISO_8859_1)
                .replaceAll("\\$2\r\nid\r\n:\\d+\r\n", "\\$2\r\nid\r\n:…\r\n");
        return (s + (answer.closed() ? " <closed>" : "")).replace("\r\n", "\\r\\n");
    }

    private static List<Case> beforeAndAfterAuth(String password) {
        return List.of(
                Case.commands("a command before AUTH", cmd("PING")),
                Case.commands("MULTI and GET before AUTH", cmd("MULTI"), cmd("GET", "k")),
                Case.commands("unknown command and wrong arity come first", cmd("NOSUCH", "x"), cmd("GET")),
                Case.commands("a wrong password", cmd("AUTH", "wrong"), cmd("PING")),
                Case.commands("the password", cmd("AUTH", password), cmd("PING"), cmd("CLIENT", "GETNAME")),
                Case.commands("the default user's password", cmd("AUTH", "default", password), cmd("GET", "k")),
                Case.commands("another user", cmd("AUTH", "nobody", password)),
                Case.commands("too many arguments", cmd("AUTH", "a", "b", "c")),
                Case.commands("HELLO before AUTH", cmd("HELLO", "3"), cmd("HELLO")),
                Case.commands("HELLO with a wrong password", cmd("HELLO", "2", "AUTH", "default", "wrong")),
                Case.commands("HELLO AUTH then SETNAME", cmd("HELLO", "2", "AUTH", "default", password, "SETNAME", "me"),
                        cmd("CLIENT", "GETNAME")),
                Case.commands("HELLO with a bad name and a wrong password: the password first",
                        cmd("HELLO", "2", "AUTH", "default", "wrong", "SETNAME", "a b")),
                Case.commands("QUIT before AUTH", cmd("QUIT")).closes(),
                Case.of("a stranger's array of 11", "*11\\r\\n").closes(),
                Case.of("a stranger's bulk of 16385 bytes", "*1\\r\\n$16385\\r\\n").closes());
    }

    @Test
    void requirepass_beforeAndAfterAuth_asRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "");
             SabaodyServer ours = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2")
                     .with("requirepass", "s3cret"), Clock.system())) {
            // Redis is given its password once it answers PING (its start-up check cannot authenticate).
            DifferentialHarness.ask(redis.port(), Case.commands("set it", cmd("CONFIG", "SET", "requirepass", "s3cret")));
            assertSameReplies(redis.port(), ours.port(), beforeAndAfterAuth("s3cret"));
        }
    }

    @Test
    void noPassword_authAndHello_asRedis() {
        try (SabaodyServer ours = TestServers.start(2)) {
            DifferentialHarness.assertSameAsRedis(ours.port(), List.of(
                    Case.commands("AUTH with only a password, none configured", cmd("AUTH", "x")),
                    Case.commands("AUTH as default, any password", cmd("AUTH", "default", "x"), cmd("PING")),
                    Case.commands("AUTH as another user", cmd("AUTH", "other", "x"))));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void configSetRequirepass_newConnectionsMustAuthenticate_asRedis() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "");
             SabaodyServer ours = TestServers.start(2)) {
            List<Case> set = List.of(Case.commands("set a password", cmd("CONFIG", "SET", "requirepass", "n3w"),
                    cmd("CONFIG", "GET", "requirepass"), cmd("PING")));
            assertSameReplies(redis.port(), ours.port(), set);
            assertSameReplies(redis.port(), ours.port(), beforeAndAfterAuth("n3w"));
            assertSameReplies(redis.port(), ours.port(), List.of(Case.commands("back to none",
                    cmd("AUTH", "n3w"), cmd("CONFIG", "SET", "requirepass", ""), cmd("AUTH", "x"))));
            assertSameReplies(redis.port(), ours.port(), List.of(Case.commands("in again without one", cmd("PING"))));
        }
    }
}
