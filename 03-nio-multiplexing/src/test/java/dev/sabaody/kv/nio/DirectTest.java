package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Connection#direct()}: a command that holds its loop talks to its client through the socket
 * itself (final-server's Lua debugger): replies pending before it go out first, its writes and
 * blocking reads reach the client in order, and afterwards the connection is the loop's again.
 */
class DirectTest {

    /** Lines: {@code TALK} queues "before", then asks the client over the socket and reports what it heard; others echo. */
    private static final Protocol TALKING = connection -> input -> {
        while (true) {
            int newline = -1;
            for (int i = input.position(); i < input.limit(); i++) {
                if (input.get(i) == '\n') {
                    newline = i;
                    break;
                }
            }
            if (newline < 0) {
                return;
            }
            byte[] line = new byte[newline - input.position()];
            input.get(line);
            input.get();
            String text = new String(line, StandardCharsets.UTF_8);
            if (text.equals("TALK")) {
                connection.output().write("before\n".getBytes(StandardCharsets.UTF_8));
                connection.output().write(("heard:" + talk(connection) + "\n").getBytes(StandardCharsets.UTF_8));
            } else {
                connection.output().write((text + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    };

    private static String talk(Connection connection) {
        try (Connection.Direct io = connection.direct()) {
            io.write(ByteBuffer.wrap("talk?\n".getBytes(StandardCharsets.UTF_8)), 5000);
            ByteBuffer in = ByteBuffer.allocate(64);
            while (in.position() == 0 || in.get(in.position() - 1) != '\n') {
                if (io.read(in, 100) < 0) {
                    return "<gone>";
                }
            }
            return new String(in.array(), 0, in.position() - 1, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<error>";
        }
    }

    private NioServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void talk_pendingFirstThenTheConversation_thenTheLoopServesAgain() throws Exception {
        server = NioServer.start(NioServer.Config.onPort(0).withLoops(1), TALKING);
        try (Client client = new Client(server.port())) {
            client.send("TALK\n");
            assertEquals("before\ntalk?\n", client.readLines(2));
            client.send("hi there\n");
            assertEquals("heard:hi there\n", client.readLines(1));
            client.send("echo\n");
            assertEquals("echo\n", client.readLines(1));
        }
    }
}
