package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sabaody.kv.nio.Clock;
import dev.sabaody.kv.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The client libraries people use, as they use them, against a server with a password and an ACL
 * user: Jedis (the password given on connect, over RESP2 and RESP3, and AUTH by hand), redis-py
 * (Debian's python3-redis), ioredis (npm) and redis-cli. CI installs them; elsewhere their tests
 * skip when missing.
 */
class ClientLibrariesTest {

    private static final String PASSWORD = "s3cret";
    /** An ACL user of the configuration: keys under app:, every command but the dangerous ones. */
    private static final String APP_PASSWORD = "app-pw";
    /** Debian's Python, where python3-redis installs (as loadtest's scripts use it); PYTHON overrides. */
    private static final String PYTHON = System.getenv().getOrDefault("PYTHON", "/usr/bin/python3");
    private SabaodyServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ServerConfig.defaults().with("port", "0").with("shards", "2")
                .with("requirepass", PASSWORD)
                .with("user", "app", "on", ">" + APP_PASSWORD, "~app:*", "+@all", "-@dangerous"), Clock.system());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void jedis_passwordOnConnect_resp2AndResp3() {
        for (RedisProtocol protocol : new RedisProtocol[] {RedisProtocol.RESP2, RedisProtocol.RESP3}) {
            DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().user("default").password(PASSWORD)
                    .protocol(protocol).build();
            try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", server.port()), config)) {
                assertEquals("OK", jedis.set("lib:" + protocol, "v"));
                assertEquals("v", jedis.get("lib:" + protocol));
            }
        }
    }

    @Test
    void jedis_withoutThePassword_refusedUntilAuth() {
        try (Jedis jedis = new Jedis("127.0.0.1", server.port())) {
            JedisDataException e = assertThrows(JedisDataException.class, () -> jedis.get("k"));
            assertEquals("NOAUTH Authentication required.", e.getMessage());
            assertThrows(JedisDataException.class, () -> jedis.auth("wrong"));
            assertEquals("OK", jedis.auth(PASSWORD));
            assertEquals("PONG", jedis.ping());
        }
    }

    @Test
    void jedis_aclUser_runsWhatItMayAndIsRefusedTheRest() {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().user("app").password(APP_PASSWORD)
                .protocol(RedisProtocol.RESP3).build();
        try (Jedis jedis = new Jedis(new HostAndPort("127.0.0.1", server.port()), config)) {
            assertEquals("app", jedis.aclWhoAmI());
            assertEquals("OK", jedis.set("app:k", "v"));
            JedisDataException key = assertThrows(JedisDataException.class, () -> jedis.get("other:k"));
            assertEquals("NOPERM this user has no permissions to access one of the keys used as arguments",
                    key.getMessage());
            JedisDataException command = assertThrows(JedisDataException.class, jedis::flushAll);
            assertEquals("NOPERM this user has no permissions to run the 'flushall' command", command.getMessage());
        }
    }

    @Test
    void redisCli_aclUser_userAndPassFlags() throws Exception {
        Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(server.port()), "--user", "app",
                "--pass", APP_PASSWORD, "--no-auth-warning", "ACL", "WHOAMI").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("app", out.strip(), out);
    }

    /** The Node.js libraries installed by {@code npm ci} in src/test/node (.ci/run does it). */
    private static final java.nio.file.Path NODE_CLIENTS = java.nio.file.Path.of("src/test/node");

    @Test
    void ioredis_passwordAndAclUser() throws Exception {
        boolean installed = java.nio.file.Files.isDirectory(NODE_CLIENTS.resolve("node_modules/ioredis"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("ioredis is missing (npm ci --prefix final-server/src/test/node); CI=true makes that a failure");
        }
        assumeTrue(installed, "ioredis is not installed (npm ci --prefix final-server/src/test/node)");
        Process p = new ProcessBuilder("node", "ioredis-auth.js", Integer.toString(server.port()), PASSWORD, "app",
                APP_PASSWORD).directory(NODE_CLIENTS.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        // ioredis warns, as against Redis, that the user may not run INFO (@dangerous) for its ready check
        assertTrue(out.strip().endsWith("\nok") && p.exitValue() == 0, out);
    }

    @Test
    void ioredis_subscriberMode_messagesPatternsAndKeyspaceEvents() throws Exception {
        boolean installed = java.nio.file.Files.isDirectory(NODE_CLIENTS.resolve("node_modules/ioredis"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("ioredis is missing (npm ci --prefix final-server/src/test/node); CI=true makes that a failure");
        }
        assumeTrue(installed, "ioredis is not installed (npm ci --prefix final-server/src/test/node)");
        Process p = new ProcessBuilder("node", "ioredis-pubsub.js", Integer.toString(server.port()), PASSWORD)
                .directory(NODE_CLIENTS.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out.strip().endsWith("ok") && p.exitValue() == 0, out);
    }

    @Test
    void redisPy_passwordAndUser_setAndGet() throws Exception {
        String script = String.join("\n",
                "import redis, sys",
                "port = int(sys.argv[1])",
                "r = redis.Redis(port=port, password='" + PASSWORD + "')",
                "r.set('py:k', 'v')",
                "assert r.get('py:k') == b'v'",
                "u = redis.Redis(port=port, username='default', password='" + PASSWORD + "')",
                "assert u.incr('py:n') == 1",
                "a = redis.Redis(port=port, username='app', password='" + APP_PASSWORD + "')",
                "assert a.acl_whoami() == 'app' or a.acl_whoami() == b'app'",
                "a.set('app:py', 'v')",
                "try:",
                "    a.get('py:k')",
                "    sys.exit('no NOPERM')",
                "except redis.exceptions.NoPermissionError:",
                "    pass",
                "try:",
                "    redis.Redis(port=port).get('py:k')",
                "    sys.exit('no NOAUTH')",
                "except redis.exceptions.AuthenticationError:",
                "    pass",
                "print('ok')");
        Process p = new ProcessBuilder(PYTHON, "-c", script, Integer.toString(server.port()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        if (out.contains("No module named 'redis'")) {
            if ("true".equals(System.getenv("CI"))) {
                fail("redis-py is missing (Debian: apt-get install python3-redis); CI=true makes that a failure");
            }
            assumeTrue(false, "redis-py is not installed (Debian: apt-get install python3-redis)");
        }
        assertEquals("ok", out.strip(), out);
    }
}
