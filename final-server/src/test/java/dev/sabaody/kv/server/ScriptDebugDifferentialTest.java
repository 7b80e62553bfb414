package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sabaody.kv.data.KeyHash;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SCRIPT DEBUG against Redis 7.0: the same debugging sessions, driven over RESP as redis-cli --ldb
 * drives them (SCRIPT DEBUG, EVAL, then one debugger command per reply), must give the same bytes,
 * every log line of every stop, {@code <endsession>}, EVAL's reply and the connection's close. The
 * Redis is a private one: a SYNC session holds the whole server, which would stall tests sharing it.
 */
class ScriptDebugDifferentialTest extends BesideRedis {

    private SabaodyServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- sessions

    private static final String STEPPING = String.join("\n",
            "local a = 1",
            "local t = {1, \"x\\n\\\"q\\\\\", {k = 2}, true}",
            "redis.call('set', KEYS[1], ARGV[1])",
            "for i = 1, 2 do",
            "  a = a + i",
            "end",
            "redis.debug('dbg', a, t, nil, 1.5)",
            "return redis.call('get', KEYS[1])");

    @Test
    void sync_stepPrintListBreakContinue_sameBytes() throws Exception {
        assertSame(1, "sync", STEPPING, List.of("k1"), List.of("v1"),
                "s", "s", "p", "p a", "p t", "p KEYS", "p ARGV", "p nothing", "l", "l 2 1", "l 0", "l 100", "w",
                "b 5", "b", "b 1 2 99 -2 -3 x 0", "b 5", "c", "p", "t", "b -5", "b -5", "b", "s", "s", "s", "s",
                "s", "s");
    }

    @Test
    void sync_evalRedisMaxlenHelpUnknown_sameBytes() throws Exception {
        assertSame(1, "sync", STEPPING, List.of("k1"), List.of("v1"),
                "e 1 + 1", "e a", "e return 7", "e local x = 1", "e (", "e error('boom')", "e 1e300 * 1e10",
                "e 2^53", "e {1, 2, {x = 1}}", "e string.rep('x', 300)", "e string.rep('y', 300)",
                "r set k2 v2", "r get k2", "r hset h a 1 b 2", "r hgetall h", "r nosuchcommand", "r get",
                "r eval return 1 0", "r lpush l a b c d e f g h i j k l m n", "r del h l k2", "r incr k1",
                "m", "m 10", "e string.rep('z', 100)", "m 0", "e string.rep('z', 100)", "h", "x", "r",
                "n", "c");
    }

    @Test
    void sync_nestedFunctionsTraceAndLoopsLines_sameBytes() throws Exception {
        String script = String.join("\n",
                "local function inner(n)",
                "  local doubled = n * 2",
                "  return doubled",
                "end",
                "local function outer(m)",
                "  return inner(m) + 1",
                "end",
                "local r = outer(3)",
                "if r then",
                "  r = r + 1",
                "end",
                "local function noReturn()",
                "  local z = 1",
                "end",
                "noReturn()",
                "return r");
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            steps.add("s");
            steps.add("t");
            steps.add("p");
        }
        steps.add("c");
        assertSame(1, "sync", script, List.of(), List.of(), steps.toArray(String[]::new));
    }

    @Test
    void sync_redisCallsWhileSteppingLogRepliesAndErrors_sameBytes() throws Exception {
        String script = String.join("\n",
                "redis.call('del', 'hh', 'ss', KEYS[1])",
                "redis.call('set', KEYS[1], string.rep('y', 400))",
                "redis.call('get', KEYS[1])",
                "redis.call('hset', 'hh', 'f', 'v')",
                "redis.call('hgetall', 'hh')",
                "redis.call('get', 'nokey')",
                "redis.pcall('incr', KEYS[1])",
                "redis.pcall('nosuchcommand')",
                "redis.setresp(3)",
                "redis.call('hgetall', 'hh')",
                "redis.call('sadd', 'ss', 'm')",
                "redis.call('smembers', 'ss')",
                "redis.call('get', 'nokey')",
                "local n = {1, {2, {3, {4, {5, {6, {7, {8, {9, {10, {11, {12}}}}}}}}}}}}",
                "redis.debug(n)",
                "redis.breakpoint()",
                "local after = 1",
                "redis.call('del', 'hh', 'ss')",
                "return redis.call('incr', KEYS[1])");
        List<String> steps = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            steps.add("s");
        }
        steps.add("c");
        steps.add("s");
        steps.add("s");
        assertSame(1, "sync", script, List.of("k1"), List.of(), steps.toArray(String[]::new));
    }

    @Test
    void sync_abortAndProtocolError_endTheScriptWithRedisErrors() throws Exception {
        assertSame(1, "sync", "local a = 1\nreturn a", List.of(), List.of(), "a");
        assertSame(1, "sync", "local a = 1\nreturn a", List.of(), List.of(), "RAW:hello\r\n");
        assertSame(1, "sync", "local a = 1\nreturn a", List.of(), List.of(), "RAW:*0\r\n");
    }

    /** Redis's "Test scripting debug protocol parsing" and "... lua stack overflow", as sessions. */
    @Test
    void sync_redisTestsProtocolParsingAndManyArguments_sameBytes() throws Exception {
        String hundred = "redis" + " test".repeat(100);
        assertSame(1, "sync", "return 'hello'", List.of(), List.of(),
                "hello\0world", "hello\0", "\0hello", "\0hello\0", "s\0x", hundred, "c");
        assertSame(1, "sync", "return 'hello'", List.of(), List.of(), "RAW:*1\r\n$2000\r\n", "c");
    }

    @Test
    void sync_evalErrorsInsideTheSession_endsessionThenTheError() throws Exception {
        assertSame(1, "sync", "return 1 +", List.of(), List.of());
        assertSame(1, "sync", "local a = 1\n\n", List.of(), List.of(), "s", "s");
        String numkeysTooMany = transcriptOf(sabaodyPort(1), "sync", List.of("EVAL", "return 1", "5"), List.of());
        assertEquals(transcriptOf(redis.port(), "sync", List.of("EVAL", "return 1", "5"), List.of()), numkeysTooMany);
    }

    @Test
    void sync_timeoutStopsARunawayScript() throws Exception {
        int port = sabaodyPort(1);
        for (int p : new int[] {port, redis.port()}) {
            plain(p, "CONFIG", "SET", "busy-reply-threshold", "50");
        }
        try {
            assertSameOnPort(port, "sync", "local i = 0\nwhile true do\n  i = i + 1\nend", List.of(), List.of(), "c", "a");
        } finally {
            for (int p : new int[] {port, redis.port()}) {
                plain(p, "CONFIG", "SET", "busy-reply-threshold", "5000");
            }
        }
    }

    @Test
    void sync_writesStay_yes_writesAreUndone() throws Exception {
        int port = sabaodyPort(1);
        String script = String.join("\n",
                "redis.call('set', KEYS[1], 'new')",
                "redis.call('set', 'created', 'x')",
                "redis.call('del', 'gone')",
                "redis.call('hset', 'hash', 'f2', 'v2')",
                "return redis.call('get', KEYS[1])");
        for (String mode : new String[] {"yes", "sync"}) {
            for (int p : new int[] {port, redis.port()}) {
                plain(p, "FLUSHALL");
                plain(p, "SET", "k1", "orig", "EX", "1000");
                plain(p, "RPUSH", "gone", "a", "b");
                plain(p, "HSET", "hash", "f1", "v1");
            }
            List<String> eval = List.of("EVAL", script, "1", "k1");
            List<String> commands = List.of("s", "s", "r get created", "r exists gone", "r hgetall hash", "c");
            assertEquals(transcriptOf(redis.port(), mode, eval, commands), transcriptOf(port, mode, eval, commands));
            for (String[] probe : new String[][] {{"GET", "k1"}, {"EXISTS", "created"}, {"LRANGE", "gone", "0", "-1"},
                    {"HGETALL", "hash"}, {"TTL", "k1"}}) {
                assertEquals(plain(redis.port(), probe), plain(port, probe), mode + " " + String.join(" ", probe));
            }
        }
    }

    @Test
    void clientGoneMidSession_theScriptRunsToItsEnd() throws Exception {
        int port = sabaodyPort(1);
        for (int p : new int[] {port, redis.port()}) {
            plain(p, "DEL", "left");
            try (Session s = new Session(p)) {
                s.send("SCRIPT", "DEBUG", "SYNC");
                s.frame();
                s.send("EVAL", "redis.call('set', 'left', 'behind')\nreturn 1", "0");
                assertTrue(s.frame().contains("Stopped at 1"));
            }
        }
        // the next command on each server waits for the script's end: it ran on without stopping
        assertEquals(plain(redis.port(), "GET", "left"), plain(port, "GET", "left"));
    }

    /** Fails by hanging without the rule: the loop would wait in the session for a client that says nothing. */
    @Test
    void serverStoppingDuringASession_theSessionLetsGo() throws Exception {
        int port = sabaodyPort(1);
        try (Session s = new Session(port)) {
            s.send("SCRIPT", "DEBUG", "SYNC");
            s.frame();
            s.send("EVAL", "local a = 1\nreturn a", "0");
            assertTrue(s.frame().contains("Stopped at 1"));
            server.close();
            server = null;
            String rest = s.rest();
            assertTrue(rest.isEmpty() || rest.startsWith("*1\r\n+<endsession>\r\n"), rest);
        }
    }

    @Test
    void scriptDebugRefusals_asRedisRefusesThem() throws Exception {
        int port = sabaodyPort(1);
        for (String[][] exchange : new String[][][] {
                {{"SCRIPT", "DEBUG", "maybe"}},
                {{"SCRIPT", "DEBUG"}},
                {{"SCRIPT", "DEBUG", "yes", "x"}},
                {{"MULTI"}, {"SCRIPT", "DEBUG", "YES"}, {"EXEC"}},
                {{"EVAL", "return redis.call('script', 'debug', 'yes')", "0"}},
                {{"EVAL", "return redis.pcall('script', 'debug', 'yes')", "0"}},
                {{"SCRIPT", "DEBUG", "SYNC"}, {"EVALSHA", "abc", "0"}},
                {{"SCRIPT", "DEBUG", "SYNC"}, {"EVALSHA", "a".repeat(40), "0"}},
                {{"SCRIPT", "DEBUG", "YES"}, {"SCRIPT", "DEBUG", "NO"}, {"EVAL", "return 1", "0"}},
                {{"COMMAND", "INFO", "script|debug"}},
                {{"COMMAND", "DOCS", "script|debug"}}}) {
            assertEquals(exchange(redis.port(), exchange), exchange(port, exchange), String.join(" ", exchange[0]));
        }
        // pipelined behind a command whose reply is not sent yet: refused
        String pipelined = RawClient.command("PING") + RawClient.command("SCRIPT", "DEBUG", "YES");
        assertEquals(pipelinedReplies(redis.port(), pipelined), pipelinedReplies(port, pipelined));
    }

    // ---------------------------------------------------------------- two shards

    @Test
    void twoShards_aScriptWithoutKeysIsDebuggedAtHome_sameBytes() throws Exception {
        assertSame(2, "sync", "local a = redis.call('ping')\nlocal b = {a, 2}\nreturn b", List.of(), List.of(),
                "s", "p", "r echo hi", "e 6 * 7", "s", "s");
    }

    /**
     * On a connection, of two keys on different shards exactly one is on the connection's: tried in
     * turn (a refusal leaves the connection for the next try), a debugged script declaring it runs,
     * byte for byte as Redis's.
     */
    @Test
    void twoShards_aKeyOfTheConnectionsShard_debuggedAsInRedis() throws Exception {
        List<String> keys = keysOnBothShards();
        int port = sabaodyPort(2);
        String script = "redis.call('set', KEYS[1], 'v')\nreturn redis.call('get', KEYS[1])";
        List<String> commands = List.of("s", "p KEYS", "r get " + "%s", "c");
        int debugged = 0;
        try (Session s = new Session(port)) {
            s.send("SCRIPT", "DEBUG", "SYNC");
            assertEquals("+OK\r\n", s.frame());
            for (String key : keys) {
                s.send("EVAL", script, "1", key);
                String first = s.frame();
                if (first.startsWith("-")) {
                    assertTrue(first.startsWith("-ERR SCRIPT DEBUG needs the script's keys on the shard"), first);
                    continue;
                }
                debugged++;
                StringBuilder t = new StringBuilder(first);
                for (String c : commands) {
                    s.send(String.format(c, key).split(" "));
                    t.append(s.frame());
                }
                t.append(s.frame()).append(s.rest().isEmpty() ? "[closed]" : "[more]");
                plain(redis.port(), "FLUSHALL");
                List<String> onRedis = new ArrayList<>();
                for (String c : commands) {
                    onRedis.add(String.format(c, key));
                }
                String expected = transcriptOf(redis.port(), "sync", List.of("EVAL", script, "1", key), onRedis);
                for (String c : onRedis) {
                    expected = expected.replace("> " + c + "\n", ""); // transcriptOf's labels
                }
                assertEquals(expected, "+OK\r\n" + t);
                break;
            }
        }
        assertEquals(1, debugged);
    }

    /** A YES session cannot put back what FLUSHALL did: refused, logged while stepping, the data intact. */
    @Test
    void yes_aWriteWithoutKeys_refusedAndTheDataIntact() throws Exception {
        int port = sabaodyPort(1);
        plain(port, "SET", "kept", "1");
        String t = transcriptOf(port, "yes", List.of("EVAL", "return redis.pcall('flushall')", "0"), List.of("s"));
        assertTrue(t.contains("+<redis> flushall\r\n+<error> -ERR This command cannot be undone at the end of a "
                + "SCRIPT DEBUG YES session; use SCRIPT DEBUG SYNC to keep the script's writes\r\n"), t);
        assertEquals("$1\r\n1\r\n", plain(port, "GET", "kept"));
    }

    private static List<String> keysOnBothShards() {
        List<String> keys = new ArrayList<>();
        int first = -1;
        for (int i = 0; keys.size() < 2; i++) {
            String key = "dk" + i;
            int shard = KeyHash.shardOf(key.getBytes(StandardCharsets.UTF_8), 2);
            if (keys.isEmpty() || shard != first) {
                first = keys.isEmpty() ? shard : first;
                keys.add(key);
            }
        }
        return keys;
    }

    @Test
    void twoShards_keysOnBothShards_refusedWithAClearError() throws Exception {
        server = TestServers.start(2);
        List<String> keys = keysOnBothShards();
        String transcript = transcriptOf(server.port(), "sync", List.of("EVAL", "return 1", "2", keys.get(0), keys.get(1)),
                List.of());
        assertEquals("+OK\r\n-ERR SCRIPT DEBUG needs the script's keys on the shard of the debugging connection, "
                + "and these live on another shard; debug on a server with one shard (--shards 1), or a script without keys\r\n",
                transcript);
    }

    // ---------------------------------------------------------------- helpers

    private int sabaodyPort(int shards) throws IOException {
        if (server == null) {
            server = TestServers.start(shards);
        }
        return server.port();
    }

    private void assertSame(int shards, String mode, String script, List<String> keys, List<String> args,
                            String... commands) throws Exception {
        assertSameOnPort(sabaodyPort(shards), mode, script, keys, args, commands);
    }

    private static void assertSameOnPort(int port, String mode, String script, List<String> keys, List<String> args,
                                   String... commands) throws Exception {
        List<String> eval = new ArrayList<>(List.of("EVAL", script, Integer.toString(keys.size())));
        eval.addAll(keys);
        eval.addAll(args);
        plain(redis.port(), "FLUSHALL");
        plain(port, "FLUSHALL");
        String expected = transcriptOf(redis.port(), mode, eval, List.of(commands));
        String actual = transcriptOf(port, mode, eval, List.of(commands));
        // a function shows as its address in Redis ("function@0x7ff1361acad0"): any address will do
        assertEquals(expected.replaceAll("function@0x[0-9a-f]+", "function@0x..."),
                actual.replaceAll("function@0x[0-9a-f]+", "function@0x..."));
    }

    /**
     * SCRIPT DEBUG mode, the EVAL, then each debugger command (words split on spaces, or raw bytes
     * after "RAW:"), one reply frame each; once {@code <endsession>} comes, EVAL's reply and the close.
     */
    private static String transcriptOf(int port, String mode, List<String> eval, List<String> commands) throws Exception {
        StringBuilder t = new StringBuilder();
        try (Session s = new Session(port)) {
            s.send("SCRIPT", "DEBUG", mode);
            t.append(s.frame());
            s.send(eval.toArray(String[]::new));
            String frame = s.frame();
            t.append(frame);
            int i = 0;
            while (frame.startsWith("*") && !frame.endsWith("+<endsession>\r\n") && i < commands.size()) {
                String c = commands.get(i++);
                if (c.startsWith("RAW:")) {
                    s.sendRaw(c.substring(4));
                } else {
                    s.send(c.split(" "));
                }
                frame = s.frame();
                t.append("> ").append(c).append('\n').append(frame);
            }
            if (frame.endsWith("+<endsession>\r\n")) {
                t.append(s.frame()); // EVAL's own reply
                t.append(s.rest().isEmpty() ? "[closed]" : "[more after the reply]");
            }
        }
        return t.toString();
    }

    private static String exchange(int port, String[][] commands) throws IOException {
        StringBuilder t = new StringBuilder();
        try (Session s = new Session(port)) {
            for (String[] c : commands) {
                s.send(c);
                t.append(s.frame());
            }
        }
        return t.toString();
    }

    private static String pipelinedReplies(int port, String bytes) throws IOException {
        try (Session s = new Session(port)) {
            s.sendRaw(bytes);
            return s.frame() + s.frame();
        }
    }

    private static String plain(int port, String... command) throws IOException {
        try (Session s = new Session(port)) {
            s.send(command);
            return s.frame();
        }
    }

    /** A connection reading whole RESP frames. */
    private static final class Session implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        Session(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(20_000);
            in = socket.getInputStream();
        }

        void send(String... args) throws IOException {
            sendRaw(RawClient.command(args));
        }

        void sendRaw(String bytes) throws IOException {
            socket.getOutputStream().write(bytes.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        }

        String frame() throws IOException {
            return RespFrames.read(in);
        }

        String rest() throws IOException {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
