package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ConfigException;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Users from the configuration: a wrong rule, a user declared twice, or users both in the
 * configuration and in an aclfile stop start-up with a message naming the rule; a "user default"
 * line wins over requirepass, as in Redis, where the users are loaded after the directives.
 */
class AclConfigTest {

    @TempDir
    Path dir;

    private static ServerConfig base() {
        return ServerConfig.defaults().with("port", "0");
    }

    @Test
    void start_badRule_refusedNamingRuleAndUser() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TestServers.start(base().with("user", "bob", "on", "badrule"), Clock.system()).close());
        assertTrue(e.getMessage().contains("Error loading ACL rule 'badrule' for the user named 'bob': Syntax error"),
                e.getMessage());
    }

    @Test
    void start_userDeclaredTwice_refused() {
        ConfigException e = assertThrows(ConfigException.class, () -> TestServers.start(
                base().with("user", "bob", "on").with("user", "bob", "off"), Clock.system()).close());
        assertTrue(e.getMessage().contains("Duplicate user found"), e.getMessage());
    }

    @Test
    void start_usersAndAclfile_refused() throws Exception {
        Path acl = Files.writeString(dir.resolve("users.acl"), "user default on nopass ~* &* +@all\n");
        ConfigException e = assertThrows(ConfigException.class, () -> TestServers.start(
                base().with("user", "bob", "on").with("aclfile", acl.toString()), Clock.system()).close());
        assertTrue(e.getMessage().contains("please define either an ACL file or declare users"), e.getMessage());
    }

    @Test
    void start_defaultUserLine_winsOverRequirepass() throws Exception {
        try (SabaodyServer server = TestServers.start(base().with("requirepass", "old")
                .with("user", "default", "on", ">new", "~*", "&*", "+@all"), Clock.system());
             Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            assertThrows(JedisDataException.class, () -> jedis.auth("old"));
            assertEquals("OK", jedis.auth("new"));
            assertEquals("user default on sanitize-payload #" + sha256("new") + " ~* &* +@all",
                    jedis.aclList().getFirst());
        }
    }

    private static String sha256(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
