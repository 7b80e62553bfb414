package dev.sabaody.kv.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Raw sockets to one in-process server, for tests that watch bytes and which loop serves whom: a
 * test sets {@link #server}, opens {@link #connect}ions, and everything is closed after each test.
 */
abstract class RawSocketsTest {

    SabaodyServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSocketsAndServer() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (server != null) {
            server.close();
        }
    }

    Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        s.setSoTimeout(30_000);
        sockets.add(s);
        return s;
    }

    static void send(Socket s, String... argv) throws IOException {
        s.getOutputStream().write(RawClient.command(argv).getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    static String call(Socket s, String... argv) throws IOException {
        send(s, argv);
        return RespFrames.read(s.getInputStream());
    }

    /** The loop that serves {@code s}. */
    int loopOf(Socket s) throws IOException {
        long id = Long.parseLong(call(s, "CLIENT", "ID").substring(1).trim());
        return server.shards().get(0).state().clients().byId(id).connection().loop().index();
    }
}
