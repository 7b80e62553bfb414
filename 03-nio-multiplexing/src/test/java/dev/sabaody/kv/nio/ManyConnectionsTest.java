package dev.sabaody.kv.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sabaody.kv.blocking.Store;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One loop, one thread, thousands of clients at once. The 10,000-client run is in the README's measurement. */
class ManyConnectionsTest {

    private static final int CLIENTS = 2_000;

    @Test
    void oneLoop_twoThousandClients_everyPingAnswered() throws Exception {
        try (NioServer server = NioServer.start(NioServer.Config.onPort(0), new LineProtocolAdapter(new Store()))) {
            List<Client> clients = new ArrayList<>(CLIENTS);
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(new Client(server.port()));
                }
                for (Client c : clients) {
                    c.send("PING\n");
                }
                for (Client c : clients) {
                    assertEquals("PONG\n", c.readLines(1));
                }
                assertEquals(CLIENTS, server.connectionCount());
                assertEquals(1, server.loops().size());
            } finally {
                clients.forEach(Client::close);
            }
        }
    }
}
