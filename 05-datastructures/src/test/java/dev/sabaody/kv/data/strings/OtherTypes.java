package dev.sabaody.kv.data.strings;

import static org.junit.jupiter.api.Assertions.fail;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.RedisValue;
import dev.sabaody.kv.resp.DifferentialHarness;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import dev.sabaody.kv.resp.RedisOracle;
import dev.sabaody.kv.resp.RespFrames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Differential cases on a key that holds another type (WRONGTYPE, and overwrites by SET, BITOP,
 * MSET), without depending on the commands of another family.
 *
 * <p>On the Redis side the key is made a hash with HSET; on ours a stand-in value of type "hash" is
 * put straight into the keyspace, on the server's loop thread. The replies to the case's commands
 * are then compared byte for byte, the setup replies left out.
 */
public final class OtherTypes {

    /** A value that is not a string: all a string command may look at is that. */
    private static final class Stub extends RedisValue {
        @Override
        public String typeName() {
            return "hash";
        }

        @Override
        public String encoding() {
            return "listpack";
        }

        @Override
        public RedisValue copy() {
            return this;
        }

        @Override
        public long bytes() {
            return 16;
        }
    }

    /** One case: commands run while {@code key} holds a hash. */
    public record WrongTypeCase(String name, String key, String[][] commands) {
    }

    public static WrongTypeCase onHash(String name, String key, String[]... commands) {
        return new WrongTypeCase(name, key, commands);
    }

    private OtherTypes() {
    }

    /** Makes {@code key} of database 0 hold a non-string value; waits until done. */
    public static void put(DataServer server, String key) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        server.loop().execute(() -> {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            server.keyspace().db(0).delete(k);
            server.keyspace().db(0).add(k, new Stub());
            done.complete(null);
        });
        done.join();
    }

    public static void assertSameAsRedis(DataServer server, WrongTypeCase... cases) {
        int redis = RedisOracle.port();
        List<String> problems = new ArrayList<>();
        for (WrongTypeCase c : cases) {
            List<String[]> withSetup = new ArrayList<>();
            withSetup.add(new String[] {"FLUSHALL"});
            withSetup.add(new String[] {"HSET", c.key(), "field", "value"});
            withSetup.addAll(Arrays.asList(c.commands()));
            byte[] expected = DifferentialHarness.ask(redis, Case.commands(c.name(), withSetup.toArray(String[][]::new))).bytes();
            expected = Arrays.copyOfRange(expected, endOfReplies(expected, 2), expected.length);

            DifferentialHarness.ask(server.port(), Case.commands("flush", new String[] {"FLUSHALL"}));
            put(server, c.key());
            byte[] actual = DifferentialHarness.ask(server.port(), Case.commands(c.name(), c.commands())).bytes();
            String e = RespFrames.escape(expected);
            String a = RespFrames.escape(actual);
            if (!e.equals(a)) {
                problems.add("case '" + c.name() + "':\n  redis: " + e + "\n  ours:  " + a);
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " of " + cases.length + " cases differ from Redis:\n" + String.join("\n", problems));
        }
    }

    /** The offset just past the first {@code n} replies of {@code bytes}. */
    private static int endOfReplies(byte[] bytes, int n) {
        for (int length = 0; length <= bytes.length; length++) {
            if (RespFrames.countReplies(bytes, length) >= n) {
                return length;
            }
        }
        throw new AssertionError("fewer than " + n + " replies in " + RespFrames.escape(bytes));
    }
}
