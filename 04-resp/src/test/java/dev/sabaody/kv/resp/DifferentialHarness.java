package dev.sabaody.kv.resp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends the same bytes to real Redis and to our server and demands the same bytes back: the
 * compatibility test of every module from 04 on (published in 04-resp's test-jar).
 *
 * <pre>
 *   DifferentialHarness.assertSameAsRedis(ourPort, List.of(
 *       Case.of("get missing key", "*2\r\n$3\r\nGET\r\n$7\r\nmissing\r\n"),
 *       Case.of("bad multibulk length", "*x\r\n").closes(),
 *       Case.of("hello 3", "HELLO 3\r\n").ignoring(":\\d+(?=\\\\r\\\\n\\$4\\\\r\\\\nmode)")));
 * </pre>
 *
 * Each case gets a fresh connection on each side. The harness reads until the expected number of
 * complete replies has arrived ({@link Case#replies}, default 1), and for a case that {@link
 * Case#closesConnection} also until the server closes the connection. A mismatch fails with both replies
 * escaped, one RESP line per text line, and the index of the first differing byte; every case runs
 * and all mismatches are reported together.
 */
public final class DifferentialHarness {

    private static final int TIMEOUT_MILLIS = 3000;

    private DifferentialHarness() {
    }

    /**
     * One request and what to expect of it.
     *
     * @param replies how many complete replies to wait for
     * @param closesConnection whether the server must close the connection after them
     * @param ignore  regular expressions over the escaped replies whose matches are not compared
     *                (a connection id, a version): each match becomes "…" on both sides
     */
    public record Case(String name, byte[] request, int replies, boolean closesConnection, List<Pattern> ignore) {

        /** {@code request} with the escapes of {@link RespFrames#unescape}: \r \n \\ \xHH. */
        public static Case of(String name, String request) {
            return new Case(name, RespFrames.unescape(request), 1, false, List.of());
        }

        /** A request of RESP arrays, one per command, as a client library would send. */
        public static Case commands(String name, String[]... commands) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String[] command : commands) {
                out.writeBytes(RespFrames.command(command));
            }
            return new Case(name, out.toByteArray(), commands.length, false, List.of());
        }

        public Case replies(int n) {
            return new Case(name, request, n, closesConnection, ignore);
        }

        public Case closes() {
            return new Case(name, request, replies, true, ignore);
        }

        public Case ignoring(String regex) {
            List<Pattern> more = new ArrayList<>(ignore);
            more.add(Pattern.compile(regex));
            return new Case(name, request, replies, closesConnection, List.copyOf(more));
        }
    }

    /** What one server answered to one case. */
    public record Answer(byte[] bytes, boolean closed, boolean timedOut) {
    }

    /** Runs every case against the oracle and {@code ourPort}; fails listing every mismatch. */
    public static void assertSameAsRedis(int ourPort, List<Case> cases) {
        assertSame(RedisOracle.port(), ourPort, cases);
    }

    /**
     * Runs every case against a redis-server of the test's own on {@code redisPort} (one started with
     * the same configuration as ours) and {@code ourPort}; fails listing every mismatch.
     */
    public static void assertSame(int redisPort, int ourPort, List<Case> cases) {
        List<String> mismatches = new ArrayList<>();
        for (Case c : cases) {
            Answer expected = ask(redisPort, c);
            Answer actual = ask(ourPort, c);
            String problem = compare(c, expected, actual);
            if (problem != null) {
                mismatches.add(problem);
            }
        }
        if (!mismatches.isEmpty()) {
            fail(mismatches.size() + " of " + cases.size() + " cases differ from Redis:\n\n"
                    + String.join("\n", mismatches));
        }
    }

    /** Sends the case's bytes on a new connection to {@code port} and reads what the case expects. */
    public static Answer ask(int port, Case c) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            socket.getOutputStream().write(c.request());
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[16384];
            boolean closed = false;
            try {
                while (RespFrames.countReplies(got.toByteArray(), got.size()) < c.replies() || c.closesConnection()) {
                    int n = in.read(buf);
                    if (n < 0) {
                        closed = true;
                        break;
                    }
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                return new Answer(got.toByteArray(), false, true);
            } catch (IOException e) {
                closed = true; // a reset after the reply counts as closed
            }
            return new Answer(got.toByteArray(), closed, false);
        } catch (IOException e) {
            throw new AssertionError("case '" + c.name() + "': cannot talk to port " + port + ": " + e, e);
        }
    }

    static String compare(Case c, Answer redis, Answer ours) {
        String expected = normalize(RespFrames.escape(redis.bytes()), c);
        String actual = normalize(RespFrames.escape(ours.bytes()), c);
        StringBuilder problem = new StringBuilder();
        if (redis.timedOut()) {
            problem.append("  Redis itself gave fewer than ").append(c.replies())
                    .append(" replies (or did not close): fix the case\n");
        }
        if (!expected.equals(actual)) {
            int at = 0;
            while (at < Math.min(expected.length(), actual.length()) && expected.charAt(at) == actual.charAt(at)) {
                at++;
            }
            problem.append("  first difference at escaped character ").append(at).append('\n')
                    .append("  redis: ").append(expected.replace("\\r\\n", "\\r\\n\n         ")).append('\n')
                    .append("  ours:  ").append(actual.replace("\\r\\n", "\\r\\n\n         ")).append('\n');
        }
        if (c.closesConnection() && redis.closed() != ours.closed()) {
            problem.append("  redis ").append(redis.closed() ? "closed" : "kept").append(" the connection; we ")
                    .append(ours.closed() ? "closed" : "kept").append(" it\n");
        }
        if (problem.isEmpty()) {
            return null;
        }
        return "case '" + c.name() + "' (request " + RespFrames.escape(c.request()) + "):\n" + problem;
    }

    private static String normalize(String escaped, Case c) {
        String s = escaped;
        for (Pattern p : c.ignore()) {
            s = p.matcher(s).replaceAll(Matcher.quoteReplacement("…"));
        }
        return s;
    }
}
