package dev.sabaody.kv.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FUNCTION DUMP and RESTORE between final-server and a real redis-server, both ways: a payload Redis
 * wrote (a library big enough for Redis to LZF-compress it) restores here and its functions run; a
 * payload written here restores into Redis; a small library dumps to the same bytes as Redis's.
 */
class FunctionPayloadTest {

    @TempDir
    Path dir;

    private static final String SMALL = "#!lua name=lib1\nredis.register_function('g1', function(keys, args) return 1 end)";

    private static String big() {
        StringBuilder code = new StringBuilder("#!lua name=big\n");
        for (int i = 0; i < 20; i++) {
            code.append("redis.register_function('f").append(i).append("', function(keys, args) return ").append(i)
                    .append(" end)\n");
        }
        return code.toString();
    }

    @Test
    void dumpAndRestore_betweenRedisAndUs_bothWays() throws Exception {
        try (RedisProcess redis = RedisProcess.start(dir, null, "--save", "");
             SabaodyServer ours = TestServers.start(2)) {
            try (Client theirs = new Client(redis.port()); Client us = new Client(ours.port())) {
                theirs.call("FUNCTION", "LOAD", big());
                byte[] redisPayload = theirs.call("FUNCTION", "DUMP");
                assertEquals("OK", text(us.call("FUNCTION".getBytes(), "RESTORE".getBytes(), redisPayload)));
                assertEquals(":7", text(us.call("FCALL", "f7", "0")));

                us.call("FUNCTION", "LOAD", SMALL);
                theirs.call("FUNCTION", "FLUSH");
                us.call("FUNCTION", "DELETE", "big");
                byte[] ourPayload = us.call("FUNCTION", "DUMP");
                assertEquals("OK", text(theirs.call("FUNCTION".getBytes(), "RESTORE".getBytes(), ourPayload)));
                assertEquals(":1", text(theirs.call("FCALL", "g1", "0")));
                assertArrayEquals(theirs.call("FUNCTION", "DUMP"), ourPayload, "a small library dumps as Redis dumps it");
            }
        }
    }

    private static String text(byte[] reply) {
        return new String(reply, StandardCharsets.ISO_8859_1);
    }

    /** Sends one command; a bulk reply comes back as its bytes, anything else as its line ("OK", ":7"). */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        Client(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
        }

        byte[] call(String... args) throws IOException {
            byte[][] bytes = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                bytes[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
            }
            return call(bytes);
        }

        byte[] call(byte[]... args) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] a : args) {
                out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(a);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            socket.getOutputStream().write(out.toByteArray());
            String line = line();
            if (line.startsWith("$")) {
                byte[] body = in.readNBytes(Integer.parseInt(line.substring(1)));
                line();
                return body;
            }
            return (line.startsWith("+") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1);
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != -1 && b != '\n'; ) {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
